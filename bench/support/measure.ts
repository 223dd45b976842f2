import { dbConfig } from '../../src/db/config';
import { startLocal, stopLocal } from '../../src/db/local-server';
import { applySchema, closeDriver, emptyDatabase } from '../../src/db/neo4j';

/** Starts the bench database when it is ours, and empties it. */
export async function emptyBenchDatabase() {
  if (dbConfig().local) await startLocal();
  await emptyDatabase();
  await applySchema();
}

/** Peak resident set size of this process so far, in MiB (Linux reports maxRSS in KiB). */
export const peakRssMiB = () => process.resourceUsage().maxRSS / 1024;

export async function timed<T>(work: () => Promise<T>): Promise<{ result: T; ms: number }> {
  const started = process.hrtime.bigint();
  const result = await work();
  return { result, ms: Number(process.hrtime.bigint() - started) / 1e6 };
}

export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** Closes the connection and stops the bench database if this run owns it. */
export async function finishBench() {
  await closeDriver();
  if (dbConfig().local) await stopLocal();
}
