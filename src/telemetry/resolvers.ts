import { resolveRelease } from '../attack/releases';
import { NodeRecord } from '../attack/records';
import { NotFoundError } from '../errors';
import { Resolvers } from '../generated/graphql';
import { minRank, stateNameOf } from '../inventory/states';
import { connection, decodeCursor, pageSize } from '../server/pagination';
import { read } from '../db/neo4j';
import { freshnessOf as freshnessState } from './evidence';
import { checkFreshnessDays, componentsOf, sinceOf, telemetryModel, unknownHostsOf } from './model';
import { listImports } from './store';
import {
  assetEvidence,
  assetHostnames,
  assetLastSeen,
  assetNode,
  assetUndeclared,
  drift,
  iso,
  logSourceDriftFor,
  logSourceDrifts,
  logSourceNode,
  silentHosts,
  undeclared,
} from './views';

/** Telemetry over GraphQL: thin, over src/telemetry/views.ts. */
const Q = 'telemetry/queries';
const page = <T>(items: T[], first: number | null | undefined, after: string | null | undefined, fallback = 100, max = 5000) => {
  const skip = decodeCursor(after);
  return connection(items.slice(skip, skip + pageSize(first, fallback, max)), skip, items.length);
};
const json = <T>(text: unknown, fallback: T): T => (typeof text === 'string' ? (JSON.parse(text) as T) : fallback);
const freshnessOf = (lastSeen: number | null | undefined, since: number) => freshnessState(lastSeen, since);
const COUNTS = ['rows', 'hosts', 'hostsMatched', 'unknownHosts', 'ambiguousHosts', 'unnamedRows', 'undeclaredObservations'] as const;

export const telemetryResolvers: Resolvers = {
  Query: {
    telemetryDrift: (_, { minState, freshnessDays }, ctx) => drift(ctx.services.caches, minState, freshnessDays),
    telemetrySilentHosts: async (_, { logSource, minState, freshnessDays, first, after }, ctx) => {
      const d = await drift(ctx.services.caches, minState, freshnessDays);
      const ls = d.model.logSourceIndex.get(logSource);
      if (ls === undefined) throw new NotFoundError(`no log source "${logSource}" in the current inventory`);
      return page(silentHosts({ model: d.model, logSource: ls, minRank: d.minRank, since: d.since }), first, after);
    },
    telemetryUnknownHosts: async (_, { first, after }, ctx) => {
      const model = await telemetryModel(ctx.services.caches);
      return page(
        unknownHostsOf(model).map((u) => ({ model, u })),
        first,
        after,
      );
    },
    telemetryImports: () => listImports(),
  },
  TelemetryDrift: {
    asOf: (d) => iso(d.model.newestAsOf),
    freshnessDays: (d) => d.days,
    freshSince: (d) => iso(d.since),
    unknownHosts: (d) => d.model.derived.unknown.length,
    logSources: (d) => logSourceDrifts(d),
    undeclared: (d) => undeclared(d),
  },
  LogSourceDrift: {
    logSource: (r, _, ctx) => logSourceNode(r.model, r.logSource, ctx),
    declaredHosts: (r) => r.counts.declared,
    freshHosts: (r) => r.counts.fresh,
    staleHosts: (r) => r.counts.stale,
    neverSeenHosts: (r) => r.counts.neverSeen,
    lastSeen: (r) => iso(r.counts.lastSeen),
    silentHosts: (r, { first, after }) => page(silentHosts(r), first, after),
  },
  SilentHost: {
    asset: (s, _, ctx) => assetNode(s.model, s.entry.asset, ctx),
    state: (s) => stateNameOf(s.entry.rank),
    lastSeen: (s) => iso(s.entry.lastSeen),
    freshness: (s) => freshnessOf(s.entry.lastSeen, s.since),
  },
  UndeclaredTelemetry: {
    name: (r) => r.model.vocab[r.u.vocab].name,
    channel: (r) => r.model.vocab[r.u.vocab].channel,
    logSourceId: (r) => r.model.vocab[r.u.vocab].logSource,
    hosts: (r) => r.u.assets.length,
    freshHosts: (r) => r.u.fresh,
    lastSeen: (r) => iso(r.u.lastSeen),
    events: (r) => r.u.events,
    dataComponents: async (r, { domain, release }) => {
      const stixIds = await componentsOf(r.model, r.u.vocab);
      if (!stixIds.length) return [];
      const generation = await resolveRelease(domain, release);
      return (await read(Q, 'componentsByStixId', { generation, stixIds })).map((row) => row.node as NodeRecord);
    },
    assets: async (r, { first, after }, ctx) => {
      const result = page(r.u.assets, first, after);
      const nodes = await Promise.all(result.nodes.map((a) => assetNode(r.model, a, ctx)));
      return { ...result, nodes, edges: result.edges.map((e, i) => ({ ...e, node: nodes[i] })) };
    },
  },
  UnknownHost: {
    host: (r) => r.u.host,
    spellings: (r) => [...r.u.spellings].sort(),
    rows: (r) => r.u.rows,
    observations: (r) => r.u.observations,
    lastSeen: (r) => iso(r.u.lastSeen),
    ambiguousWith: (r, _, ctx) =>
      Promise.all(
        [...r.u.ambiguous]
          .sort((a, b) => (r.model.view.assets[a].id < r.model.view.assets[b].id ? -1 : 1))
          .map((a) => assetNode(r.model, a, ctx)),
      ),
  },
  TelemetryImport: {
    format: (t) => String(t.format),
    source: (t) => String(t.source),
    sha256: (t) => String(t.sha256),
    asOf: (t) => (t.asOf as string | null) ?? null,
    importedAt: (t) => (t.importedAt as string | null) ?? null,
    rows: (t) => (t.rows as number | null) ?? null,
    counts: (t) => {
      const s = json<Record<string, unknown>>(t.summary, {});
      return COUNTS.filter((n) => typeof s[n] === 'number').map((name) => ({ name, count: s[name] as number }));
    },
    examples: (t) => {
      const s = json<{ examples?: Record<string, string[]> }>(t.summary, {});
      return Object.values(s.examples ?? {}).flat();
    },
  },
  AssetTelemetry: {
    lastSeen: (r) => iso(assetLastSeen(r)),
    freshness: (r) => freshnessOf(assetLastSeen(r), r.since),
    hostnames: (r) => assetHostnames(r),
    logSources: (r) => assetEvidence(r),
    undeclared: (r) => assetUndeclared(r),
  },
  LogSourceEvidence: {
    logSource: (r, _, ctx) => logSourceNode(r.model, r.logSource, ctx),
    state: (r) => stateNameOf(r.rank),
    lastSeen: (r) => iso(r.lastSeen),
    freshness: (r) => freshnessOf(r.lastSeen, r.since),
  },
  ObservedTelemetry: {
    lastSeen: (r) => iso(r.lastSeen)!,
    freshness: (r) => r.freshness,
  },
  Asset: {
    telemetry: async (a, { freshnessDays }, ctx) => {
      const days = checkFreshnessDays(freshnessDays);
      const model = await telemetryModel(ctx.services.caches);
      return { model, asset: model.assetIndex.get(a.id), since: sinceOf(model, days) };
    },
  },
  LogSource: {
    telemetry: async (l, { minState, freshnessDays }, ctx) => {
      const days = checkFreshnessDays(freshnessDays);
      const model = await telemetryModel(ctx.services.caches);
      const ls = model.logSourceIndex.get(l.id);
      if (ls === undefined) throw new NotFoundError(`log source "${l.id}" is not in the current inventory`);
      return logSourceDriftFor(model, ls, minRank(minState), sinceOf(model, days));
    },
  },
};
