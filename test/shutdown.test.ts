import { exited, sleep, spawnServer } from './support/cli';
import { closeDriver, importShared, resetDb } from './support/db';
import { request } from './support/http';
import { describeWithShared } from './support/shared';

/** SIGTERM: the server stops accepting connections, finishes what it is answering, then exits 0. */
describeWithShared('graceful shutdown', () => {
  beforeAll(async () => {
    await resetDb();
    await importShared('enterprise-attack-18.1');
  });
  afterAll(closeDriver);

  test('in-flight requests all complete after SIGTERM; then nothing listens', async () => {
    // A slow CI machine must not hit the drain deadline (10 s by default): that is not what this tests.
    const server = await spawnServer({ ...process.env, ATTACK_KG_DRAIN_SECONDS: '60' });
    // ~0.3 s each here; six at once keep the server busy for well over a second.
    const heavy = JSON.stringify({
      query: '{ techniques(first: 300) { nodes { attackId groups { attackId } mitigations { attackId } } } }',
    });
    const started = Date.now();
    const inFlight = Array.from({ length: 6 }, () =>
      request(server.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: heavy }),
    );
    await sleep(200);
    server.child.kill('SIGTERM');
    const results = await Promise.all(inFlight);
    const took = Date.now() - started;
    expect(results.map((r) => r.status)).toEqual(Array(6).fill(200));
    expect(results.every((r) => r.body.data.techniques.nodes.length === 300)).toBe(true);
    expect(took).toBeGreaterThan(500);
    expect(await exited(server.child)).toEqual({ code: 0, signal: null });
    expect(server.output()).toMatch(/SIGTERM: draining in-flight requests/);
    await expect(fetch(server.url)).rejects.toThrow();
  });
});
