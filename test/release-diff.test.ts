import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { importAttack } from '../import/attack/import-attack';
import { importInventory } from '../import/inventory/import-inventory';
import { closeDriver, importShared, resetDb } from './support/db';
import { execute, gql, stopGraphql } from './support/graphql';
import { attackBundle, describeWithShared } from './support/shared';
import { DC_COMMAND, DC_PROCESS, diffFrom, diffInventory, diffLater, diffTo } from './fixtures/diff-bundles';
import { readRelease } from './oracle/attack';
import { OracleRow, oracleRows } from './oracle/coverage';
import { generateInventory } from './oracle/generate';
import { readInventory } from './oracle/inventory';
import { oracleNewPairs } from './oracle/log-sources';
import { REISSUED, writeV19Bundle } from './fixtures/v19';

const DIFF = `query($from: String!, $to: String!) { releaseDiff(domain: "enterprise-attack", from: $from, to: $to) {
  domain from to
  added { attackId release active }
  removed { attackId release }
  revoked { attackId release revoked replacedBy }
  replacements { technique { attackId } replacedBy { attackId release } }
  deprecated { attackId deprecated }
  renamed { technique { attackId } from to }
  tacticsChanged { technique { attackId } from to added removed }
  platformsChanged { technique { attackId } from to added removed }
  detectionChanged { technique { attackId } platform
    dataComponentsAdded { stixId name release } dataComponentsRemoved { stixId name release }
    logSourcesAdded { name channel } logSourcesRemoved { name channel } }
} }`;

const ids = (list: { attackId: string }[]) => list.map((t) => t.attackId);

describe('releaseDiff on a hand-made pair of releases', () => {
  let diff: any;
  beforeAll(async () => {
    await resetDb();
    const dir = mkdtempSync(join(tmpdir(), 'attack-kg-diff-'));
    for (const [name, bundle] of [
      ['from.json', diffFrom],
      ['to.json', diffTo],
    ] as const) {
      writeFileSync(join(dir, name), JSON.stringify(bundle));
      await importAttack(join(dir, name));
    }
    writeFileSync(join(dir, 'inventory.yaml'), diffInventory);
    await importInventory({ document: join(dir, 'inventory.yaml'), csv: [] });
    diff = (await gql(DIFF, { from: '1.0', to: '2.0' })).releaseDiff;
  });
  afterAll(async () => {
    await stopGraphql();
    await closeDriver();
  });

  test('added: new, or active again', () => {
    expect(diff.added).toEqual([
      { attackId: 'T1006', release: '2.0', active: true },
      { attackId: 'T1008', release: '2.0', active: true },
    ]);
  });

  test('revoked, with the replacement; deprecated; removed (absent from `to`)', () => {
    expect(diff.revoked).toEqual([{ attackId: 'T1005', release: '2.0', revoked: true, replacedBy: 'T1006' }]);
    expect(diff.replacements).toEqual([{ technique: { attackId: 'T1005' }, replacedBy: { attackId: 'T1006', release: '2.0' } }]);
    expect(diff.deprecated).toEqual([{ attackId: 'T1007', deprecated: true }]);
    expect(diff.removed).toEqual([{ attackId: 'T1009', release: '1.0' }]);
  });

  test('renamed, moved between tactics, platforms changed', () => {
    expect(diff.renamed).toEqual([{ technique: { attackId: 'T1002' }, from: 'Old Name', to: 'New Name' }]);
    expect(diff.tacticsChanged).toEqual([
      { technique: { attackId: 'T1003' }, from: ['execution'], to: ['persistence'], added: ['persistence'], removed: ['execution'] },
    ]);
    expect(diff.platformsChanged).toEqual([
      { technique: { attackId: 'T1004' }, from: ['Windows'], to: ['Linux', 'Windows'], added: ['Linux'], removed: [] },
    ]);
  });

  test('detection guidance per platform: from a detecting component to a Windows analytic and its log source', () => {
    expect(diff.detectionChanged).toEqual([
      {
        technique: { attackId: 'T1010' },
        platform: 'Linux',
        dataComponentsAdded: [],
        dataComponentsRemoved: [{ stixId: DC_PROCESS, name: 'Process Creation', release: '1.0' }],
        logSourcesAdded: [],
        logSourcesRemoved: [],
      },
      {
        technique: { attackId: 'T1010' },
        platform: 'Windows',
        dataComponentsAdded: [{ stixId: DC_COMMAND, name: 'Command Execution', release: '2.0' }],
        dataComponentsRemoved: [{ stixId: DC_PROCESS, name: 'Process Creation', release: '1.0' }],
        logSourcesAdded: [{ name: 'WinEventLog:Security', channel: 'EventCode=4688' }],
        logSourcesRemoved: [],
      },
      {
        technique: { attackId: 'T1011' },
        platform: 'Windows',
        dataComponentsAdded: [{ stixId: DC_PROCESS, name: 'Process Creation', release: '2.0' }],
        dataComponentsRemoved: [],
        logSourcesAdded: [{ name: 'EDR:Process', channel: 'create' }],
        logSourcesRemoved: [],
      },
    ]);
  });

  test("the coverage delta on the inventory: gaps opened and closed, with both releases' host counts; a revoked technique's gap carried over to its replacement", async () => {
    const { releaseDiff } = await gql(`{ releaseDiff(domain: "enterprise-attack", from: "1.0", to: "2.0") { coverageDelta {
      becameGaps { ...pair } stoppedBeingGaps { ...pair }
      carriedOver { from { attackId release } technique { attackId release } platform state
        before { technique { attackId } hostsBlind } after { technique { attackId } hostsBlind } } } } }
      fragment pair on CoveragePairChange { technique { attackId release } platform
        before { hostsTotal hostsCovered hostsBlind noAttackGuidance } after { hostsTotal hostsCovered hostsBlind noAttackGuidance } }`);
    const hosts = (total: number, covered: number, noAttackGuidance = false) => ({
      hostsTotal: total,
      hostsCovered: covered,
      hostsBlind: total - covered,
      noAttackGuidance,
    });
    const pair = (attackId: string, release: string, platform: string, before: object | null, after: object | null) => ({
      technique: { attackId, release },
      platform,
      before,
      after,
    });
    expect(releaseDiff.coverageDelta.becameGaps).toEqual([
      pair('T1004', '2.0', 'Linux', null, hosts(1, 0, true)),
      // T1006 replaces T1005 (revoked-by): its gap is T1005's, carried over, not a new one.
      pair('T1008', '2.0', 'Windows', null, hosts(2, 0, true)),
      // Only WIN-2 collects the 4688 events 2.0's analytic names; 2.0 says nothing for Linux.
      pair('T1010', '2.0', 'Linux', hosts(1, 1), hosts(1, 0, true)),
      pair('T1010', '2.0', 'Windows', hosts(2, 2), hosts(2, 1)),
    ]);
    expect(releaseDiff.coverageDelta.stoppedBeingGaps).toEqual([
      pair('T1007', '1.0', 'Windows', hosts(2, 0, true), null),
      pair('T1009', '1.0', 'Windows', hosts(2, 0, true), null),
      pair('T1011', '2.0', 'Windows', hosts(2, 0, true), hosts(2, 2)),
    ]);
    expect(releaseDiff.coverageDelta.carriedOver).toEqual([
      {
        from: { attackId: 'T1005', release: '1.0' },
        technique: { attackId: 'T1006', release: '2.0' },
        platform: 'Windows',
        state: 'STILL_GAP',
        before: { technique: { attackId: 'T1005' }, hostsBlind: 2 },
        after: { technique: { attackId: 'T1006' }, hostsBlind: 2 },
      },
    ]);
  });

  test('the reverse diff mirrors it', async () => {
    const back = (await gql(DIFF, { from: '2.0', to: '1.0' })).releaseDiff;
    expect(ids(back.added)).toEqual(['T1005', 'T1007', 'T1009']);
    expect(back.removed).toEqual([{ attackId: 'T1006', release: '2.0' }]);
    expect(ids(back.deprecated)).toEqual(['T1008']);
    expect(back.revoked).toEqual([]);
    expect(back.renamed).toEqual([{ technique: { attackId: 'T1002' }, from: 'New Name', to: 'Old Name' }]);
  });

  test('a release that is not imported is a clear input error', async () => {
    const { errors } = await execute(DIFF, { from: '1.0', to: '9.9' });
    expect(errors).toEqual(['ATT&CK enterprise-attack release 9.9 is not imported (imported: 2.0, 1.0)']);
  });
});

describe('releaseDiff compares log sources by what they name (INVENTORY.md v1.1 matching), not by spelling', () => {
  beforeAll(async () => {
    await resetDb();
    const dir = mkdtempSync(join(tmpdir(), 'attack-kg-diff-'));
    for (const [name, bundle] of [
      ['to.json', diffTo],
      ['later.json', diffLater],
    ] as const) {
      writeFileSync(join(dir, name), JSON.stringify(bundle));
      await importAttack(join(dir, name));
    }
  });
  afterAll(async () => {
    await stopGraphql();
    await closeDriver();
  });

  test('a list that adds an event adds the list and removes nothing; a respelt log is no change', async () => {
    const { releaseDiff } = await gql(DIFF, { from: '2.0', to: '3.0' });
    expect(releaseDiff.detectionChanged).toEqual([
      {
        technique: { attackId: 'T1010' },
        platform: 'Windows',
        dataComponentsAdded: [],
        dataComponentsRemoved: [],
        logSourcesAdded: [{ name: 'XmlWinEventLog:Security', channel: 'EventCode=4688, 4689' }],
        logSourcesRemoved: [],
      },
    ]);
  });

  test('backwards, the list is removed (4689 is gone) and nothing is added (4688 was there)', async () => {
    const { releaseDiff } = await gql(DIFF, { from: '3.0', to: '2.0' });
    expect(releaseDiff.detectionChanged).toEqual([
      {
        technique: { attackId: 'T1010' },
        platform: 'Windows',
        dataComponentsAdded: [],
        dataComponentsRemoved: [],
        logSourcesAdded: [],
        logSourcesRemoved: [{ name: 'XmlWinEventLog:Security', channel: 'EventCode=4688, 4689' }],
      },
    ]);
  });
});

/** An independent reading of a raw bundle: what releaseDiff should find, by ATT&CK id. */
function rawRelease(path: string) {
  const objects: any[] = JSON.parse(gunzipSync(readFileSync(path)).toString('utf8')).objects;
  const byId = new Map(objects.map((o) => [o.id, o]));
  const attackId = (o: any) => o.external_references?.find((r: any) => r.source_name === 'mitre-attack' && r.external_id)?.external_id;
  const live = (o: any) => !o.revoked && !o.x_mitre_deprecated;
  const tactics = new Set(objects.filter((o) => o.type === 'x-mitre-tactic' && live(o)).map((o) => o.x_mitre_shortname));
  const techniques = new Map<string, any>();
  for (const t of objects.filter((o) => o.type === 'attack-pattern' && attackId(o))) {
    if (!techniques.get(attackId(t)) || live(t)) techniques.set(attackId(t), t);
  }
  const detects = objects.filter(
    (r) => r.type === 'relationship' && r.relationship_type === 'detects' && live(r) && byId.has(r.source_ref) && byId.has(r.target_ref),
  );
  /** "<attackId>|<platform>" -> component STIX ids and log sources by "name|channel". */
  const detection = new Map<string, { components: Set<string>; logSources: Map<string, { name: string; channel?: string }> }>();
  for (const [id, t] of techniques) {
    if (!live(t)) continue;
    for (const platform of t.x_mitre_platforms ?? []) {
      const entry = { components: new Set<string>(), logSources: new Map<string, { name: string; channel?: string }>() };
      for (const r of detects.filter((d) => d.target_ref === t.id)) {
        const source = byId.get(r.source_ref);
        if (source.type === 'x-mitre-data-component') entry.components.add(source.id);
        if (source.type !== 'x-mitre-detection-strategy') continue;
        for (const a of (source.x_mitre_analytic_refs ?? []).map((ref: string) => byId.get(ref))) {
          if (!a || !(a.x_mitre_platforms ?? []).includes(platform)) continue;
          for (const l of a.x_mitre_log_source_references ?? []) {
            if (byId.has(l.x_mitre_data_component_ref)) entry.components.add(l.x_mitre_data_component_ref);
            entry.logSources.set(`${l.name}|${l.channel ?? ''}`, l);
          }
        }
      }
      detection.set(`${id}|${platform}`, entry);
    }
  }
  const tacticsOf = (t: any) =>
    [
      ...new Set<string>(
        (t.kill_chain_phases ?? [])
          .filter((k: any) => k.kill_chain_name.startsWith('mitre') && tactics.has(k.phase_name))
          .map((k: any) => k.phase_name),
      ),
    ].sort();
  return { techniques, live, tacticsOf, detection };
}

describeWithShared('releaseDiff on real releases: enterprise 15.1 -> 17.1, and 17.1 -> 18.1 (the detection-strategy model change)', () => {
  let diff1718: any;
  beforeAll(async () => {
    await resetDb();
    for (const version of ['15.1', '17.1', '18.1']) await importShared(`enterprise-attack-${version}`);
    diff1718 = (await gql(DIFF, { from: '17.1', to: '18.1' })).releaseDiff;
  });
  afterAll(async () => {
    await stopGraphql();
    await closeDriver();
  });

  test.each([
    ['15.1', '17.1'],
    ['17.1', '18.1'],
  ])('%s -> %s: every list matches a brute-force reading of the two raw bundles', async (from, to) => {
    const diff = from === '17.1' ? diff1718 : (await gql(DIFF, { from, to })).releaseDiff;
    const a = rawRelease(attackBundle(`enterprise-attack-${from}`));
    const b = rawRelease(attackBundle(`enterprise-attack-${to}`));
    const expected = {
      added: [] as string[],
      removed: [] as string[],
      revoked: [] as string[],
      deprecated: [] as string[],
      renamed: [] as string[],
      tactics: [] as string[],
      platforms: [] as string[],
      detection: [] as string[],
    };
    for (const [id, t] of a.techniques) if (a.live(t) && !b.techniques.has(id)) expected.removed.push(id);
    for (const id of [...b.techniques.keys()].sort()) {
      const t = b.techniques.get(id);
      const old = a.techniques.get(id);
      const wasLive = old && a.live(old);
      if (b.live(t) && !wasLive) expected.added.push(id);
      if (!wasLive) continue;
      if (t.revoked) expected.revoked.push(id);
      else if (t.x_mitre_deprecated) expected.deprecated.push(id);
      if (!b.live(t)) continue;
      if (old.name !== t.name) expected.renamed.push(`${id}: ${old.name} -> ${t.name}`);
      if (a.tacticsOf(old).join() !== b.tacticsOf(t).join()) expected.tactics.push(id);
      if ([...new Set(old.x_mitre_platforms)].sort().join() !== [...new Set(t.x_mitre_platforms)].sort().join())
        expected.platforms.push(id);
      for (const platform of [...new Set<string>([...(old.x_mitre_platforms ?? []), ...(t.x_mitre_platforms ?? [])])].sort()) {
        const empty = { components: new Set<string>(), logSources: new Map<string, { name: string; channel?: string }>() };
        const was = a.detection.get(`${id}|${platform}`) ?? empty;
        const is = b.detection.get(`${id}|${platform}`) ?? empty;
        const minus = (x: Set<string>, y: Set<string>) => [...x].filter((v) => !y.has(v)).sort();
        // Log sources by what they name (INVENTORY.md v1.1 matching), not by spelling.
        const newPairs = (x: typeof is.logSources, y: typeof is.logSources) =>
          oracleNewPairs([...x.values()], [...y.values()])
            .map((l) => `${l.name}|${l.channel ?? ''}`)
            .sort();
        expected.detection.push(
          ...[
            [
              minus(is.components, was.components),
              minus(was.components, is.components),
              newPairs(is.logSources, was.logSources),
              newPairs(was.logSources, is.logSources),
            ],
          ]
            .filter((lists) => lists.some((l) => l.length))
            .map((lists) => `${id}|${platform}|${lists.map((l) => l.join(',')).join('|')}`),
        );
      }
    }
    expect(ids(diff.added)).toEqual(expected.added);
    expect(ids(diff.removed)).toEqual(expected.removed.sort());
    expect(ids(diff.revoked)).toEqual(expected.revoked);
    expect(ids(diff.deprecated)).toEqual(expected.deprecated);
    expect(diff.renamed.map((r: any) => `${r.technique.attackId}: ${r.from} -> ${r.to}`)).toEqual(expected.renamed);
    expect(ids(diff.tacticsChanged.map((c: any) => c.technique))).toEqual(expected.tactics);
    expect(ids(diff.platformsChanged.map((c: any) => c.technique))).toEqual(expected.platforms);
    const ls = (l: { name: string; channel: string | null }) => `${l.name}|${l.channel ?? ''}`;
    expect(
      diff.detectionChanged.map(
        (c: any) =>
          `${c.technique.attackId}|${c.platform}|${[
            c.dataComponentsAdded.map((d: any) => d.stixId).sort(),
            c.dataComponentsRemoved.map((d: any) => d.stixId).sort(),
            c.logSourcesAdded.map(ls).sort(),
            c.logSourcesRemoved.map(ls).sort(),
          ]
            .map((l) => l.join(','))
            .join('|')}`,
      ),
    ).toEqual(expected.detection);
  });

  test("17.1 -> 18.1 coverage delta on a generated inventory equals the brute-force oracle's rows of both releases", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'attack-kg-delta-'));
    const loaded = ['15.1', '17.1', '18.1'].map((v) => readRelease(attackBundle(`enterprise-attack-${v}`)));
    const generated = generateInventory(dir, 5, loaded[2], 1500);
    await importInventory({ document: generated.file, csv: [] });
    const inventory = readInventory(generated.file);
    const [before, after] = [loaded[1], loaded[2]].map(
      (release) => new Map(oracleRows(release, loaded, inventory).map((r) => [`${r.technique}|${r.platform}`, r])),
    );
    const gap = (r: OracleRow | undefined) => r !== undefined && r.hostsBlind > 0;
    const describePair = (key: string, a: OracleRow | undefined, b: OracleRow | undefined) =>
      `${key}|${a?.hostsBlind ?? '-'}/${a?.hostsTotal ?? '-'}|${b?.hostsBlind ?? '-'}/${b?.hostsTotal ?? '-'}`;
    const opened = [...after]
      .filter(([k, r]) => gap(r) && !gap(before.get(k)))
      .map(([k, r]) => describePair(k, before.get(k), r))
      .sort();
    const closed = [...before]
      .filter(([k, r]) => gap(r) && !gap(after.get(k)))
      .map(([k, r]) => describePair(k, r, after.get(k)))
      .sort();

    const { releaseDiff } = await gql(`{ releaseDiff(domain: "enterprise-attack", from: "17.1", to: "18.1") { coverageDelta {
      becameGaps { ...pair } stoppedBeingGaps { ...pair } } } }
      fragment pair on CoveragePairChange { technique { attackId } platform before { hostsTotal hostsBlind } after { hostsTotal hostsBlind } }`);
    const actual = (list: any[]) =>
      list
        .map(
          (c) =>
            `${c.technique.attackId}|${c.platform}|${c.before?.hostsBlind ?? '-'}/${c.before?.hostsTotal ?? '-'}|${c.after?.hostsBlind ?? '-'}/${c.after?.hostsTotal ?? '-'}`,
        )
        .sort();
    expect(actual(releaseDiff.coverageDelta.becameGaps)).toEqual(opened);
    expect(actual(releaseDiff.coverageDelta.stoppedBeingGaps)).toEqual(closed);
    expect(opened.length + closed.length).toBeGreaterThan(10);
  });

  test('15.1 -> 17.1 revokes T1574.002 in favour of T1574.001', async () => {
    const { replacements } = (await gql(DIFF, { from: '15.1', to: '17.1' })).releaseDiff;
    expect(replacements).toEqual([{ technique: { attackId: 'T1574.002' }, replacedBy: { attackId: 'T1574.001', release: '17.1' } }]);
  });

  test('17.1 -> 18.1: 12 added (679 + 12 = 691 active), 2 renamed, nothing revoked or deprecated, detection changed almost everywhere', () => {
    const diff = diff1718;
    expect(diff.added).toHaveLength(12);
    expect(diff.added.every((t: any) => t.active && t.release === '18.1')).toBe(true);
    expect(diff.renamed).toEqual([
      { technique: { attackId: 'T1497.003' }, from: 'Time Based Evasion', to: 'Time Based Checks' },
      { technique: { attackId: 'T1552.003' }, from: 'Bash History', to: 'Shell History' },
    ]);
    expect(diff.revoked).toEqual([]);
    expect(diff.deprecated).toEqual([]);
    expect(diff.detectionChanged.length).toBeGreaterThan(1500);
    const powershell = diff.detectionChanged.find((c: any) => c.technique.attackId === 'T1059.001' && c.platform === 'Windows');
    expect(powershell.logSourcesAdded.length).toBeGreaterThan(0);
    expect(powershell.logSourcesRemoved).toEqual([]);
  });
});

describeWithShared('releaseDiff 18.1 -> the hand-made v19: re-issued techniques carry their coverage over', () => {
  const dir = mkdtempSync(join(tmpdir(), 'attack-kg-v19-delta-'));
  const v19 = writeV19Bundle(dir, { gzip: true });
  const PAIRS = `fragment pair on CoveragePairChange { technique { attackId } platform before { technique { attackId } hostsBlind hostsTotal } after { technique { attackId } hostsBlind hostsTotal } }`;
  const DELTA = `query($from: String!, $to: String!) { releaseDiff(domain: "enterprise-attack", from: $from, to: $to) {
    replacements { technique { attackId } replacedBy { attackId } }
    coverageDelta { becameGaps { ...pair } stoppedBeingGaps { ...pair }
      carriedOver { from { attackId } technique { attackId } platform state before { hostsBlind hostsTotal } after { hostsBlind hostsTotal } } } } } ${PAIRS}`;
  let loaded: ReturnType<typeof readRelease>[];
  let inventory: ReturnType<typeof readInventory>;
  beforeAll(async () => {
    await resetDb();
    await importShared('enterprise-attack-18.1');
    await importAttack(v19);
    loaded = [readRelease(attackBundle('enterprise-attack-18.1')), readRelease(v19)];
    const generated = generateInventory(join(dir, 'inventory'), 19, loaded[0], 1500);
    await importInventory({ document: generated.file, csv: [] });
    inventory = readInventory(generated.file);
  }, 600_000);
  afterAll(async () => {
    await stopGraphql();
    await closeDriver();
  });

  /**
   * The oracle's rows of both releases, paired by the fixture's own table (REISSUED), not by
   * resolveAttackIds: a pair carries over to its successor's; a gap is new when none of the pairs
   * it continues was one, gone when what continues it is not one.
   */
  function expected(from: number, to: number, successor: (id: string, toIds: Set<string>) => string | null) {
    const [a, b] = [loaded[from], loaded[to]].map((r) => oracleRows(r, loaded, inventory));
    const toIds = new Set(b.map((r) => r.technique));
    const now = new Map(b.map((r) => [`${r.technique}|${r.platform}`, r]));
    const gap = (r: OracleRow | undefined) => r !== undefined && r.hostsBlind > 0;
    const next = new Map<OracleRow, OracleRow>();
    for (const r of a) {
      const id = successor(r.technique, toIds);
      const n = id && now.get(`${id}|${r.platform}`);
      if (n) next.set(r, n);
    }
    const show = (r: OracleRow | undefined) => (r ? `${r.technique}|${r.platform}|${r.hostsBlind}/${r.hostsTotal}` : '-');
    return {
      becameGaps: b
        .filter((n) => gap(n) && ![...next].some(([t, m]) => m === n && gap(t)))
        .map((n) => show(n))
        .sort(),
      stoppedBeingGaps: a
        .filter((t) => gap(t) && !gap(next.get(t)))
        .map((t) => show(t))
        .sort(),
      carriedOver: [...next]
        .filter(([t, n]) => t.technique !== n.technique)
        .map(([t, n]) => `${show(t)} -> ${show(n)}`)
        .sort(),
    };
  }
  const actual = (delta: any) => {
    const show = (r: any) => (r ? `${r.technique.attackId}|${r.platform}|${r.hostsBlind}/${r.hostsTotal}` : '-');
    return {
      becameGaps: delta.becameGaps.map((c: any) => show({ ...c.after, platform: c.platform })).sort(),
      stoppedBeingGaps: delta.stoppedBeingGaps.map((c: any) => show({ ...c.before, platform: c.platform })).sort(),
      carriedOver: delta.carriedOver
        .map(
          (c: any) =>
            `${show({ ...c.before, technique: c.from, platform: c.platform })} -> ${show({ ...c.after, technique: c.technique, platform: c.platform })}`,
        )
        .sort(),
    };
  };

  test('the fixture does what v19 did: Defense Evasion split into Stealth and Defense Impairment, the impairing techniques re-issued and revoked', async () => {
    const diff = (await gql(DIFF, { from: '18.1', to: '19.0' })).releaseDiff;
    const newIds = [...new Set(Object.values(REISSUED).map(([id]) => id))].sort();
    expect(ids(diff.added)).toEqual(newIds);
    expect(ids(diff.revoked)).toEqual(Object.keys(REISSUED).sort());
    expect(diff.replacements).toContainEqual({
      technique: { attackId: 'T1070.001' },
      replacedBy: { attackId: 'T1685.005', release: '19.0' },
    });
    expect(diff.removed).toEqual([]);
    const moved = new Map(diff.tacticsChanged.map((c: any) => [c.technique.attackId, c]));
    expect(moved.get('T1070')).toMatchObject({ from: ['defense-evasion'], to: ['stealth'] });
    expect(moved.get('T1055')).toMatchObject({ added: ['stealth'], removed: ['defense-evasion'] });
    const { tactics } = await gql(`{ tactics(release: "19.0") { attackId name shortname } }`);
    expect(tactics.filter((t: any) => ['TA0005', 'TA0112'].includes(t.attackId))).toEqual([
      { attackId: 'TA0005', name: 'Stealth', shortname: 'stealth' },
      { attackId: 'TA0112', name: 'Defense Impairment', shortname: 'defense-impairment' },
    ]);
    const { technique } = await gql(`{ technique(id: "T1685.005", release: "19.0") { name tactics { shortname } } }`);
    expect(technique).toEqual({ name: 'Clear Windows Event Logs', tactics: [{ shortname: 'defense-impairment' }] });
  });

  test('18.1 -> 19.0: T1070.001 is carried over as T1685.005 (neither a gap closed nor one opened), every pair as the oracle pairs it', async () => {
    const { releaseDiff } = await gql(DELTA, { from: '18.1', to: '19.0' });
    expect(releaseDiff.replacements).toContainEqual({ technique: { attackId: 'T1070.001' }, replacedBy: { attackId: 'T1685.005' } });
    const delta = releaseDiff.coverageDelta;
    const want = expected(0, 1, (id, ids) => (ids.has(id) ? id : (REISSUED[id]?.[0] ?? null)));
    expect(actual(delta)).toEqual(want);

    const clear = delta.carriedOver.find((c: any) => c.from.attackId === 'T1070.001' && c.platform === 'Windows');
    // Same detection guidance under the new id: the same hosts blind.
    expect(clear).toEqual({ ...clear, technique: { attackId: 'T1685.005' }, after: clear.before });
    expect(delta.becameGaps.map((c: any) => c.technique.attackId)).not.toContain('T1685.005');
    expect(delta.stoppedBeingGaps.map((c: any) => c.before.technique.attackId)).not.toContain('T1070.001');
    // Not vacuous: gaps that the old comparison reported as closed and opened again are carried over.
    expect(delta.carriedOver.filter((c: any) => c.state === 'STILL_GAP').length).toBeGreaterThan(3);
  });

  test('19.0 -> 18.1: back through the newer release, T1685.005 is carried over as T1070.001', async () => {
    const { releaseDiff } = await gql(DELTA, { from: '19.0', to: '18.1' });
    const back = Object.fromEntries(Object.entries(REISSUED).map(([old, [id]]) => [id, old]));
    // v19's T1685 replaces three; it counts for the one whose name it kept (T1562.001).
    back.T1685 = 'T1562.001';
    expect(actual(releaseDiff.coverageDelta)).toEqual(expected(1, 0, (id, ids) => (ids.has(id) ? id : (back[id] ?? null))));
    expect(releaseDiff.coverageDelta.carriedOver.map((c: any) => `${c.from.attackId}->${c.technique.attackId}|${c.platform}`)).toContain(
      'T1685.005->T1070.001|Windows',
    );
  });
});
