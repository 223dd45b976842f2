import { dbConfig } from '../../src/db/config';
import { localStatus, startLocal, stopLocal } from '../../src/db/local-server';
import { emptyDatabase } from '../../src/db/neo4j';
import { InputError } from '../../src/errors';
import { Command, parse } from '../command';
import { withDatabase } from '../database';

const usage = `Usage: attack-kg db start|stop|status|reset [--yes]

  start    start the project's local Neo4j (idempotent; waits until Bolt answers)
  stop     stop it cleanly
  status   say whether it runs, and where its data and logs are
  reset    empty the configured database (NEO4J_URI or the local one); constraints and indexes are kept.
           Needs --yes.

With NEO4J_URI set, start/stop do nothing: that server is not ours to manage.`;

export const dbCommand: Command = {
  name: 'db',
  summary: 'start, stop, inspect or empty the database',
  usage,
  async run(argv) {
    const { positionals, values } = parse(argv, { yes: { type: 'boolean' } }, usage);
    const action = positionals[0];
    const config = dbConfig();
    switch (action) {
      case 'start': {
        if (!config.local) return void console.log(`NEO4J_URI is set (${config.uri}); not starting a local server.`);
        const status = await startLocal();
        await withDatabase(async () => {}); // only the schema: constraints and indexes before the first import
        console.log(
          `Neo4j is up on bolt://127.0.0.1:${status.port} (pid ${status.pid}); data in ${status.home}/data, logs in ${status.logs}`,
        );
        return;
      }
      case 'stop':
        if (!config.local) return void console.log(`NEO4J_URI is set (${config.uri}); nothing local to stop.`);
        console.log((await stopLocal()) ? 'Neo4j stopped.' : 'Neo4j was not running.');
        return;
      case 'status': {
        if (!config.local) {
          await withDatabase(async () => {}, { schema: false }); // only whether it answers: status writes nothing
          return void console.log(`NEO4J_URI ${config.uri} answers.`);
        }
        const status = await localStatus();
        console.log(
          status.running
            ? `running (pid ${status.pid}) on bolt://127.0.0.1:${status.port}; logs in ${status.logs}`
            : `not running; data in ${status.home}/data`,
        );
        if (!status.running) process.exitCode = 3;
        return;
      }
      case 'reset':
        if (!values.yes) throw new InputError(`db reset empties ${config.uri} (database ${config.database}); run it again with --yes`);
        // The schema is applied first: emptying keeps constraints and indexes, so the order is free.
        await withDatabase(emptyDatabase);
        console.log(`Emptied ${config.uri} (database ${config.database}); schema kept.`);
        return;
      default:
        throw new InputError(`unknown db action "${action ?? ''}"\n\n${usage}`);
    }
  },
};
