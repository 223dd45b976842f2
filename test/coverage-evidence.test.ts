import { coverage } from '../src/coverage/coverage';
import { flatRow } from '../src/coverage/export';
import { CoverageInput } from '../src/coverage/params';
import { detectionCoverage, detectionRules } from '../src/detections/views';
import { importDetections } from '../import/detections/import-detections';
import { importInventory } from '../import/inventory/import-inventory';
import { removeTelemetry } from '../import/telemetry/write';
import { OracleRelease, readRelease } from './oracle/attack';
import { oracleRows, OracleQuery } from './oracle/coverage';
import { oracleDetection } from './oracle/detections';
import { asOracleRows, rowDifferences } from './oracle/compare';
import { observedInventory, telemetryInventory } from './oracle/evidence';
import { readInventory } from './oracle/inventory';
import { oracleTelemetry, readSplunkObservations } from './oracle/telemetry';
import { ACME } from './support/acme';
import { closeDriver, importShared, resetDb } from './support/db';
import { gql, services, stopGraphql } from './support/graphql';
import { request, Servers } from './support/http';
import { attackBundle, describeWithShared } from './support/shared';
import { SIGMA } from './support/sigma';
import { importFile, SAMPLES } from './support/telemetry';

/**
 * TELEMETRY.md's evidence modes in coverage, against the oracle: examples/acme with the shared
 * Splunk sample, every row of the matrix under OBSERVED and TELEMETRY at several states,
 * precisions, freshness windows and asset filters, computed host by host from the raw bundle, the
 * inventory file and the export (test/oracle/evidence.ts); then every view and export taking them.
 */
const { caches } = services;
const inventory = readInventory(ACME);
const observations = readSplunkObservations(SAMPLES.splunk);
const telemetry = oracleTelemetry(inventory, observations);

describeWithShared('coverage under telemetry evidence (DECLARED, OBSERVED, TELEMETRY)', () => {
  let release: OracleRelease;
  const servers = new Servers();
  let base: string;

  beforeAll(async () => {
    await resetDb();
    await importShared('enterprise-attack-18.1');
    release = readRelease(attackBundle('enterprise-attack-18.1'));
    await importInventory({ document: ACME, csv: [] });
    await importFile(SAMPLES.splunk, 'splunk');
    base = (await servers.start(0)).url.replace(/\/graphql$/, '');
  });
  afterAll(async () => {
    await servers.stopAll();
    await stopGraphql();
    await closeDriver();
  });

  const compare = async (expectedInventory: typeof inventory, query: OracleQuery, input: CoverageInput) => {
    const expected = oracleRows(release, [release], expectedInventory, query);
    const { rows } = await coverage(caches, input);
    expect(rowDifferences(expected, asOracleRows(rows))).toEqual([]);
    return expected;
  };
  const covered = (rows: { hostsCovered: number }[]) => rows.reduce((s, r) => s + r.hostsCovered, 0);

  const cases = [
    { minState: 'monitored', precision: 'DATA_COMPONENT', days: 7 },
    { minState: 'configured', precision: 'DATA_COMPONENT', days: 7 },
    { minState: 'monitored', precision: 'LOG_SOURCE', days: 7 },
    { minState: 'tested', precision: 'DATA_COMPONENT', days: 0 },
    { minState: 'monitored', precision: 'LOG_SOURCE', days: 3650 },
  ] as const;
  for (const c of cases) {
    test(`OBSERVED and TELEMETRY, ${c.minState}, ${c.precision}, ${c.days} days: every row equals the oracle's`, async () => {
      const query = { minState: c.minState, precision: c.precision };
      const input = { minState: c.minState.toUpperCase() as 'MONITORED', precision: c.precision, freshnessDays: c.days };
      const declared = await compare(inventory, query, { ...input, evidence: 'DECLARED' });
      const observed = await compare(observedInventory(inventory, telemetry, c.days), query, { ...input, evidence: 'OBSERVED' });
      const seen = await compare(telemetryInventory(inventory, observations, telemetry.asOf, c.days, [release]), query, {
        ...input,
        evidence: 'TELEMETRY',
      });
      // Same rows (the population comes from the inventory); OBSERVED never covers more than DECLARED.
      expect(observed.map((r) => r.hostsTotal)).toEqual(declared.map((r) => r.hostsTotal));
      expect(seen).toHaveLength(declared.length);
      observed.forEach((r, i) => expect(r.hostsCovered).toBeLessThanOrEqual(declared[i].hostsCovered));
      // The sample sees 17 of the inventory's hosts: each mode tells a different story, none is empty.
      expect(covered(observed)).toBeGreaterThan(0);
      expect(covered(observed)).toBeLessThan(covered(declared));
      if (c.days > 0) expect(covered(seen)).toBeGreaterThan(0);
    });
  }

  test('OBSERVED and TELEMETRY with asset filters: the oracle over the same hosts', async () => {
    const filters = [
      { platforms: ['Windows'] },
      { businessUnits: ['Finance'] },
      { tags: ['server'] },
      { ids: ['WSRV-001', 'LNX-001', 'WS-001', 'WS-002'] },
    ];
    for (const assets of filters) {
      const query = { assets };
      await compare(observedInventory(inventory, telemetry, 7), query, { evidence: 'OBSERVED', assets });
      await compare(telemetryInventory(inventory, observations, telemetry.asOf, 7, [release]), query, { evidence: 'TELEMETRY', assets });
    }
  });

  test('GraphQL: the fixed names, the connection says what it counted, bad freshness is refused', async () => {
    const { coverage: c } = await gql(
      `query($q: CoverageQuery) { coverage(query: $q, first: 5000) { totalCount evidence telemetryAsOf nodes { technique { attackId } platform hostsCovered } } }`,
      { q: { evidence: 'OBSERVED', freshnessDays: 7 } },
    );
    const { rows } = await coverage(caches, { evidence: 'OBSERVED' });
    expect(c.evidence).toBe('OBSERVED');
    expect(c.telemetryAsOf).toBe(new Date(telemetry.asOf * 1000).toISOString().replace('.000Z', 'Z'));
    expect(c.nodes.map((n: any) => n.hostsCovered)).toEqual(rows.map((r) => r.hostsCovered));
    const declared = await gql(`{ coverage { evidence telemetryAsOf } }`);
    expect(declared.coverage).toEqual({ evidence: 'DECLARED', telemetryAsOf: null });
    await expect(gql(`{ coverage(query: { evidence: OBSERVED, freshnessDays: -1 }) { totalCount } }`)).rejects.toThrow(
      /freshnessDays must be a whole number/,
    );
  });

  test('every view takes the evidence: technique detail and its blind hosts, recommendations, SPOF, controls, tactics, layer', async () => {
    const q = { evidence: 'OBSERVED', platforms: ['Windows'] };
    const data = await gql(
      `query($q: CoverageQuery) {
        coverage(query: $q, first: 5000) { nodes { technique { attackId } platform hostsTotal hostsCovered hostsBlind } }
        techniqueCoverage(id: "T1059.001", query: $q) { platforms { platform hostsBlind hostsCovered blindHosts(first: 1000) { totalCount nodes { id } } } }
        recommendations(query: $q, limit: 5) { blindPairs closes { technique { attackId } platform hosts } }
        singlePointsOfFailure(query: $q) { technique { attackId } platform hostsCovered }
        controlCoverage(query: $q) { control { id } hostsAtMinState }
        tacticMatrix(query: $q) { tactic { shortname } covered partial uncovered }
        navigatorLayer(query: $q) { layer downloadUrl }
      }`,
      { q },
    );
    const rows = new Map(data.coverage.nodes.map((r: any) => [`${r.technique.attackId}|${r.platform}`, r]));
    const ps = data.techniqueCoverage.platforms.find((p: any) => p.platform === 'Windows');
    const row: any = rows.get('T1059.001|Windows');
    expect({ blind: ps.hostsBlind, covered: ps.hostsCovered }).toEqual({ blind: row.hostsBlind, covered: row.hostsCovered });
    // The blind hosts are exactly those the oracle finds blind under OBSERVED.
    const expected = observedInventory(inventory, telemetry, 7);
    const blindByOracle = inventory.assets
      .filter((a) => a.platforms.includes('Windows'))
      .filter(
        (a) => oracleRows(release, [release], { ...expected, assets: [a] }, { techniques: new Set(['T1059.001']) })[0]?.hostsCovered === 0,
      )
      .map((a) => a.id)
      .sort();
    expect(ps.blindHosts.totalCount).toBe(blindByOracle.length);
    expect(ps.blindHosts.nodes.map((n: any) => n.id)).toEqual(blindByOracle);
    for (const r of data.recommendations)
      for (const g of r.closes) expect(g.hosts).toBe((rows.get(`${g.technique.attackId}|${g.platform}`) as any).hostsBlind);
    for (const s of data.singlePointsOfFailure)
      expect(s.hostsCovered).toBe((rows.get(`${s.technique.attackId}|${s.platform}`) as any).hostsCovered);
    expect(data.controlCoverage.length).toBeGreaterThan(0);
    expect(data.tacticMatrix.length).toBeGreaterThan(10);
    const layer = data.navigatorLayer.layer;
    expect(layer.metadata).toContainEqual({ name: 'evidence', value: expect.stringMatching(/^OBSERVED, fresh within 7 days of /) });
    const t1059 = layer.techniques.find((t: any) => t.techniqueID === 'T1059.001');
    expect(t1059.comment).toMatch(new RegExp(`^${row.hostsCovered} of ${row.hostsTotal} hosts covered`));
    expect(data.navigatorLayer.downloadUrl).toBe('/api/v1/coverage/navigator-layer.json?platforms=Windows&evidence=OBSERVED');
  });

  test('CSV and JSON exports take evidence and freshnessDays as URL parameters', async () => {
    for (const [evidence, days] of [
      ['OBSERVED', 7],
      ['TELEMETRY', 30],
      ['DECLARED', 7],
    ] as const) {
      const { rows } = await coverage(caches, { evidence, freshnessDays: days, platforms: ['Linux'] });
      const json = await request(`${base}/api/v1/coverage.json?evidence=${evidence.toLowerCase()}&freshnessDays=${days}&platforms=Linux`);
      expect(json.status).toBe(200);
      expect(json.body).toEqual(rows.map(flatRow));
      expect(json.headers.get('x-coverage-evidence')).toEqual(
        evidence === 'DECLARED' ? 'DECLARED' : expect.stringContaining(`${evidence}; freshnessDays=${days}; asOf=`),
      );
    }
    const bad = await request(`${base}/api/v1/coverage.csv?evidence=SEEN&freshnessDays=week`);
    expect(bad.status).toBe(400);
    expect(bad.text).toMatch(/evidence=SEEN: expected one of DECLARED, OBSERVED, TELEMETRY/);
    expect(bad.text).toMatch(/freshnessDays=week: expected a whole number of days/);
  });

  test('detection under OBSERVED and TELEMETRY: hostsDetected and visible-not-detected equal the oracle on the same evidence', async () => {
    await importDetections([SIGMA]);
    const rules = (await detectionRules(caches, {})).rules.map((v) => ({
      ...v.rule,
      techniques: v.techniques.map((t) => t.attackId as string),
    }));
    const inventories = {
      DECLARED: inventory,
      OBSERVED: observedInventory(inventory, telemetry, 7),
      TELEMETRY: telemetryInventory(inventory, observations, telemetry.asOf, 7, [release]),
    };
    const detectedHosts: Record<string, number> = {};
    for (const [evidence, expectedInventory] of Object.entries(inventories)) {
      const expected = oracleDetection(release, expectedInventory, rules, { statuses: ['stable', 'test'] });
      const { rows } = await detectionCoverage(caches, { evidence: evidence as 'OBSERVED' });
      const differences = rows.flatMap((r) => {
        const key = `${r.technique.id}|${r.platform}`;
        const want = [expected.detected.get(key) ?? 0, expected.visibleNotDetected.get(key) ?? 0];
        return want[0] === r.hostsDetected && want[1] === r.hostsVisibleNotDetected
          ? []
          : [`${evidence} ${key}: ${r.hostsDetected}/${r.hostsVisibleNotDetected}, oracle ${want.join('/')}`];
      });
      expect(differences.slice(0, 10)).toEqual([]);
      detectedHosts[evidence] = rows.reduce((n, r) => n + r.hostsDetected, 0);
    }
    expect(detectedHosts.OBSERVED).toBeGreaterThan(0);
    expect(detectedHosts.OBSERVED).toBeLessThan(detectedHosts.DECLARED);
    expect(detectedHosts.TELEMETRY).toBeGreaterThan(0);
  });

  test('with no telemetry imported, OBSERVED and TELEMETRY cover nothing (never seen), DECLARED is unchanged', async () => {
    const before = await coverage(caches, {});
    await removeTelemetry();
    const after = await coverage(caches, {});
    expect(asOracleRows(after.rows)).toEqual(asOracleRows(before.rows));
    for (const evidence of ['OBSERVED', 'TELEMETRY'] as const) {
      const { rows, resolved } = await coverage(caches, { evidence });
      expect(resolved.asOf).toBeNull();
      expect(covered(rows)).toBe(0);
      expect(rows).toHaveLength(before.rows.length);
    }
    await importFile(SAMPLES.splunk, 'splunk');
  });
});
