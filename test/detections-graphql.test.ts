import { importDetections } from '../import/detections/import-detections';
import { readRelease } from './oracle/attack';
import { execute, gql } from './support/graphql';
import { onAcme } from './support/acme-suite';
import { attackBundle, describeWithShared } from './support/shared';
import { OracleSigmaRule, readSigmaTree, SIGMA } from './support/sigma';

/**
 * detectionRules and detectionCoverage over GraphQL, on SigmaHQ's rules and ATT&CK 18.1: rule
 * counts per technique against the test's own reading of the tags, the filters, and rows that
 * are coverage's rows. (Ids 18.1 does not hold as active techniques, such as v19's T1685.005, are
 * left out of the counts: where they count depends on the other loaded releases, tested apart.)
 */
describeWithShared('detections over GraphQL', () => {
  const oracle = readSigmaTree();
  const active = new Set(readRelease(attackBundle('enterprise-attack-18.1')).techniques.map((t) => t.id));
  const plain = oracle.filter((r) => r.techniques.every((t) => active.has(t)));
  const RULES = `query($filter: DetectionRuleFilter, $after: String) { detectionRules(filter: $filter, first: 5000, after: $after) {
    totalCount release pageInfo { hasNextPage endCursor }
    nodes { id title status level path platforms mapped attackIds techniques { attackId } requirements { name channel members logSourceId }
            deployedHosts firingHosts cannotFireHosts } } }`;
  type Rule = {
    id: string;
    status: string | null;
    level: string | null;
    attackIds: string[];
    techniques: { attackId: string }[];
    mapped: boolean;
    platforms: string[];
  };
  const rules = async (filter: Record<string, unknown> = {}) =>
    (await gql(RULES, { filter })).detectionRules as { totalCount: number; nodes: Rule[] };
  const ids = (list: { id: string }[]) => list.map((r) => r.id).sort();
  const counting = (list: OracleSigmaRule[], t: string) => list.filter((r) => r.techniques.some((x) => x === t || x.startsWith(`${t}.`)));

  onAcme();

  test('before any import: say how to import rules', async () => {
    const { errors } = await execute('{ detectionRules { totalCount } }');
    expect(errors[0]).toMatch(/no detection rules are imported yet; run `attack-kg import detections/);
    await importDetections([SIGMA]);
  });

  test('every rule, counted per technique as their tags say', async () => {
    const all = await rules();
    expect(all.totalCount).toBe(oracle.length);
    expect(ids(all.nodes)).toEqual(ids(oracle));
    const perTechnique = (list: { techniques: string[] }[]) => {
      const out: Record<string, number> = {};
      for (const r of list) for (const t of r.techniques) out[t] = (out[t] ?? 0) + 1;
      return out;
    };
    const plainIds = new Set(plain.map((r) => r.id));
    const stored = all.nodes.filter((r) => plainIds.has(r.id)).map((r) => ({ techniques: r.techniques.map((t) => t.attackId) }));
    expect(perTechnique(stored)).toEqual(perTechnique(plain));
    expect(Object.keys(perTechnique(plain)).length).toBeGreaterThan(150);
    // The technique filter: a parent brings its sub-techniques.
    const busiest = Object.entries(perTechnique(plain))
      .sort(([, a], [, b]) => b - a)
      .slice(0, 4)
      .map(([t]) => t);
    for (const t of ['T1059', 'T1003', ...busiest]) {
      const found = (await rules({ technique: t })).nodes.filter((r) => plainIds.has(r.id));
      expect(ids(found)).toEqual(ids(counting(plain, t)));
      expect(found.length).toBeGreaterThan(0);
    }
  });

  test('filters: tactic, platform, status, level, unmapped, cannot fire, text', async () => {
    const all = (await rules()).nodes;
    const byStatus = (await rules({ status: ['stable', 'deprecated'] })).nodes;
    expect(ids(byStatus)).toEqual(ids(oracle.filter((r) => r.status === 'stable' || r.status === 'deprecated')));
    expect(ids((await rules({ level: 'critical' })).nodes)).toEqual(ids(all.filter((r) => r.level === 'critical')));
    // Every linux rule, and others the product table deploys on Linux too (webserver, zeek, proxy, ...): each listing Linux.
    const linux = (await rules({ platform: 'linux' })).nodes;
    expect(ids(linux)).toEqual(expect.arrayContaining(ids(oracle.filter((r) => r.product === 'linux'))));
    expect(linux.every((r) => r.platforms.includes('Linux'))).toBe(true);
    expect(ids(all.filter((r) => r.platforms.includes('Linux')))).toEqual(ids(linux));
    const unmapped = (await rules({ onlyUnmapped: true })).nodes;
    expect(unmapped.length).toBeGreaterThan(0);
    expect(unmapped.every((r) => !r.mapped && r.firingHosts === 0)).toBe(true);
    const cannot = (await rules({ onlyCannotFire: true, platform: 'Windows' })).nodes as (Rule & { cannotFireHosts: number })[];
    expect(cannot.length).toBeGreaterThan(0);
    expect(cannot.every((r) => r.cannotFireHosts > 0 && r.platforms.includes('Windows'))).toBe(true);
    // Credential access: rules counting for one of its techniques.
    const tactic = (await rules({ tactic: 'TA0006' })).nodes;
    expect(tactic.length).toBeGreaterThan(10);
    expect(ids((await rules({ tactic: 'credential-access' })).nodes)).toEqual(ids(tactic));
    expect(ids((await rules({ text: 'MIMIKATZ' })).nodes).length).toBeGreaterThan(0);
    const { errors } = await execute('{ detectionRules(filter: { platform: "Amiga" }) { totalCount } }');
    expect(errors[0]).toMatch(/unknown platform "Amiga"/);
  });

  test("a rule's requirements and hosts", async () => {
    const [r] = (await rules({ text: 'ff151c33-45fa-475d-af4f-c2f93571f4fe' })).nodes as any[];
    expect(r.requirements).toEqual([
      { name: 'WinEventLog:Security', channel: 'EventCode=4656, 4663', members: ['EventCode=4656', 'EventCode=4663'], logSourceId: null },
    ]);
    expect(r.techniques).toEqual([{ attackId: 'T1012' }]);
    expect(r.deployedHosts).toBeGreaterThan(0);
    expect(r.deployedHosts).toBe(r.firingHosts + r.cannotFireHosts);
  });

  test("detectionCoverage: coverage's rows, paged; only the visible but not detected", async () => {
    const QUERY = `query($q: CoverageQuery, $after: String, $only: Boolean) {
      detectionCoverage(query: $q, first: 5000, after: $after, onlyVisibleNotDetected: $only) { totalCount release pageInfo { hasNextPage endCursor }
        nodes { technique { attackId } platform hostsTotal hostsCovered hostsBlind hostsDetected hostsVisibleNotDetected ruleCount rules(first: 2) { id } } } }`;
    const q = { platforms: ['Windows', 'Linux'] };
    const { detectionCoverage: d } = await gql(QUERY, { q });
    const { coverage: c } = await gql(
      'query($q: CoverageQuery) { coverage(query: $q, first: 5000) { totalCount nodes { technique { attackId } platform hostsCovered } } }',
      { q },
    );
    expect(d.totalCount).toBe(c.totalCount);
    expect(d.nodes.map((r: any) => [r.technique.attackId, r.platform, r.hostsCovered])).toEqual(
      c.nodes.map((r: any) => [r.technique.attackId, r.platform, r.hostsCovered]),
    );
    expect(d.nodes.some((r: any) => r.hostsDetected > 0)).toBe(true);
    for (const r of d.nodes) {
      expect(r.hostsDetected + r.hostsVisibleNotDetected).toBeLessThanOrEqual(r.hostsTotal);
      expect(r.hostsVisibleNotDetected).toBeLessThanOrEqual(r.hostsCovered);
      expect(r.rules.length).toBe(Math.min(2, r.ruleCount));
      if (r.ruleCount === 0) expect(r.hostsDetected).toBe(0);
    }
    const only = (await gql(QUERY, { q, only: true })).detectionCoverage;
    expect(only.nodes).toEqual(d.nodes.filter((r: any) => r.hostsVisibleNotDetected > 0));
    expect(only.totalCount).toBeGreaterThan(0);
    const page = (await gql(QUERY.replace('first: 5000', 'first: 10'), { q, after: null })).detectionCoverage;
    const next = (await gql(QUERY.replace('first: 5000', 'first: 10'), { q, after: page.pageInfo.endCursor })).detectionCoverage;
    expect([...page.nodes, ...next.nodes]).toEqual(d.nodes.slice(0, 20));
  });
});
