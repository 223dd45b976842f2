import { Bits, intersects } from './bits';
import { TechniqueEntry } from './release-data';

/**
 * The coverage rule on host groups. A profile's hosts share platforms and collected log sources
 * (at the same states), so they cover the same (T, P); profiles with the same platform and the
 * same detection bits at `minState` fold further into classes. A full matrix costs
 * O(techniques x platforms x classes) word operations, however many hosts there are.
 */
export type Precision = 'DATA_COMPONENT' | 'LOG_SOURCE';

export interface ProfileBasis {
  key: string;
  hosts: number;
  /** The release's platforms its hosts count as (aliases applied). */
  platforms: string[];
  /** What its hosts collect at rank >= r (index r = 1, 2, 3), as release component bits and pair bits. */
  components: Bits[];
  pairs: Bits[];
  /** Log source index -> highest rank its hosts collect it at. */
  collects: Map<number, number>;
  /** Per precision and rank, a number shared by every profile with equal bits (interned once per basis). */
  classIds: Record<Precision, number[]>;
}

export interface RowEntry {
  technique: TechniqueEntry;
  platform: string;
  hostsTotal: number;
  hostsCovered: number;
  hostsBlind: number;
  coverageRatio: number;
  noAttackGuidance: boolean;
}

interface CoverageClass { bits: Bits; hosts: number }

export interface PlatformClasses { total: number; classes: CoverageClass[] }

/** Per platform: its host total and its profiles folded by the bits that decide coverage. */
export function classesByPlatform(profiles: ProfileBasis[], population: Float64Array, minRank: number, precision: Precision): Map<string, PlatformClasses> {
  const grouped = new Map<string, Map<number, CoverageClass>>();
  profiles.forEach((p, i) => {
    const hosts = population[i];
    if (!hosts) return;
    const bits = precision === 'LOG_SOURCE' ? p.pairs[minRank] : p.components[minRank];
    const key = p.classIds[precision][minRank];
    for (const platform of p.platforms) {
      let classes = grouped.get(platform);
      if (!classes) grouped.set(platform, (classes = new Map()));
      const c = classes.get(key);
      if (c) c.hosts += hosts;
      else classes.set(key, { bits, hosts });
    }
  });
  const out = new Map<string, PlatformClasses>();
  for (const [platform, classes] of grouped) {
    const list = [...classes.values()];
    out.set(platform, { total: list.reduce((s, c) => s + c.hosts, 0), classes: list });
  }
  return out;
}

/**
 * One row per selected technique and each of its platforms (within `platforms` when given) that
 * has hosts, in technique id then platform order.
 */
export function coverageRows(
  techniques: TechniqueEntry[], platforms: Set<string> | null, byPlatform: Map<string, PlatformClasses>, precision: Precision,
): RowEntry[] {
  const rows: RowEntry[] = [];
  // (T, P) with equal detection sets are covered alike: count each set once per platform.
  const coveredBySet = new Map<string, Map<number, number>>();
  for (const technique of techniques) {
    for (const platform of technique.platforms) {
      if (platforms && !platforms.has(platform)) continue;
      const on = byPlatform.get(platform);
      if (!on || on.total === 0) continue;
      const detection = technique.detection.get(platform)!;
      const [wanted, set] = precision === 'LOG_SOURCE' ? [detection.pairs, detection.pairsId] : [detection.components, detection.componentsId];
      let covered = 0;
      if (!detection.noGuidance) {
        let known = coveredBySet.get(platform);
        if (!known) coveredBySet.set(platform, (known = new Map()));
        const seen = known.get(set);
        if (seen !== undefined) covered = seen;
        else {
          for (const c of on.classes) if (intersects(c.bits, wanted)) covered += c.hosts;
          known.set(set, covered);
        }
      }
      rows.push({
        technique, platform, hostsTotal: on.total, hostsCovered: covered, hostsBlind: on.total - covered,
        coverageRatio: covered / on.total, noAttackGuidance: detection.noGuidance,
      });
    }
  }
  return rows;
}
