import './support/bench-env';
import { importAttack } from '../import/attack/import-attack';
import { listReleases } from '../src/attack/releases';
import { dbConfig } from '../src/db/config';
import { startLocal } from '../src/db/local-server';
import { applySchema } from '../src/db/neo4j';
import { MATRIX_QUERY } from '../src/matrix/queries';
import { startServer } from '../src/server/app';
import { createServices } from '../cli/services';
import { launchChromium } from '../test/support/browser';
import { BUSINESS_UNITS } from './inventory/generator';
import { benchBundle } from './support/bundle';
import { currentGeneratedInventory } from './support/inventory';
import { finishBench, peakRssMiB, percentile, timed } from './support/measure';

/**
 * `npm run bench:matrix [size] [seed]`: /matrix at a generated inventory (default 100k assets)
 * against ATT&CK 18.1, through a real HTTP server: the page's one matrix request (the columns
 * and every coverage row) p50/p95 over 20 runs after a cold one, whole fleet and one business
 * unit; then the page in headless Chromium, from navigation to interactive (every cell drawn,
 * each run in a fresh browser context: no cached bundle), p50 over 5 runs.
 * Goals on 2 cores: the matrix request < 300 ms, the page interactive < 2 s.
 */
const RUNS = 20;
const PAGE_RUNS = 5;

async function main() {
  const size = Number(process.argv[2] ?? 100_000);
  const seed = Number(process.argv[3] ?? 42);
  if (dbConfig().local) await startLocal();
  await applySchema();
  if (!(await listReleases()).some((r) => r.key === 'enterprise-attack@18.1')) await importAttack(benchBundle());
  const server = await startServer({ port: 0, services: createServices() });
  const post = async (query: string, variables: Record<string, unknown>) => {
    const response = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query, variables }),
    });
    const text = await response.text();
    const body = JSON.parse(text);
    if (body.errors?.length) throw new Error(`query failed: ${JSON.stringify(body.errors)}`);
    return Object.assign(body.data as Record<string, any>, { bytes: text.length });
  };

  const { collectionRows, counts, importedMs } = await currentGeneratedInventory(post, seed, size);
  console.log(
    `${size} assets: ${collectionRows} collection rows, ${counts.profiles} coverage profiles (${importedMs !== undefined ? `imported in ${(importedMs / 1000).toFixed(1)} s` : 'already imported'})`,
  );

  const measure = async (label: string, variables: Record<string, unknown>) => {
    const cold = await timed(() => post(MATRIX_QUERY, variables));
    const times: number[] = [];
    for (let i = 0; i < RUNS; i += 1) times.push((await timed(() => post(MATRIX_QUERY, variables))).ms);
    times.sort((a, b) => a - b);
    const d = cold.result;
    console.log(
      `  ${label.padEnd(34)} p50 ${percentile(times, 50).toFixed(1).padStart(7)} ms   p95 ${percentile(times, 95).toFixed(1).padStart(7)} ms   cold ${cold.ms.toFixed(0).padStart(6)} ms   ${d.coverage.totalCount} rows, ${d.tacticMatrix.length} tactics, ${(d.bytes / 1024).toFixed(0)} KiB`,
    );
    return percentile(times, 50);
  };
  const full = await measure('matrix request, whole fleet', { q: {} });
  await measure(`matrix request, ${BUSINESS_UNITS[0]}`, { q: { assets: { businessUnits: [BUSINESS_UNITS[0]] } } });

  const browser = await launchChromium();
  const base = server.url.replace(/graphql$/, '');
  const interactive: number[] = [];
  let cells = 0;
  for (let i = 0; i < PAGE_RUNS; i += 1) {
    const context = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
    const page = await context.newPage();
    const started = Date.now();
    await page.goto(`${base}matrix`);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 60_000 });
    interactive.push(Date.now() - started);
    cells = await page.locator('.matrix .cell').count();
    await context.close();
  }
  await browser.close();
  interactive.sort((a, b) => a - b);
  const pageP50 = percentile(interactive, 50);
  console.log(
    `  ${'page interactive (headless Chromium)'.padEnd(34)} p50 ${pageP50.toFixed(0).padStart(7)} ms   max ${interactive[interactive.length - 1].toFixed(0).padStart(7)} ms   ${cells} cell elements`,
  );
  console.log(
    `  goal: matrix request p50 < 300 ms: ${full < 300 ? 'met' : 'NOT met'}; page interactive p50 < 2 s: ${pageP50 < 2000 ? 'met' : 'NOT met'}`,
  );
  console.log(`\npeak RSS ${peakRssMiB().toFixed(0)} MiB`);
  await server.stop();
  await finishBench();
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
