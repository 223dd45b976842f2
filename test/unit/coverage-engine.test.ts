import { NodeRecord } from '../../src/attack/records';
import { Bits, bitsInterner, bitsOf } from '../../src/coverage/bits';
import { classesByPlatform, coverageRows, Precision, ProfileBasis, RowEntry } from '../../src/coverage/engine';
import { DetectionBits, TechniqueEntry } from '../../src/coverage/release-data';
import { randomTools } from '../support/random';

/**
 * The coverage rule on host groups, without a database: hand-built profiles and techniques, and a
 * host-by-host count as the independent computation (a host covers (T, P) when it runs on P and
 * collects, at minRank or above, something that detects T there).
 */
const COMPONENTS = 40; // more than one 32-bit word
const PAIRS = 70;

/** A fleet: profiles as the engine sees them, with class ids interned the way inventory-data does. */
class Fleet {
  readonly profiles: ProfileBasis[] = [];
  private readonly componentClass = bitsInterner();
  private readonly pairClass = bitsInterner();

  /** `collects`: component index -> rank, `pairs`: pair index -> rank (1 configured, 2 tested, 3 monitored). */
  add(hosts: number, platforms: string[], collects: Record<number, number>, pairs: Record<number, number> = {}) {
    const atRank = (ranks: Record<number, number>, size: number) =>
      [0, 1, 2, 3].map((r) =>
        bitsOf(
          size,
          Object.entries(ranks)
            .filter(([, rank]) => rank >= r)
            .map(([i]) => Number(i)),
        ),
      );
    const components = atRank(collects, COMPONENTS);
    const pairBits = atRank(pairs, PAIRS);
    this.profiles.push({
      key: `p${this.profiles.length}`,
      hosts,
      platforms,
      components,
      pairs: pairBits,
      collects: new Map(),
      classIds: { DATA_COMPONENT: components.map(this.componentClass), LOG_SOURCE: pairBits.map(this.pairClass) },
    });
    return this;
  }

  get hosts() {
    return Float64Array.from(this.profiles, (p) => p.hosts);
  }
}

/** Techniques as release-data builds them: equal detection sets share an id across the release. */
class Release {
  readonly techniques: TechniqueEntry[] = [];
  private readonly componentsId = bitsInterner();
  private readonly pairsId = bitsInterner();

  /** Per platform: the components and pairs that detect it there (no components: ATT&CK gives no guidance). */
  add(id: string, detection: Record<string, { components: number[]; pairs?: number[] }>) {
    const map = new Map<string, DetectionBits>();
    for (const [platform, d] of Object.entries(detection)) {
      const components = bitsOf(COMPONENTS, d.components);
      const pairs = bitsOf(PAIRS, d.pairs ?? []);
      map.set(platform, {
        components,
        pairs,
        noGuidance: d.components.length === 0,
        componentsId: this.componentsId(components),
        pairsId: this.pairsId(pairs),
      });
    }
    this.techniques.push({
      node: {} as NodeRecord,
      id,
      name: id,
      tactics: [],
      parent: null,
      platforms: Object.keys(detection).sort(),
      detection: map,
    });
    return this;
  }
}

const rows = (
  release: Release,
  fleet: Fleet,
  minRank: number,
  precision: Precision = 'DATA_COMPONENT',
  platforms: Set<string> | null = null,
  population = fleet.hosts,
) => coverageRows(release.techniques, platforms, classesByPlatform(fleet.profiles, population, minRank, precision), precision);

const brief = (r: RowEntry) => [
  r.technique.id,
  r.platform,
  r.hostsTotal,
  r.hostsCovered,
  r.hostsBlind,
  r.coverageRatio,
  r.noAttackGuidance,
];

/** The independent computation: host group by host group, with plain index lists instead of bit words. */
function naiveRows(
  release: Release,
  fleet: Fleet,
  population: Float64Array,
  minRank: number,
  precision: Precision,
  platforms: Set<string> | null,
) {
  const indexes = (bits: Bits, size: number) => Array.from({ length: size }, (_, i) => i).filter((i) => (bits[i >>> 5] >>> (i & 31)) & 1);
  const out: unknown[][] = [];
  for (const t of release.techniques) {
    for (const platform of t.platforms) {
      if (platforms && !platforms.has(platform)) continue;
      const on = fleet.profiles
        .map((p, i) => ({ p, hosts: population[i] }))
        .filter(({ p, hosts }) => hosts > 0 && p.platforms.includes(platform));
      const total = on.reduce((s, x) => s + x.hosts, 0);
      if (total === 0) continue;
      const d = t.detection.get(platform)!;
      const size = precision === 'LOG_SOURCE' ? PAIRS : COMPONENTS;
      const wanted = indexes(precision === 'LOG_SOURCE' ? d.pairs : d.components, size);
      const covered = d.noGuidance
        ? 0
        : on
            .filter(({ p }) =>
              indexes(precision === 'LOG_SOURCE' ? p.pairs[minRank] : p.components[minRank], size).some((i) => wanted.includes(i)),
            )
            .reduce((s, x) => s + x.hosts, 0);
      out.push([t.id, platform, total, covered, total - covered, covered / total, d.noGuidance]);
    }
  }
  return out;
}

describe('coverage engine: host groups folded into classes', () => {
  test('profiles with equal bits at minRank fold into one class per platform; a profile on two platforms counts on each', () => {
    const fleet = new Fleet()
      .add(5, ['Windows'], { 1: 3 })
      .add(7, ['Windows'], { 1: 3 }) // same bits as the first: one class of 12
      .add(2, ['Windows', 'Linux'], { 2: 1 }) // configured only
      .add(4, ['Linux'], { 1: 2 });
    const at1 = classesByPlatform(fleet.profiles, fleet.hosts, 1, 'DATA_COMPONENT');
    expect([...at1.keys()].sort()).toEqual(['Linux', 'Windows']);
    expect(at1.get('Windows')!.total).toBe(14);
    expect(
      at1
        .get('Windows')!
        .classes.map((c) => c.hosts)
        .sort((a, b) => a - b),
    ).toEqual([2, 12]);
    expect(at1.get('Linux')!.total).toBe(6);
    expect(
      at1
        .get('Linux')!
        .classes.map((c) => c.hosts)
        .sort((a, b) => a - b),
    ).toEqual([2, 4]);

    // At monitored, the configured-only profile collects nothing: it still counts in the totals, in a class with no bits.
    const at3 = classesByPlatform(fleet.profiles, fleet.hosts, 3, 'DATA_COMPONENT');
    expect(at3.get('Windows')!.total).toBe(14);
    expect(at3.get('Linux')!.classes.map((c) => [...c.bits].every((w) => w === 0))).toEqual([true]);
    expect(at3.get('Linux')!.classes[0].hosts).toBe(6); // Linux's two profiles both collect nothing monitored
  });

  test('the population decides the host counts (a filter), and groups with no hosts in it are left out', () => {
    const fleet = new Fleet().add(5, ['Windows'], { 1: 3 }).add(7, ['macOS'], { 1: 3 });
    const filtered = classesByPlatform(fleet.profiles, Float64Array.from([2, 0]), 1, 'DATA_COMPONENT');
    expect([...filtered.keys()]).toEqual(['Windows']);
    expect(filtered.get('Windows')!.total).toBe(2);
  });

  test('LOG_SOURCE precision groups by the (name, channel) pair bits, DATA_COMPONENT by component bits', () => {
    // Same components, different pairs: one class by component, two by log source.
    const fleet = new Fleet().add(3, ['Windows'], { 0: 3 }, { 10: 3 }).add(4, ['Windows'], { 0: 3 }, { 11: 3 });
    expect(classesByPlatform(fleet.profiles, fleet.hosts, 3, 'DATA_COMPONENT').get('Windows')!.classes).toHaveLength(1);
    expect(
      classesByPlatform(fleet.profiles, fleet.hosts, 3, 'LOG_SOURCE')
        .get('Windows')!
        .classes.map((c) => c.hosts),
    ).toEqual([3, 4]);
  });
});

describe('coverage engine: rows', () => {
  // Windows: 6 hosts monitor component 0; 4 hosts collect component 1, configured only. Linux: 3 hosts, nothing.
  const fleet = new Fleet().add(6, ['Windows'], { 0: 3 }).add(4, ['Windows'], { 1: 1 }).add(3, ['Linux'], {});
  const release = new Release()
    .add('T1001', { Windows: { components: [0, 5] }, Linux: { components: [0] } })
    .add('T1002', { Windows: { components: [1] } })
    .add('T1003', { Windows: { components: [] }, macOS: { components: [0] } })
    .add('T1004', { Linux: { components: [2] }, Windows: { components: [0, 1] } });

  test('hosts covered, blind and their ratio per (technique, platform), in technique then platform order', () => {
    expect(rows(release, fleet, 1).map(brief)).toEqual([
      ['T1001', 'Linux', 3, 0, 3, 0, false],
      ['T1001', 'Windows', 10, 6, 4, 0.6, false],
      ['T1002', 'Windows', 10, 4, 6, 0.4, false],
      ['T1003', 'Windows', 10, 0, 10, 0, true], // no ATT&CK guidance: never covered, said so; macOS has no hosts: no row
      ['T1004', 'Linux', 3, 0, 3, 0, false],
      ['T1004', 'Windows', 10, 10, 0, 1, false],
    ]);
  });

  test('minRank: configured collection stops counting at tested and above', () => {
    expect(
      rows(release, fleet, 2)
        .filter((r) => r.platform === 'Windows')
        .map((r) => [r.technique.id, r.hostsCovered]),
    ).toEqual([
      ['T1001', 6],
      ['T1002', 0],
      ['T1003', 0],
      ['T1004', 6],
    ]);
  });

  test('a platform filter keeps only its platforms; a filter naming none of them gives no rows', () => {
    expect(rows(release, fleet, 1, 'DATA_COMPONENT', new Set(['Linux'])).map((r) => `${r.technique.id}/${r.platform}`)).toEqual([
      'T1001/Linux',
      'T1004/Linux',
    ]);
    expect(rows(release, fleet, 1, 'DATA_COMPONENT', new Set(['ESXi']))).toEqual([]);
  });

  test('LOG_SOURCE precision: only hosts sending a pair the analytics name are covered', () => {
    const bySource = new Fleet().add(5, ['Windows'], { 0: 3 }, { 20: 3 }).add(5, ['Windows'], { 0: 3 }, { 21: 3 });
    const r = new Release().add('T1059', { Windows: { components: [0], pairs: [20] } });
    expect(rows(r, bySource, 3, 'DATA_COMPONENT').map((x) => x.hostsCovered)).toEqual([10]);
    expect(rows(r, bySource, 3, 'LOG_SOURCE').map((x) => x.hostsCovered)).toEqual([5]);
  });

  test('equal detection sets are counted per platform: the same set on another platform is not answered from the first', () => {
    const twoFleets = new Fleet().add(8, ['Windows'], { 3: 3 }).add(2, ['Linux'], { 4: 3 });
    const r = new Release()
      .add('T1', { Windows: { components: [3, 4] }, Linux: { components: [3, 4] } })
      .add('T2', { Linux: { components: [3, 4] }, Windows: { components: [3, 4] } });
    expect(rows(r, twoFleets, 3).map((x) => `${x.technique.id}/${x.platform}:${x.hostsCovered}/${x.hostsTotal}`)).toEqual([
      'T1/Linux:2/2',
      'T1/Windows:8/8',
      'T2/Linux:2/2',
      'T2/Windows:8/8',
    ]);
    const partly = new Fleet().add(8, ['Windows'], { 3: 3 }).add(1, ['Windows'], {}).add(2, ['Linux'], { 9: 3 });
    expect(rows(r, partly, 3).map((x) => `${x.technique.id}/${x.platform}:${x.hostsCovered}/${x.hostsTotal}`)).toEqual([
      'T1/Linux:0/2',
      'T1/Windows:8/9',
      'T2/Linux:0/2',
      'T2/Windows:8/9',
    ]);
  });

  test('agrees with a host-by-host count on 300 random fleets and releases, every rank, precision and filter', () => {
    const r = randomTools(2026);
    const PLATFORMS = ['Windows', 'Linux', 'macOS', 'IaaS', 'ESXi'];
    const componentIds = Array.from({ length: COMPONENTS }, (_, i) => i);
    const pairIds = Array.from({ length: PAIRS }, (_, i) => i);
    const differences: unknown[] = [];
    for (let round = 0; round < 300; round += 1) {
      const fleet = new Fleet();
      for (let p = 0; p < 1 + r.int(25); p += 1) {
        const collects = Object.fromEntries(r.some(componentIds, 6).map((c) => [c, 1 + r.int(3)]));
        const pairs = Object.fromEntries(r.some(pairIds, 6).map((c) => [c, 1 + r.int(3)]));
        fleet.add(r.int(20), r.some(PLATFORMS, 2), r.next() < 0.1 ? {} : collects, pairs);
      }
      // A small pool of detection sets, so (T, P) often share one and the per-platform memo is exercised.
      const pool = Array.from({ length: 6 }, () => ({
        components: r.next() < 0.15 ? [] : r.some(componentIds, 8),
        pairs: r.some(pairIds, 8),
      }));
      const release = new Release();
      for (let t = 0; t < 1 + r.int(20); t += 1) {
        release.add(`T${1000 + t}`, Object.fromEntries(r.some(PLATFORMS, 3).map((p) => [p, r.pick(pool)])));
      }
      const population = Float64Array.from(fleet.profiles, (p) => (r.next() < 0.3 ? r.int(p.hosts + 1) : p.hosts));
      const minRank = 1 + r.int(3);
      const precision: Precision = r.next() < 0.5 ? 'LOG_SOURCE' : 'DATA_COMPONENT';
      const platforms = r.next() < 0.3 ? new Set(r.some(PLATFORMS, 2)) : null;
      const got = rows(release, fleet, minRank, precision, platforms, population).map(brief);
      const want = naiveRows(release, fleet, population, minRank, precision, platforms);
      if (JSON.stringify(got) !== JSON.stringify(want)) differences.push({ round, minRank, precision, got, want });
    }
    expect(differences.slice(0, 1)).toEqual([]);
  });
});
