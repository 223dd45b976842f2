import { read } from '../db/neo4j';
import { InventoryNode, SnapshotRecord } from './records';
import { perRank } from './states';

/** Query functions over the current inventory snapshot: resolvers call these. */
const Q = 'inventory/queries';
const nodes = <T = InventoryNode>(rows: Record<string, unknown>[]) => rows.map((r) => r.node as T);

export const findAsset = async (id: string) => nodes(await read(Q, 'asset', { id }))[0] ?? null;
export const listLogSources = async () => nodes(await read(Q, 'logSources'));
export const listControls = async () => nodes(await read(Q, 'controls'));
export const listSnapshots = async () => nodes<SnapshotRecord>(await read(Q, 'snapshots'));

/** Hosts per (rank, asset platforms), as the `logSourceHosts` and `controlHosts` loaders return them. */
export interface HostGroup {
  rank: number;
  platforms: string[];
  hosts: number;
}

export const hostsAtLeast = (groups: HostGroup[], rank: number) => groups.reduce((n, g) => (g.rank >= rank ? n + Number(g.hosts) : n), 0);

export function hostsByRank(groups: HostGroup[]): number[] {
  const out = perRank();
  for (const g of groups) out[g.rank] += Number(g.hosts);
  return out;
}

export function hostsByPlatform(groups: HostGroup[], rank: number): { platform: string; hosts: number }[] {
  const counts = new Map<string, number>();
  for (const g of groups) if (g.rank >= rank) for (const p of g.platforms) counts.set(p, (counts.get(p) ?? 0) + Number(g.hosts));
  return [...counts].sort(([a], [b]) => a.localeCompare(b)).map(([platform, hosts]) => ({ platform, hosts }));
}
