import { dbConfig } from '../../src/db/config';
import { startLocal } from '../../src/db/local-server';
import { applySchema, verifyConnectivity } from '../../src/db/neo4j';
import { importAttack } from '../attack/import-attack';
import { latestRelease } from '../attack/attack-stix-data';
import { DownloadError } from '../attack/read-bundle';
import { listReleases } from '../../src/attack/releases';
import { Command, parse } from './command';
import { serve } from './serve';

const usage = `Usage: attack-kg up   (what \`npm start\` runs)

Starts the local Neo4j unless NEO4J_URI points elsewhere, imports ATT&CK (the bundle named by
ATTACK_BUNDLE, else the newest enterprise release from MITRE's attack-stix-data), loads the
example inventory, and serves GraphQL on http://127.0.0.1:4000/graphql (PORT to change).`;

/** Extra steps between the ATT&CK import and serving (the example inventory registers here). */
type Step = () => Promise<void>;
const beforeServe: Step[] = [];
export const addStartupStep = (step: Step) => beforeServe.push(step);

/** ATTACK_BUNDLE, else the newest download; offline with a release already imported, serve that one. */
async function importOrKeep() {
  let source = process.env.ATTACK_BUNDLE;
  if (!source) {
    try {
      source = (await latestRelease('enterprise-attack')).url;
    } catch (error) {
      const imported = await listReleases();
      if (!(error instanceof DownloadError) || imported.length === 0) throw error;
      console.warn(`${error.message.split('\n')[0]}\nServing the releases already imported: ${imported.map((r) => r.key).join(', ')}`);
      return;
    }
  }
  const release = await importAttack(source);
  console.log(`Imported ATT&CK ${release.key}: ${release.techniqueCount} active techniques.`);
}

export const upCommand: Command = {
  name: 'up',
  summary: 'start Neo4j, import ATT&CK and the example inventory, serve',
  usage,
  async run(argv) {
    parse(argv, {}, usage);
    if (dbConfig().local) {
      const status = await startLocal();
      console.log(`Neo4j running on bolt://127.0.0.1:${status.port}; logs in ${status.logs}`);
    }
    await verifyConnectivity();
    await applySchema();
    await importOrKeep();
    for (const step of beforeServe) await step();
    await serve(Number(process.env.PORT ?? 4000), process.env.HOST ?? '127.0.0.1');
  },
};
