import './support/bench-env';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { importAttack } from '../import/attack/import-attack';
import { importDetections } from '../import/detections/import-detections';
import { removeRuleSets } from '../import/detections/write';
import { projectRoot } from '../src/config';
import { emptyBenchDatabase, finishBench, peakRssMiB, timed } from './support/measure';

/**
 * `npm run bench:detections [dir] [runs]`: `import detections` of a Sigma tree (default SigmaHQ's
 * rules in ../shared/sigma) into a database of its own holding ATT&CK 18.1, `runs` times (each a
 * re-import replacing the previous set). Goal: the whole SigmaHQ tree (about 4,000 files) < 15 s.
 */
async function main() {
  const dir = resolve(process.argv[2] ?? join(projectRoot, '..', 'shared', 'sigma'));
  const runs = Number(process.argv[3] ?? 3);
  const bundle = resolve(process.env.ATTACK_BUNDLE ?? join(projectRoot, '..', 'shared', 'attack', 'enterprise-attack-18.1.json.gz'));
  if (!existsSync(bundle)) throw new Error(`${bundle} not found; set ATTACK_BUNDLE to an ATT&CK bundle`);
  if (!existsSync(dir)) throw new Error(`${dir} not found: give a directory of Sigma rules`);
  await emptyBenchDatabase();
  await removeRuleSets();
  await importAttack(bundle);
  for (let run = 1; run <= runs; run += 1) {
    const { result: s, ms } = await timed(() => importDetections([dir]));
    console.log(
      `import ${run}${run === 1 ? ' (first)' : ' (re-import)'}  ${(ms / 1000).toFixed(2)} s for ${s.files} files, ${s.rules} rules (${Math.round(s.files / (ms / 1000))} files/s; read and checked ${(s.timings.readMs / 1000).toFixed(2)} s, written ${(s.timings.writeMs / 1000).toFixed(2)} s, previous set deleted ${(s.timings.deleteMs / 1000).toFixed(2)} s), peak RSS ${peakRssMiB().toFixed(0)} MiB`,
    );
  }
  console.log('goal: the whole SigmaHQ tree (about 4,000 files) under 15 s');
}

main()
  .then(finishBench)
  .catch(async (error) => {
    console.error(error);
    await finishBench().catch(() => undefined);
    process.exit(1);
  });
