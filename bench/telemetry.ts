import './support/bench-env';
import { spawn } from 'node:child_process';
import { createReadStream, existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { importAttack } from '../import/attack/import-attack';
import { importInventory } from '../import/inventory/import-inventory';
import { removeInventory } from '../import/inventory/write';
import { importTelemetry } from '../import/telemetry/import-telemetry';
import { removeTelemetry } from '../import/telemetry/write';
import { projectRoot } from '../src/config';
import { dbConfig } from '../src/db/config';
import { Caches } from '../src/cache/caches';
import { coverage } from '../src/coverage/coverage';
import { CoverageInput } from '../src/coverage/params';
import { closeDriver } from '../src/db/neo4j';
import { TelemetrySummary } from '../src/telemetry/importer';
import { drift } from '../src/telemetry/views';
import { generateInventory } from './inventory/generator';
import { emptyBenchDatabase, finishBench, peakRssMiB, percentile, timed } from './support/measure';
import { generateTelemetry } from './telemetry/generator';

/**
 * `npm run bench:telemetry [assets] [seed]`: the bench inventory (default 100k assets) into a
 * database of its own with ATT&CK 18.1, then a generated Splunk export for it (~20 rows an asset)
 * imported twice (the second day's export is merged with the first). Each import runs in a process
 * of its own, so its peak RSS is the importer's. Goals at 100k: < 60 s, < 1 GiB.
 */
interface ChildResult {
  ms: number;
  rssMiB: number;
  summary: TelemetrySummary;
}

/** The import alone, as `attack-kg import telemetry` would run it. */
async function child(file: string, map: string) {
  const started = process.hrtime.bigint();
  const summary = await importTelemetry({ name: file, bytes: createReadStream(file) }, { format: 'splunk', mapFile: map });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  await closeDriver();
  process.stdout.write(`${JSON.stringify({ ms, rssMiB: peakRssMiB(), summary })}\n`);
}

function runChild(file: string, map: string): Promise<ChildResult> {
  return new Promise((resolvePromise, reject) => {
    const proc = spawn(process.execPath, [__filename, '--child', file, map], { env: process.env, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    proc.stdout.on('data', (d) => (out += d));
    proc.once('exit', (code) =>
      code === 0 ? resolvePromise(JSON.parse(out.trim().split('\n').pop()!)) : reject(new Error(`import child exited ${code}: ${out}`)),
    );
  });
}

function line(label: string, r: ChildResult) {
  const s = r.summary;
  console.log(
    `${label.padEnd(18)}${(r.ms / 1000).toFixed(2)} s, ${Math.round(s.rows / (r.ms / 1000))} rows/s, peak RSS ${r.rssMiB.toFixed(0)} MiB   (read ${(s.timings.readMs / 1000).toFixed(1)} s, current after ${(s.timings.writeMs / 1000).toFixed(1)} s more, old generation deleted in ${(s.timings.deleteMs / 1000).toFixed(1)} s)`,
  );
}

/**
 * The full matrix under evidence: the first query at a freshness builds the split of the profiles
 * (./src/coverage/evidence.ts); repeated queries at it are served from the caches, and each other
 * freshness builds its own split once.
 */
async function coverageUnderEvidence(caches: Caches) {
  const runs = async (input: CoverageInput, n: number) => {
    const times: number[] = [];
    for (let i = 0; i < n; i += 1) times.push((await timed(() => coverage(caches, input))).ms);
    return times.sort((a, b) => a - b);
  };
  for (const evidence of ['OBSERVED', 'TELEMETRY'] as const) {
    const cold = await timed(() => coverage(caches, { evidence }));
    const warm = await runs({ evidence }, 21);
    // Every other freshness is a new split: one query each, so each time is a first query at it.
    const others: number[] = [];
    for (const days of [1, 2, 3, 5, 10, 14, 30, 60, 90])
      others.push((await timed(() => coverage(caches, { evidence, freshnessDays: days }))).ms);
    others.sort((a, b) => a - b);
    const covered = cold.result.rows.reduce((n, r) => n + r.hostsCovered, 0);
    console.log(
      `${`${evidence} matrix`.padEnd(18)}${cold.result.rows.length} rows, ${covered} host-rows covered; first ${cold.ms.toFixed(0)} ms, then p50 ${percentile(warm, 50).toFixed(1)} ms at 7 days; another freshness p50 ${percentile(others, 50).toFixed(0)} ms (max ${others[others.length - 1].toFixed(0)} ms)`,
    );
  }
}

async function main() {
  const count = Number(process.argv[2] ?? 100_000);
  const seed = Number(process.argv[3] ?? 42);
  const bundle = resolve(process.env.ATTACK_BUNDLE ?? join(projectRoot, '..', 'shared', 'attack', 'enterprise-attack-18.1.json.gz'));
  if (!existsSync(bundle)) throw new Error(`${bundle} not found; set ATTACK_BUNDLE to an ATT&CK bundle`);
  const dir = mkdtempSync(join(tmpdir(), 'attack-kg-bench-telemetry-'));
  const inventory = await generateInventory(seed, count, { dir });
  const day1 = await timed(() => generateTelemetry(dir, seed, count, 0));
  const day2 = await generateTelemetry(dir, seed, count, 1);
  await emptyBenchDatabase();
  await removeTelemetry();
  await removeInventory();
  await importAttack(bundle);
  const inv = await timed(() => importInventory({ document: inventory.document, csv: [] }));
  console.log(
    `inventory         ${count} assets, ${inv.result.counts.collects} collected pairs, imported in ${(inv.ms / 1000).toFixed(1)} s (not part of the figures below)`,
  );
  console.log(
    `export            ${day1.result.rows} rows, ${(statSync(day1.result.file).size / 2 ** 20).toFixed(0)} MiB, ${day1.result.unknownHosts} unknown hosts, as of ${day1.result.asOf} (generated in ${(day1.ms / 1000).toFixed(1)} s)`,
  );
  await closeDriver();

  const first = await runChild(day1.result.file, day1.result.map);
  const s = first.summary;
  line('import (first)', first);
  console.log(
    `summary           ${s.hosts} host names, ${s.hostsMatched} assets matched, ${s.unknownHosts} unknown hosts, ${s.unnamedRows} unnamed rows, ${s.undeclaredObservations} undeclared observations`,
  );
  line('import (next day)', await runChild(day2.file, day2.map));

  const caches = new Caches();
  const model = await timed(() => drift(caches, 'MONITORED', 7));
  const other = await timed(() => drift(caches, 'MONITORED', 30));
  console.log(
    `drift             first query ${(model.ms / 1000).toFixed(2)} s (reads and matches the generation), then ${other.ms.toFixed(0)} ms at another freshness`,
  );
  await coverageUnderEvidence(caches);
  console.log(
    `goals             < 60 s and < 1024 MiB for the importer at 100k assets; OBSERVED full matrix p50 < 100 ms at 7 days, < 1 s at any other`,
  );
  rmSync(dir, { recursive: true, force: true });
  await removeTelemetry();
  await removeInventory();
  if (dbConfig().local) await finishBench();
  else await closeDriver();
}

if (process.argv[2] === '--child') {
  child(process.argv[3], process.argv[4]).catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
} else {
  main().catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
