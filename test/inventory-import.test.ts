import { removeRelease } from '../import/attack/import-attack';
import { main } from '../cli/main';
import { importInventory } from '../import/inventory/import-inventory';
import { newSnapshotId } from '../import/inventory/write';
import { read, write } from '../src/db/neo4j';
import { ACME, readOracle } from './support/acme';
import { closeDriver, importShared, resetDb } from './support/db';
import { gql, stopGraphql } from './support/graphql';
import { attackCounts, inventoryCounts } from './support/inventory';
import { describeWithShared } from './support/shared';

const STATES = ['CONFIGURED', 'TESTED', 'MONITORED'];

describeWithShared('the example inventory against ATT&CK 18.1 and 17.1', () => {
  const oracle = readOracle();
  beforeAll(async () => {
    await resetDb();
    await importShared('enterprise-attack-18.1');
    await importShared('enterprise-attack-17.1');
    jest.spyOn(console, 'log').mockImplementation(() => undefined);
    expect(await main(['import', 'inventory', ACME])).toBe(0);
    jest.restoreAllMocks();
  });
  afterAll(async () => {
    await stopGraphql();
    await closeDriver();
  });

  test('assets per platform match the file', async () => {
    const platforms = [...new Set(oracle.assets.flatMap((a) => a.platforms))];
    expect(platforms.length).toBeGreaterThanOrEqual(9);
    for (const platform of platforms) {
      const { assets } = await gql('query($p: [String!]) { assets(filter: {platforms: $p}, first: 0) { totalCount } }', { p: [platform] });
      expect([platform, assets.totalCount]).toEqual([platform, oracle.assets.filter((a) => a.platforms.includes(platform)).length]);
    }
    const { assets } = await gql('{ assets(first: 0) { totalCount } }');
    expect(assets.totalCount).toBe(oracle.assets.length);
  });

  test('hosts per log source, per state and per platform, match the file (collection rows and control deployments)', async () => {
    const { logSources } = await gql(`{ logSources { id hostsByState { state hosts }
      c: hostsByPlatform(minState: CONFIGURED) { platform hosts } t: hostsByPlatform(minState: TESTED) { platform hosts }
      m: hostsByPlatform { platform hosts } } }`);
    expect(logSources.length).toBeGreaterThanOrEqual(20);
    for (const ls of logSources) {
      const ranks = oracle.assets.map((a) => ({ a, rank: oracle.collects.get(a.id)!.get(ls.id) ?? 0 }));
      const byState = STATES.map((state, i) => ({ state, hosts: ranks.filter((r) => r.rank === i + 1).length }));
      expect({ id: ls.id, byState: ls.hostsByState }).toEqual({ id: ls.id, byState });
      for (const [field, min] of [
        ['c', 1],
        ['t', 2],
        ['m', 3],
      ] as const) {
        const counts = new Map<string, number>();
        for (const { a, rank } of ranks) if (rank >= min) for (const p of a.platforms) counts.set(p, (counts.get(p) ?? 0) + 1);
        const expected = [...counts].sort(([x], [y]) => x.localeCompare(y)).map(([platform, hosts]) => ({ platform, hosts }));
        expect({ id: ls.id, min, counts: ls[field] }).toEqual({ id: ls.id, min, counts: expected });
      }
    }
  });

  test('control deployments per state match the file', async () => {
    const { controls } = await gql('{ controls { id type hostsByState { state hosts } produces { id } } }');
    expect(controls.map((c: { type: string }) => c.type).sort()).toEqual(['AV', 'CASB', 'EDR', 'IDS', 'NDR', 'Proxy']);
    for (const c of controls) {
      const on = [...oracle.deployed.get(c.id)!.values()];
      expect({ id: c.id, s: c.hostsByState }).toEqual({
        id: c.id,
        s: STATES.map((state, i) => ({ state, hosts: on.filter((r) => r === i + 1).length })),
      });
    }
  });

  test('every asset sits in the one profile of its platforms and effective collection; hosts add up', async () => {
    const counts = await inventoryCounts();
    const pairs = [...oracle.collects.values()].reduce((n, m) => n + m.size, 0);
    expect(counts.COLLECTS).toBe(pairs);
    expect(counts.IN_PROFILE).toBe(oracle.assets.length);
    const profiles = await read('inventory/stats', 'currentProfiles');
    expect(profiles.reduce((n, p) => n + Number(p.hosts), 0)).toBe(oracle.assets.length);
    const signature = (platforms: string[], collects: string[]) => `${[...platforms].sort().join(',')}|${collects.join(',')}`;
    const expected = new Map<string, number>();
    for (const a of oracle.assets) {
      const collects = [...oracle.collects.get(a.id)!].map(([ls, r]) => `${ls}=${r}`).sort();
      const key = signature(a.platforms, collects);
      expected.set(key, (expected.get(key) ?? 0) + 1);
    }
    const actual = new Map(profiles.map((p) => [signature(p.platforms as string[], p.collects as string[]), Number(p.hosts)]));
    expect(actual).toEqual(expected);
  });

  test('an asset shows its log sources with effective state, date and the control that implies them', async () => {
    const { asset } = await gql(
      `{ asset(id: "WS-010") { platforms attackPlatforms tags logSources { logSource { id } state since viaControl { id } } controls { control { id } state } } }`,
    );
    expect(asset.tags).toContain('vip');
    const expected = [...oracle.collects.get('WS-010')!]
      .map(([id, rank]) => ({ id, state: STATES[rank - 1] }))
      .sort((x, y) => x.id.localeCompare(y.id));
    expect(asset.logSources.map((l: { logSource: { id: string }; state: string }) => ({ id: l.logSource.id, state: l.state }))).toEqual(
      expected,
    );
    expect(asset.logSources.find((l: { logSource: { id: string } }) => l.logSource.id === 'win-sec-4688')).toMatchObject({
      since: '2025-06-01',
      viaControl: null,
    });
    expect(asset.logSources.find((l: { logSource: { id: string } }) => l.logSource.id === 'edr-process')).toMatchObject({
      state: 'MONITORED',
      viaControl: { id: 'edr' },
    });
    const { asset: aws } = await gql('{ asset(id: "AWS-PROD") { platforms attackPlatforms } }');
    expect(aws).toEqual({ platforms: ['AWS'], attackPlatforms: ['IaaS'] });
    const { asset: entra } = await gql('{ asset(id: "ENTRA-ID") { attackPlatforms } }');
    expect(entra.attackPlatforms).toEqual(['Identity Provider']);
  });

  test('names resolve in 18.1 and carry over to 17.1 by STIX id; DC ids and names resolve alike', async () => {
    const { logSources } = await gql(
      `{ logSources { id v18: dataComponents { attackId name } v17: dataComponents(release: "17.1") { name } } }`,
    );
    const byId = new Map(logSources.map((l: { id: string }) => [l.id, l]));
    const names = (id: string, field: 'v18' | 'v17') => (byId.get(id) as Record<string, { name: string }[]>)[field].map((d) => d.name);
    expect(names('win-sec-4688', 'v18')).toEqual(['Process Creation']);
    expect(names('win-sec-4688', 'v17')).toEqual(['Process Creation']);
    expect(names('edr-process', 'v18').sort()).toEqual(['Command Execution', 'Process Creation', 'Process Termination']);
    expect(names('edr-file', 'v17').sort()).toEqual(['File Creation', 'File Deletion', 'File Modification']);
    for (const l of logSources) expect([l.id, l.v18.length > 0]).toEqual([l.id, true]);
  });

  test('one log source per event ID: each resolves through the ATT&CK pairs naming it, without a warning', async () => {
    const {
      inventorySnapshots: [current],
    } = await gql('{ inventorySnapshots { warnings } }');
    expect(current.warnings.filter((w: string) => /resolves to no ATT&CK data component/.test(w))).toEqual([]);
    const { logSources } = await gql('{ logSources { id dataComponents { name } } }');
    const names = (id: string) =>
      logSources
        .find((l: { id: string }) => l.id === id)
        .dataComponents.map((d: { name: string }) => d.name)
        .sort();
    // 4104 is named only inside (WinEventLog:PowerShell, EventCode=4103, 4104, 4105, 4106), under ATT&CK's short name.
    expect(names('ps-4104')).toEqual(['Command Execution', 'Script Execution']);
    // Sysmon 22 only inside (WinEventLog:Sysmon, EventCode=3, 22); here spelt as Splunk spells the channel.
    expect(names('sysmon-22')).toEqual(['Network Connection Creation']);
    expect(names('win-sec-4624')).toEqual(['Logon Session Creation', 'Logon Session Metadata']);

    // T1059.001 on Windows: the PowerShell list pair is matched by ps-4103 and ps-4104, and shows which member each matched.
    const { techniqueCoverage } = await gql(`{ techniqueCoverage(id: "T1059.001", query: {platforms: ["Windows"]}) { platforms {
      logSources { name channel hosts collectedBy { logSource { id } atMinState matchedMembers } } } } }`);
    const pair = techniqueCoverage.platforms[0].logSources.find(
      (l: { channel: string }) => l.channel === 'EventCode=4103, 4104, 4105, 4106',
    );
    const monitored = (id: string) =>
      oracle.assets.filter((a) => a.platforms.includes('Windows') && (oracle.collects.get(a.id)!.get(id) ?? 0) === 3);
    const either = new Set([...monitored('ps-4103'), ...monitored('ps-4104')]);
    expect(either.size).toBeGreaterThan(0);
    expect(pair.hosts).toBe(either.size);
    expect(pair.collectedBy).toEqual([
      { logSource: { id: 'ps-4103' }, atMinState: monitored('ps-4103').length, matchedMembers: ['EventCode=4103'] },
      { logSource: { id: 'ps-4104' }, atMinState: monitored('ps-4104').length, matchedMembers: ['EventCode=4104'] },
    ]);
  });

  test('re-importing replaces the snapshot atomically; ATT&CK is untouched; the old one keeps only its record', async () => {
    const attack = await attackCounts();
    const before = await inventoryCounts();
    const {
      inventorySnapshots: [old],
    } = await gql('{ inventorySnapshots { id status } }');
    const result = await importInventory({ document: ACME, csv: [] });
    expect(result.previous).toBe(old.id);
    expect(await attackCounts()).toEqual(attack);
    expect(await inventoryCounts()).toEqual(before);
    const { inventorySnapshots } = await gql('{ inventorySnapshots { id status sources sha256 counts { name count } } }');
    expect(inventorySnapshots.slice(0, 2).map((s: { id: string; status: string }) => [s.id, s.status])).toEqual([
      [result.id, 'current'],
      [old.id, 'archived'],
    ]);
    expect(inventorySnapshots[0].sources.map((s: string) => s.split('/').pop())).toEqual(['inventory.yaml', 'assets.csv']);
    expect(inventorySnapshots[0].sha256.every((h: string) => /^[0-9a-f]{64}$/.test(h))).toBe(true);
    const left = await read('inventory/stats', 'snapshotNodes');
    expect(left.map((r) => r.snapshot)).toEqual([result.id]);
  });

  test('a killed import leaves the current snapshot; the next import removes its leftovers', async () => {
    const before = await inventoryCounts();
    const stale = newSnapshotId();
    await write('inventory/import', 'createSnapshot', { snapshot: stale, startedAt: new Date().toISOString() });
    await write('inventory/import', 'createLogSources', { rows: [{ key: `${stale}|x`, snapshot: stale, id: 'x', origin: 'inventory' }] });
    expect(await inventoryCounts()).toEqual(before);
    await importInventory({ document: ACME, csv: [] });
    const left = await read('inventory/stats', 'snapshotNodes');
    expect(left.map((r) => r.snapshot)).not.toContain(stale);
    const { inventorySnapshots } = await gql('{ inventorySnapshots { id } }');
    expect(inventorySnapshots.map((s: { id: string }) => s.id)).not.toContain(stale);
  });

  test('importing ATT&CK again leaves the inventory as it was and re-resolves PROVIDES to the new generation', async () => {
    const before = await inventoryCounts();
    const { logSources: resolvedBefore } = await gql('{ logSources { id dataComponents(release: "17.1") { stixId } } }');
    await importShared('enterprise-attack-17.1');
    expect(await inventoryCounts()).toEqual(before);
    const { logSources: resolvedAfter } = await gql('{ logSources { id dataComponents(release: "17.1") { stixId } } }');
    expect(resolvedAfter).toEqual(resolvedBefore);
    const targets = await read('inventory/stats', 'providesTargets');
    expect(targets.every((t) => t.loaded)).toBe(true);
    expect(targets).toHaveLength(2);
  });

  test('a release added and then removed: platform links and PROVIDES follow the releases loaded', async () => {
    const links = async (platform: string) =>
      (await read('inventory/stats', 'assetPlatformLinks'))
        .filter((r) => (r.platforms as string[]).join() === platform)
        .map((r) => r.targets);
    const generations = async () => (await read('inventory/stats', 'providesTargets')).map((t) => [t.generation, t.loaded]).sort();
    const before = await generations();
    expect(await links('Network Devices')).toEqual([['Network Devices']]);
    await importShared('enterprise-attack-15.1'); // 15.1 still calls the platform "Network"
    expect(await links('Network Devices')).toEqual([['Network', 'Network Devices']]);
    expect(await generations()).toHaveLength(3);
    expect(await removeRelease('enterprise-attack@15.1')).toBe(true);
    expect(await links('Network Devices')).toEqual([['Network Devices']]);
    expect(await generations()).toEqual(before);
  });
});
