import { PairIndex } from '../../attack/log-source-match';
import { NodeRecord } from '../../attack/records';
import { Caches, memoSlot } from '../../cache/caches';
import { read } from '../../db/neo4j';
import { InventoryNode } from '../../inventory/records';
import { Bits, bitIndexes, bitsKey, intersects } from '../bits';
import { coverage, ResolvedCoverage } from '../coverage';
import { RowEntry } from '../engine';
import { LogSourceBits, logSourceBits } from '../inventory-data';
import { CoverageInput } from '../params';
import { RecommendationRecord } from '../records';
import { pairKey, ReleaseModel } from '../release-data';
import { byRow, wantedBits } from './shared';

/**
 * A log source to recommend: an inventory one (`index` into the basis' log sources) or an ATT&CK
 * pair nobody collects; `platforms` where it would be enabled (null: every platform).
 */
export interface RecommendationCandidate {
  logSource: InventoryNode | null;
  index: number | null;
  name: string | null;
  channel: string | null;
  bits: { components: Bits; pairs: Bits };
  platforms: Set<string> | null;
}

interface AttackPairEntry {
  name: string; channel: string | null; components: string[]; platforms: string[];
  /** As a candidate: what a log source named like it provides (every pair it matches), and where those pairs' analytics run. */
  bits: LogSourceBits; usedOn: Set<string>;
}
const ATTACK_PAIRS = memoSlot<Promise<AttackPairEntry[]>>('attack pairs', 1);

/**
 * v18+: every (name, channel) of the release with the components it feeds and its analytics'
 * platforms, and what it would bring as a recommendation; computed once per release model.
 */
const attackPairs = (release: ReleaseModel): Promise<AttackPairEntry[]> =>
  release.derived.memo(ATTACK_PAIRS).get({}, () =>
    read('coverage/release', 'pairComponents', { generation: release.generation }).then((rows) => {
      const entries = rows.map((r) => ({
        name: r.name as string, channel: (r.channel as string | null) ?? null, components: r.components as string[], platforms: r.platforms as string[],
      }));
      const index = new PairIndex<(typeof entries)[number]>();
      for (const e of entries) index.add(e.name, e.channel, e);
      return entries.map((e) => {
        const like = [...index.match(e.name, e.channel)];
        const components = [...new Set(like.flatMap((x) => x.components))];
        return { ...e, bits: logSourceBits(release, { name: e.name, channel: e.channel, components, dataSources: [] }), usedOn: new Set(like.flatMap((x) => x.platforms)) };
      });
    }));

/**
 * The log sources a recommendation may name: the inventory's own (where hosts like those that
 * already collect it run, or on the platforms ATT&CK's analytics name it for) and, from v18, the
 * (name, channel) pairs ATT&CK's analytics use that no inventory log source stands for. Shared
 * by the visibility and the detection recommendations (src/detections/recommendations.ts).
 */
export async function recommendationCandidates(resolved: ResolvedCoverage): Promise<RecommendationCandidate[]> {
  const { release, basis } = resolved;
  const candidates: RecommendationCandidate[] = [];
  const pairs = release.model === 'strategies' ? await attackPairs(release) : [];
  const pairPlatforms = new Map(pairs.map((p) => [pairKey(p.name, p.channel), p.platforms]));

  basis.inventory.logSources.forEach((l, index) => {
    // Where hosts like those that already collect it are blind; never collected: where ATT&CK's analytics use it.
    const platforms = new Set<string>();
    basis.profiles.forEach((p, i) => { if (resolved.hosts[i] > 0 && p.collects.has(index)) for (const x of p.platforms) platforms.add(x); });
    if (!platforms.size) {
      for (const bit of bitIndexes(basis.logSources[index].pairs)) {
        for (const x of pairPlatforms.get(pairKey(release.pairs[bit].name, release.pairs[bit].channel)) ?? []) platforms.add(x);
      }
    }
    candidates.push({ logSource: l.node, index, name: l.name, channel: l.channel, bits: basis.logSources[index], platforms: platforms.size ? platforms : null });
  });
  const collected = new Set<number>();
  for (const b of basis.logSources) for (const bit of bitIndexes(b.pairs)) collected.add(bit);
  for (const p of pairs) {
    const bit = release.pairIndex.get(pairKey(p.name, p.channel));
    if (bit === undefined || collected.has(bit)) continue;
    candidates.push({ logSource: null, index: null, name: p.name, channel: p.channel, bits: p.bits, platforms: p.usedOn });
  }
  return candidates;
}

/** Candidates in a stable order among equal scores. */
export const candidateLabel = (c: RecommendationCandidate) => `${c.logSource?.id ?? ''}\u0000${c.name ?? ''}\u0000${c.channel ?? ''}`;

/** Log sources ranked by the blind (technique, host) pairs they would close (candidates: recommendationCandidates). */
export async function recommendations(caches: Caches, input: CoverageInput = {}, limit = 20): Promise<RecommendationRecord[]> {
  const { resolved, rows } = await coverage(caches, { ...input, onlyGaps: true });
  const { release } = resolved;
  const candidates = await recommendationCandidates(resolved);

  // Rows by platform; candidates with the same bits on the same platforms close the same rows.
  const byPlatform = new Map<string, RowEntry[]>();
  for (const r of rows) byPlatform.set(r.platform, [...(byPlatform.get(r.platform) ?? []), r]);
  const closed = new Map<string, RowEntry[]>();
  const scored = candidates.map((c) => {
    const bits = resolved.precision === 'LOG_SOURCE' ? c.bits.pairs : c.bits.components;
    const platforms = c.platforms ? [...c.platforms].sort() : [...byPlatform.keys()];
    const key = `${bitsKey(bits)}|${platforms.join('|')}`;
    let closes = closed.get(key);
    if (!closes) {
      closes = platforms.flatMap((p) => (byPlatform.get(p) ?? []).filter((r) => intersects(bits, wantedBits(resolved, r.technique.detection.get(r.platform)!))));
      closed.set(key, closes);
    }
    return { candidate: c, closes, blindPairs: closes.reduce((s, r) => s + r.hostsBlind, 0) };
  }).filter((r) => r.blindPairs > 0);
  scored.sort((a, b) => b.blindPairs - a.blindPairs || candidateLabel(a.candidate).localeCompare(candidateLabel(b.candidate)));
  return scored.slice(0, limit).map(({ candidate: c, closes, blindPairs }) => ({
    logSource: c.logSource, name: c.name, channel: c.channel,
    dataComponents: [...bitIndexes(c.bits.components)].map((b) => release.componentNodes.get(release.components[b])).filter((n): n is NodeRecord => !!n),
    platforms: [...new Set(closes.map((r) => r.platform))].sort(),
    blindPairs,
    closes: [...closes].sort(byRow).map((r) => ({ technique: r.technique.node, platform: r.platform, hosts: r.hostsBlind })),
  }));
}
