import './support/bench-env';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { importAttack } from '../import/attack/import-attack';
import { projectRoot } from '../src/config';
import { emptyBenchDatabase, finishBench, peakRssMiB, timed } from './support/measure';

/**
 * `npm run bench:import [bundle]`: enterprise 18.1 into an empty database. Goal: < 5 s, importer < 1 GiB.
 * A freshly started Neo4j spends as much CPU compiling its write path (JIT) as importing, so the
 * first pass (the server just started) and a second pass, into the emptied database on the now
 * warm server (what a long-running server sees), are printed apart.
 */
async function main() {
  const bundle = resolve(process.argv[2] ?? join(projectRoot, '..', 'shared', 'attack', 'enterprise-attack-18.1.json.gz'));
  if (!existsSync(bundle)) throw new Error(`${bundle} not found; pass a bundle path`);
  await emptyBenchDatabase();
  const cold = await timed(() => importAttack(bundle));
  const coldAgain = await timed(() => importAttack(bundle));
  await emptyBenchDatabase();
  const warm = await timed(() => importAttack(bundle));
  const warmAgain = await timed(() => importAttack(bundle));
  const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  console.log(`bundle            ${bundle}`);
  console.log(`release           ${warm.result.key} (${warm.result.techniqueCount} active techniques)`);
  console.log(
    `first pass        import ${s(cold.ms)}, re-import ${s(coldAgain.ms)}   (goal < 5 s; the server just started, its JIT still compiling)`,
  );
  console.log(`import wall time  ${s(warm.ms)}   (goal < 5 s; empty database, warm server)`);
  console.log(`re-import         ${s(warmAgain.ms)}   (replaces the release)`);
  console.log(`peak RSS          ${peakRssMiB().toFixed(0)} MiB (goal < 1024 MiB)`);
  await finishBench();
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
