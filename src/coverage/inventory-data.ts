import { Caches, memoSlot } from '../cache/caches';
import { read } from '../db/neo4j';
import { logSourceOfNode } from '../inventory/log-source';
import { releasePlatformsForAll } from '../inventory/platforms';
import { InventoryNode } from '../inventory/records';
import { TOP_RANK } from '../inventory/states';
import { Bits, bitsInterner, bitsOf, emptyBits, orInto } from './bits';
import { ObservedLog } from '../telemetry/names';
import { ProfileBasis } from './engine';
import { ReleaseModel } from './release-data';

/**
 * The inventory side of coverage: coverage profiles (hosts indistinguishable for coverage, with
 * their count) and log sources with what they provide. Read once per inventory version (snapshot,
 * last change, loaded releases: PROVIDES is re-resolved when a release is imported), then
 * combined with each release's model into a `CoverageBasis`.
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
  /** Its inventory version (`inventoryVersion`: snapshot id, last change, loaded generations). */
  key: string;
  snapshot: string;
  logSources: LogSourceEntry[];
  logSourceIndex: Map<string, number>;
  profiles: ProfileEntry[];
  profileIndex: Map<string, number>;
  /** Memos of what is read or computed from this model (its indexes): they go with it. */
  derived: Caches;
}

async function loadInventory(key: string, snapshot: string): Promise<CoverageInventory> {
  const [sources, profiles] = await Promise.all([read(I, 'logSources', { snapshot }), read(I, 'profiles', { snapshot })]);
  const logSources: LogSourceEntry[] = sources.map((r) => {
    const node = r.node as InventoryNode;
    const { id, name, channel, dataSources } = logSourceOfNode(node);
    return { node, id, name, channel, components: r.components as string[], dataSources: dataSources.map((s) => s.toLowerCase()) };
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
  return {
    key, snapshot, logSources, logSourceIndex, profiles: entries, profileIndex: new Map(entries.map((p, i) => [p.key, i])), derived: new Caches(),
  };
}

/** What a log source stands for under one release: component bits and (name, channel) pair bits. */
export interface LogSourceBits { components: Bits; pairs: Bits }

/**
 * How an evidence basis's profiles split the inventory's: each is one inventory profile's hosts
 * with the same fresh evidence. Kept for what needs hosts (filtered populations, blind hosts).
 */
export interface EvidenceSplit {
  mode: 'OBSERVED' | 'TELEMETRY';
  /** The oldest fresh last seen (epoch seconds; +Infinity before any telemetry import). */
  since: number;
  /** Per profile of the basis: the index of the inventory profile it splits. */
  parents: number[];
  /** Per profile of the basis: its assets' ids. */
  members: string[][];
  /** Asset id -> its profile in the basis. */
  profileOf: Map<string, number>;
  /** Under TELEMETRY: the observed logs, log source `inventory.logSources.length + i` of the basis being `observed[i]`. */
  observed: ObservedLog[];
}

/** An inventory seen through one release: what coverage computes on. */
export interface CoverageBasis {
  release: ReleaseModel;
  inventory: CoverageInventory;
  logSources: LogSourceBits[];
  profiles: ProfileBasis[];
  /** Under OBSERVED or TELEMETRY evidence: how its profiles split the inventory's (./evidence.ts); null when declared. */
  evidence: EvidenceSplit | null;
  /** Memos of what is computed from this basis (the whole-fleet classes): they go with it. */
  derived: Caches;
}

export function logSourceBits(release: ReleaseModel, l: { name: string | null; channel: string | null; components: string[]; dataSources: string[] }): LogSourceBits {
  const ids = release.model === 'strings' ? l.dataSources : l.components;
  const components = bitsOf(release.components.length, ids.flatMap((id) => release.componentIndex.get(id) ?? []));
  const pairs = l.name === null ? [] : [...release.pairMatch.match(l.name, l.channel)];
  return { components, pairs: bitsOf(release.pairs.length, pairs) };
}

/** A profile as the basis builder takes it: its hosts' platforms (release names) and what they collect at which rank. */
export interface ProfileCollection {
  key: string;
  hosts: number;
  platforms: string[];
  collects: Map<number, number>;
}

/**
 * Profiles over `logSources` (what each stands for under the release) as coverage computes on them:
 * per rank, the component and pair bits their hosts collect, and the class ids that fold equal ones.
 * The inventory's basis and an evidence basis (./evidence.ts) are both built here.
 */
export function profileBases(release: ReleaseModel, logSources: LogSourceBits[], profiles: ProfileCollection[]): ProfileBasis[] {
  const componentClass = bitsInterner();
  const pairClass = bitsInterner();
  const noComponents = emptyBits(release.components.length);
  const noPairs = emptyBits(release.pairs.length);
  return profiles.map((p): ProfileBasis => {
    // What is collected at rank >= r is what is at rank >= r + 1 plus what is exactly at r: built top
    // down, a rank nothing is collected at exactly shares the set (and class) of the rank above.
    const components: Bits[] = new Array<Bits>(TOP_RANK + 1);
    const pairs: Bits[] = new Array<Bits>(TOP_RANK + 1);
    components[0] = noComponents;
    pairs[0] = noPairs;
    let aboveComponents = noComponents;
    let abovePairs = noPairs;
    for (let r = TOP_RANK; r >= 1; r -= 1) {
      let c = aboveComponents;
      let q = abovePairs;
      for (const [index, rank] of p.collects) {
        if (rank !== r) continue;
        if (c === aboveComponents) {
          c = aboveComponents.slice();
          q = abovePairs.slice();
        }
        orInto(c, logSources[index].components);
        orInto(q, logSources[index].pairs);
      }
      components[r] = aboveComponents = c;
      pairs[r] = abovePairs = q;
    }
    return { ...p, components, pairs, classIds: { DATA_COMPONENT: components.map(componentClass), LOG_SOURCE: pairs.map(pairClass) } };
  });
}

function buildBasis(release: ReleaseModel, inventory: CoverageInventory): CoverageBasis {
  const logSources = inventory.logSources.map((l) => logSourceBits(release, l));
  const profiles = profileBases(
    release,
    logSources,
    inventory.profiles.map((p) => ({ key: p.key, hosts: p.hosts, platforms: releasePlatformsForAll(p.platforms, release.platforms), collects: p.collects })),
  );
  return { release, inventory, logSources, profiles, evidence: null, derived: new Caches() };
}

/** Version -> its model: the current one, and one a query still reads while the next is loaded. */
const INVENTORY_MODELS = memoSlot<Promise<CoverageInventory>>('inventory models', 2);
/** Per inventory model, generation -> its basis (on the release model read with it). */
const BASES = memoSlot<CoverageBasis>('coverage bases', 16);

/** The model of a snapshot at one inventory `version`, read again only when the version changes. */
export const coverageInventory = (caches: Caches, snapshot: string, version: string): Promise<CoverageInventory> =>
  caches.memo(INVENTORY_MODELS).get({ inventory: version }, () => loadInventory(version, snapshot));

/**
 * An inventory seen through a release, built once per (inventory model, generation). A release
 * model read again later (its entry evicted) is an equal one; views use `basis.release`, so one
 * query never mixes the bit positions of two readings.
 */
export const coverageBasis = (release: ReleaseModel, inventory: CoverageInventory): CoverageBasis =>
  inventory.derived.memo(BASES).get({ generation: release.generation }, () => buildBasis(release, inventory));
