import { ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import neo4j from 'neo4j-driver';
import { localHome } from '../src/db/config';
import { projectRoot } from '../src/config';
import { exited, freePort, runCli, sleep, spawnServer } from './support/cli';
import { request } from './support/http';
import { tinyBundle } from './fixtures/bundles';

/**
 * Neo4j dies under a running server: requests fail fast with a 503 SERVICE_UNAVAILABLE, and the
 * server recovers on its own once Neo4j is back. A second local Neo4j of the test's own (under
 * .neo4j-outage, git-ignored), so the shared test database is never stopped. That server also
 * shows what `db start` gives a JVM and a server.
 */
describe('Neo4j stopped while serving', () => {
  const home = join(projectRoot, '.neo4j-outage');
  let env: NodeJS.ProcessEnv;
  let server: { child: ChildProcess; url: string };
  const COUNT = JSON.stringify({ query: '{ techniques { totalCount } }' });
  const query = async () => {
    const started = Date.now();
    const result = await request(server.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: COUNT });
    return { ...result, ms: Date.now() - started };
  };
  const base = () => server.url.replace(/graphql$/, '');

  beforeAll(async () => {
    env = {
      ...process.env,
      NEO4J_LOCAL_HOME: home,
      NEO4J_LOCAL_PORT: String(await freePort()),
      NEO4J_HEAP: '512m',
      NEO4J_PAGECACHE: '64m',
      NEO4J_GC: 'parallel',
    };
    delete env.NEO4J_URI;
    mkdirSync(home, { recursive: true });
    // The test database's jars serve this one too (no second Maven resolution).
    if (!existsSync(join(home, 'lib')) && existsSync(join(localHome(), 'lib'))) symlinkSync(join(localHome(), 'lib'), join(home, 'lib'));
    await runCli(['db', 'start'], env);
    await runCli(['db', 'reset', '--yes'], env);
    const bundle = join(mkdtempSync(join(tmpdir(), 'attack-kg-outage-')), 'tiny.json');
    writeFileSync(bundle, JSON.stringify(tinyBundle()));
    await runCli(['import', 'attack', bundle], env);
    server = await spawnServer(env);
  }, 180_000);
  afterAll(async () => {
    if (server) {
      server.child.kill('SIGTERM');
      await exited(server.child);
    }
    await runCli(['db', 'stop'], env);
  }, 120_000);

  test('db start: the JVM runs the NEO4J_GC collector, the server caps its transaction logs', async () => {
    const pid = readFileSync(join(home, 'run', 'neo4j.pid'), 'utf8').trim();
    const collectors = readFileSync(`/proc/${pid}/cmdline`, 'utf8')
      .split('\0')
      .filter((arg) => /^-XX:\+Use\w+GC$/.test(arg));
    expect(collectors).toEqual(['-XX:+UseParallelGC']);
    const password = readFileSync(join(home, 'password'), 'utf8').trim();
    const driver = neo4j.driver(`bolt://127.0.0.1:${env.NEO4J_LOCAL_PORT}`, neo4j.auth.basic('neo4j', password));
    try {
      const { records } = await driver.executeQuery("SHOW SETTINGS YIELD name, value WHERE name = 'db.tx_log.rotation.retention_policy'");
      expect(records.map((r) => r.get('value'))).toEqual(['1G size']);
    } finally {
      await driver.close();
    }
  });

  test('fails fast with 503 while Neo4j is down, recovers without a restart when it is back', async () => {
    expect((await query()).body.data.techniques.totalCount).toBe(1);
    expect((await request(`${base()}readyz`)).status).toBe(200);

    // A crash, not a clean stop: the server gets no warning.
    process.kill(Number(readFileSync(join(home, 'run', 'neo4j.pid'), 'utf8')), 'SIGKILL');
    await sleep(500);
    const first = await query();
    expect(first.status).toBe(503);
    expect(first.headers.get('retry-after')).toBe('5');
    expect(first.body.errors).toEqual([
      { message: 'The graph database is unavailable; try again shortly.', extensions: { code: 'SERVICE_UNAVAILABLE' } },
    ]);
    expect(first.ms).toBeLessThan(3000);
    const next = await query();
    expect(next.status).toBe(503);
    expect(next.ms).toBeLessThan(500);
    expect((await request(`${base()}readyz`)).status).toBe(503);
    expect((await request(`${base()}healthz`)).status).toBe(200);

    await runCli(['db', 'start'], env);
    let answer = await query();
    for (const deadline = Date.now() + 60_000; answer.status !== 200 && Date.now() < deadline; answer = await query()) await sleep(250);
    expect(answer.body.data.techniques.totalCount).toBe(1);
    expect((await request(`${base()}readyz`)).body).toEqual({ status: 'ready', releases: 1 });
    expect(server.child.exitCode).toBeNull();
  }, 120_000);
});
