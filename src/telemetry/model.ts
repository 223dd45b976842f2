import { Caches, memoSlot } from '../cache/caches';
import { read } from '../db/neo4j';
import { InputError } from '../errors';
import { AttackCatalog, loadCatalog } from '../inventory/catalog';
import { Derived, deriveTelemetry, driftCounts, InventoryView, LogSourceDriftCounts, UndeclaredLog, undeclaredLogs } from './derive';
import { DEFAULT_FRESHNESS_DAYS, freshSince, MAX_FRESHNESS_DAYS } from './evidence';
import { namesOf } from './names';
import { HostRecord, LogRecord } from './records';
import { ImportRecord, readHosts, readInventoryView, readVocabulary } from './store';

/**
 * Telemetry as the API reads it: the current generation matched against the current inventory,
 * derived once per (telemetry import, inventory snapshot and its last change, loaded releases)
 * and kept in memory; each query's (minState, freshnessDays) is then a pass over it.
 */
const Q = 'telemetry/queries';

export interface TelemetryModel {
  key: string;
  current: ImportRecord | null;
  /** Epoch seconds; null before the first import. */
  newestAsOf: number | null;
  snapshot: string | null;
  generations: string[];
  view: InventoryView;
  vocab: LogRecord[];
  hosts: HostRecord[];
  derived: Derived;
  assetIndex: Map<string, number>;
  logSourceIndex: Map<string, number>;
  catalog(): Promise<AttackCatalog>;
  /** Results of one (what, minRank, since), computed once. */
  memo: Map<string, unknown>;
}

async function loadModel(
  key: string,
  current: ImportRecord | null,
  snapshot: string | null,
  generations: string[],
): Promise<TelemetryModel> {
  const [view, vocab, hosts] = await Promise.all([
    readInventoryView(snapshot),
    current ? readVocabulary(current.id) : Promise.resolve([]),
    (async () => {
      const all: HostRecord[] = [];
      if (current) for await (const page of readHosts(current.id)) all.push(...page);
      return all;
    })(),
  ]);
  let catalog: Promise<AttackCatalog> | undefined;
  return {
    key,
    current,
    snapshot,
    generations,
    view,
    vocab,
    hosts,
    newestAsOf: current?.newestAsOfEpoch ?? null,
    derived: deriveTelemetry(view, vocab, hosts),
    assetIndex: new Map(view.assets.map((a, i) => [a.id, i])),
    logSourceIndex: new Map(view.logSources.map((l, i) => [l.id, i])),
    catalog: () => (catalog ??= loadCatalog()),
    memo: new Map(),
  };
}

/** The model of the current telemetry, inventory and releases: one at a time, kept by the server's caches. */
const MODEL = memoSlot<Promise<TelemetryModel>>('telemetry model', 1);

/** The model of what is current now: one small read a query, the rest only when something changed. */
export async function telemetryModel(caches: Caches): Promise<TelemetryModel> {
  const [state] = await read(Q, 'state');
  const current = (state?.telemetry as ImportRecord | null) ?? null;
  const snapshot = (state?.snapshot as string | null) ?? null;
  const generations = (state?.generations as string[] | null) ?? [];
  const key = [current?.id ?? '', snapshot ?? '', String(state?.changedAt ?? ''), generations.join(',')].join('|');
  return caches.memo(MODEL).get({ variant: key }, () => loadModel(key, current, snapshot, generations));
}

export function checkFreshnessDays(days: number | null | undefined): number {
  const d = days ?? DEFAULT_FRESHNESS_DAYS;
  if (!Number.isInteger(d) || d < 0 || d > MAX_FRESHNESS_DAYS)
    throw new InputError(`freshnessDays must be a whole number of days from 0 to ${MAX_FRESHNESS_DAYS}`);
  return d;
}

/** The oldest fresh last seen at `days`; +Infinity before any import (nothing is fresh). */
export const sinceOf = (model: TelemetryModel, days: number) => (model.newestAsOf === null ? Infinity : freshSince(model.newestAsOf, days));

function memo<T>(model: TelemetryModel, key: string, compute: () => T): T {
  if (!model.memo.has(key)) model.memo.set(key, compute());
  return model.memo.get(key) as T;
}

export const driftOf = (model: TelemetryModel, minRank: number, since: number): LogSourceDriftCounts[] =>
  memo(model, `drift|${minRank}|${since}`, () => driftCounts(model.view, model.derived, minRank, since));

export const undeclaredOf = (model: TelemetryModel, since: number): UndeclaredLog[] =>
  memo(model, `undeclared|${since}`, () => undeclaredLogs(model.view, model.vocab, model.derived, since));

export interface SilentHostEntry {
  asset: number;
  rank: number;
  lastSeen: number | null;
}

/** The declared hosts of a log source that are not fresh: never seen first, then the oldest, then by id. */
export function silentHostsOf(model: TelemetryModel, logSource: number, minRank: number, since: number): SilentHostEntry[] {
  return memo(model, `silent|${logSource}|${minRank}|${since}`, () => {
    const out: SilentHostEntry[] = [];
    model.view.assets.forEach((asset, a) => {
      const collects = model.view.profiles[asset.profile]?.collects ?? [];
      const p = collects.findIndex(([ls]) => ls === logSource);
      if (p < 0 || collects[p][1] < minRank) return;
      const seen = model.derived.assets[a]?.evidence[p];
      const lastSeen = seen === undefined || Number.isNaN(seen) ? null : seen;
      if (lastSeen !== null && lastSeen >= since) return;
      out.push({ asset: a, rank: collects[p][1], lastSeen });
    });
    const ids = model.view.assets;
    return out.sort((x, y) => (x.lastSeen ?? -Infinity) - (y.lastSeen ?? -Infinity) || (ids[x.asset].id < ids[y.asset].id ? -1 : 1));
  });
}

/** Unknown (and ambiguous) hosts, most rows first. */
export const unknownHostsOf = (model: TelemetryModel) =>
  memo(model, 'unknown', () => [...model.derived.unknown].sort((x, y) => y.rows - x.rows || (x.host < y.host ? -1 : 1)));

/** The data components (STIX ids) an observed log would provide, by the inventory's resolution rule. */
export async function componentsOf(model: TelemetryModel, vocab: number): Promise<string[]> {
  const log = model.vocab[vocab];
  if (!log.name) return [];
  const catalog = await model.catalog();
  return [
    ...new Set(namesOf(log.name, catalog.logSourceNames()).flatMap((name) => [...catalog.provides({ name, channel: log.channel })])),
  ].sort();
}
