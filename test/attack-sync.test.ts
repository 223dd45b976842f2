import { readFileSync } from 'node:fs';
import { main } from '../cli/main';
import { SyncBusyError } from '../src/attack/sync/sync-attack';
import { listReleases } from '../src/attack/releases';
import { read } from '../src/db/neo4j';
import { closeDriver, graphCounts, resetDb } from './support/db';
import { contextFor, execute, gql, services, stopGraphql } from './support/graphql';
import { attackBundle, testWithShared } from './support/shared';
import { startStixDataServer, StixDataServer, stixDataIndex } from './support/stix-data-server';
import { tinyBundle } from './fixtures/bundles';

/** `attack-kg sync` against a local stand-in for attack-stix-data, with small hand-made releases. */
describe('ATT&CK sync', () => {
  let stix: StixDataServer;
  let out = '';
  const bundle = (version: string) => JSON.stringify(tinyBundle({ version }));
  const publish = (versions: string[], extra: Record<string, string[]> = {}) => {
    stix.files.set('/index.json', stixDataIndex({ 'enterprise-attack': versions, ...extra }));
    for (const v of versions)
      if (!stix.files.has(`/enterprise-attack/enterprise-attack-${v}.json`))
        stix.files.set(`/enterprise-attack/enterprise-attack-${v}.json`, bundle(v));
  };
  const versions = async () =>
    (await listReleases())
      .filter((r) => r.domain === 'enterprise-attack')
      .map((r) => r.version)
      .sort();
  const sync = (...args: string[]) => main(['sync', ...args]);
  const status = async () =>
    (
      await gql(`{ syncStatus { schedule nextRunAt running keepReleases
    lastRun { trigger ok message domains { domain latest newestImported imported pruned error } } } }`)
    ).syncStatus;

  beforeAll(async () => {
    await resetDb();
    stix = await startStixDataServer();
    process.env.ATTACK_STIX_DATA_URL = stix.base;
  });
  beforeEach(() => {
    out = '';
    const capture = (chunk: unknown) => ((out += `${String(chunk)}\n`), true);
    jest.spyOn(process.stderr, 'write').mockImplementation(capture);
    jest.spyOn(console, 'log').mockImplementation(capture);
    delete process.env.ATTACK_KEEP_RELEASES;
  });
  afterEach(() => jest.restoreAllMocks());
  afterAll(async () => {
    delete process.env.ATTACK_STIX_DATA_URL;
    await stix.close();
    await stopGraphql();
    await closeDriver();
  });

  test('an empty database gets the newest listed release (MITRE URLs in the index are read from the mirror)', async () => {
    publish(['1.0', '2.0']);
    expect(await sync()).toBe(0);
    expect(await versions()).toEqual(['2.0']);
    const s = await status();
    expect(s.running).toBe(false);
    expect(s.keepReleases).toBe(3);
    expect(s.lastRun).toMatchObject({ trigger: 'cli', ok: true, message: 'imported enterprise-attack 2.0' });
    expect(s.lastRun.domains).toEqual([
      { domain: 'enterprise-attack', latest: '2.0', newestImported: null, imported: '2.0', pruned: [], error: null },
    ]);
  });

  test('nothing newer: nothing changes', async () => {
    const before = await graphCounts();
    expect(await sync()).toBe(0);
    expect(out).toMatch(/2\.0 is current/);
    expect(await graphCounts()).toEqual(before);
    expect((await status()).lastRun.message).toBe('every domain is current');
  });

  test('a newer release is imported beside the old one and becomes the default', async () => {
    publish(['1.0', '2.0', '3.0']);
    expect(await sync()).toBe(0);
    expect(await versions()).toEqual(['2.0', '3.0']);
    const { attackReleases } = await gql(`{ attackReleases { version isDefault } }`);
    expect(attackReleases).toEqual([
      { version: '3.0', isDefault: true },
      { version: '2.0', isDefault: false },
    ]);
    expect((await gql(`{ technique(id: "T1059", release: "2.0") { release } }`)).technique.release).toBe('2.0');
  });

  test('offline: a clear message, exit 2, nothing changed, the failure recorded', async () => {
    const before = await graphCounts();
    process.env.ATTACK_STIX_DATA_URL = 'http://127.0.0.1:9';
    try {
      expect(await sync()).toBe(2);
    } finally {
      process.env.ATTACK_STIX_DATA_URL = stix.base;
    }
    expect(out).toMatch(/could not download http:\/\/127\.0\.0\.1:9\/index\.json/);
    expect(await graphCounts()).toEqual(before);
    expect((await status()).lastRun).toMatchObject({ ok: false, trigger: 'cli' });
  });

  test('bad downloads change nothing: HTTP error (exit 2), truncated JSON and a bundle that is not the listed release (exit 1)', async () => {
    const before = await graphCounts();
    publish(['3.0', '4.0']);
    stix.files.set('/enterprise-attack/enterprise-attack-4.0.json', 500);
    expect(await sync()).toBe(2);
    expect(out).toMatch(/HTTP 500/);
    stix.files.set('/enterprise-attack/enterprise-attack-4.0.json', bundle('4.0').slice(0, 200));
    expect(await sync()).toBe(1);
    expect(out).toMatch(/not valid JSON/);
    stix.files.set('/enterprise-attack/enterprise-attack-4.0.json', bundle('3.9'));
    expect(await sync()).toBe(1);
    expect(out).toMatch(/index\.json lists it as enterprise-attack 4\.0 but the bundle is enterprise-attack 3\.9; nothing imported/);
    expect(await graphCounts()).toEqual(before);
    expect(await versions()).toEqual(['2.0', '3.0']);
  });

  test('ATTACK_KEEP_RELEASES prunes the oldest releases and their whole generation', async () => {
    expect(await main(['import', 'attack', '--release', '1.0'])).toBe(0);
    stix.files.set('/enterprise-attack/enterprise-attack-4.0.json', bundle('4.0'));
    process.env.ATTACK_KEEP_RELEASES = '2';
    expect(await sync()).toBe(0);
    expect(await versions()).toEqual(['3.0', '4.0']);
    expect((await status()).lastRun.domains[0]).toMatchObject({ imported: '4.0', pruned: ['2.0', '1.0'] });
    const [{ generations, marked }] = await read('admin', 'generationsInUse');
    expect((generations as string[]).sort()).toEqual((await listReleases()).map((r) => r.generation).sort());
    expect(marked).toEqual([]);
  });

  test('one run at a time: a second concurrent sync is refused', async () => {
    publish(['4.0', '5.0']);
    const results = await Promise.allSettled([services.sync.run({ trigger: 'cli' }), services.sync.run({ trigger: 'cli' })]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(refused.reason).toBeInstanceOf(SyncBusyError);
    expect(await versions()).toEqual(['3.0', '4.0', '5.0']);
  });

  test('the schedule: next run shown in syncStatus, a run logged, an overlapping run skipped', async () => {
    const lines: string[] = [];
    const scheduler = services.sync.startSchedule('*/15 * * * *', (line) => lines.push(line));
    try {
      const s = await status();
      expect(s.schedule).toBe('*/15 * * * *');
      expect(new Date(s.nextRunAt).getMinutes() % 15).toBe(0);
      expect(new Date(s.nextRunAt).getTime()).toBeGreaterThan(Date.now());
      await Promise.all([scheduler.runDue(), scheduler.runDue()]);
      expect(lines).toContain('previous sync still running; this run is skipped');
      expect(lines).toContain('sync finished: every domain is current');
      expect((await status()).lastRun).toMatchObject({ trigger: 'schedule', ok: true });
    } finally {
      services.sync.stopSchedule();
    }
    expect((await status()).schedule).toBeNull();
  });

  test('the syncAttack mutation is for admins only', async () => {
    const asReader = await execute(`mutation { syncAttack { ok } }`, {}, contextFor('reader'));
    expect(asReader.errors).toEqual(['mutations need an admin API key']);
    const asAdmin = await execute(
      `mutation { syncAttack(domains: ["enterprise-attack"]) { trigger ok message } }`,
      {},
      contextFor('admin'),
    );
    expect(asAdmin.data.syncAttack).toEqual({ trigger: 'api', ok: true, message: 'every domain is current' });
    expect((await execute(`mutation { syncAttack(domains: ["pre-attack"]) { ok } }`)).errors[0]).toMatch(/unknown domain/);
  });

  testWithShared('a real release: ICS 18.1 from the shared bundle (gzip served as .json)', async () => {
    stix.files.set('/index.json', stixDataIndex({ 'enterprise-attack': ['5.0'], 'ics-attack': ['17.1', '18.1'] }));
    stix.files.set('/ics-attack/ics-attack-18.1.json', readFileSync(attackBundle('ics-attack-18.1')));
    expect(await sync('--domain', 'ics-attack')).toBe(0);
    const { attackReleases } = await gql(`{ attackReleases { domain version techniqueCount sha256 } }`);
    const ics = attackReleases.find((r: { domain: string }) => r.domain === 'ics-attack');
    expect(ics).toMatchObject({ version: '18.1', techniqueCount: 83 });
    expect(ics.sha256).toMatch(/^[0-9a-f]{64}$/);
  });
});
