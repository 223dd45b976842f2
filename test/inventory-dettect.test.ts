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
  const logSources = async () => (await gql(`{ logSources { id origin dataComponentRefs attributes hostsByState { state hosts }
    dataComponents { name } } }`)).logSources as { id: string; origin: string; dataComponentRefs: string[]; attributes: string | null;
    hostsByState: { state: string; hosts: number }[]; dataComponents: { name: string }[] }[];
  const hosts = (l: { hostsByState: { state: string; hosts: number }[] }) => Object.fromEntries(l.hostsByState.map((s) => [s.state, s.hosts]));

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

  test("the real sample: components resolve (one by case, with a warning), both systems map to assets, T1557 is kept", async () => {
    expect(await cli('import', 'inventory', HOSTS)).toBe(0);
    expect(await cli('import', 'dettect', dettectFile('data-sources-endpoints.yaml'))).toBe(0);
    expect(out).toMatch(/data_sources\[9\]\.data_source_name: data component "Firewall rule modification" matched ATT&CK's "Firewall Rule Modification" ignoring case/);
    expect(out).toMatch(/"Web \[DeTT&CT data source\]" is DeTT&CT's own data source/);
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
    expect(JSON.parse(sysmon.attributes!).dettect).toMatchObject({ products: ['Sysmon'], dateConnected: '2020-03-10', availableForDataAnalytics: true });
    for (const l of dettect.filter((x) => !x.id.startsWith('dettect:web') && !x.id.startsWith('dettect:internal-dns'))) {
      expect([l.id, l.dataComponents.length]).toEqual([l.id, 1]);
    }
    // The inventory's own log source is kept beside the layer.
    expect(hosts(all.find((l) => l.id === 'fw-syslog')!)).toEqual({ CONFIGURED: 0, TESTED: 0, MONITORED: 1 });

    const { asset } = await gql('{ asset(id: "WIN-01") { logSources { logSource { id } state since } } }');
    expect(asset.logSources).toContainEqual({ logSource: { id: 'dettect:process-creation@windows-workstations' }, state: 'MONITORED', since: '2020-03-10' });
    const { inventorySnapshots: [current] } = await gql('{ inventorySnapshots { status sources exceptions { techniqueId name } } }');
    expect(current.status).toBe('current');
    expect(current.exceptions).toEqual([{ techniqueId: 'T1557', name: 'Adversary-in-the-Middle' }]);
    expect(current.sources.map((s: string) => s.split('/').pop())).toEqual(['dettect-hosts.yaml', 'data-sources-endpoints.yaml']);
  });

  test('a second DeTT&CT file replaces the first layer; the mapping file says which assets each system is; the state rule', async () => {
    expect(await cli('import', 'dettect', fixture('dettect/small.yaml'), '--systems', fixture('dettect/systems.yaml'))).toBe(0);
    const dettect = (await logSources()).filter((l) => l.origin === 'dettect');
    expect(dettect.map((l) => [l.id, hosts(l)])).toEqual([
      ['dettect:logon-session-creation@domain-controllers', { CONFIGURED: 0, TESTED: 0, MONITORED: 0 }],
      ['dettect:process-creation@windows-workstations', { CONFIGURED: 0, TESTED: 0, MONITORED: 3 }],
      ['dettect:web@windows-workstations', { CONFIGURED: 0, TESTED: 0, MONITORED: 3 }],
      ['dettect:windows-registry-key-modification@all', { CONFIGURED: 4, TESTED: 0, MONITORED: 0 }],
    ]);
    expect(out).toContain('system "Domain controllers" -> 1 assets (["DC-01"])');
    const { inventorySnapshots: [current] } = await gql('{ inventorySnapshots { sources exceptions { techniqueId } } }');
    expect(current.exceptions).toEqual([{ techniqueId: 'T1003.001' }]);
    expect(current.sources.map((s: string) => s.split('/').pop())).toEqual(['dettect-hosts.yaml', 'small.yaml', 'systems.yaml']);
  });

  test('an unknown data component is reported and nothing changes; --allow-unknown imports it', async () => {
    const before = await graphCounts();
    expect(await cli('import', 'dettect', fixture('dettect/unknown-component.yaml'), '--systems', fixture('dettect/systems.yaml'))).toBe(1);
    expect(err).toMatch(/unknown-component\.yaml:12: data_sources\[0\]\.data_source_name: data component "Procss Creation" is not in the loaded ATT&CK releases/);
    expect(await graphCounts()).toEqual(before);
    expect(await cli('import', 'dettect', fixture('dettect/unknown-component.yaml'), '--systems', fixture('dettect/systems.yaml'), '--allow-unknown')).toBe(0);
    expect(out).toMatch(/"Procss Creation" is not in the loaded ATT&CK releases.*kept \(--allow-unknown\)/);
  });
});
