import { importAttack } from '../../import/attack/import-attack';
import { loadExampleInventory } from '../../import/inventory/example';
import { DEFAULT_DOMAIN } from '../../src/attack/domains';
import { listReleases } from '../../src/attack/releases';
import { latestRelease } from '../../src/attack/sync/attack-stix-data';
import { config } from '../../src/config';
import { dbConfig } from '../../src/db/config';
import { startLocal } from '../../src/db/local-server';
import { DownloadError } from '../../src/errors';
import { Command, parse } from '../command';
import { openDatabase } from '../database';
import { withProgress } from '../progress';
import { report } from './import-inventory';
import { serve } from './serve';

const usage = `Usage: attack-kg up   (what \`npm start\` runs)

Starts the local Neo4j unless NEO4J_URI points elsewhere, imports ATT&CK (the bundle named by
ATTACK_BUNDLE, else the newest enterprise release from MITRE's attack-stix-data), loads the
example inventory, and serves GraphQL on http://127.0.0.1:4000/graphql (PORT to change).`;

/** ATTACK_BUNDLE, else the newest download; offline with a release already imported, serve that one. */
async function importOrKeep(): Promise<void> {
  let source = config.attack.bundle();
  if (!source) {
    try {
      source = (await latestRelease(DEFAULT_DOMAIN)).url;
    } catch (error) {
      const imported = await listReleases();
      if (!(error instanceof DownloadError) || imported.length === 0) throw error;
      console.warn(`${error.message.split('\n')[0]}\nServing the releases already imported: ${imported.map((r) => r.key).join(', ')}`);
      return;
    }
  }
  const release = await withProgress((progress) => importAttack(source, { progress }));
  console.log(`Imported ATT&CK ${release.key}: ${release.techniqueCount} active techniques.`);
}

/** The local Neo4j, unless NEO4J_URI names a server. */
async function startDatabase(): Promise<void> {
  if (dbConfig().local) {
    const status = await startLocal();
    console.log(`Neo4j running on bolt://127.0.0.1:${status.port}; logs in ${status.logs}`);
  }
  await openDatabase();
}

/** The Acme example, until an inventory of your own is imported. */
async function exampleInventory(): Promise<void> {
  const result = await loadExampleInventory();
  if (result) report('the example inventory (examples/acme)', result);
  else console.log('Inventory: keeping the one imported (attack-kg import inventory replaces it).');
}

/** What `up` does, in order; the last step keeps serving. */
const steps: (() => Promise<void>)[] = [
  startDatabase,
  importOrKeep,
  exampleInventory,
  () => serve(config.server.port(), config.server.host()),
];

export const upCommand: Command = {
  name: 'up',
  summary: 'start Neo4j, import ATT&CK and the example inventory, serve',
  usage,
  async run(argv) {
    parse(argv, {}, usage);
    for (const step of steps) await step();
  },
};
