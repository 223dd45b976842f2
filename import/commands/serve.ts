import { applySchema, closeDriver, verifyConnectivity } from '../../src/db/neo4j';
import { startServer } from '../../src/server/app';
import { InputError } from '../../src/errors';
import { Command, parse } from './command';

const usage = `Usage: attack-kg serve [--port N] [--host H]

Serves GraphQL on http://127.0.0.1:<port>/graphql (port: --port, else PORT, else 4000).`;

export async function serve(port: number, host: string): Promise<void> {
  await verifyConnectivity();
  await applySchema();
  const running = await startServer(port, host);
  console.log(`attack-kg GraphQL ready at ${running.url}`);
  const shutdown = async () => {
    await running.stop();
    await closeDriver();
    process.exit(0);
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

export const serveCommand: Command = {
  name: 'serve',
  summary: 'serve the GraphQL API',
  usage,
  async run(argv) {
    const { values } = parse(argv, { port: { type: 'string' }, host: { type: 'string' } }, usage);
    const port = Number(values.port ?? process.env.PORT ?? 4000);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new InputError(`--port ${values.port}: not a port number`);
    await serve(port, values.host ?? process.env.HOST ?? '127.0.0.1');
  },
};
