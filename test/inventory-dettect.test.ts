import { join } from 'node:path';
import { main } from '../cli/main';
import { projectRoot } from '../src/config';
import { closeDriver, graphCounts, importShared, resetDb } from './support/db';
import { gql, stopGraphql } from './support/graphql';
import { dettectFile, describeWithShared } from './support/shared';

const fixture = (name: string) => join(projectRoot, 'test', 'fixtures', name);
const HOSTS = fixture('inventory/dettect-hosts.yaml');

describeWithShared('DeTT&CT data source administration files against 18.1', () => {
  let out: string;
  let err: string;
  const cli = async (...args: string[]) => {
    out = '';
    err = '';
    jest.spyOn(console, 'log').mockImplementation((...a) => void (out += `${a.join(' ')}\n`));
    jest.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((err += String(chunk)), true));
    try {
      return await main(args);
    } finally {
      jest.restoreAllMocks();
    }
  };
  const logSources = async () =>
    (
      await gql(`{ logSources { id origin dataComponentRefs attributes hostsByState { state hosts }
    dataComponents { name } } }`)
    ).logSources as {
      id: string;
      origin: string;
      dataComponentRefs: string[];
      attributes: string | null;
      hostsByState: { state: string; hosts: number }[];
      dataComponents: { name: string }[];
    }[];
  const hosts = (l: { hostsByState: { state: string; hosts: number }[] }) =>
    Object.fromEntries(l.hostsByState.map((s) => [s.state, s.hosts]));
  const platformCoverage = async (technique: string, platform: string) =>
    (
      await gql(`{ techniqueCoverage(id: "${technique}", query: {platforms: ["${platform}"]}) {
    platforms { platform hostsTotal hostsCovered dataComponents { name hosts collectedBy { logSource { id } } } } } }`)
    ).techniqueCoverage.platforms[0] as {
      platform: string;
      hostsTotal: number;
      hostsCovered: number;
      dataComponents: { name: string; hosts: number; collectedBy: { logSource: { id: string } }[] }[];
    };

  beforeAll(async () => {
    await resetDb();
    await importShared('enterprise-attack-18.1');
  });
  afterAll(async () => {
    await stopGraphql();
    await closeDriver();
  });

  test('without an inventory there are no hosts to map systems to', async () => {
    expect(await cli('import', 'dettect', dettectFile('data-sources-endpoints.yaml'))).toBe(1);
    expect(err).toMatch(/no inventory is imported/);
  });

  test('the real sample: components resolve (one by case, with a warning), both systems map to assets, T1557 is kept', async () => {
    expect(await cli('import', 'inventory', HOSTS)).toBe(0);
    // Before the DeTT&CT layer nothing detects T1001 on Windows or T1568.002 on Linux (18.1: Network Traffic Content, and Flow).
    expect((await platformCoverage('T1001', 'Windows')).hostsCovered).toBe(0);
    expect((await platformCoverage('T1568.002', 'Linux')).hostsCovered).toBe(0);
    expect(await cli('import', 'dettect', dettectFile('data-sources-endpoints.yaml'))).toBe(0);
    expect(out).toMatch(
      /data_sources\[9\]\.data_source_name: data component "Firewall rule modification" matched ATT&CK's "Firewall Rule Modification" ignoring case/,
    );
    // DeTT&CT's own Web and Internal DNS are known: no warning about them.
    expect(out).not.toMatch(/DeTT&CT data source\]/);
    expect(out).toContain('system "Windows workstations" -> 3 assets');
    expect(out).toContain('system "Linux servers" -> 2 assets');

    const all = await logSources();
    const dettect = all.filter((l) => l.origin === 'dettect');
    expect(dettect).toHaveLength(17);
    const firewall = dettect.find((l) => l.id === 'dettect:firewall-rule-modification@all')!;
    expect(firewall.dataComponentRefs).toEqual(['Firewall Rule Modification']);
    expect(firewall.dataComponents.map((d) => d.name)).toEqual(['Firewall Rule Modification']);
    expect(hosts(firewall)).toEqual({ CONFIGURED: 0, TESTED: 0, MONITORED: 5 });
    const sysmon = dettect.find((l) => l.id === 'dettect:process-creation@windows-workstations')!;
    expect(JSON.parse(sysmon.attributes!).dettect).toMatchObject({
      products: ['Sysmon'],
      dateConnected: '2020-03-10',
      availableForDataAnalytics: true,
    });
    for (const l of dettect) expect([l.id, l.dataComponents.length]).toEqual([l.id, 1]);
    // DeTT&CT's wiki ("DeTT&CT data sources"): its own data sources are finer parts of Network Traffic Content.
    for (const id of ['dettect:web@all', 'dettect:internal-dns@all']) {
      const own = dettect.find((l) => l.id === id)!;
      expect([id, own.dataComponentRefs, own.dataComponents.map((d) => d.name), hosts(own)]).toEqual([
        id,
        ['Network Traffic Content'],
        ['Network Traffic Content'],
        { CONFIGURED: 0, TESTED: 0, MONITORED: 5 },
      ]);
    }
    // DeTT&CT's data/dettect_data_sources.json lists Internal DNS and Web for T1001 and T1568.002: they
    // now cover them, on the workstations (3 of 4 Windows hosts: DC-01 is in no system) and both Linux servers.
    const t1001 = await platformCoverage('T1001', 'Windows');
    expect(t1001).toMatchObject({ hostsTotal: 4, hostsCovered: 3 });
    expect(t1001.dataComponents.map((c) => [c.name, c.hosts, c.collectedBy.map((u) => u.logSource.id).sort()])).toEqual([
      ['Network Traffic Content', 3, ['dettect:internal-dns@all', 'dettect:web@all']],
    ]);
    expect(await platformCoverage('T1568.002', 'Linux')).toMatchObject({ hostsTotal: 2, hostsCovered: 2 });
    // The table maps to a data component, not to DeTT&CT's techniques: T1557.003 (DHCP Spoofing), for
    // which DeTT&CT lists none of them, is covered through Network Traffic Content as well (docs/inventory.md).
    expect(await platformCoverage('T1557.003', 'Windows')).toMatchObject({ hostsTotal: 4, hostsCovered: 3 });
    // The inventory's own log source is kept beside the layer.
    expect(hosts(all.find((l) => l.id === 'fw-syslog')!)).toEqual({ CONFIGURED: 0, TESTED: 0, MONITORED: 1 });

    const { asset } = await gql('{ asset(id: "WIN-01") { logSources { logSource { id } state since } } }');
    expect(asset.logSources).toContainEqual({
      logSource: { id: 'dettect:process-creation@windows-workstations' },
      state: 'MONITORED',
      since: '2020-03-10',
    });
    const {
      inventorySnapshots: [current],
    } = await gql('{ inventorySnapshots { status sources exceptions { techniqueId name } } }');
    expect(current.status).toBe('current');
    expect(current.exceptions).toEqual([{ techniqueId: 'T1557', name: 'Adversary-in-the-Middle' }]);
    expect(current.sources.map((s: string) => s.split('/').pop())).toEqual(['dettect-hosts.yaml', 'data-sources-endpoints.yaml']);
  });

  test('a second DeTT&CT file replaces the first layer; the mapping file says which assets each system is; the state rule', async () => {
    expect(await cli('import', 'dettect', fixture('dettect/small.yaml'), '--systems', fixture('dettect/systems.yaml'))).toBe(0);
    const dettect = (await logSources()).filter((l) => l.origin === 'dettect');
    expect(dettect.map((l) => [l.id, hosts(l)])).toEqual([
      ['dettect:dns@windows-workstations', { CONFIGURED: 0, TESTED: 0, MONITORED: 3 }],
      ['dettect:logon-session-creation@domain-controllers', { CONFIGURED: 0, TESTED: 0, MONITORED: 0 }],
      ['dettect:process-creation@windows-workstations', { CONFIGURED: 0, TESTED: 0, MONITORED: 3 }],
      ['dettect:web@windows-workstations', { CONFIGURED: 0, TESTED: 0, MONITORED: 3 }],
      ['dettect:windows-registry-key-modification@all', { CONFIGURED: 4, TESTED: 0, MONITORED: 0 }],
    ]);
    expect(out).toContain('system "Domain controllers" -> 1 assets (["DC-01"])');
    // An unknown DeTT&CT data source is a warning and provides nothing; the known Web beside it provides its component.
    expect(out).toMatch(
      /small\.yaml:\d+: data_sources\[4\]\.data_source_name: "DNS \[DeTT&CT data source\]" is not one of DeTT&CT's own data sources \(Web, Internal DNS, Email, DHCP\): kept as a log source that provides none/,
    );
    expect(out).not.toMatch(/"Web \[DeTT&CT data source\]"/);
    const components = (id: string) => dettect.find((l) => l.id === id)!.dataComponents.map((d) => d.name);
    expect(components('dettect:dns@windows-workstations')).toEqual([]);
    expect(components('dettect:web@windows-workstations')).toEqual(['Network Traffic Content']);
    const {
      inventorySnapshots: [current],
    } = await gql('{ inventorySnapshots { sources exceptions { techniqueId } } }');
    expect(current.exceptions).toEqual([{ techniqueId: 'T1003.001' }]);
    expect(current.sources.map((s: string) => s.split('/').pop())).toEqual(['dettect-hosts.yaml', 'small.yaml', 'systems.yaml']);
  });

  test('an unknown data component is reported and nothing changes; --allow-unknown imports it', async () => {
    const before = await graphCounts();
    expect(await cli('import', 'dettect', fixture('dettect/unknown-component.yaml'), '--systems', fixture('dettect/systems.yaml'))).toBe(1);
    expect(err).toMatch(
      /unknown-component\.yaml:12: data_sources\[0\]\.data_source_name: data component "Procss Creation" is not in the loaded ATT&CK releases/,
    );
    expect(await graphCounts()).toEqual(before);
    expect(
      await cli(
        'import',
        'dettect',
        fixture('dettect/unknown-component.yaml'),
        '--systems',
        fixture('dettect/systems.yaml'),
        '--allow-unknown',
      ),
    ).toBe(0);
    expect(out).toMatch(/"Procss Creation" is not in the loaded ATT&CK releases.*kept \(--allow-unknown\)/);
  });
});
