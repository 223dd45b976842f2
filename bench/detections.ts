import './support/bench-env';
import { existsSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { importAttack } from '../import/attack/import-attack';
import { importDetections } from '../import/detections/import-detections';
import { removeRuleSets } from '../import/detections/write';
import { projectRoot } from '../src/config';
import { sigmaCopies } from '../test/support/sigma';
import { emptyBenchDatabase, finishBench, peakRssMiB, timed } from './support/measure';

/**
 * `npm run bench:detections [dir] [copies] [runs]`: `import detections` of a Sigma tree (default
 * SigmaHQ's rules in ../shared/sigma, 1,136 files) into a database of its own holding ATT&CK 18.1,
 * `runs` times (each a re-import replacing the previous set). ../shared holds a part of SigmaHQ's
 * tree; to measure the whole tree's size (about 4,000 files) the bench imports `copies` copies of
 * it (default 4) written to a temporary directory, each rule's id suffixed. Goal: < 15 s.
 */
async function main() {
  const source = resolve(process.argv[2] ?? join(projectRoot, '..', 'shared', 'sigma'));
  const copies = Number(process.argv[3] ?? 4);
  const runs = Number(process.argv[4] ?? 3);
  const bundle = resolve(process.env.ATTACK_BUNDLE ?? join(projectRoot, '..', 'shared', 'attack', 'enterprise-attack-18.1.json.gz'));
  if (!existsSync(bundle)) throw new Error(`${bundle} not found; set ATTACK_BUNDLE to an ATT&CK bundle`);
  if (!existsSync(source)) throw new Error(`${source} not found: give a directory of Sigma rules`);
  const dir = copies > 1 ? sigmaCopies(source, copies) : source;
  await emptyBenchDatabase();
  await removeRuleSets();
  await importAttack(bundle);
  for (let run = 1; run <= runs; run += 1) {
    const { result: s, ms } = await timed(() => importDetections([dir]));
    console.log(
      `import ${run}${run === 1 ? ' (first)' : ' (re-import)'}  ${(ms / 1000).toFixed(2)} s for ${s.files} files, ${s.rules} rules (${Math.round(s.files / (ms / 1000))} files/s; read and checked ${(s.timings.readMs / 1000).toFixed(2)} s, written ${(s.timings.writeMs / 1000).toFixed(2)} s, previous set deleted ${(s.timings.deleteMs / 1000).toFixed(2)} s), peak RSS ${peakRssMiB().toFixed(0)} MiB`,
    );
  }
  console.log(
    `goal: the whole SigmaHQ tree (about 4,000 files) under 15 s${copies > 1 ? ` (measured on ${copies} copies of ${source})` : ''}`,
  );
  if (dir !== source) rmSync(dir, { recursive: true, force: true });
}

main()
  .then(finishBench)
  .catch(async (error) => {
    console.error(error);
    await finishBench().catch(() => undefined);
    process.exit(1);
  });
