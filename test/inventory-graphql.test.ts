import { read } from '../src/db/neo4j';
import { matchAssets } from '../src/inventory/filter';
import { inventoryResolvers } from '../src/inventory/resolvers';
import { OracleAsset, readOracle } from './support/acme';
import { contextFor, execute, gql } from './support/graphql';
import { onAcme } from './support/acme-suite';
import { describeWithShared } from './support/shared';

const ids = (list: OracleAsset[]) => list.map((a) => a.id).sort();

describeWithShared('inventory GraphQL over the example inventory', () => {
  const oracle = readOracle();
  onAcme();

  const assetIds = async (variables: Record<string, unknown>) => {
    const { assets } = await gql(
      `query($f: AssetFilter, $c: CollectingFilter, $d: DeployedFilter) {
      assets(filter: $f, collecting: $c, deployed: $d, first: 5000) { totalCount nodes { id } } }`,
      variables,
    );
    expect(assets.totalCount).toBe(assets.nodes.length);
    return assets.nodes.map((n: { id: string }) => n.id) as string[];
  };

  test('AssetFilter: AND across keys, any of the values within a list, all of the tags', async () => {
    const where = (f: (a: OracleAsset) => boolean) => ids(oracle.assets.filter(f));
    const cases: [Record<string, string[]>, (a: OracleAsset) => boolean][] = [
      [{ platforms: ['Windows', 'macOS'] }, (a) => a.platforms.includes('Windows') || a.platforms.includes('macOS')],
      [
        { businessUnits: ['Finance', 'HR'], platforms: ['windows'] },
        (a) => ['Finance', 'HR'].includes(a.businessUnit!) && a.platforms.includes('Windows'),
      ],
      [{ tags: ['workstation', 'emea'] }, (a) => a.tags.includes('workstation') && a.tags.includes('emea')],
      [
        { tags: ['server'], environments: ['staging', 'dev'], criticalities: ['low'] },
        (a) => a.tags.includes('server') && ['staging', 'dev'].includes(a.environment!) && a.criticality === 'low',
      ],
      [{ ids: ['WS-001', 'LNX-002', 'NOPE'] }, (a) => ['WS-001', 'LNX-002'].includes(a.id)],
      [{ platforms: ['IaaS'] }, (a) => a.platforms.some((p) => ['AWS', 'Azure'].includes(p))],
      [{ platforms: ['Identity Provider'] }, (a) => a.platforms.includes('Entra ID')],
      [{ tags: [] }, () => true],
    ];
    for (const [filter, predicate] of cases) {
      const expected = where(predicate);
      expect(expected.length).toBeGreaterThan(0);
      expect({ filter, ids: (await assetIds({ f: filter })).sort() }).toEqual({ filter, ids: expected });
    }
  });

  test('assets collecting a log source at a state, or with a control deployed', async () => {
    const collecting = (ls: string, min: number) => ids(oracle.assets.filter((a) => (oracle.collects.get(a.id)!.get(ls) ?? 0) >= min));
    expect((await assetIds({ c: { logSources: ['sysmon-1'] } })).sort()).toEqual(collecting('sysmon-1', 3));
    expect((await assetIds({ c: { logSources: ['sysmon-1'], minState: 'CONFIGURED' } })).sort()).toEqual(collecting('sysmon-1', 1));
    const deployed = (control: string, min: number) =>
      ids(oracle.assets.filter((a) => (oracle.deployed.get(control)!.get(a.id) ?? 0) >= min));
    expect((await assetIds({ d: { controls: ['edr'] } })).sort()).toEqual(deployed('edr', 1));
    expect(await assetIds({ d: { controls: ['edr'], minState: 'MONITORED' }, f: { platforms: ['Linux'] } })).toEqual([]);
    expect((await assetIds({ d: { controls: ['edr'], minState: 'TESTED' }, f: { platforms: ['Linux'] } })).sort()).toEqual(
      ids(oracle.assets.filter((a) => a.platforms.includes('Linux') && a.environment === 'prod')),
    );
  });

  test('cursor paging walks every asset once, in id order', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const { assets }: any = await gql(
        'query($after: String) { assets(first: 70, after: $after) { nodes { id } pageInfo { hasNextPage endCursor } } }',
        { after },
      );
      seen.push(...assets.nodes.map((n: { id: string }) => n.id));
      if (!assets.pageInfo.hasNextPage) break;
      after = assets.pageInfo.endCursor;
    }
    expect(seen).toEqual(ids(oracle.assets).sort((a, b) => (a < b ? -1 : 1)));
  });

  test('setCollectionState changes the effective state where it is the highest, and keeps profiles exact', async () => {
    const linuxCovered = async () =>
      (await gql('{ coverage(query: {platforms: ["Linux"]}, first: 5000) { nodes { hostsCovered } } }')).coverage.nodes.reduce(
        (n: number, r: { hostsCovered: number }) => n + r.hostsCovered,
        0,
      );
    const coveredBefore = await linuxCovered(); // fills the whole-fleet cache, which the change must not outlive
    const { setCollectionState } = await gql(
      `mutation { setCollectionState(logSource: "macos-es-exec", assets: {platforms: ["macOS"], businessUnits: ["Sales"]}, state: MONITORED, since: "2026-05-01") { matched changed } }`,
    );
    const sales = oracle.assets.filter((a) => a.platforms.includes('macOS') && a.businessUnit === 'Sales');
    expect(setCollectionState.matched).toBe(sales.length);
    // Setting EDR-implied process telemetry lower changes nothing: the deployment still implies monitored.
    const { setCollectionState: lower } = await gql(
      `mutation { setCollectionState(logSource: "edr-process", assets: {tags: ["workstation"]}, state: CONFIGURED) { matched changed } }`,
    );
    expect(lower).toEqual({ matched: oracle.assets.filter((a) => a.tags.includes('workstation')).length, changed: 0 });
    // Removing a collection row drops it where no control implies it.
    const { setCollectionState: removed } = await gql(
      `mutation { setCollectionState(logSource: "linux-syslog", assets: {ids: ["LNX-001"]}, state: null) { matched changed } }`,
    );
    expect(removed).toEqual({ matched: 1, changed: 1 });
    expect(await linuxCovered()).toBeLessThan(coveredBefore); // LNX-001 lost linux-syslog

    const { asset } = await gql('{ asset(id: "MAC-003") { logSources(minState: MONITORED) { logSource { id } since } } }');
    expect(asset.logSources).toContainEqual({ logSource: { id: 'macos-es-exec' }, since: '2026-05-01' });
    const { asset: lnx } = await gql('{ asset(id: "LNX-001") { logSources { logSource { id } } } }');
    expect(lnx.logSources.map((l: { logSource: { id: string } }) => l.logSource.id)).not.toContain('linux-syslog');

    // Profiles still group exactly the assets with the same platforms and collection.
    const { keys } = await matchAssets({}, 0, 0, true);
    const { assets } = await gql('{ assets(first: 5000) { nodes { id platforms logSources { logSource { id } state } } } }');
    const rank = { CONFIGURED: 1, TESTED: 2, MONITORED: 3 } as Record<string, number>;
    const expected = new Map<string, number>();
    for (const a of assets.nodes) {
      const sig = `${a.platforms.join(',')}|${a.logSources
        .map((l: { logSource: { id: string }; state: string }) => `${l.logSource.id}=${rank[l.state]}`)
        .sort()
        .join(',')}`;
      expected.set(sig, (expected.get(sig) ?? 0) + 1);
    }
    const profiles = await read('inventory/stats', 'currentProfiles');
    expect(
      new Map(profiles.map((p) => [`${(p.platforms as string[]).join(',')}|${(p.collects as string[]).join(',')}`, Number(p.hosts)])),
    ).toEqual(expected);
    expect(keys).toHaveLength(oracle.assets.length);
    const {
      inventorySnapshots: [current],
    } = await gql('{ inventorySnapshots { modifiedAt } }');
    expect(current.modifiedAt).toBeTruthy();
  });

  test('upsertAsset validates like a file and joins the profile of its platforms', async () => {
    const { errors } = await execute('mutation { upsertAsset(asset: {id: "X", platforms: ["Windwos"], criticality: "urgent"}) { id } }');
    expect(errors[0]).toMatch(/asset\.platforms\[0\]: unknown platform "Windwos"/);
    expect(errors[0]).toMatch(/asset\.criticality: unknown criticality "urgent"/);
    const { upsertAsset } = await gql(
      'mutation { upsertAsset(asset: {id: "GCP-PROJ", platforms: ["gcp"], tags: ["cloud"], criticality: "high"}) { id platforms attackPlatforms logSources { state } } }',
    );
    expect(upsertAsset).toEqual({ id: 'GCP-PROJ', platforms: ['GCP'], attackPlatforms: ['IaaS'], logSources: [] });
    const { assets } = await gql('{ assets(filter: {platforms: ["IaaS"]}) { totalCount } }');
    expect(assets.totalCount).toBe(4);
  });

  test('mutations check the role themselves (a reader is turned away even without the server plugin)', async () => {
    const resolver = inventoryResolvers.Mutation!.setCollectionState as unknown as (p: unknown, a: unknown, c: unknown) => unknown;
    expect(() => resolver(undefined, { logSource: 'x', assets: {}, state: 'MONITORED' }, contextFor('reader'))).toThrow(/admin/);
    const { errors } = await execute(
      'mutation { setCollectionState(logSource: "x", assets: {}, state: MONITORED) { matched } }',
      {},
      contextFor('reader'),
    );
    expect(errors[0]).toMatch(/admin/);
  });

  test('a list costs a bounded number of round trips', async () => {
    const { statementCount } = await import('../src/db/neo4j');
    const cost = async (first: number) => {
      const before = statementCount();
      await gql(
        `{ assets(first: ${first}) { nodes { id attackPlatforms logSources { logSource { id dataComponents { name } } viaControl { id } } controls { control { id hosts } } } } }`,
      );
      return statementCount() - before;
    };
    expect(await cost(200)).toBe(await cost(5));
  });
});
