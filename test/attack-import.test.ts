import { gql, stopGraphql } from './support/graphql';
import { closeDriver, graphCounts, importShared, resetDb } from './support/db';
import { describeWithShared } from './support/shared';

/** Acceptance figures of the foundation issue, from the real bundles in ../shared/attack. */
describeWithShared('ATT&CK import, real releases', () => {
  beforeAll(async () => {
    await resetDb();
    for (const name of [
      'enterprise-attack-6.3',
      'enterprise-attack-17.1',
      'enterprise-attack-18.1',
      'ics-attack-18.1',
      'mobile-attack-17.1',
    ]) {
      await importShared(name);
    }
  });
  afterAll(async () => {
    await stopGraphql();
    await closeDriver();
  });

  const count = async (release: string, filter: Record<string, unknown> = {}) =>
    (await gql(`query($f: TechniqueFilter) { techniques(filter: $f, first: 0) { totalCount } }`, { f: { release, ...filter } })).techniques
      .totalCount;

  test('enterprise 6.3: 266 techniques, 9 platforms, 59 data source strings, 12 tactics', async () => {
    expect(await count('6.3')).toBe(266);
    const data = await gql(
      `{ platforms(release: "6.3") { name } dataSources(release: "6.3") { name object { stixId } } tactics(release: "6.3") { shortname } }`,
    );
    expect(data.platforms.map((p: { name: string }) => p.name).sort()).toEqual(
      ['AWS', 'Azure', 'Azure AD', 'GCP', 'Linux', 'Office 365', 'SaaS', 'Windows', 'macOS'].sort(),
    );
    expect(data.dataSources).toHaveLength(59);
    expect(data.dataSources.every((d: { object: unknown }) => d.object === null)).toBe(true);
    expect(data.tactics).toHaveLength(12);
  });

  test('enterprise 17.1: 679 techniques (468 sub), 11 platforms, 106/109 components, 37 data sources, 2116 detects', async () => {
    expect(await count('17.1')).toBe(679);
    expect(await count('17.1', { includeSubtechniques: false })).toBe(679 - 468);
    const data = await gql(`{
      platforms(release: "17.1") { name }
      active: dataComponents(release: "17.1") { stixId }
      all: dataComponents(release: "17.1", includeDeprecated: true) { stixId }
      dataSources(release: "17.1", includeDeprecated: false) { name }
    }`);
    expect(data.platforms).toHaveLength(11);
    expect(data.active).toHaveLength(106);
    expect(data.all).toHaveLength(109);
    expect(data.dataSources).toHaveLength(37);
    const detects = await gql(`{ dataComponents(release: "17.1") { techniques { attackId } } }`);
    const pairs = detects.dataComponents.reduce((n: number, d: { techniques: unknown[] }) => n + d.techniques.length, 0);
    expect(pairs).toBe(2116);
  });

  test('enterprise 18.1: 691 techniques (475 sub), 14 tactics, 691 strategies, 1739 analytics, 106 components, 38 deprecated data sources', async () => {
    expect(await count('18.1')).toBe(691);
    expect(await count('18.1', { includeSubtechniques: false })).toBe(691 - 475);
    const data = await gql(`{
      tactics(release: "18.1") { shortname }
      detectionStrategies(release: "18.1") { analytics { stixId } }
      dataComponents(release: "18.1") { stixId }
      all: dataSources(release: "18.1") { object { deprecated } }
      active: dataSources(release: "18.1", includeDeprecated: false) { name }
    }`);
    expect(data.tactics).toHaveLength(14);
    expect(data.detectionStrategies).toHaveLength(691);
    expect(data.detectionStrategies.reduce((n: number, s: { analytics: unknown[] }) => n + s.analytics.length, 0)).toBe(1739);
    expect(data.dataComponents).toHaveLength(106);
    expect(data.all).toHaveLength(38);
    expect(data.all.every((d: { object: { deprecated: boolean } }) => d.object.deprecated)).toBe(true);
    expect(data.active).toHaveLength(0);
  });

  test('T1059.001 on Windows resolves to strategies, analytics and (name, channel) log sources', async () => {
    const { technique } = await gql(`{ technique(id: "T1059.001") {
      name detectionStrategies { attackId }
      detectionByPlatform { platform analytics { attackId logSourceReferences { name channel dataComponent { attackId } } } logSources { name channel } }
    } }`);
    expect(technique.name).toBe('PowerShell');
    expect(technique.detectionStrategies.length).toBeGreaterThan(0);
    const windows = technique.detectionByPlatform.find((p: { platform: string }) => p.platform === 'Windows');
    expect(windows.analytics.length).toBeGreaterThan(0);
    expect(windows.logSources).toContainEqual({ name: 'WinEventLog:PowerShell', channel: 'EventCode=4103, 4104, 4105, 4106' });
    const refs = windows.analytics.flatMap((a: { logSourceReferences: unknown[] }) => a.logSourceReferences);
    expect(refs.every((r: { dataComponent: { attackId: string } | null }) => /^DC\d{4}$/.test(r.dataComponent?.attackId ?? ''))).toBe(true);
  });

  test('detection per platform comes in a stable order for every 18.1 technique', async () => {
    const nodes: any[] = [];
    for (let after: string | null = null; ;) {
      const { techniques }: any = await gql(
        `query($after: String) { techniques(filter: { release: "18.1" }, first: 300, after: $after) {
        nodes { detectionByPlatform { platform dataComponents { name } analytics { attackId } logSources { name channel } } }
        pageInfo { hasNextPage endCursor }
      } }`,
        { after },
      );
      nodes.push(...techniques.nodes);
      if (!techniques.pageInfo.hasNextPage) break;
      after = techniques.pageInfo.endCursor;
    }
    expect(nodes).toHaveLength(691);
    // Code-unit order, as Neo4j sorts strings; a missing channel sorts last.
    const sorted = (keys: string[][]) => keys.every((k, i) => i === 0 || compareKeys(keys[i - 1], k) <= 0);
    const compareKeys = (a: string[], b: string[]): number => {
      for (let i = 0; i < a.length; i++) {
        if (a[i] === b[i]) continue;
        if (a[i] == null || b[i] == null) return a[i] == null ? 1 : -1;
        return a[i] < b[i] ? -1 : 1;
      }
      return 0;
    };
    let logSources = 0;
    for (const t of nodes) {
      expect(sorted(t.detectionByPlatform.map((p: any) => [p.platform]))).toBe(true);
      for (const p of t.detectionByPlatform) {
        logSources += p.logSources.length;
        expect(sorted(p.dataComponents.map((d: any) => [d.name]))).toBe(true);
        expect(sorted(p.analytics.map((a: any) => [a.attackId]))).toBe(true);
        expect(sorted(p.logSources.map((l: any) => [l.name, l.channel]))).toBe(true);
      }
    }
    expect(logSources).toBeGreaterThan(1000);
  });

  test('18.1 traps: one platform per analytic, 41 PRE techniques reach no log source, case-distinct names kept', async () => {
    const { techniques, detectionStrategies, dataComponents } = await gql(`{
      techniques(filter: { release: "18.1" }, first: 1000) { nodes { attackId tactics { shortname } } }
      detectionStrategies(release: "18.1") { techniques { attackId } analytics { platforms logSourceReferences { name } } }
      dataComponents(release: "18.1") { logSources { name } }
    }`);
    const seen = new Set<string>();
    for (const s of detectionStrategies) {
      if (s.analytics.some((a: any) => a.logSourceReferences.length > 0)) for (const t of s.techniques) seen.add(t.attackId);
    }
    const blind = techniques.nodes.filter((t: any) => !seen.has(t.attackId));
    expect(blind).toHaveLength(41);
    expect(blind.every((t: any) => t.tactics.some((x: any) => ['reconnaissance', 'resource-development'].includes(x.shortname)))).toBe(
      true,
    );
    const analytics = detectionStrategies.flatMap((s: any) => s.analytics);
    expect(analytics).toHaveLength(1739);
    expect(analytics.every((a: any) => a.platforms.length === 1)).toBe(true);
    const names = new Set<string>(dataComponents.flatMap((d: any) => d.logSources.map((l: any) => l.name)));
    expect(names.has('macos:endpointSecurity') && names.has('macos:endpointsecurity')).toBe(true);
  });

  test('ICS 18.1 and mobile 17.1 are counted in their own domains', async () => {
    const data = await gql(`{ attackReleases { domain version specVersion techniqueCount isDefault } }`);
    const by = (d: string) => data.attackReleases.find((r: { domain: string }) => r.domain === d);
    expect(by('ics-attack')).toMatchObject({ version: '18.1', specVersion: '2.1', isDefault: true });
    expect(by('mobile-attack')).toMatchObject({ version: '17.1', specVersion: '2.1', isDefault: true });
    expect(await count('18.1', { domain: 'ics-attack' })).toBe(by('ics-attack').techniqueCount);
    expect(by('ics-attack').techniqueCount).toBe(83);
    expect(by('mobile-attack').techniqueCount).toBe(121);
    // enterprise's default stays its newest release
    expect(
      data.attackReleases.find((r: { domain: string; isDefault: boolean }) => r.domain === 'enterprise-attack' && r.isDefault).version,
    ).toBe('18.1');
  });

  test('revoked techniques follow revoked-by to the end of the chain', async () => {
    const { technique } = await gql(`{ technique(id: "T1150", release: "18.1") { revoked active replacedBy } }`);
    expect(technique).toEqual({ revoked: true, active: false, replacedBy: 'T1647' });
  });

  test('importing 18.1 again leaves node and relationship counts unchanged', async () => {
    const before = await graphCounts();
    await importShared('enterprise-attack-18.1');
    expect(await graphCounts()).toEqual(before);
  });
});
