import { read } from '../db/neo4j';
import { releasePlatformsForAll } from '../inventory/platforms';
import type { InventoryNode } from '../inventory/records';
import { Bits, bitsInterner, bitsOf, emptyBits, orInto } from './bits';
import type { ProfileBasis } from './engine';
import { ReleaseModel } from './release-data';

/**
 * The inventory side of coverage: coverage profiles (hosts indistinguishable for coverage, with
 * their count) and log sources with what they provide. Read once per inventory snapshot and set
 * of loaded releases (PROVIDES is re-resolved when a release is imported), then combined with
 * each release's model into a `CoverageBasis`.
 */
const I = 'coverage/inventory';


export interface LogSourceEntry {
  node: InventoryNode;
  id: string;
  name: string | null;
  channel: string | null;
  /** STIX ids of the data components it provides (PROVIDES, resolved by the inventory import). */
  components: string[];
  /** Pre-v10 data source strings, lower-cased. */
  dataSources: string[];
}

export interface ProfileEntry {
  key: string;
  hosts: number;
  /** The platforms its hosts list (inventory spelling). */
  platforms: string[];
  /** Log source index -> highest rank collected (explicitly or through a control). */
  collects: Map<number, number>;
}

/** The current inventory snapshot as coverage reads it (not the importer's ParsedInventory). */
export interface CoverageInventory {
  /** Cache key: snapshot id and the loaded generations. */
  key: string;
  snapshot: string;
  logSources: LogSourceEntry[];
  logSourceIndex: Map<string, number>;
  profiles: ProfileEntry[];
  profileIndex: Map<string, number>;
}

async function loadInventory(key: string, snapshot: string): Promise<CoverageInventory> {
  const [sources, profiles] = await Promise.all([read(I, 'logSources', { snapshot }), read(I, 'profiles', { snapshot })]);
  const logSources: LogSourceEntry[] = sources.map((r) => {
    const node = r.node as InventoryNode;
    return {
      node, id: node.id, name: (node.name as string | null) ?? null, channel: (node.channel as string | null) ?? null,
      components: r.components as string[], dataSources: ((node.dataSources as string[] | null) ?? []).map((s) => s.toLowerCase()),
    };
  });
  const logSourceIndex = new Map(logSources.map((l, i) => [l.id, i]));
  const entries: ProfileEntry[] = profiles.map((r) => {
    const collects = new Map<number, number>();
    for (const item of r.collects as string[]) {
      const at = item.lastIndexOf('=');
      const index = logSourceIndex.get(item.slice(0, at));
      if (index !== undefined) collects.set(index, Number(item.slice(at + 1)));
    }
    return { key: r.key as string, hosts: Number(r.hosts), platforms: r.platforms as string[], collects };
  });
  return { key, snapshot, logSources, logSourceIndex, profiles: entries, profileIndex: new Map(entries.map((p, i) => [p.key, i])) };
}

/** What a log source stands for under one release: component bits and (name, channel) pair bits. */
export interface LogSourceBits { components: Bits; pairs: Bits }

/** An inventory seen through one release: what coverage computes on. */
export interface CoverageBasis {
  release: ReleaseModel;
  inventory: CoverageInventory;
  logSources: LogSourceBits[];
  profiles: ProfileBasis[];
}

export function logSourceBits(release: ReleaseModel, l: { name: string | null; channel: string | null; components: string[]; dataSources: string[] }): LogSourceBits {
  const ids = release.model === 'strings' ? l.dataSources : l.components;
  const components = bitsOf(release.components.length, ids.flatMap((id) => release.componentIndex.get(id) ?? []));
  const pairs = l.name === null ? [] : [...release.pairMatch.match(l.name, l.channel)];
  return { components, pairs: bitsOf(release.pairs.length, pairs) };
}

function buildBasis(release: ReleaseModel, inventory: CoverageInventory): CoverageBasis {
  const logSources = inventory.logSources.map((l) => logSourceBits(release, l));
  const componentClass = bitsInterner();
  const pairClass = bitsInterner();
  const profiles = inventory.profiles.map((p): ProfileBasis => {
    const components = [0, 1, 2, 3].map(() => emptyBits(release.components.length));
    const pairs = [0, 1, 2, 3].map(() => emptyBits(release.pairs.length));
    for (const [index, rank] of p.collects) {
      for (let r = 1; r <= rank; r += 1) {
        orInto(components[r], logSources[index].components);
        orInto(pairs[r], logSources[index].pairs);
      }
    }
    return {
      key: p.key, hosts: p.hosts, platforms: releasePlatformsForAll(p.platforms, release.platforms), components, pairs, collects: p.collects,
      classIds: { DATA_COMPONENT: components.map(componentClass), LOG_SOURCE: pairs.map(pairClass) },
    };
  });
  return { release, inventory, logSources, profiles };
}

let inventoryCache: { key: string; model: Promise<CoverageInventory> } | undefined;
const basisCache = new Map<string, CoverageBasis>();

/** The model of a snapshot in one `version` (its last change and the loaded generations), read again only when that changes. */
export function coverageInventory(snapshot: string, version: string): Promise<CoverageInventory> {
  const key = `${snapshot}|${version}`;
  if (inventoryCache?.key !== key) {
    const model = loadInventory(key, snapshot);
    model.catch(() => { if (inventoryCache?.model === model) inventoryCache = undefined; });
    inventoryCache = { key, model };
    basisCache.clear();
  }
  return inventoryCache.model;
}

export function coverageBasis(release: ReleaseModel, inventory: CoverageInventory): CoverageBasis {
  const key = `${release.generation}|${inventory.key}`;
  let basis = basisCache.get(key);
  if (!basis) {
    basis = buildBasis(release, inventory);
    basisCache.set(key, basis);
  }
  return basis;
}
