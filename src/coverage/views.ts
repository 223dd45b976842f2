import { logSourceKey, matchedMembers, PairIndex } from '../attack/log-source-match';
import { NodeRecord } from '../attack/records';
import { read } from '../db/neo4j';
import { assetFilterParams } from '../inventory/filter';
import type { InventoryNode } from '../inventory/records';
import { Bits, bitIndexes, bitsKey, emptyBits, hasBit, intersects, orInto } from './bits';
import { coverage, resolveCoverage, ResolvedCoverage, rowsOf } from './coverage';
import { coverageRows, RowEntry } from './engine';
import { CoverageInventory, LogSourceBits, logSourceBits } from './inventory-data';
import { CoverageInput } from './params';
import { DetectionBits, pairKey, ReleaseModel, TechniqueEntry } from './release-data';

/**
 * What an engineer asks after the matrix: how one technique is (not) covered, what to enable
 * next, what hangs on a single log source or control, what each control buys, and per tactic.
 * All computed on the resolved query's profiles, never host by host.
 */
const I = 'coverage/inventory';

/**
 * Hosts of the population on one platform collecting one log source, by its effective state.
 * Under an ATT&CK pair, `matchedMembers`: the members of the pair's channel it matched.
 */
export interface LogSourceUseRecord {
  logSource: InventoryNode; configured: number; tested: number; monitored: number; atMinState: number; matchedMembers?: string[];
}

const wantedBits = (resolved: ResolvedCoverage, detection: DetectionBits) => (resolved.precision === 'LOG_SOURCE' ? detection.pairs : detection.components);
const profileBits = (resolved: ResolvedCoverage, i: number) =>
  (resolved.precision === 'LOG_SOURCE' ? resolved.basis.profiles[i].pairs : resolved.basis.profiles[i].components)[resolved.minRank];
const sourceBits = (resolved: ResolvedCoverage, l: number) =>
  (resolved.precision === 'LOG_SOURCE' ? resolved.basis.logSources[l].pairs : resolved.basis.logSources[l].components);

/** Population profiles (indexes) on a platform. */
function profilesOn(resolved: ResolvedCoverage, platform: string): number[] {
  const out: number[] = [];
  resolved.basis.profiles.forEach((p, i) => { if (resolved.hosts[i] > 0 && p.platforms.includes(platform)) out.push(i); });
  return out;
}

function logSourceUses(resolved: ResolvedCoverage, profiles: number[], logSources: number[], extra: (l: number) => Partial<LogSourceUseRecord> = () => ({})): LogSourceUseRecord[] {
  return logSources.map((l) => {
    const byRank = [0, 0, 0, 0];
    for (const i of profiles) byRank[resolved.basis.profiles[i].collects.get(l) ?? 0] += resolved.hosts[i];
    return {
      logSource: resolved.basis.inventory.logSources[l].node, configured: byRank[1], tested: byRank[2], monitored: byRank[3],
      atMinState: byRank.slice(resolved.minRank).reduce((s, n) => s + n, 0), ...extra(l),
    };
  }).filter((u) => u.configured + u.tested + u.monitored > 0);
}

const byRow = (a: RowEntry, b: RowEntry) => (a.technique.id < b.technique.id ? -1 : a.technique.id > b.technique.id ? 1 : a.platform < b.platform ? -1 : a.platform > b.platform ? 1 : 0);

const emptyRow = (technique: TechniqueEntry, platform: string): RowEntry => ({
  technique, platform, hostsTotal: 0, hostsCovered: 0, hostsBlind: 0, coverageRatio: 0, noAttackGuidance: technique.detection.get(platform)!.noGuidance,
});

// ---- techniqueCoverage

export interface ComponentCoverageRecord { name: string; dataComponent: NodeRecord | null; hosts: number; collectedBy: LogSourceUseRecord[] }
/** One ATT&CK pair of (T, P); `members`: what its channel stands for (INVENTORY.md v1.1), [] without a channel. */
export interface PairCoverage { name: string; channel: string | null; members: string[]; hosts: number; collectedBy: LogSourceUseRecord[] }
export interface PlatformCoverageRecord extends RowEntry {
  dataComponents: ComponentCoverageRecord[];
  logSources: PairCoverage[];
  /** Profiles whose hosts are blind here, and the filter that narrows them: for paging the blind hosts. */
  blind: { profiles: string[]; filter: CoverageInput['assets'] };
}

export interface TechniqueCoverageRecord { technique: NodeRecord; platforms: PlatformCoverageRecord[] }

/** Per platform of one technique: what ATT&CK says detects it, what of that is collected where, and who is blind. */
export async function techniqueCoverage(id: string, input: CoverageInput = {}): Promise<TechniqueCoverageRecord | null> {
  const resolved = await resolveCoverage({ ...input, techniques: null, tactics: null, group: null, software: null, campaign: null });
  const { release, basis } = resolved;
  const technique = release.byId.get(id.toUpperCase()) ?? release.techniques.find((t) => t.node.stixId === id);
  if (!technique) return null;
  const sources = basis.inventory.logSources.map((_, l) => l);
  const platforms = technique.platforms.filter((p) => !resolved.platforms || resolved.platforms.has(p)).map((platform): PlatformCoverageRecord => {
    const row = coverageRows([technique], new Set([platform]), resolved.byPlatform, resolved.precision)[0] ?? emptyRow(technique, platform);
    const detection = technique.detection.get(platform)!;
    const on = profilesOn(resolved, platform);
    const hostsWith = (bit: number, kind: 'components' | 'pairs') =>
      on.filter((i) => hasBit(basis.profiles[i][kind][resolved.minRank], bit)).reduce((s, i) => s + resolved.hosts[i], 0);
    const strings = new Map(((technique.node.dataSources as string[]) ?? []).map((s) => [s.toLowerCase(), s]));
    return {
      ...row,
      dataComponents: [...bitIndexes(detection.components)].map((bit) => {
        const stixId = release.components[bit];
        const node = release.componentNodes.get(stixId) ?? null;
        return {
          name: (node?.name as string | undefined) ?? strings.get(stixId) ?? stixId, dataComponent: node, hosts: hostsWith(bit, 'components'),
          collectedBy: logSourceUses(resolved, on, sources.filter((l) => hasBit(basis.logSources[l].components, bit))),
        };
      }).sort((a, b) => a.name.localeCompare(b.name)),
      logSources: [...bitIndexes(detection.pairs)].map((bit) => {
        const { name, channel } = release.pairs[bit];
        const pair = logSourceKey(name, channel);
        const matched = (l: number) => {
          const source = basis.inventory.logSources[l];
          return { matchedMembers: matchedMembers(logSourceKey(source.name!, source.channel), pair) ?? [] };
        };
        return {
          name, channel, members: pair.members ?? [], hosts: hostsWith(bit, 'pairs'),
          collectedBy: logSourceUses(resolved, on, sources.filter((l) => hasBit(basis.logSources[l].pairs, bit)), matched),
        };
      }).sort((a, b) => a.name.localeCompare(b.name) || (a.channel ?? '').localeCompare(b.channel ?? '')),
      blind: {
        profiles: on.filter((i) => !intersects(profileBits(resolved, i), wantedBits(resolved, detection))).map((i) => basis.profiles[i].key),
        filter: input.assets,
      },
    };
  });
  return { technique: technique.node, platforms };
}

/** A page of the blind hosts of one (technique, platform), by asset id. */
export async function blindHosts(blind: PlatformCoverageRecord['blind'], skip: number, limit: number): Promise<InventoryNode[]> {
  if (!blind.profiles.length || limit === 0) return [];
  const rows = await read(I, 'assetsInProfiles', { profiles: blind.profiles, skip, limit, f: assetFilterParams({ filter: blind.filter }) });
  return rows.map((r) => r.node as InventoryNode);
}

// ---- recommendations

export interface RecommendationRecord {
  /** The inventory log source to enable on more hosts; null for a (name, channel) ATT&CK names that the inventory lacks. */
  logSource: InventoryNode | null;
  name: string | null;
  channel: string | null;
  dataComponents: NodeRecord[];
  platforms: string[];
  /** (technique, host) blind pairs it would close, enabled at minState on the blind hosts of those rows. */
  blindPairs: number;
  closes: CoverageGainRecord[];
}

/** A (technique, platform) and a number of hosts: closed by a recommendation, covered by a control. */
export interface CoverageGainRecord { technique: NodeRecord; platform: string; hosts: number }

interface Candidate { logSource: InventoryNode | null; name: string | null; channel: string | null; bits: { components: Bits; pairs: Bits }; platforms: Set<string> | null }

interface AttackPairEntry {
  name: string; channel: string | null; components: string[]; platforms: string[];
  /** As a candidate: what a log source named like it provides (every pair it matches), and where those pairs' analytics run. */
  bits: LogSourceBits; usedOn: Set<string>;
}
const pairCatalogs = new WeakMap<ReleaseModel, Promise<AttackPairEntry[]>>();

/**
 * v18+: every (name, channel) of the release with the components it feeds and its analytics'
 * platforms, and what it would bring as a recommendation; computed once per release.
 */
function attackPairs(release: ReleaseModel): Promise<AttackPairEntry[]> {
  let pairs = pairCatalogs.get(release);
  if (!pairs) {
    pairs = read('coverage/release', 'pairComponents', { release: release.generation }).then((rows) => {
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
    });
    pairCatalogs.set(release, pairs);
  }
  return pairs;
}

/**
 * Log sources ranked by the blind (technique, host) pairs they would close: the inventory's own
 * (where it already runs, or on the platforms ATT&CK's analytics name it for) and, from v18, the
 * (name, channel) pairs ATT&CK's analytics use that no inventory log source stands for.
 */
export async function recommendations(input: CoverageInput = {}, limit = 20): Promise<RecommendationRecord[]> {
  const { resolved, rows } = await coverage({ ...input, onlyGaps: true });
  const { release, basis } = resolved;
  const candidates: Candidate[] = [];
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
    candidates.push({ logSource: l.node, name: l.name, channel: l.channel, bits: basis.logSources[index], platforms: platforms.size ? platforms : null });
  });
  const collected = new Set<number>();
  for (const b of basis.logSources) for (const bit of bitIndexes(b.pairs)) collected.add(bit);
  for (const p of pairs) {
    const bit = release.pairIndex.get(pairKey(p.name, p.channel));
    if (bit === undefined || collected.has(bit)) continue;
    candidates.push({ logSource: null, name: p.name, channel: p.channel, bits: p.bits, platforms: p.usedOn });
  }

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
  const label = (c: Candidate) => `${c.logSource?.id ?? ''}\u0000${c.name ?? ''}\u0000${c.channel ?? ''}`;
  scored.sort((a, b) => b.blindPairs - a.blindPairs || label(a.candidate).localeCompare(label(b.candidate)));
  return scored.slice(0, limit).map(({ candidate: c, closes, blindPairs }) => ({
    logSource: c.logSource, name: c.name, channel: c.channel,
    dataComponents: [...bitIndexes(c.bits.components)].map((b) => release.componentNodes.get(release.components[b])).filter((n): n is NodeRecord => !!n),
    platforms: [...new Set(closes.map((r) => r.platform))].sort(),
    blindPairs,
    closes: [...closes].sort(byRow).map((r) => ({ technique: r.technique.node, platform: r.platform, hosts: r.hostsBlind })),
  }));
}

// ---- controls

export interface ControlEntry { node: InventoryNode; id: string; produces: number[] }

const controlCache = new Map<string, Promise<ControlEntry[]>>();
const explicitCache = new Map<string, Promise<Int8Array>>();

/** Per inventory: controls with the log sources they produce (indexes). */
function controlsOf(inventory: CoverageInventory): Promise<ControlEntry[]> {
  let controls = controlCache.get(inventory.key);
  if (!controls) {
    controlCache.clear();
    controls = read(I, 'controls', { snapshot: inventory.snapshot }).then((rows) => rows.map((r) => ({
      node: r.node as InventoryNode, id: (r.node as InventoryNode).id,
      produces: (r.produces as string[]).map((id) => inventory.logSourceIndex.get(id)!).filter((i) => i !== undefined),
    })));
    controlCache.set(inventory.key, controls);
  }
  return controls;
}

/** Per inventory: the highest state each log source is collected at other than through a control. */
function explicitRanks(inventory: CoverageInventory): Promise<Int8Array> {
  let ranks = explicitCache.get(inventory.key);
  if (!ranks) {
    explicitCache.clear();
    ranks = read(I, 'explicitCollection', { snapshot: inventory.snapshot }).then((rows) => {
      const out = new Int8Array(inventory.logSources.length);
      for (const r of rows) out[inventory.logSourceIndex.get(r.id as string)!] = Number(r.rank);
      return out;
    });
    explicitCache.set(inventory.key, ranks);
  }
  return ranks;
}

export interface SinglePointOfFailureRecord extends RowEntry { logSource: InventoryNode | null; control: InventoryNode | null }

/**
 * Covered (T, P) whose coverage hangs on one thing: every covering log source is the same one
 * (`logSource`), or every covering log source comes only from one control and no host collects
 * it at minState by a row of its own (`control`). Losing it makes (T, P) blind on every host.
 */
export async function singlePointsOfFailure(input: CoverageInput = {}): Promise<SinglePointOfFailureRecord[]> {
  const { resolved, rows } = await coverage(input);
  const { basis } = resolved;
  const [controls, explicit] = await Promise.all([controlsOf(basis.inventory), explicitRanks(basis.inventory)]);
  const producers = basis.logSources.map(() => [] as number[]);
  controls.forEach((c, ci) => { for (const l of c.produces) producers[l].push(ci); });
  // Per platform: the log sources some population host there collects at minState.
  const collectedOn = new Map<string, Set<number>>();
  basis.profiles.forEach((p, i) => {
    if (!resolved.hosts[i]) return;
    for (const platform of p.platforms) {
      if (!collectedOn.has(platform)) collectedOn.set(platform, new Set());
      for (const [l, rank] of p.collects) if (rank >= resolved.minRank) collectedOn.get(platform)!.add(l);
    }
  });
  const out: SinglePointOfFailureRecord[] = [];
  for (const row of rows) {
    if (!row.hostsCovered) continue;
    const wanted = wantedBits(resolved, row.technique.detection.get(row.platform)!);
    const covering = [...collectedOn.get(row.platform) ?? []].filter((l) => intersects(sourceBits(resolved, l), wanted));
    const one = covering.length === 1 ? covering[0] : undefined;
    const only = covering.every((l) => producers[l].length === 1 && producers[l][0] === producers[covering[0]][0] && explicit[l] < resolved.minRank);
    const control = covering.length && only ? controls[producers[covering[0]][0]] : undefined;
    if (one !== undefined || control) {
      out.push({ ...row, logSource: one !== undefined ? basis.inventory.logSources[one].node : null, control: control?.node ?? null });
    }
  }
  return out;
}

export interface ControlCoverageRecord {
  control: InventoryNode;
  produces: InventoryNode[];
  /** Hosts it is deployed on, per platform (release names) and state. */
  hosts: { platform: string; state: 'CONFIGURED' | 'TESTED' | 'MONITORED'; hosts: number }[];
  /** Distinct hosts it is deployed on at minState or above. */
  hostsAtMinState: number;
  /** (T, P) its log sources cover, on how many hosts (deployed at minState or above on P). */
  techniques: CoverageGainRecord[];
}

const STATE_NAMES = ['', 'CONFIGURED', 'TESTED', 'MONITORED'] as const;

export async function controlCoverage(input: CoverageInput = {}): Promise<ControlCoverageRecord[]> {
  const resolved = await resolveCoverage({ ...input, onlyGaps: null, onlyUncovered: null }, { deployments: true });
  const rows = rowsOf(resolved);
  const { basis } = resolved;
  const controls = await controlsOf(basis.inventory);
  return controls.map((c) => {
    const byPlatform = new Map<string, number[]>();
    let atMinState = 0;
    for (const g of resolved.deployments) {
      const d = g.controls.find((x) => x.control === c.id);
      if (!d) continue;
      if (d.rank >= resolved.minRank) atMinState += g.hosts;
      for (const platform of basis.profiles[g.profile].platforms) {
        if (!byPlatform.has(platform)) byPlatform.set(platform, [0, 0, 0, 0]);
        byPlatform.get(platform)![d.rank] += g.hosts;
      }
    }
    const bits = c.produces.reduce((acc, l) => orInto(acc, sourceBits(resolved, l)), emptyBits(resolved.precision === 'LOG_SOURCE' ? resolved.release.pairs.length : resolved.release.components.length));
    const techniques = rows.flatMap((r) => {
      const hosts = (byPlatform.get(r.platform) ?? [0, 0, 0, 0]).slice(resolved.minRank).reduce((s, n) => s + n, 0);
      return hosts && intersects(bits, wantedBits(resolved, r.technique.detection.get(r.platform)!)) ? [{ technique: r.technique.node, platform: r.platform, hosts }] : [];
    });
    return {
      control: c.node,
      produces: c.produces.map((l) => basis.inventory.logSources[l].node),
      hosts: [...byPlatform].sort(([a], [b]) => a.localeCompare(b)).flatMap(([platform, ranks]) =>
        [1, 2, 3].filter((r) => ranks[r] > 0).map((r) => ({ platform, state: STATE_NAMES[r] as ControlCoverageRecord['hosts'][number]['state'], hosts: ranks[r] }))),
      hostsAtMinState: atMinState,
      techniques,
    };
  });
}

// ---- tactics

export interface TacticCoverageRecord {
  tactic: NodeRecord;
  /** Techniques of the tactic with at least one row (hosts on one of their platforms). */
  techniques: number;
  /** Every row fully covered. */
  covered: number;
  /** Some hosts covered somewhere, some blind. */
  partial: number;
  /** No host covered on any of its platforms. */
  uncovered: number;
  /** Techniques with no row: no host on any of their platforms in the population. */
  notApplicable: number;
}

export async function tacticMatrix(input: CoverageInput = {}): Promise<TacticCoverageRecord[]> {
  const resolved = await resolveCoverage({ ...input, onlyGaps: null, onlyUncovered: null });
  const rows = rowsOf(resolved);
  const byTechnique = new Map<string, RowEntry[]>();
  for (const r of rows) byTechnique.set(r.technique.id, [...(byTechnique.get(r.technique.id) ?? []), r]);
  return resolved.release.tactics.map((tactic) => {
    const out = { tactic, techniques: 0, covered: 0, partial: 0, uncovered: 0, notApplicable: 0 };
    for (const t of resolved.techniques.filter((x) => x.tactics.includes(tactic.shortname as string))) {
      const list = byTechnique.get(t.id);
      if (!list) { out.notApplicable += 1; continue; }
      out.techniques += 1;
      if (list.every((r) => r.hostsBlind === 0)) out.covered += 1;
      else if (list.every((r) => r.hostsCovered === 0)) out.uncovered += 1;
      else out.partial += 1;
    }
    return out;
  });
}
