import { Caches } from '../cache/caches';
import { Context } from '../server/context';
import { InventoryNode } from '../inventory/records';
import { minRank as rankOf, StateName } from '../inventory/states';
import { LogSourceDriftCounts, UndeclaredLog, UnknownHost } from './derive';
import { freshnessOf, FreshnessState } from './evidence';
import {
  checkFreshnessDays,
  driftOf,
  SilentHostEntry,
  silentHostsOf,
  sinceOf,
  TelemetryModel,
  telemetryModel,
  undeclaredOf,
} from './model';
import { isoOf } from './records';

/**
 * The shapes the GraphQL types and the drift CSV are built from: each carries the model it was
 * derived from, so nested fields answer from the same snapshot of telemetry and inventory.
 */
const Q = 'telemetry/queries';

export interface DriftRecord {
  model: TelemetryModel;
  minRank: number;
  days: number;
  since: number;
}
export interface LogSourceDriftRecord {
  model: TelemetryModel;
  logSource: number;
  minRank: number;
  since: number;
  counts: LogSourceDriftCounts;
}
export interface SilentHostRecord {
  model: TelemetryModel;
  entry: SilentHostEntry;
  since: number;
}
export interface UndeclaredRecord {
  model: TelemetryModel;
  u: UndeclaredLog;
}
export interface UnknownHostRecord {
  model: TelemetryModel;
  u: UnknownHost;
}
export interface AssetTelemetryRecord {
  model: TelemetryModel;
  asset: number | undefined;
  since: number;
}
export interface LogSourceEvidenceRecord {
  model: TelemetryModel;
  logSource: number;
  rank: number;
  lastSeen: number | null;
  since: number;
}
export interface ObservedTelemetryRecord {
  name: string | null;
  channel: string | null;
  lastSeen: number;
  events: number;
  freshness: FreshnessState;
}

export async function drift(
  caches: Caches,
  minState: StateName | null | undefined,
  freshnessDays: number | null | undefined,
): Promise<DriftRecord> {
  const days = checkFreshnessDays(freshnessDays);
  const model = await telemetryModel(caches);
  return { model, minRank: rankOf(minState), days, since: sinceOf(model, days) };
}

/** Per log source declared on some host at minState or above, by id. */
export function logSourceDrifts(d: DriftRecord): LogSourceDriftRecord[] {
  const counts = driftOf(d.model, d.minRank, d.since);
  return d.model.view.logSources
    .map((_, i) => ({ model: d.model, logSource: i, minRank: d.minRank, since: d.since, counts: counts[i] }))
    .filter((r) => r.counts.declared > 0)
    .sort((x, y) => (d.model.view.logSources[x.logSource].id < d.model.view.logSources[y.logSource].id ? -1 : 1));
}

export const undeclared = (d: DriftRecord): UndeclaredRecord[] => undeclaredOf(d.model, d.since).map((u) => ({ model: d.model, u }));

export function logSourceDriftFor(model: TelemetryModel, logSource: number, minRank: number, since: number): LogSourceDriftRecord {
  return { model, logSource, minRank, since, counts: driftOf(model, minRank, since)[logSource] };
}

export const silentHosts = (r: { model: TelemetryModel; logSource: number; minRank: number; since: number }): SilentHostRecord[] =>
  silentHostsOf(r.model, r.logSource, r.minRank, r.since).map((entry) => ({ model: r.model, entry, since: r.since }));

export function assetEvidence(r: AssetTelemetryRecord): LogSourceEvidenceRecord[] {
  if (r.asset === undefined) return [];
  const asset = r.model.view.assets[r.asset];
  const e = r.model.derived.assets[r.asset];
  const collects = r.model.view.profiles[asset.profile]?.collects ?? [];
  return collects
    .map(([logSource, rank], p) => {
      const seen = e?.evidence[p];
      return { model: r.model, logSource, rank, lastSeen: seen === undefined || Number.isNaN(seen) ? null : seen, since: r.since };
    })
    .sort((x, y) => (r.model.view.logSources[x.logSource].id < r.model.view.logSources[y.logSource].id ? -1 : 1));
}

export function assetUndeclared(r: AssetTelemetryRecord): ObservedTelemetryRecord[] {
  const e = r.asset === undefined ? undefined : r.model.derived.assets[r.asset];
  const out: ObservedTelemetryRecord[] = [];
  for (let i = 0; e && i < e.undeclared.length; i += 3) {
    const v = r.model.vocab[e.undeclared[i]];
    out.push({
      name: v.name,
      channel: v.channel,
      lastSeen: e.undeclared[i + 1],
      events: e.undeclared[i + 2],
      freshness: freshnessOf(e.undeclared[i + 1], r.since),
    });
  }
  return out.sort((x, y) => `${x.name}|${x.channel}`.localeCompare(`${y.name}|${y.channel}`));
}

export function assetHostnames(r: AssetTelemetryRecord): string[] {
  const e = r.asset === undefined ? undefined : r.model.derived.assets[r.asset];
  return e ? [...new Set(e.hosts.map((h) => r.model.hosts[h].host))].sort() : [];
}

export function assetLastSeen(r: AssetTelemetryRecord): number | null {
  const e = r.asset === undefined ? undefined : r.model.derived.assets[r.asset];
  return e && Number.isFinite(e.lastSeen) ? e.lastSeen : null;
}

/** An asset node of the model's snapshot, batched over a request. */
export async function assetNode(model: TelemetryModel, asset: number, ctx: Context): Promise<InventoryNode> {
  const [node] = await ctx.loaders.related(Q, 'assetsByKey').load(`${model.snapshot}|${model.view.assets[asset].id}`);
  return node as InventoryNode;
}

export async function logSourceNode(model: TelemetryModel, logSource: number, ctx: Context): Promise<InventoryNode> {
  const [node] = await ctx.loaders.related(Q, 'logSourcesByKey').load(`${model.snapshot}|${model.view.logSources[logSource].id}`);
  return node as InventoryNode;
}

export const iso = (epoch: number | null | undefined) => (epoch == null || !Number.isFinite(epoch) ? null : isoOf(epoch));
