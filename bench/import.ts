import './support/bench-env';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { importAttack } from '../import/attack/import-attack';
import { projectRoot } from '../src/config';
import { emptyBenchDatabase, finishBench, peakRssMiB, timed } from './support/measure';

/** `npm run bench:import [bundle]`: enterprise 18.1 into an empty database. Goal: < 5 s, importer < 1 GiB. */
async function main() {
  const bundle = resolve(process.argv[2] ?? join(projectRoot, '..', 'shared', 'attack', 'enterprise-attack-18.1.json.gz'));
  if (!existsSync(bundle)) throw new Error(`${bundle} not found; pass a bundle path`);
  await emptyBenchDatabase();
  const { result, ms } = await timed(() => importAttack(bundle));
  const again = await timed(() => importAttack(bundle));
  console.log(`bundle            ${bundle}`);
  console.log(`release           ${result.key} (${result.techniqueCount} active techniques)`);
  console.log(`import wall time  ${(ms / 1000).toFixed(2)} s   (goal < 5 s)`);
  console.log(`re-import         ${(again.ms / 1000).toFixed(2)} s   (replaces the release)`);
  console.log(`peak RSS          ${peakRssMiB().toFixed(0)} MiB (goal < 1024 MiB)`);
  await finishBench();
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
