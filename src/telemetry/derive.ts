import { EvidenceIndex, freshnessOf, FreshnessState, InventoryLogSource } from './evidence';
import { HostMatcher, shortName } from './hosts';
import { HostRecord, isNamed, LogRecord, STRIDE } from './records';

/**
 * Telemetry seen through an inventory: which asset each host is, what evidence each asset has for
 * the log sources it declares, what it sends without declaring, and which hosts are unknown. The
 * import (its summary) and the API (src/telemetry/model.ts) both derive with this, so they agree.
 */

export interface InventoryAsset {
  id: string;
  hostname: string | null;
  profile: number;
}
/** Hosts sharing platforms and declared collection (the inventory's coverage profiles): [log source index, rank]. */
export interface InventoryProfile {
  /** The CoverageProfile's key: coverage's evidence basis splits that profile by this one's evidence. */
  key: string;
  collects: [number, number][];
}

export interface InventoryView {
  assets: InventoryAsset[];
  profiles: InventoryProfile[];
  logSources: InventoryLogSource[];
}

export interface AssetEvidence {
  /** Host records that are this asset. */
  hosts: number[];
  /** Its latest observation of anything (unnamed rows too): the host sends something. */
  lastSeen: number;
  /** Per entry of its profile's `collects`: the latest evidence (epoch seconds), NaN when none. */
  evidence: Float64Array;
  /** Observations that are evidence for none of its declared log sources: [vocabulary index, last seen, events] flattened. */
  undeclared: number[];
}

export interface UnknownHost {
  /** Lower-case short name: how the spellings of one host group. */
  host: string;
  spellings: string[];
  rows: number;
  observations: number;
  lastSeen: number;
  /** Assets (indices) sharing the name, when it is ambiguous. */
  ambiguous: number[];
}

export interface Derived {
  /** By asset index; undefined: no telemetry for it. */
  assets: (AssetEvidence | undefined)[];
  unknown: UnknownHost[];
  /** Assets some host matched. */
  hostsMatched: number;
  /** (asset, observation) pairs that are undeclared. */
  undeclaredPairs: number;
}

export function deriveTelemetry(view: InventoryView, vocab: readonly LogRecord[], hosts: readonly HostRecord[]): Derived {
  const matcher = new HostMatcher(view.assets);
  const index = new EvidenceIndex(view.logSources);
  const evidences = vocab.map((v) => (isNamed(v) ? index.evidences(v) : null));
  /** Per profile: log source index -> position in its collects. */
  const positions = view.profiles.map((p) => new Map(p.collects.map(([ls], i) => [ls, i] as const)));
  const assets: (AssetEvidence | undefined)[] = new Array(view.assets.length);
  const unknown = new Map<string, UnknownHost>();
  let hostsMatched = 0;

  hosts.forEach((h, hi) => {
    const match = matcher.match(h.hostKey);
    if (match.asset === null) {
      const key = shortName(h.hostKey);
      let u = unknown.get(key);
      if (!u) unknown.set(key, (u = { host: key, spellings: [], rows: 0, observations: 0, lastSeen: -Infinity, ambiguous: [] }));
      if (!u.spellings.includes(h.host)) u.spellings.push(h.host);
      u.rows += h.rows;
      u.observations += h.data.length / STRIDE;
      for (let i = 1; i < h.data.length; i += STRIDE) if (h.data[i] > u.lastSeen) u.lastSeen = h.data[i];
      for (const a of match.ambiguous) if (!u.ambiguous.includes(a)) u.ambiguous.push(a);
      return;
    }
    const a = match.asset;
    const profile = view.assets[a].profile;
    let e = assets[a];
    if (!e) {
      hostsMatched += 1;
      assets[a] = e = {
        hosts: [],
        lastSeen: -Infinity,
        evidence: new Float64Array(view.profiles[profile]?.collects.length ?? 0).fill(NaN),
        undeclared: [],
      };
    }
    e.hosts.push(hi);
    const at = positions[profile];
    const d = h.data;
    for (let i = 0; i < d.length; i += STRIDE) {
      const vocab = d[i];
      const last = d[i + 1];
      if (last > e.lastSeen) e.lastSeen = last;
      const ev = evidences[vocab];
      if (!ev) continue;
      let declared = false;
      for (const ls of ev) {
        const p = at?.get(ls);
        if (p === undefined) continue;
        declared = true;
        if (!(e.evidence[p] >= last)) e.evidence[p] = last;
      }
      if (!declared) addUndeclared(e.undeclared, vocab, last, d[i + 3]);
    }
  });
  let undeclaredPairs = 0;
  for (const e of assets) if (e) undeclaredPairs += e.undeclared.length / 3;
  return { assets, unknown: [...unknown.values()], hostsMatched, undeclaredPairs };
}

/** Two spellings of one asset may send the same log: it counts once, at its latest. */
function addUndeclared(list: number[], vocab: number, last: number, count: number) {
  for (let i = 0; i < list.length; i += 3) {
    if (list[i] !== vocab) continue;
    if (last > list[i + 1]) list[i + 1] = last;
    list[i + 2] += count;
    return;
  }
  list.push(vocab, last, count);
}

export interface LogSourceDriftCounts {
  declared: number;
  fresh: number;
  stale: number;
  neverSeen: number;
  lastSeen: number | null;
}

/** Drift per inventory log source: hosts declared at `minRank` or above, split by freshness at `since`. */
export function driftCounts(view: InventoryView, derived: Derived, minRank: number, since: number): LogSourceDriftCounts[] {
  const out = view.logSources.map((): LogSourceDriftCounts => ({ declared: 0, fresh: 0, stale: 0, neverSeen: 0, lastSeen: null }));
  view.assets.forEach((asset, a) => {
    const e = derived.assets[a];
    const collects = view.profiles[asset.profile]?.collects ?? [];
    collects.forEach(([ls, rank], p) => {
      const seen = e ? e.evidence[p] : NaN;
      const c = out[ls];
      if (!Number.isNaN(seen) && (c.lastSeen === null || seen > c.lastSeen)) c.lastSeen = seen;
      if (rank < minRank) return;
      c.declared += 1;
      const state: FreshnessState = freshnessOf(Number.isNaN(seen) ? null : seen, since);
      if (state === 'FRESH') c.fresh += 1;
      else if (state === 'STALE') c.stale += 1;
      else c.neverSeen += 1;
    });
  });
  return out;
}

export interface UndeclaredLog {
  vocab: number;
  /** Assets (indices) sending it undeclared, by id. */
  assets: number[];
  fresh: number;
  lastSeen: number;
  events: number;
}

/** Undeclared observations grouped by observed log, most hosts first, then by name and channel. */
export function undeclaredLogs(view: InventoryView, vocab: readonly LogRecord[], derived: Derived, since: number): UndeclaredLog[] {
  const byVocab = new Map<number, UndeclaredLog>();
  derived.assets.forEach((e, a) => {
    if (!e) return;
    for (let i = 0; i < e.undeclared.length; i += 3) {
      const v = e.undeclared[i];
      let u = byVocab.get(v);
      if (!u) byVocab.set(v, (u = { vocab: v, assets: [], fresh: 0, lastSeen: -Infinity, events: 0 }));
      u.assets.push(a);
      if (e.undeclared[i + 1] >= since) u.fresh += 1;
      if (e.undeclared[i + 1] > u.lastSeen) u.lastSeen = e.undeclared[i + 1];
      u.events += e.undeclared[i + 2];
    }
  });
  const byId = (a: number, b: number) => (view.assets[a].id < view.assets[b].id ? -1 : 1);
  for (const u of byVocab.values()) u.assets.sort(byId);
  const name = (u: UndeclaredLog) =>
    `${vocab[u.vocab].name ?? ''}\u0000${vocab[u.vocab].channel ?? ''}\u0000${vocab[u.vocab].logSource ?? ''}`;
  return [...byVocab.values()].sort((x, y) => y.assets.length - x.assets.length || (name(x) < name(y) ? -1 : name(x) > name(y) ? 1 : 0));
}
