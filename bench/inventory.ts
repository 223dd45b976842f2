import './support/bench-env';
import { rmSync } from 'node:fs';
import { importAttack } from '../import/attack/import-attack';
import { importInventory } from '../import/inventory/import-inventory';
import { removeInventory } from '../import/inventory/write';
import { dbConfig } from '../src/db/config';
import { startLocal } from '../src/db/local-server';
import { generateInventory } from './inventory/generator';
import { emptyBenchDatabase, finishBench, peakRssMiB, timed } from './support/measure';
import { benchBundle } from './support/bundle';

/**
 * `npm run bench:inventory [assets] [seed]`: a generated inventory (default 100k assets, ~20
 * collection rows each) into a database holding ATT&CK 18.1. Goal: < 60 s on 2 cores.
 */
async function main() {
  const count = Number(process.argv[2] ?? 100_000);
  const seed = Number(process.argv[3] ?? 42);
  const bundle = benchBundle();
  const generated = await timed(() => generateInventory(seed, count));
  const inventory = generated.result;
  if (dbConfig().local) await startLocal();
  await removeInventory();
  await emptyBenchDatabase();
  await importAttack(bundle);
  const first = await timed(() => importInventory({ document: inventory.document, csv: [] }));
  const again = await timed(() => importInventory({ document: inventory.document, csv: [] }));
  const rows = inventory.assets + inventory.collectionRows;
  const c = first.result.counts;
  console.log(
    `inventory         ${inventory.assets} assets, ${inventory.collectionRows} collection rows (seed ${seed}, generated in ${(generated.ms / 1000).toFixed(1)} s in ${inventory.dir})`,
  );
  console.log(
    `graph             ${c.collects} COLLECTS (with control-implied), ${c.deployedOn} DEPLOYED_ON, ${c.profiles} coverage profiles, ${first.result.warnings.length} warnings`,
  );
  const t = first.result;
  console.log(
    `import wall time  ${(first.ms / 1000).toFixed(2)} s   (goal < 60 s: checking ${(t.readMs / 1000).toFixed(1)} s, writing until current ${(t.timings.writeMs / 1000).toFixed(1)} s)`,
  );
  console.log(`rows per second   ${Math.round(rows / (first.ms / 1000))}   (asset + collection rows)`);
  const r = again.result;
  console.log(
    `re-import         ${(again.ms / 1000).toFixed(2)} s   (current after ${((r.readMs + r.timings.writeMs) / 1000).toFixed(1)} s, then the old snapshot deleted in ${(r.timings.deleteMs / 1000).toFixed(1)} s)`,
  );
  console.log(`peak RSS          ${peakRssMiB().toFixed(0)} MiB`);
  rmSync(inventory.dir, { recursive: true, force: true });
  // Left small: the next run's emptying does not have 2M relationships to delete at once.
  await removeInventory();
  await finishBench();
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
