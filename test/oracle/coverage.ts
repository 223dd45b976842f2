import { OracleRelease } from './attack';
import { matchesFilter, OracleAssetFilter, OracleInventory, OracleLogSource, RANKS, releasePlatforms } from './inventory';
import { oracleMatches } from './log-sources';
import { remember } from './remember';

/**
 * The coverage rule of INVENTORY.md computed by brute force, host by host, from the raw bundles
 * and the parsed inventory file: what the production engine (profiles, Cypher) must agree with.
 */
export interface OracleQuery {
  minState?: 'configured' | 'tested' | 'monitored';
  precision?: 'DATA_COMPONENT' | 'LOG_SOURCE';
  assets?: OracleAssetFilter;
  /** Restrict to these techniques (already expanded: parents with their sub-techniques). */
  techniques?: Set<string>;
}

export interface OracleRow {
  technique: string;
  platform: string;
  hostsTotal: number;
  hostsCovered: number;
  hostsBlind: number;
  coverageRatio: number;
  noAttackGuidance: boolean;
}

/**
 * What a log source provides under `release`: its data source strings before data components;
 * otherwise the STIX ids of the data components its `dataComponents` (ids or names) and its
 * (name, channel) resolve to, through every loaded release of the domain. `exact` is the rule
 * before INVENTORY.md v1.1 (names ignoring case, channels equal), kept to measure what it missed.
 */
export function provided(logSource: OracleLogSource, release: OracleRelease, loaded: OracleRelease[], exact = false): Set<string> {
  return memoized(providedCache, logSource, release, loaded, exact, () => computeProvided(logSource, release, loaded, exact));
}

/**
 * The oracles ask what each log source provides, and which pairs it matches, at every call:
 * answers kept per log source object, for the same releases and rule (log sources are never mutated).
 */
type Memo<T> = WeakMap<OracleLogSource, { release: OracleRelease; loaded: OracleRelease[]; exact: boolean; value: T }[]>;
const providedCache: Memo<Set<string>> = new WeakMap();
const pairsCache: Memo<Set<string>> = new WeakMap();
function memoized<T>(
  memo: Memo<T>,
  l: OracleLogSource,
  release: OracleRelease,
  loaded: OracleRelease[],
  exact: boolean,
  compute: () => T,
): T {
  const entries = remember(memo, l, () => []);
  const hit = entries.find(
    (e) => e.release === release && e.exact === exact && e.loaded.length === loaded.length && e.loaded.every((r, i) => r === loaded[i]),
  );
  if (hit) return hit.value;
  const value = compute();
  entries.push({ release, loaded: [...loaded], exact, value });
  return value;
}

function computeProvided(logSource: OracleLogSource, release: OracleRelease, loaded: OracleRelease[], exact: boolean): Set<string> {
  if (release.kind === 'strings') return new Set(logSource.dataSources.map((s) => s.toLowerCase()));
  const out = new Set<string>();
  for (const r of loaded) {
    for (const dc of r.dataComponents) {
      if (logSource.dataComponents.some((e) => e.toUpperCase() === dc.attackId || e.toLowerCase() === dc.name.toLowerCase()))
        out.add(dc.stixId);
    }
  }
  if (logSource.name === undefined) return out;
  const same = (name: string, channel: string | undefined) =>
    exact
      ? name.toLowerCase() === logSource.name!.toLowerCase() && (logSource.channel === undefined || channel === logSource.channel)
      : oracleMatches({ name: logSource.name!, channel: logSource.channel }, { name, channel });
  for (const r of loaded.filter((x) => x.kind === 'strategies')) {
    for (const dc of r.dataComponents) if (dc.logSources.some((l) => same(l.name, l.channel))) out.add(dc.stixId);
    for (const ref of r.analyticReferences) if (same(ref.name, ref.channel)) out.add(ref.dataComponent);
  }
  return out;
}

export function oracleRows(
  release: OracleRelease,
  loaded: OracleRelease[],
  inventory: OracleInventory,
  query: OracleQuery = {},
  exact = false,
): OracleRow[] {
  const minRank = RANKS[query.minState ?? 'monitored'];
  const strict = query.precision === 'LOG_SOURCE';
  const logSources = new Map(inventory.logSources.map((l) => [l.id, l]));
  const provides = new Map(inventory.logSources.map((l) => [l.id, provided(l, release, loaded, exact)]));
  // Per named log source: the analytics' pairs of this release it matches (their keys in release.pairs).
  const matchedPairs = new Map(
    inventory.logSources
      .filter((l) => l.name !== undefined)
      .map((l) => [
        l.id,
        memoized(
          pairsCache,
          l,
          release,
          [],
          exact,
          () =>
            new Set(
              [...release.pairsByKey]
                .filter(([, p]) =>
                  exact
                    ? p.name.toLowerCase() === l.name!.toLowerCase() && (l.channel === undefined || (p.channel ?? '') === l.channel)
                    : oracleMatches({ name: l.name!, channel: l.channel }, p),
                )
                .map(([k]) => k),
            ),
        ),
      ]),
  );
  const population = inventory.assets.filter(query.assets ? matchesFilter(query.assets) : () => true);

  // Per host: its platforms under this release, and what it collects at minState or above, as
  // provided components and the pairs its named log sources match.
  const hosts = population.map((a) => {
    const collected = [...inventory.collects.get(a.id)!].filter(([, rank]) => rank >= minRank).map(([id]) => logSources.get(id)!);
    return {
      platforms: new Set(a.platforms.flatMap((p) => releasePlatforms(p, release.platforms))),
      components: new Set(collected.flatMap((l) => [...provides.get(l.id)!])),
      pairs: new Set(collected.flatMap((l) => [...(matchedPairs.get(l.id) ?? [])])),
    };
  });
  const covers = (host: (typeof hosts)[number], technique: string, platform: string) => {
    if (strict) return [...release.pairs(technique, platform)].some((p) => host.pairs.has(p));
    return [...release.components(technique, platform)].some((c) => host.components.has(c));
  };

  const rows: OracleRow[] = [];
  for (const t of release.techniques) {
    if (query.techniques && !query.techniques.has(t.id)) continue;
    for (const platform of t.platforms) {
      const on = hosts.filter((h) => h.platforms.has(platform));
      if (!on.length) continue;
      const covered = on.filter((h) => covers(h, t.id, platform)).length;
      rows.push({
        technique: t.id,
        platform,
        hostsTotal: on.length,
        hostsCovered: covered,
        hostsBlind: on.length - covered,
        coverageRatio: covered / on.length,
        noAttackGuidance: release.components(t.id, platform).size === 0,
      });
    }
  }
  const order = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return rows.sort((a, b) => order(a.technique, b.technique) || order(a.platform, b.platform));
}
