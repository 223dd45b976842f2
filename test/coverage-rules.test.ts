import { join } from 'node:path';
import { projectRoot } from '../src/config';
import { coverage } from '../src/coverage/coverage';
import { RowEntry } from '../src/coverage/engine';
import { CoverageInput } from '../src/coverage/params';
import { controlCoverage } from '../src/coverage/views/control-coverage';
import { recommendations } from '../src/coverage/views/recommendations';
import { singlePointsOfFailure } from '../src/coverage/views/single-points-of-failure';
import { tacticMatrix } from '../src/coverage/views/tactic-matrix';
import { techniqueCoverage } from '../src/coverage/views/technique-coverage';
import { importInventory } from '../import/inventory/import-inventory';
import { closeDriver, importShared, resetDb } from './support/db';
import { services } from './support/graphql';
import { describeWithShared } from './support/shared';

/**
 * One small hand-written inventory (fixtures/coverage/rules.yaml), one clause of the coverage
 * rule per test, against what ATT&CK 18.1 (and 6.3) really say: T1059.001 on Windows is detected
 * through PowerShell EventCode=4103..4106 and Sysmon 1/7 (Process Creation, Command Execution,
 * ...); T1078.004 on IaaS through AWS:CloudTrail; T1596.003 (PRE) has no analytic at all.
 */
const RULES_INVENTORY = join(projectRoot, 'test', 'fixtures', 'coverage', 'rules.yaml');

describeWithShared('the coverage rule, clause by clause', () => {
  /** The program's caches, as resolvers reach them (ctx.services). */
  const { caches } = services;
  beforeAll(async () => {
    await resetDb();
    await importShared('enterprise-attack-6.3');
    await importShared('enterprise-attack-18.1');
    await importInventory({ document: RULES_INVENTORY, csv: [] });
  });
  afterAll(closeDriver);

  const row = async (technique: string, platform: string, input: CoverageInput = {}): Promise<RowEntry | undefined> =>
    (await coverage(caches, { ...input, techniques: [technique] })).rows.find(
      (r) => r.technique.id === technique && r.platform === platform,
    );
  const covered = async (technique: string, platform: string, input: CoverageInput = {}) =>
    (await row(technique, platform, input))?.hostsCovered;

  test('state ladder: configured < tested < monitored, MONITORED by default', async () => {
    expect(await covered('T1059.001', 'Windows', { minState: 'CONFIGURED' })).toBe(5);
    expect(await covered('T1059.001', 'Windows', { minState: 'TESTED' })).toBe(4);
    expect(await covered('T1059.001', 'Windows', { minState: 'MONITORED' })).toBe(3);
    expect(await row('T1059.001', 'Windows')).toMatchObject({
      hostsTotal: 6,
      hostsCovered: 3,
      hostsBlind: 3,
      coverageRatio: 0.5,
      noAttackGuidance: false,
    });
  });

  test('control-implied collection: a deployment in state S collects what the control produces in S; the highest state counts', async () => {
    // W4 has an explicit `configured` row for edr-process and the EDR deployed `monitored`: W4 counts at MONITORED.
    // On Linux only the EDR (Process Creation) sees T1059.006, on L1.
    expect(await row('T1059.006', 'Linux')).toMatchObject({ hostsTotal: 1, hostsCovered: 1 });
    const [edr] = await controlCoverage(caches, { techniques: ['T1059.006'] });
    expect(edr.hosts).toEqual([
      { platform: 'Linux', state: 'MONITORED', hosts: 1 },
      { platform: 'Windows', state: 'MONITORED', hosts: 1 },
    ]);
    expect(edr.hostsAtMinState).toBe(2);
    expect(edr.techniques.map((t) => [t.technique.attackId, t.platform, t.hosts])).toEqual([
      ['T1059.006', 'Linux', 1],
      ['T1059.006', 'Windows', 1],
    ]);
  });

  test('a channel-less log source stands for every channel of its name; LOG_SOURCE needs a name', async () => {
    // W3: the exact PowerShell pair; W5: Sysmon without a channel matches EventCode=1 and 7. W4 (edr, by data component only) does not count.
    expect(await covered('T1059.001', 'Windows', { precision: 'LOG_SOURCE' })).toBe(2);
    const detail = await techniqueCoverage(caches, 'T1059.001', { platforms: ['Windows'], precision: 'LOG_SOURCE' });
    const sysmon = detail!.platforms[0].logSources.filter((l) => l.name === 'WinEventLog:Sysmon');
    expect(sysmon.map((l) => l.channel).sort()).toEqual(['EventCode=1', 'EventCode=7']);
    expect(sysmon.every((l) => l.collectedBy.map((u) => u.logSource.id).join() === 'sysmon' && l.hosts === 1)).toBe(true);
  });

  test('platform aliases: AWS and iaas count as IaaS on 18.1; IaaS counts as AWS, Azure and GCP on 6.3; Entra ID as Identity Provider', async () => {
    expect(await row('T1078.004', 'IaaS')).toMatchObject({ hostsTotal: 2, hostsCovered: 1 });
    expect(await row('T1556.007', 'Identity Provider')).toMatchObject({ hostsTotal: 1, hostsCovered: 1 });
    const old = (await coverage(caches, { release: '6.3', techniques: ['T1078'] })).rows;
    expect(old.map((r) => [r.platform, r.hostsTotal, r.hostsCovered])).toEqual([
      ['AWS', 2, 1],
      ['Azure', 1, 0],
      ['GCP', 1, 0],
      ['Linux', 1, 0],
      ['Office 365', 1, 0],
      ['Windows', 6, 0],
    ]);
  });

  test("revoked and deprecated techniques have no rows; renamed platforms count under today's name", async () => {
    const { rows } = await coverage(caches);
    const ids = new Set(rows.map((r) => r.technique.id));
    expect(ids.has('T1192')).toBe(false); // revoked, was on Office 365
    expect(ids.has('T1064')).toBe(false); // deprecated, was on Windows
    expect(rows.every((r) => r.technique.node.active === true)).toBe(true);
    expect(rows.some((r) => r.platform === 'Office 365')).toBe(false);
    expect(rows.filter((r) => r.platform === 'Office Suite').every((r) => r.hostsTotal === 1)).toBe(true);
  });

  test('noAttackGuidance: no analytic for (T, P) means flagged and never covered', async () => {
    expect(await row('T1596.003', 'PRE')).toMatchObject({ hostsTotal: 1, hostsCovered: 0, noAttackGuidance: true });
    const { rows } = await coverage(caches, { platforms: ['PRE'], minState: 'CONFIGURED' });
    expect(rows.filter((r) => r.noAttackGuidance)).toHaveLength(41);
    expect(rows.filter((r) => r.noAttackGuidance).every((r) => r.hostsCovered === 0)).toBe(true);
  });

  test('onlyGaps and onlyUncovered', async () => {
    const all = (await coverage(caches)).rows;
    const gaps = (await coverage(caches, { onlyGaps: true })).rows;
    const uncovered = (await coverage(caches, { onlyUncovered: true })).rows;
    expect(gaps).toEqual(all.filter((r) => r.hostsBlind > 0));
    expect(uncovered).toEqual(all.filter((r) => r.hostsCovered === 0));
    expect(uncovered.length).toBeLessThan(gaps.length);
  });

  test('techniqueCoverage: components and pairs, who collects them at which state, the blind hosts', async () => {
    const detail = await techniqueCoverage(caches, 'T1059.001', { platforms: ['Windows'], minState: 'TESTED' });
    const windows = detail!.platforms[0];
    expect(windows).toMatchObject({ platform: 'Windows', hostsTotal: 6, hostsCovered: 4 });
    const creation = windows.dataComponents.find((c) => c.name === 'Process Creation')!;
    expect(creation.collectedBy.map((u) => [u.logSource.id, u.configured, u.tested, u.monitored]).sort()).toEqual([
      ['edr-process', 0, 0, 1],
      ['sysmon', 0, 0, 1],
    ]);
    const powershell = windows.logSources.find(
      (l) => l.name === 'WinEventLog:PowerShell' && l.channel === 'EventCode=4103, 4104, 4105, 4106',
    )!;
    expect(powershell.collectedBy.map((u) => [u.logSource.id, u.configured, u.tested, u.monitored, u.atMinState])).toEqual([
      ['ps', 1, 1, 1, 2],
    ]);
    expect(windows.blind.profiles.length).toBeGreaterThan(0);
  });

  test('single points of failure: one log source, or one control', async () => {
    const spof = await singlePointsOfFailure(caches);
    const cloud = spof.find((s) => s.technique.id === 'T1078.004' && s.platform === 'IaaS')!;
    expect(cloud.logSource?.id).toBe('cloudtrail');
    expect(cloud.control).toBeNull();
    // Linux is covered only by edr-process, which only the EDR produces and nobody collects by a row at MONITORED.
    const linux = spof.find((s) => s.technique.id === 'T1059.006' && s.platform === 'Linux')!;
    expect([linux.logSource?.id, linux.control?.id]).toEqual(['edr-process', 'edr']);
    expect(spof.some((s) => s.technique.id === 'T1059.001' && s.platform === 'Windows')).toBe(false);
  });

  test('recommendations: ranked by blind (technique, host) pairs closed', async () => {
    const recs = await recommendations(caches, { platforms: ['Windows'] }, 5);
    expect(recs.length).toBe(5);
    for (let i = 1; i < recs.length; i += 1) expect(recs[i - 1].blindPairs).toBeGreaterThanOrEqual(recs[i].blindPairs);
    for (const r of recs) expect(r.blindPairs).toBe(r.closes.reduce((s, c) => s + c.hosts, 0));
    const sysmon = recs.find((r) => r.logSource?.id === 'sysmon');
    expect(sysmon?.closes.some((c) => c.technique.attackId === 'T1059.001' && c.hosts === 3)).toBe(true);
  });

  test('tacticMatrix: every technique of a tactic is covered, partial, uncovered or not applicable', async () => {
    const matrix = await tacticMatrix(caches);
    const execution = matrix.find((m) => m.tactic.shortname === 'execution')!;
    expect(execution.techniques).toBe(execution.covered + execution.partial + execution.uncovered);
    const { rows } = await coverage(caches, { tactics: ['execution'] });
    expect(execution.techniques).toBe(new Set(rows.map((r) => r.technique.id)).size);
    expect(execution.partial).toBeGreaterThan(0);
  });
});
