import { join } from 'node:path';
import { coverage } from '../src/coverage/coverage';
import { COLUMNS, flatRow } from '../src/coverage/export';
import { projectRoot } from '../src/config';
import { importInventory } from '../import/inventory/import-inventory';
import { closeDriver, importShared, resetDb } from './support/db';
import { execute, gql, services, stopGraphql } from './support/graphql';
import { request, Servers } from './support/http';
import { describeWithShared } from './support/shared';

/** The coverage GraphQL contract and the flat exports, on the hand-written inventory of the rules test. */
const INVENTORY = join(projectRoot, 'test', 'fixtures', 'coverage', 'rules.yaml');

describeWithShared('coverage over GraphQL and HTTP', () => {
  /** The program's caches, as resolvers reach them (ctx.services). */
  const { caches } = services;
  const servers = new Servers();
  let base = '';

  beforeAll(async () => {
    await resetDb();
    await importShared('enterprise-attack-6.3');
    await importShared('enterprise-attack-18.1');
    await importInventory({ document: INVENTORY, csv: [] });
    base = (await servers.start(0)).url.replace(/\/graphql$/, '');
  });
  afterAll(async () => {
    await servers.stopAll();
    await stopGraphql();
    await closeDriver();
  });

  const ROWS = `query($q: CoverageQuery, $first: Int, $after: String) { coverage(query: $q, first: $first, after: $after) {
    totalCount release pageInfo { hasNextPage endCursor }
    nodes { technique { attackId tactics { shortname } } platform hostsTotal hostsCovered hostsBlind coverageRatio noAttackGuidance }
    edges { cursor node { platform } } } }`;

  test('the whole matrix in one request, and the same rows page by page, in order, each once', async () => {
    const { coverage: all } = await gql(ROWS, { first: 5000 });
    const { rows } = await coverage(caches);
    expect(all.release).toBe('18.1');
    expect(all.totalCount).toBe(rows.length);
    expect(all.nodes.map((n: any) => `${n.technique.attackId}|${n.platform}`)).toEqual(rows.map((r) => `${r.technique.id}|${r.platform}`));
    expect(all.pageInfo.hasNextPage).toBe(false);
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const { coverage: page }: any = await gql(ROWS, { first: 97, after });
      seen.push(...page.nodes.map((n: any) => `${n.technique.attackId}|${n.platform}`));
      expect(page.edges.map((e: any) => e.node.platform)).toEqual(page.nodes.map((n: any) => n.platform));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(seen).toEqual(all.nodes.map((n: any) => `${n.technique.attackId}|${n.platform}`));
    expect((await execute(ROWS, { first: 5001 })).errors).toEqual(['first must be between 0 and 5000']);
  });

  test('bad queries say what is wrong', async () => {
    const error = async (q: object) => (await execute(ROWS, { q, first: 1 })).errors[0];
    expect(await error({ tactics: ['no-such-tactic'] })).toMatch(/unknown tactic/);
    expect(await error({ techniques: ['T9999'] })).toMatch(/no active technique T9999/);
    expect(await error({ platforms: ['Amiga'] })).toMatch(/unknown platform/);
    expect(await error({ group: 'G9999' })).toMatch(/no group "G9999"/);
    expect(await error({ release: '6.3', precision: 'LOG_SOURCE' })).toMatch(/LOG_SOURCE needs a release with analytics/);
  });

  test('techniqueCoverage pages the blind hosts of each platform, within the asset filter', async () => {
    const query = `query($q: CoverageQuery, $after: String) { techniqueCoverage(id: "T1059.001", query: $q) {
      technique { attackId } platforms { platform hostsBlind
        dataComponents { name dataComponent { attackId } hosts collectedBy { logSource { id } monitored } }
        logSources { name channel hosts }
        blindHosts(first: 2, after: $after) { totalCount nodes { id } pageInfo { hasNextPage endCursor } } } } }`;
    const first = (await gql(query)).techniqueCoverage.platforms[0];
    expect(first.blindHosts.totalCount).toBe(3);
    expect(first.blindHosts.nodes.map((n: any) => n.id)).toEqual(['W1', 'W2']);
    const next = (await gql(query, { after: first.blindHosts.pageInfo.endCursor })).techniqueCoverage.platforms[0];
    expect(next.blindHosts.nodes.map((n: any) => n.id)).toEqual(['W6']);
    expect(first.dataComponents.find((c: any) => c.name === 'Process Creation').dataComponent.attackId).toBe('DC0032');
    const filtered = (await gql(query, { q: { assets: { ids: ['W1', 'W3', 'W6'] } } })).techniqueCoverage.platforms[0];
    expect([filtered.hostsBlind, filtered.blindHosts.nodes.map((n: any) => n.id)]).toEqual([2, ['W1', 'W6']]);
    expect((await gql(`{ techniqueCoverage(id: "T1064") { technique { attackId } } }`)).techniqueCoverage).toBeNull();
  });

  test('recommendations, single points of failure, control coverage and the tactic matrix resolve', async () => {
    const data = await gql(`{
      recommendations(limit: 3) { logSource { id } name channel blindPairs dataComponents { name } platforms closes { technique { attackId } platform hosts } }
      singlePointsOfFailure { technique { attackId } platform hostsCovered logSource { id } control { id name } }
      controlCoverage { control { id type } produces { id } hostsAtMinState hosts { platform state hosts } techniques { technique { attackId } platform hosts } }
      tacticMatrix { tactic { shortname } techniques covered partial uncovered notApplicable } }`);
    expect(data.recommendations).toHaveLength(3);
    expect(data.singlePointsOfFailure.find((s: any) => s.technique.attackId === 'T1078.004').logSource.id).toBe('cloudtrail');
    expect(data.controlCoverage[0]).toMatchObject({
      control: { id: 'edr', type: 'EDR' },
      produces: [{ id: 'edr-process' }],
      hostsAtMinState: 2,
    });
    expect(data.tacticMatrix[0].tactic.shortname).toBe('reconnaissance');
    expect((await execute(`{ recommendations(limit: 501) { blindPairs } }`)).errors[0]).toMatch(/limit must be between 0 and 500/);
  });

  test('navigatorLayer: a 4.5 layer scored by coverage ratio, and its download URL serves the same layer', async () => {
    const { navigatorLayer } = await gql(
      `{ navigatorLayer(query: { platforms: ["Windows"] }, name: "Windows coverage") { layer downloadUrl fileName } }`,
    );
    const { layer } = navigatorLayer;
    expect(layer).toMatchObject({
      name: 'Windows coverage',
      domain: 'enterprise-attack',
      versions: { attack: '18', layer: '4.5' },
      filters: { platforms: ['Windows'] },
    });
    const powershell = layer.techniques.find((t: any) => t.techniqueID === 'T1059.001');
    expect(powershell.score).toBe(0.5);
    expect(powershell.comment).toMatch(/^3 of 6 hosts covered/);
    expect(navigatorLayer.downloadUrl).toBe('/api/v1/coverage/navigator-layer.json?platforms=Windows&name=Windows+coverage');
    const file = await request(`${base}${navigatorLayer.downloadUrl}`);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-disposition')).toBe(`attachment; filename="${navigatorLayer.fileName}"`);
    expect(file.body.techniques).toEqual(layer.techniques);
  });

  test('CSV and JSON exports: the GraphQL rows with the same filters as URL parameters', async () => {
    const { rows } = await coverage(caches, { platforms: ['Windows'], minState: 'TESTED', assets: { tags: ['edr'] } });
    const url = `${base}/api/v1/coverage.csv?platforms=Windows&minState=TESTED&tags=edr`;
    const csv = await request(url);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(csv.headers.get('x-attack-release')).toBe('enterprise-attack@18.1');
    const lines = csv.text.trimEnd().split('\r\n');
    expect(lines[0]).toBe(COLUMNS.join(','));
    expect(lines).toHaveLength(rows.length + 1);
    const powershell = lines.find((l) => l.startsWith('T1059.001,'));
    expect(powershell).toBe('T1059.001,PowerShell,execution,Windows,1,1,0,1,false');
    const json = await request(url.replace('.csv', '.json'));
    expect(json.body).toEqual(rows.map(flatRow));
    expect((await request(`${base}/api/v1/coverage.csv?minState=SOMETIMES`)).status).toBe(400);
    expect((await request(`${base}/api/v1/coverage.csv?platform=Windows`)).body.errors[0].message).toMatch(/unknown parameter "platform"/);
    expect((await request(`${base}/api/v1/coverage.json`, { method: 'POST' })).status).toBe(405);
  });
  test("tacticMatrix.techniqueList: each column's active techniques as the ATT&CK API lists them, narrowed like the rows", async () => {
    const data = await gql(`{ tacticMatrix { tactic { shortname } techniqueList { attackId } }
      tactics { shortname order techniques { attackId } } }`);
    const ids = (list: { attackId: string }[]) => list.map((t) => t.attackId).sort();
    const byOrder = [...data.tactics].sort((a: any, b: any) => a.order - b.order);
    expect(data.tacticMatrix.map((t: any) => t.tactic.shortname)).toEqual(byOrder.map((t: any) => t.shortname));
    for (const [i, t] of data.tacticMatrix.entries()) expect(ids(t.techniqueList)).toEqual(ids(byOrder[i].techniques));
    const apt29 = await gql(`{ tacticMatrix(query: { group: "APT29" }) { techniqueList { attackId } }
      coverage(query: { group: "APT29" }, first: 5000) { nodes { technique { attackId } } } }`);
    const listed = new Set(apt29.tacticMatrix.flatMap((t: any) => ids(t.techniqueList)));
    for (const r of apt29.coverage.nodes) expect(listed).toContain(r.technique.attackId);
    expect(listed.size).toBeLessThan(new Set(data.tacticMatrix.flatMap((t: any) => ids(t.techniqueList))).size);
  });
});
