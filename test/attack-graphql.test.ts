import { statementCount } from '../src/db/neo4j';
import { closeDriver, importShared, resetDb } from './support/db';
import { execute, gql, stopGraphql } from './support/graphql';
import { describeWithShared } from './support/shared';

describeWithShared('GraphQL over ATT&CK (enterprise 18.1 and 17.1)', () => {
  beforeAll(async () => {
    await resetDb();
    await importShared('enterprise-attack-17.1');
    await importShared('enterprise-attack-18.1');
  });
  afterAll(async () => {
    await stopGraphql();
    await closeDriver();
  });

  const everyRelation = `nodes {
    attackId tactics { shortname } platforms parent { attackId } subtechniques { attackId }
    dataComponents { name } mitigations { attackId } groups { attackId } software { attackId } campaigns { attackId }
    detectionStrategies { attackId analytics { attackId } }
  }`;

  test('a list query costs the same number of round trips for 5 techniques as for 500 (no N+1)', async () => {
    const cost = async (first: number) => {
      const before = statementCount();
      const data = await gql(`query($first: Int) { techniques(first: $first) { ${everyRelation} } }`, { first });
      expect(data.techniques.nodes).toHaveLength(first);
      return statementCount() - before;
    };
    const small = await cost(5);
    expect(await cost(500)).toBe(small);
    expect(small).toBeLessThan(20);
  });

  test('cursor pagination walks every active technique exactly once', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    let total: number | undefined;
    for (;;) {
      const { techniques }: any = await gql(
        `query($after: String) { techniques(first: 200, after: $after) {
        totalCount nodes { attackId } pageInfo { hasNextPage endCursor } } }`,
        { after },
      );
      total = techniques.totalCount;
      seen.push(...techniques.nodes.map((n: { attackId: string }) => n.attackId));
      if (!techniques.pageInfo.hasNextPage) break;
      after = techniques.pageInfo.endCursor;
    }
    expect(total).toBe(691);
    expect(seen).toHaveLength(691);
    expect(new Set(seen).size).toBe(691);
    expect([...seen].sort()).toEqual(seen);
  });

  test('filters: platform, tactic by shortname, id or name, text, revoked, sub-techniques', async () => {
    const total = async (filter: object) =>
      (await gql(`query($f: TechniqueFilter) { techniques(filter: $f, first: 0) { totalCount } }`, { f: filter })).techniques.totalCount;
    const byShortname = await total({ tactic: 'credential-access' });
    expect(byShortname).toBeGreaterThan(0);
    expect(await total({ tactic: 'TA0006' })).toBe(byShortname);
    expect(await total({ tactic: 'Credential Access' })).toBe(byShortname);
    expect(await total({ text: 'T1059.001' })).toBe(1);
    expect(await total({ text: 'powershell' })).toBeGreaterThan(1);
    expect(await total({ includeRevoked: true })).toBe(835);
    expect(await total({ platform: 'aws' })).toBe(await total({ platform: 'IaaS' }));
    expect(await total({ platform: 'IaaS', release: '17.1' })).toBeGreaterThan(0);
    expect(await total({ platform: 'Entra ID' })).toBe(await total({ platform: 'Identity Provider' }));
    const windows = await total({ platform: 'Windows' });
    const { platforms } = await gql(`{ platforms { name techniqueCount } }`);
    expect(platforms.find((p: { name: string }) => p.name === 'Windows').techniqueCount).toBe(windows);
  });

  test('technique by STIX id equals technique by ATT&CK id; an older release is one argument away', async () => {
    const { a } = await gql(`{ a: technique(id: "T1003.001") { stixId name } }`);
    const { b } = await gql(`query($id: ID!) { b: technique(id: $id) { attackId } }`, { id: a.stixId });
    expect(b.attackId).toBe('T1003.001');
    const { old } = await gql(
      `{ old: technique(id: "T1003.001", release: "17.1") { release dataComponents { name } detectionStrategies { attackId } } }`,
    );
    expect(old.release).toBe('17.1');
    expect(old.dataComponents.length).toBeGreaterThan(0);
    expect(old.detectionStrategies).toEqual([]);
  });

  test('groups, software and campaigns resolve the techniques they use', async () => {
    const data = await gql(`{
      groups(text: "APT29") { attackId name techniques { attackId } software { attackId } campaigns { attackId } }
      software(text: "Mimikatz") { attackId type techniques { attackId } groups { attackId } }
      campaigns(text: "C0024") { attackId groups { attackId } techniques { attackId } }
      mitigations { attackId techniques { attackId } }
      adversary(id: "G0016") { __typename name }
    }`);
    const apt29 = data.groups.find((g: { attackId: string }) => g.attackId === 'G0016');
    expect(apt29.techniques.length).toBeGreaterThan(50);
    expect(data.software[0]).toMatchObject({ attackId: 'S0002', type: 'tool' });
    expect(data.campaigns[0].groups).toEqual([{ attackId: 'G0016' }]);
    expect(data.mitigations.length).toBeGreaterThan(40);
    expect(data.adversary).toEqual({ __typename: 'Group', name: 'APT29' });
  });

  test('data components list their (name, channel) log sources in 18.1', async () => {
    const { dataComponents } = await gql(`{ dataComponents { attackId name logSources { name channel } } }`);
    const processCreation = dataComponents.find((d: { attackId: string }) => d.attackId === 'DC0032');
    expect(processCreation.name).toBe('Process Creation');
    expect(processCreation.logSources).toContainEqual({ name: 'WinEventLog:Security', channel: 'EventCode=4688' });
  });

  test('an unknown release is a clear error', async () => {
    const { errors } = await execute(`{ techniques(filter: { release: "99.9" }) { totalCount } }`);
    expect(errors[0]).toMatch(/release 99\.9 is not imported \(imported: 18\.1, 17\.1\)/);
  });
});
