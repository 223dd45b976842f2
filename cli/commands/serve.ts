import { config } from '../../src/config';
import { closeDriver } from '../../src/db/neo4j';
import { startServer } from '../../src/server/app';
import { serverConfig } from '../../src/server/config';
import { InputError } from '../../src/errors';
import { createServices } from '../services';
import { Command, parse } from '../command';
import { openDatabase } from '../database';

const usage = `Usage: attack-kg serve [--port N] [--host H]

Serves GraphQL on http://127.0.0.1:<port>/graphql (port: --port, else PORT, else 4000), the
playground on http://127.0.0.1:<port>/, /healthz and /readyz. Until an API key exists
(\`attack-kg keys create\`), it listens on 127.0.0.1 only, whatever --host says.
ATTACK_SYNC_CRON="0 3 * * *" also syncs ATT&CK on that schedule (see \`attack-kg sync --help\`).
SIGTERM stops accepting connections and lets in-flight requests finish first.`;

const stamp = (line: string) => `${new Date().toISOString()} ${line}`;

export async function serve(port: number, host: string): Promise<void> {
  const settings = serverConfig();
  // Bad settings fail before the server listens, not at the first scheduled run.
  const cron = config.attack.syncCron();
  if (cron) config.attack.keepReleases();
  await openDatabase();
  const services = createServices();
  const running = await startServer({ port, host, config: settings, services });
  if (running.notice) console.warn(running.notice);
  console.log(`attack-kg GraphQL ready at ${running.url} (playground at ${running.url.replace(/graphql$/, '')})`);
  if (cron) services.sync.startSchedule(cron, (line) => console.log(stamp(`[sync] ${line}`)));
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(stamp(`${signal}: draining in-flight requests (up to ${settings.drainSeconds} s), then stopping`));
    services.sync.stopSchedule();
    await running.stop();
    await closeDriver();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

export const serveCommand: Command = {
  name: 'serve',
  summary: 'serve the GraphQL API and the playground',
  usage,
  async run(argv) {
    const { values } = parse(argv, { port: { type: 'string' }, host: { type: 'string' } }, usage);
    const port = values.port === undefined ? config.server.port() : Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new InputError(`--port ${values.port}: not a port number`);
    await serve(port, values.host ?? config.server.host());
  },
};
