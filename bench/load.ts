import './support/bench-env';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { importAttack } from '../import/attack/import-attack';
import { importInventory } from '../import/inventory/import-inventory';
import { createKey } from '../src/auth/keys';
import { projectRoot } from '../src/config';
import { closeDriver } from '../src/db/neo4j';
import { generateInventory } from './inventory/generator';
import { emptyBenchDatabase, finishBench } from './support/measure';
import { benchBundle } from './support/bundle';

/**
 * `npm run bench:load [assets]`: the served API under load, as a SOC dashboard would hit it.
 * ATT&CK 18.1 and a generated inventory (default 100k assets) in the bench database, the server
 * in its own process with API keys on, then autocannon: 50 connections for 30 s (LOAD_SECONDS,
 * LOAD_CONNECTIONS) of the coverage gaps query (LOAD_QUERY for another). Every answer must be the
 * same as a first one, so an error inside a 200 counts too.
 * Goal on 2 cores: zero errors, p99 under 1 s.
 */
const QUERY =
  process.env.LOAD_QUERY ??
  `{ coverage(query: { onlyGaps: true }, first: 100) {
  totalCount nodes { technique { attackId name } platform hostsTotal hostsCovered hostsBlind coverageRatio } } }`;

async function main() {
  const assets = Number(process.argv[2] ?? 100_000);
  const duration = Number(process.env.LOAD_SECONDS ?? 30);
  const connections = Number(process.env.LOAD_CONNECTIONS ?? 50);
  const bundle = benchBundle();

  await emptyBenchDatabase();
  await importAttack(bundle);
  const inventory = await generateInventory(42, assets);
  await importInventory({ document: inventory.document, csv: [] });
  rmSync(inventory.dir, { recursive: true, force: true });
  const { key } = await createKey('reader', 'bench:load');
  await closeDriver();

  const server = spawn(process.execPath, [join(projectRoot, 'dist', 'cli', 'main.js'), 'serve', '--port', '0'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let said = '';
  server.stdout.on('data', (d) => (said += d));
  while (!/GraphQL ready at (\S+)/.test(said)) {
    if (server.exitCode !== null) throw new Error(`the server exited ${server.exitCode}: ${said}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const url = /GraphQL ready at (\S+)/.exec(said)![1];
  const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
  const body = JSON.stringify({ query: QUERY });

  const first = await fetch(url, { method: 'POST', headers, body });
  const expected = await first.text();
  if (first.status !== 200 || JSON.parse(expected).errors) throw new Error(`the query fails: ${first.status} ${expected.slice(0, 500)}`);

  const result = await autocannon({ url, method: 'POST', headers, body, connections, duration, expectBody: expected });
  const errors = result.errors + result.timeouts + result.non2xx + result.mismatches;
  console.log(`inventory         ${inventory.assets} assets, ATT&CK ${bundle.split('/').pop()}, API key on`);
  console.log(
    `load              ${connections} connections for ${duration} s: ${result.requests.total} requests, ${(expected.length / 1024).toFixed(0)} KiB each`,
  );
  console.log(`requests/s        ${result.requests.average.toFixed(1)}`);
  console.log(`latency p50       ${result.latency.p50} ms`);
  console.log(`latency p99       ${result.latency.p99} ms   (goal < 1000 ms)`);
  console.log(
    `errors            ${errors}   (goal 0: ${result.errors} connection, ${result.timeouts} timeouts, ${result.non2xx} non-2xx, ${result.mismatches} other answers)`,
  );

  server.kill('SIGTERM');
  await once(server, 'exit');
  await finishBench();
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
