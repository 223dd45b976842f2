import { createKey } from '../src/auth/keys';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importAttack } from '../import/attack/import-attack';
import { importDetections } from '../import/detections/import-detections';
import { importInventory } from '../import/inventory/import-inventory';
import { COLUMNS } from '../src/coverage/export';
import { DETECTION_COLUMNS } from '../src/detections/exports';
import { detectionCoverage } from '../src/detections/views';
import { ACME } from './support/acme';
import { closeDriver, importShared, resetDb } from './support/db';
import { execute, gql, services, stopGraphql } from './support/graphql';
import { request, Servers } from './support/http';
import { describeWithShared } from './support/shared';
import { SIGMA } from './support/sigma';
import { REISSUED, writeV19Bundle } from './fixtures/v19';

/**
 * The detection numbers in the Navigator layer and the flat exports, on SigmaHQ's rules, ATT&CK
 * 18.1 and the ACME inventory: every number is read back from detectionCoverage over GraphQL.
 */
describeWithShared('detection layer and exports', () => {
  const servers = new Servers();
  let base = '';

  beforeAll(async () => {
    await resetDb();
    await importShared('enterprise-attack-18.1');
    await importInventory({ document: ACME, csv: [] });
    await importDetections([SIGMA]);
    base = (await servers.start(0)).url.replace(/\/graphql$/, '');
  });
  afterAll(async () => {
    await servers.stopAll();
    await stopGraphql();
    await closeDriver();
  });

  type Row = {
    technique: { attackId: string; name: string; tactics: { shortname: string }[] };
    platform: string;
    hostsTotal: number;
    hostsCovered: number;
    hostsBlind: number;
    coverageRatio: number;
    noAttackGuidance: boolean;
    hostsDetected: number;
    hostsVisibleNotDetected: number;
    ruleCount: number;
  };
  const ROWS = `query($q: CoverageQuery, $only: Boolean) { detectionCoverage(query: $q, first: 5000, onlyVisibleNotDetected: $only) {
    totalCount nodes { technique { attackId name tactics { shortname } } platform hostsTotal hostsCovered hostsBlind
      noAttackGuidance hostsDetected hostsVisibleNotDetected ruleCount } }
    coverage(query: $q, first: 5000) { nodes { technique { attackId } platform coverageRatio } } }`;
  const rowsOf = async (q: object, only = false) => {
    const { detectionCoverage, coverage } = await gql(ROWS, { q, only });
    expect(detectionCoverage.totalCount).toBe(detectionCoverage.nodes.length);
    // detectionCoverage has coverage's rows: the ratio (a CSV column) is coverage's.
    const ratios = new Map<string, number>(coverage.nodes.map((n: any) => [`${n.technique.attackId}|${n.platform}`, n.coverageRatio]));
    if (!only) expect(detectionCoverage.nodes.length).toBe(coverage.nodes.length);
    return (detectionCoverage.nodes as Row[]).map((r) => ({ ...r, coverageRatio: ratios.get(`${r.technique.attackId}|${r.platform}`)! }));
  };
  const LAYER = `query($q: CoverageQuery, $name: String, $score: LayerScore) {
    navigatorLayer(query: $q, name: $name, score: $score) { layer downloadUrl fileName } }`;
  const sum = (list: Row[], f: (r: Row) => number) => list.reduce((s, r) => s + f(r), 0);
  const ratio = (a: number, b: number) => (b === 0 ? 0 : Math.round((a / b) * 10_000) / 10_000);

  test('DETECTION layer: each score is hosts detected / hosts total of detectionCoverage, counts in comment and metadata', async () => {
    const rows = await rowsOf({});
    // The rules of a technique over its platforms, by id (too many to ask GraphQL for under its cost limit).
    const rulesOf = new Map<string, Set<string>>();
    for (const r of (await detectionCoverage(services.caches, {})).rows)
      for (const v of r.rules) rulesOf.set(r.technique.id, (rulesOf.get(r.technique.id) ?? new Set()).add(v.rule.id));
    const { navigatorLayer } = await gql(LAYER, { q: {}, score: 'DETECTION' });
    const { layer } = navigatorLayer;
    const byTechnique = new Map<string, Row[]>();
    for (const r of rows) byTechnique.set(r.technique.attackId, [...(byTechnique.get(r.technique.attackId) ?? []), r]);
    expect(layer.techniques.map((t: any) => t.techniqueID).sort()).toEqual([...byTechnique.keys()].sort());
    let detectedSomewhere = 0;
    for (const t of layer.techniques) {
      const list = byTechnique.get(t.techniqueID)!;
      const total = sum(list, (r) => r.hostsTotal);
      const detected = sum(list, (r) => r.hostsDetected);
      const visible = sum(list, (r) => r.hostsVisibleNotDetected);
      if (detected > 0) detectedSomewhere++;
      expect(t.score).toBe(ratio(detected, total));
      expect(t.comment).toContain(`${detected} of ${total} hosts detected`);
      expect(t.comment).toContain(`${visible} visible not detected`);
      const meta = Object.fromEntries(t.metadata.map((m: any) => [m.name, m.value]));
      expect(meta['hosts total']).toBe(String(total));
      expect(meta['hosts detected']).toBe(String(detected));
      expect(meta['hosts visible not detected']).toBe(String(visible));
      expect(meta.rules).toBe(String(rulesOf.get(t.techniqueID)?.size ?? 0));
      for (const r of list)
        expect(meta[r.platform]).toBe(`${r.hostsDetected}/${r.hostsTotal} detected, ${r.hostsVisibleNotDetected} visible not detected`);
    }
    // The inventory detects some techniques and not others: the scores are not all one value.
    expect(detectedSomewhere).toBeGreaterThan(10);
    expect(detectedSomewhere).toBeLessThan(layer.techniques.length);
    expect(layer.metadata).toContainEqual({ name: 'score', value: 'DETECTION' });
    // VISIBILITY (the default) still scores coverage, and its address carries no score.
    const visibility = (await gql(LAYER, { q: {} })).navigatorLayer;
    const t = visibility.layer.techniques.find((x: any) => x.techniqueID === layer.techniques[0].techniqueID);
    const list = byTechnique.get(t.techniqueID)!;
    expect(t.score).toBe(
      ratio(
        sum(list, (r) => r.hostsCovered),
        sum(list, (r) => r.hostsTotal),
      ),
    );
    expect(visibility.downloadUrl).toBe('/api/v1/coverage/navigator-layer.json');
  });

  test('the download URL carries score= and the query, and serves the same layer', async () => {
    const q = { platforms: ['Windows'], minState: 'TESTED' };
    const { navigatorLayer } = await gql(LAYER, { q, name: 'Windows detection', score: 'DETECTION' });
    expect(navigatorLayer.downloadUrl).toBe(
      '/api/v1/coverage/navigator-layer.json?platforms=Windows&minState=TESTED&name=Windows+detection&score=DETECTION',
    );
    expect(navigatorLayer.fileName).toBe('attack-kg-coverage-enterprise-attack-18.1.detection-layer.json');
    const file = await request(`${base}${navigatorLayer.downloadUrl}`);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-disposition')).toBe(`attachment; filename="${navigatorLayer.fileName}"`);
    expect(file.body.name).toBe('Windows detection');
    expect(file.body.techniques).toEqual(navigatorLayer.layer.techniques);
    const rows = await rowsOf(q);
    const scored = Object.fromEntries(file.body.techniques.map((t: any) => [t.techniqueID, t.score]));
    for (const r of rows) expect(scored[r.technique.attackId]).toBe(ratio(r.hostsDetected, r.hostsTotal));
    // Lower case is read too; without score= the layer is the visibility one.
    const lower = await request(`${base}/api/v1/coverage/navigator-layer.json?platforms=Windows&minState=TESTED&score=detection`);
    expect(lower.body.techniques).toEqual(navigatorLayer.layer.techniques);
    const plain = await request(`${base}/api/v1/coverage/navigator-layer.json?platforms=Windows&minState=TESTED`);
    expect(plain.body.metadata).toContainEqual({ name: 'score', value: 'VISIBILITY' });
  });

  test('a bad score is a 400 naming it, over HTTP and GraphQL', async () => {
    const bad = await request(`${base}/api/v1/coverage/navigator-layer.json?score=ALERTS`);
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].message).toMatch(/score=ALERTS: expected one of VISIBILITY, DETECTION/);
    expect((await execute(LAYER, { score: 'ALERTS' })).errors[0]).toMatch(/LayerScore/);
    // score= belongs to the layer only.
    const csv = await request(`${base}/api/v1/detection-coverage.csv?score=DETECTION`);
    expect(csv.status).toBe(400);
    expect(csv.body.errors[0].message).toMatch(/unknown parameter "score"/);
  });

  test('CSV and JSON: exactly the GraphQL rows, with the coverage columns and the detection ones', async () => {
    const q = { platforms: ['Windows', 'Linux'], minState: 'MONITORED', tactics: ['execution', 'persistence'] };
    const rows = await rowsOf(q);
    expect(rows.length).toBeGreaterThan(20);
    const url = `${base}/api/v1/detection-coverage.csv?platforms=Windows,Linux&minState=MONITORED&tactics=execution&tactics=persistence`;
    const csv = await request(url);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(csv.headers.get('content-disposition')).toBe('attachment; filename="attack-kg-detection-coverage-enterprise-attack-18.1.csv"');
    const lines = csv.text.trimEnd().split('\r\n');
    expect(lines[0]).toBe([...COLUMNS, 'hosts_detected', 'hosts_visible_not_detected', 'rule_count'].join(','));
    expect(DETECTION_COLUMNS.slice(0, COLUMNS.length)).toEqual([...COLUMNS]);
    // The test's own CSV of the GraphQL rows (no cell of these needs quoting but names with commas).
    const cell = (v: string | number | boolean) => (/[",]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v));
    const expected = rows.map((r) =>
      [
        r.technique.attackId,
        r.technique.name,
        r.technique.tactics.map((t) => t.shortname).join(';'),
        r.platform,
        r.hostsTotal,
        r.hostsCovered,
        r.hostsBlind,
        r.coverageRatio,
        r.noAttackGuidance,
        r.hostsDetected,
        r.hostsVisibleNotDetected,
        r.ruleCount,
      ]
        .map(cell)
        .join(','),
    );
    expect(lines.slice(1)).toEqual(expected);
    expect(rows.some((r) => r.hostsDetected > 0) && rows.some((r) => r.ruleCount > 0)).toBe(true);
    const json = await request(url.replace('.csv', '.json'));
    expect(json.status).toBe(200);
    expect(json.body.map((r: any) => [r.technique_id, r.platform, r.hosts_detected, r.hosts_visible_not_detected, r.rule_count])).toEqual(
      rows.map((r) => [r.technique.attackId, r.platform, r.hostsDetected, r.hostsVisibleNotDetected, r.ruleCount]),
    );
    // onlyVisibleNotDetected as a parameter, as detectionCoverage takes it.
    const only = await rowsOf(q, true);
    expect(only.length).toBeLessThan(rows.length);
    const onlyJson = await request(`${url.replace('.csv', '.json')}&onlyVisibleNotDetected=true`);
    expect(onlyJson.body.map((r: any) => `${r.technique_id}|${r.platform}`)).toEqual(
      only.map((r) => `${r.technique.attackId}|${r.platform}`),
    );
    expect((await request(`${url}&onlyVisibleNotDetected=maybe`)).body.errors[0].message).toMatch(/onlyVisibleNotDetected=maybe/);
    expect((await request(`${base}/api/v1/detection-coverage.csv?minState=SOMETIMES`)).status).toBe(400);
    expect((await request(`${base}/api/v1/detection-coverage.json`, { method: 'POST' })).status).toBe(405);
  });

  // Last: once a key exists, every request needs one.
  test('behind the API key like the other exports', async () => {
    const reader = await createKey('reader', 'bi');
    const root = (await servers.start(0)).url.replace(/\/graphql$/, '');
    for (const path of [
      '/api/v1/detection-coverage.csv',
      '/api/v1/detection-coverage.json',
      '/api/v1/coverage/navigator-layer.json?score=DETECTION',
    ]) {
      expect((await request(`${root}${path}`)).status).toBe(401);
      expect((await request(`${root}${path}`, { headers: { authorization: `Bearer ${reader.key}` } })).status).toBe(200);
    }
  });
});

describeWithShared('releaseDiff.detectionDelta 18.1 -> the hand-made v19: detection follows replacements', () => {
  const v19 = writeV19Bundle(mkdtempSync(join(tmpdir(), 'attack-kg-v19-detections-')), { gzip: true });
  beforeAll(async () => {
    await resetDb();
    await importShared('enterprise-attack-18.1');
    await importAttack(v19);
    await importInventory({ document: ACME, csv: [] });
    await importDetections([SIGMA]);
  }, 600_000);
  afterAll(async () => {
    await stopGraphql();
    await closeDriver();
  });

  const ROW = 'technique { attackId } platform hostsDetected hostsTotal';
  const DELTA = `query($from: String!, $to: String!) { releaseDiff(domain: "enterprise-attack", from: $from, to: $to) { detectionDelta {
    stoppedBeingDetected { technique { attackId } platform before { ${ROW} } after { ${ROW} } }
    becameDetected { technique { attackId } platform before { ${ROW} } after { ${ROW} } }
    carriedOver { from { attackId } technique { attackId } platform state before { ${ROW} } after { ${ROW} } } } } }`;
  type R = { technique: { attackId: string }; platform: string; hostsDetected: number; hostsTotal: number };
  const rowsOf = async (release: string): Promise<R[]> =>
    (
      await gql(`query($r: String) { detectionCoverage(query: { release: $r }, first: 5000) { totalCount nodes { ${ROW} } } }`, {
        r: release,
      })
    ).detectionCoverage.nodes;
  const show = (r: R | null | undefined) => (r ? `${r.technique.attackId}|${r.platform}|${r.hostsDetected}/${r.hostsTotal}` : '-');

  test('every pair as the fixture table pairs detectionCoverage rows of both releases; T1070.001 carried over as T1685.005', async () => {
    const [a, b] = [await rowsOf('18.1'), await rowsOf('19.0')];
    // The test's own pairing: the fixture's table of re-issued ids, not resolveAttackIds.
    const toIds = new Set(b.map((r) => r.technique.attackId));
    const now = new Map(b.map((r) => [`${r.technique.attackId}|${r.platform}`, r]));
    const next = new Map<R, R>();
    for (const r of a) {
      const id = toIds.has(r.technique.attackId) ? r.technique.attackId : (REISSUED[r.technique.attackId]?.[0] ?? null);
      const n = id && now.get(`${id}|${r.platform}`);
      if (n) next.set(r, n);
    }
    const undetected = (r: R | undefined) => r !== undefined && r.hostsDetected === 0;
    const state = (t: R, n: R) =>
      undetected(t) && undetected(n)
        ? 'STILL_UNDETECTED'
        : undetected(t)
          ? 'BECAME_DETECTED'
          : undetected(n)
            ? 'STOPPED_BEING_DETECTED'
            : 'STILL_DETECTED';
    const want = {
      stoppedBeingDetected: b
        .filter((n) => undetected(n) && ![...next].some(([t, m]) => m === n && undetected(t)))
        .map((n) => show(n))
        .sort(),
      becameDetected: a
        .filter((t) => undetected(t) && !undetected(next.get(t)))
        .map((t) => show(t))
        .sort(),
      carriedOver: [...next]
        .filter(([t, n]) => t.technique.attackId !== n.technique.attackId)
        .map(([t, n]) => `${show(t)} -> ${show(n)} ${state(t, n)}`)
        .sort(),
    };
    const delta = (await gql(DELTA, { from: '18.1', to: '19.0' })).releaseDiff.detectionDelta;
    expect({
      stoppedBeingDetected: delta.stoppedBeingDetected.map((c: any) => show(c.after)).sort(),
      becameDetected: delta.becameDetected.map((c: any) => show(c.before)).sort(),
      carriedOver: delta.carriedOver.map((c: any) => `${show(c.before)} -> ${show(c.after)} ${c.state}`).sort(),
    }).toEqual(want);
    const clear = delta.carriedOver.find((c: any) => c.from.attackId === 'T1070.001' && c.platform === 'Windows');
    expect(clear).toMatchObject({ technique: { attackId: 'T1685.005' }, state: 'STILL_DETECTED' });
    // SigmaHQ tags v19's id: under 18.1 it counts for T1070.001, under 19.0 for itself, on the same hosts.
    expect(clear.after.hostsDetected).toBe(clear.before.hostsDetected);
    expect(delta.becameDetected.map((c: any) => c.before.technique.attackId)).not.toContain('T1070.001');
    expect(delta.stoppedBeingDetected.map((c: any) => c.after.technique.attackId)).not.toContain('T1685.005');
    expect(want.carriedOver.length).toBeGreaterThan(5);
  });
});
