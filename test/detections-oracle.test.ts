import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import YAML from 'yaml';
import { coverage } from '../src/coverage/coverage';
import { detectionCoverage, detectionRules } from '../src/detections/views';
import { importDetections } from '../import/detections/import-detections';
import { importInventory } from '../import/inventory/import-inventory';
import { OracleRelease, readRelease } from './oracle/attack';
import { OracleDeployment, oracleDetection, OracleRule } from './oracle/detections';
import { generateEventInventory } from './oracle/generate';
import { matchesFilter, OracleInventory, readInventory } from './oracle/inventory';
import { closeDriver, importShared, resetDb } from './support/db';
import { services } from './support/graphql';
import { attackBundle, describeWithShared } from './support/shared';
import { SIGMA } from './support/sigma';

/**
 * hostsDetected, hostsVisibleNotDetected and the rules' deployed and firing hosts, computed on
 * profiles and cells, against the brute-force oracle (host by host, rule by rule), on a generated
 * inventory of 3000 assets written a log source per event ID, with SigmaHQ's rules: by status,
 * and under a detections document whose selectors name tags, units and ids.
 */
describeWithShared('detection rows equal the brute-force oracle', () => {
  const { caches } = services;
  const dir = mkdtempSync(join(tmpdir(), 'attack-kg-detections-oracle-'));
  let release: OracleRelease;
  let inventory: OracleInventory;

  beforeAll(async () => {
    await resetDb();
    await importShared('enterprise-attack-18.1');
    release = readRelease(attackBundle('enterprise-attack-18.1'));
    const generated = generateEventInventory(join(dir, 'events'), 20261201, release);
    await importInventory({ document: generated.file, csv: [] });
    inventory = readInventory(generated.file);
    await importDetections([SIGMA]);
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await closeDriver();
  });

  /** The rules as the oracle takes them: stored requirements and platforms, and the techniques they count for. */
  const oracleRules = async (): Promise<OracleRule[]> =>
    (await detectionRules(caches, {})).rules.map((v) => ({
      ...v.rule,
      techniques: v.techniques.map((t) => t.attackId as string),
    }));

  async function compare(
    plan: { statuses: string[] } | { entries: OracleDeployment[] },
    query: Parameters<typeof coverage>[1] = {},
    oracleOptions: Parameters<typeof oracleDetection>[4] = {},
  ) {
    const rules = await oracleRules();
    const expected = oracleDetection(release, inventory, rules, plan, oracleOptions);
    const { rows } = await detectionCoverage(caches, query);
    const { rows: coverageRows } = await coverage(caches, query);
    expect(rows.map((r) => [r.technique.id, r.platform, r.hostsTotal, r.hostsCovered])).toEqual(
      coverageRows.map((r) => [r.technique.id, r.platform, r.hostsTotal, r.hostsCovered]),
    );
    const differences = rows
      .map((r) => {
        const key = `${r.technique.id}|${r.platform}`;
        const want = [expected.detected.get(key) ?? 0, expected.visibleNotDetected.get(key) ?? 0];
        return want[0] === r.hostsDetected && want[1] === r.hostsVisibleNotDetected
          ? null
          : `${key}: ${r.hostsDetected}/${r.hostsVisibleNotDetected}, oracle ${want.join('/')}`;
      })
      .filter(Boolean);
    expect(differences.slice(0, 10)).toEqual([]);
    // Each row's rules are the rules counting for its technique on its platform.
    const row = rows.find((r) => r.rules.length > 3)!;
    expect(row.rules.map((v) => v.rule.id).sort()).toEqual(
      rules
        .filter((r) => r.techniques.includes(row.technique.id) && r.platforms.includes(row.platform))
        .map((r) => r.id)
        .sort(),
    );
    return { rows, expected };
  }

  test('default deployment (stable and test rules on every asset of their platforms), every minState', async () => {
    for (const minState of ['configured', 'tested', 'monitored'] as const) {
      const { rows } = await compare({ statuses: ['stable', 'test'] }, { minState: minState.toUpperCase() as 'MONITORED' }, { minState });
      expect(rows.filter((r) => r.hostsDetected > 0).length).toBeGreaterThan(50);
      expect(rows.some((r) => r.hostsDetected > 0 && r.hostsDetected < r.hostsTotal)).toBe(true);
      expect(rows.some((r) => r.hostsVisibleNotDetected > 0)).toBe(true);
    }
  });

  test('an asset filter, and an ids filter', async () => {
    const filter = { businessUnits: ['Finance', 'IT'], tags: ['workstation'] };
    await compare({ statuses: ['stable', 'test'] }, { assets: filter }, { assets: matchesFilter(filter) });
    const ids = inventory.assets.filter((_, i) => i % 37 === 0).map((a) => a.id);
    await compare({ statuses: ['stable', 'test'] }, { assets: { ids } }, { assets: matchesFilter({ ids }) });
  });

  test("the rules' deployed, firing and cannot-fire hosts", async () => {
    const rules = await oracleRules();
    const expected = oracleDetection(release, inventory, rules, { statuses: ['stable', 'test'] });
    const views = (await detectionRules(caches, {})).rules;
    const actual = Object.fromEntries(views.map((v) => [v.rule.id, [v.deployedHosts, v.firingHosts, v.cannotFireHosts]]));
    const wanted = Object.fromEntries(
      rules.map((r) => [
        r.id,
        [expected.deployed.get(r.id), expected.firing.get(r.id), expected.deployed.get(r.id)! - expected.firing.get(r.id)!],
      ]),
    );
    expect(actual).toEqual(wanted);
    expect(views.some((v) => v.cannotFireHosts > 0 && v.firingHosts > 0)).toBe(true);
    // Where: per platform of the rule's, hosts deployed on and of those firing.
    const where = (list: [string, number][]) => Object.fromEntries(list.filter(([, n]) => n > 0));
    const byPlatform = views.flatMap((v) =>
      v.byPlatform.flatMap(
        (p) =>
          [
            [`${v.rule.id}|${p.platform}|deployed`, p.deployedHosts],
            [`${v.rule.id}|${p.platform}|firing`, p.firingHosts],
          ] as [string, number][],
      ),
    );
    const oracleByPlatform = [
      ...[...expected.deployedOn].map(([k, n]): [string, number] => [`${k}|deployed`, n]),
      ...[...expected.firingOn].map(([k, n]): [string, number] => [`${k}|firing`, n]),
    ];
    expect(where(byPlatform)).toEqual(where(oracleByPlatform));
    expect(views.some((v) => v.byPlatform.some((p) => p.cannotFireHosts > 0 && p.cannotFireHosts === p.deployedHosts))).toBe(true);
    // Deprecated rules are kept and never deployed.
    expect(views.filter((v) => v.rule.status === 'deprecated').every((v) => v.deployedHosts === 0)).toBe(true);
    const cannotFire = (await detectionRules(caches, { onlyCannotFire: true })).rules;
    expect(cannotFire.map((v) => v.rule.id)).toEqual(views.filter((v) => v.cannotFireHosts > 0).map((v) => v.rule.id));
  });

  test('a detections document: entries in order, the last match deciding, selectors by tag, unit and id', async () => {
    const ids = inventory.assets.filter((_, i) => i % 11 === 0).map((a) => a.id);
    const entries: OracleDeployment[] = [
      { rules: { status: ['stable', 'test', 'experimental'] }, assets: '*', enabled: true },
      { rules: { paths: ['rules/windows/builtin'] }, assets: { tags: ['server'] }, enabled: false },
      { rules: { levels: ['high', 'critical'] }, assets: ids.slice(0, 120), enabled: true },
      { rules: { tags: ['attack.execution'] }, assets: { businessUnit: ['Finance'], ids: ids.slice(60) }, enabled: false },
      {
        rules: { ids: ['ff151c33-45fa-475d-af4f-c2f93571f4fe'] },
        assets: { platforms: ['Windows'], criticality: ['high'] },
        enabled: true,
      },
    ];
    const doc = join(dir, 'deployments.yaml');
    writeFileSync(doc, YAML.stringify({ version: 1, deployments: entries }));
    // In-house rules beside SigmaHQ's: one needing an inventory log source by id, one a log by name alone (every channel).
    const named = inventory.logSources.filter((l) => l.name !== undefined);
    const csv = join(dir, 'ours.csv');
    writeFileSync(
      csv,
      [
        'id,title,techniques,requires,platforms,status,level',
        `OURS-1,by id,T1059.001;T1003,@${named[0].id},Windows;Linux,stable,high`,
        `OURS-2,by name,T1059.001,"${named[named.length - 1].name}",Windows;Linux,test,low`,
        'OURS-3,unmapped,T1059.001,,Windows,stable,low',
      ].join('\n'),
    );
    const summary = await importDetections([SIGMA, doc, csv]);
    expect(summary.deployment).toEqual({ document: doc, statuses: null, entries: entries.length });
    const { rows } = await compare({ entries });
    expect(rows.filter((r) => r.hostsDetected > 0).length).toBeGreaterThan(50);
    const filter = { ids: ids.slice(50, 90) };
    await compare({ entries }, { assets: filter }, { assets: matchesFilter(filter) });
    const rules = await oracleRules();
    const expected = oracleDetection(release, inventory, rules, { entries });
    const views = (await detectionRules(caches, {})).rules;
    const ours = views.filter((v) => v.rule.id.startsWith('OURS-'));
    expect(ours.map((v) => [v.rule.id, v.deployedHosts > 0, v.firingHosts > 0])).toEqual([
      ['OURS-1', true, true],
      ['OURS-2', true, true],
      ['OURS-3', true, false],
    ]);
    expect(Object.fromEntries(views.map((v) => [v.rule.id, [v.deployedHosts, v.firingHosts]]))).toEqual(
      Object.fromEntries(rules.map((r) => [r.id, [expected.deployed.get(r.id), expected.firing.get(r.id)]])),
    );
  });
});
