import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import YAML from 'yaml';
import { coverage } from '../src/coverage/coverage';
import { detectionRecommendations, threatDetection } from '../src/detections/recommendations';
import { detectionCoverage, detectionRules } from '../src/detections/views';
import { importDetections } from '../import/detections/import-detections';
import { importInventory } from '../import/inventory/import-inventory';
import { OracleRelease, readRelease } from './oracle/attack';
import { oracleDetection, oracleEnabled, OracleRule } from './oracle/detections';
import { generateEventInventory } from './oracle/generate';
import { OracleInventory, OracleLogSource, readInventory } from './oracle/inventory';
import { closeDriver, importShared, resetDb } from './support/db';
import { execute, services, stopGraphql } from './support/graphql';
import { attackBundle, describeWithShared } from './support/shared';
import { SIGMA } from './support/sigma';

/**
 * The detection views after the matrix: which log source to enable next for detections, and an
 * adversary's techniques detected / visible only / blind. Both against the brute-force oracle
 * (host by host, rule by rule) on a generated inventory of 3000 assets with SigmaHQ's rules.
 */
describeWithShared('detection recommendations and the threat-informed view', () => {
  const { caches } = services;
  const dir = mkdtempSync(join(tmpdir(), 'attack-kg-detections-views-'));
  const plan = { statuses: ['stable', 'test'] };
  let release: OracleRelease;
  let inventory: OracleInventory;
  let inventoryFile: string;
  let rules: OracleRule[];

  beforeAll(async () => {
    await resetDb();
    await importShared('enterprise-attack-18.1');
    release = readRelease(attackBundle('enterprise-attack-18.1'));
    inventoryFile = generateEventInventory(join(dir, 'events'), 20261201, release).file;
    await importInventory({ document: inventoryFile, csv: [] });
    inventory = readInventory(inventoryFile);
    await importDetections([SIGMA]);
    rules = (await detectionRules(caches, {})).rules.map((v) => ({ ...v.rule, techniques: v.techniques.map((t) => t.attackId as string) }));
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await stopGraphql();
    await closeDriver();
  });

  /** The log source a recommendation names, as the oracle's inventory holds it (a new one for an ATT&CK pair). */
  const asOracle = (r: { logSource: { id: string } | null; name: string | null; channel: string | null }): OracleLogSource =>
    r.logSource
      ? inventory.logSources.find((l) => l.id === r.logSource!.id)!
      : { id: 'recommended', name: r.name!, channel: r.channel ?? undefined, dataComponents: [], dataSources: [] };

  test('each recommendation, enabled in the oracle, adds exactly the detections and firing rules it promises', async () => {
    const recommendations = await detectionRecommendations(caches, {}, 12);
    expect(recommendations.length).toBe(12);
    // Both kinds of candidate are ranked; the ranking is by detections, descending.
    expect(recommendations.some((r) => r.logSource)).toBe(true);
    expect(recommendations.map((r) => r.detections)).toEqual([...recommendations.map((r) => r.detections)].sort((a, b) => b - a));
    const { rows } = await detectionCoverage(caches, {});
    const keys = new Set(rows.map((r) => `${r.technique.id}|${r.platform}`));
    const before = oracleDetection(release, inventory, rules, plan);
    // Each oracle recount is a full host-by-host run: the top two, and the best ATT&CK pair nobody collects when one ranks.
    const checked = [...new Set([...recommendations.slice(0, 2), ...recommendations.filter((r) => !r.logSource).slice(0, 1)])];
    for (const r of checked) {
      const after = oracleDetection(release, oracleEnabled(inventory, asOracle(r), r.platforms), rules, plan);
      const gained = [...keys]
        .map((k) => [k, (after.detected.get(k) ?? 0) - (before.detected.get(k) ?? 0)] as const)
        .filter(([, n]) => n !== 0);
      expect([r.name, r.channel, Object.fromEntries(r.closes.map((c) => [`${c.technique.attackId}|${c.platform}`, c.hosts]))]).toEqual([
        r.name,
        r.channel,
        Object.fromEntries(gained),
      ]);
      expect(r.detections).toBe(gained.reduce((s, [, n]) => s + n, 0));
      const firing = rules
        .map((x) => [x.id, after.firing.get(x.id)! - before.firing.get(x.id)!] as const)
        .filter(([, n]) => n > 0)
        .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
      expect(r.rules.map((x) => [x.view.rule.id, x.hosts])).toEqual(firing);
    }
  });

  test('the top recommendation, enabled in a re-imported inventory, raises hostsDetected by exactly the promised count', async () => {
    const [top] = await detectionRecommendations(caches, {}, 1);
    const { rows: before } = await detectionCoverage(caches, {});
    const doc = YAML.parse(readFileSync(inventoryFile, 'utf8'));
    const id = top.logSource?.id ?? 'recommended';
    if (!top.logSource) doc.logSources.push({ id, name: top.name, channel: top.channel ?? undefined });
    doc.collection.push({ logSource: id, assets: { platforms: top.platforms }, state: 'monitored' });
    const modified = join(dir, 'events', 'inventory-recommended.yaml');
    writeFileSync(modified, YAML.stringify(doc));
    try {
      await importInventory({ document: modified, csv: [] });
      const { rows: after } = await detectionCoverage(caches, {});
      const was = new Map(before.map((r) => [`${r.technique.id}|${r.platform}`, r.hostsDetected]));
      const gained = after
        .map((r) => [`${r.technique.id}|${r.platform}`, r.hostsDetected - (was.get(`${r.technique.id}|${r.platform}`) ?? 0)] as const)
        .filter(([, n]) => n !== 0);
      expect(Object.fromEntries(gained)).toEqual(
        Object.fromEntries(top.closes.map((c) => [`${c.technique.attackId}|${c.platform}`, c.hosts])),
      );
      expect(gained.reduce((s, [, n]) => s + n, 0)).toBe(top.detections);
      expect(top.detections).toBeGreaterThan(0);
    } finally {
      await importInventory({ document: inventoryFile, csv: [] });
    }
  });

  test("a group's techniques: detected, visible only and blind, by the oracle's hosts", async () => {
    const query = { group: 'APT29' };
    const view = await threatDetection(caches, query);
    const { rows } = await coverage(caches, query);
    const techniques = [...new Set(rows.map((r) => r.technique.id))];
    const everything = await threatDetection(caches, {});
    const all = everything.detected.length + everything.visibleOnly.length + everything.blind.length;
    expect(techniques.length).toBeGreaterThan(20);
    expect(techniques.length).toBeLessThan(all);
    const oracle = oracleDetection(release, inventory, rules, plan);
    const wanted = { detected: [] as string[], visibleOnly: [] as string[], blind: [] as string[] };
    for (const t of techniques) {
      const own = rows.filter((r) => r.technique.id === t);
      if (own.some((r) => (oracle.detected.get(`${t}|${r.platform}`) ?? 0) > 0)) wanted.detected.push(t);
      else if (own.some((r) => (oracle.visibleNotDetected.get(`${t}|${r.platform}`) ?? 0) > 0)) wanted.visibleOnly.push(t);
      else wanted.blind.push(t);
    }
    const ids = (list: typeof view.detected) => list.map((t) => t.technique.attackId as string).sort();
    expect({ detected: ids(view.detected), visibleOnly: ids(view.visibleOnly), blind: ids(view.blind) }).toEqual({
      detected: wanted.detected.sort(),
      visibleOnly: wanted.visibleOnly.sort(),
      blind: wanted.blind.sort(),
    });
    expect(view.detected.length).toBeGreaterThan(0);
    expect(view.visibleOnly.length + view.blind.length).toBeGreaterThan(0);
    for (const t of [...view.detected, ...view.visibleOnly, ...view.blind])
      expect(t.hostsDetected).toBe(t.rows.reduce((s, r) => s + (oracle.detected.get(`${t.technique.attackId}|${r.platform}`) ?? 0), 0));
  });

  test('over GraphQL: counts, rows and the recommendations with their rules', async () => {
    const { data, errors } = await execute(`{
      threatDetection(query: { group: "APT29" }) { release techniqueCount detectedCount visibleOnlyCount blindCount
        detected { technique { attackId } hostsDetected rows { platform hostsDetected ruleCount } } }
      detectionRecommendations(limit: 3) { name channel platforms detections closes { hosts } ruleCount rules(first: 2) { rule { id } hosts } }
    }`);
    expect(errors).toEqual([]);
    const t = data.threatDetection;
    expect(t.release).toBe('18.1');
    expect(t.techniqueCount).toBe(t.detectedCount + t.visibleOnlyCount + t.blindCount);
    expect(t.detected.length).toBe(t.detectedCount);
    for (const d of t.detected) expect(d.rows.some((r: { hostsDetected: number }) => r.hostsDetected > 0)).toBe(true);
    const recs = data.detectionRecommendations;
    expect(recs).toHaveLength(3);
    for (const r of recs) {
      expect(r.detections).toBe(r.closes.reduce((s: number, c: { hosts: number }) => s + c.hosts, 0));
      expect(r.rules.length).toBe(Math.min(2, r.ruleCount));
    }
    expect((await execute('{ detectionRecommendations(limit: 201) { name } }')).errors).toEqual(['limit must be between 0 and 200']);
  });
});
