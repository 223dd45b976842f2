import { CollectionState, Resolvers } from '../generated/graphql';
import { resolveRelease } from '../attack/releases';
import { RelationName } from '../db/cypher';
import { NodeRecord } from '../attack/records';
import { Context } from '../server/context';
import { adminOnly } from '../server/guard';
import { connection, decodeCursor, pageSize } from '../server/pagination';
import { matchAssets } from './filter';
import { LOWEST_STATE, minRank, RANKS, stateNameOf, StateName } from './states';
import { setCollectionState, upsertAsset } from './mutations';
import { findAsset, HostGroup, hostsAtLeast, hostsByPlatform, hostsByRank, listControls, listLogSources, listSnapshots } from './queries';
import { AssetControlRecord, AssetLogSourceRecord, InventoryNode } from './records';
import { logSourceOfNode } from './log-source';

const Q = 'inventory/queries';

/** A field that follows one relation, batched across all parents of the request. */
const related =
  <T>(statement: RelationName<typeof Q>, params: (args: Record<string, unknown>) => Record<string, unknown> = () => ({})) =>
  (parent: InventoryNode, args: Record<string, unknown>, ctx: Context) =>
    ctx.loaders.related(Q, statement, params(args)).load(parent.key) as Promise<T[]>;

/** Host counts of a log source or control: one batched read serves hosts, hostsByState and hostsByPlatform. */
const hostFields = (statement: RelationName<typeof Q>) => {
  const groups = (parent: InventoryNode, ctx: Context) =>
    ctx.loaders.related(Q, statement).load(parent.key) as Promise<unknown> as Promise<HostGroup[]>;
  return {
    hosts: async (parent: InventoryNode, args: { minState?: StateName | null }, ctx: Context) =>
      hostsAtLeast(await groups(parent, ctx), minRank(args.minState)),
    hostsByState: async (parent: InventoryNode, _: unknown, ctx: Context) => {
      const byRank = hostsByRank(await groups(parent, ctx));
      return RANKS.map((rank) => ({ state: stateNameOf(rank), hosts: byRank[rank] }));
    },
    hostsByPlatform: async (parent: InventoryNode, args: { minState?: StateName | null }, ctx: Context) =>
      hostsByPlatform(await groups(parent, ctx), minRank(args.minState)),
  };
};

/** One release lookup per request and (domain, release), however many log sources ask. */
const generationFor = (ctx: Context, domain?: string | null, release?: string | null): Promise<string> =>
  ctx.loaders.once(`generation of ${domain ?? ''}@${release ?? ''}`, () => resolveRelease(domain, release));
/** Compile-time: the schema's CollectionState names exactly the ladder's states (a new state changes both). */
const sameStates: [CollectionState] extends [StateName] ? ([StateName] extends [CollectionState] ? true : never) : never = true;
void sameStates;

const json = <T>(text: unknown, fallback: T): T => (typeof text === 'string' ? (JSON.parse(text) as T) : fallback);

export const inventoryResolvers: Resolvers = {
  Query: {
    assets: async (_, { filter, collecting, deployed, first, after }) => {
      const skip = decodeCursor(after);
      const limit = pageSize(first, 100, 5000);
      const { total, page } = await matchAssets({ filter, collecting, deployed }, skip, limit);
      return connection(page, skip, total);
    },
    asset: (_, { id }) => findAsset(id),
    logSources: () => listLogSources(),
    controls: () => listControls(),
    inventorySnapshots: () => listSnapshots(),
  },
  Mutation: {
    setCollectionState: adminOnly(
      (_: unknown, args: { logSource: string; assets: object; state?: StateName | null; since?: string | null }) =>
        setCollectionState(args),
    ),
    upsertAsset: adminOnly(async (_: unknown, { asset }: { asset: { id: string } & Record<string, unknown> }) => {
      await upsertAsset(asset);
      return await findAsset(asset.id);
    }),
  },
  Asset: {
    hostname: (a) => (a.hostname as string | null) ?? null,
    platforms: (a) => (a.platforms as string[]) ?? [],
    attackPlatforms: async (a, _, ctx) =>
      ((await ctx.loaders.related(Q, 'attackPlatformsOf').load(a.key)) as { name: string }[]).map((p) => p.name).sort(),
    tags: (a) => (a.tags as string[]) ?? [],
    logSources: related<AssetLogSourceRecord>('collectionOf', (args) => ({
      minRank: minRank(args.minState as StateName | null, LOWEST_STATE),
    })),
    controls: related<AssetControlRecord>('deploymentsOn'),
  },
  AssetLogSource: {
    state: (c) => stateNameOf(c.rank),
    viaControl: async (c, _, ctx) =>
      (c.viaControl ? ((await ctx.loaders.related(Q, 'controlsByKey').load(c.viaControl))[0] as InventoryNode | undefined) : undefined) ??
      null,
  },
  AssetControl: { state: (d) => stateNameOf(d.rank) },
  LogSource: {
    name: (l) => logSourceOfNode(l).name,
    channel: (l) => logSourceOfNode(l).channel,
    ...hostFields('logSourceHosts'),
    dataComponents: async (l, { domain, release }, ctx) =>
      ctx.loaders.related(Q, 'providedComponents', { generation: await generationFor(ctx, domain, release) }).load(l.key) as Promise<
        NodeRecord[]
      >,
    dataComponentRefs: (l) => logSourceOfNode(l).dataComponents,
    dataSources: (l) => logSourceOfNode(l).dataSources,
    producedBy: related<InventoryNode>('producers'),
    origin: (l) => logSourceOfNode(l).origin,
    attributes: (l) => logSourceOfNode(l).attributes,
  },
  Control: {
    ...hostFields('controlHosts'),
    produces: related<InventoryNode>('produced'),
  },
  InventorySnapshot: {
    sources: (s) => (s.sources as string[]) ?? [],
    sha256: (s) => (s.sha256 as string[]) ?? [],
    counts: (s) => Object.entries(json<Record<string, number>>(s.counts, {})).map(([name, count]) => ({ name, count })),
    warnings: (s) => (s.warnings as string[]) ?? [],
    exceptions: (s) =>
      json<{ exceptions: { techniqueId: string; name: string | null; source: string }[] } | null>(s.dettect, null)?.exceptions ?? [],
  },
};
