import { PairIndex } from '../attack/log-source-match';
import { Caches, memoSlot } from '../cache/caches';
import { read } from '../db/neo4j';
import { listTactics } from '../attack/queries';
import { NodeRecord, versionOf } from '../attack/records';
import { Bits, bitsInterner, bitsOf } from './bits';

/**
 * The ATT&CK side of coverage for one release generation: every active technique with, per
 * platform, DC(T, P) and the analytics' (name, channel) pairs as bit sets. A generation never
 * changes once written, so this is read once and kept until the generation is gone (the owner's
 * sweep after each coverage `state` read).
 */
const R = 'coverage/release';

export type DetectionModel = 'strategies' | 'components' | 'strings';

/** What detects one technique on one platform, as bit sets (src/attack/diff.ts's DetectionGuidance is the same as node refs). */
export interface DetectionBits {
  /** DC(T, P) as bits of `components` (data source strings for the 'strings' model). */
  components: Bits;
  /** The analytics' (name, channel) pairs for (T, P), as bits of `pairs` ('strategies' only). */
  pairs: Bits;
  /** DC(T, P) is empty: ATT&CK gives no way to detect it there. */
  noGuidance: boolean;
  /** `components` and `pairs` as numbers shared by equal sets across the release (many (T, P) detect alike). */
  componentsId: number;
  pairsId: number;
}

export interface TechniqueEntry {
  node: NodeRecord;
  id: string;
  name: string;
  /** Tactic shortnames in matrix order. */
  tactics: string[];
  parent: string | null;
  platforms: string[];
  detection: Map<string, DetectionBits>;
}

export interface AttackPair { name: string; channel: string | null }

export interface ReleaseModel {
  generation: string;
  version: string;
  model: DetectionModel;
  /** Active techniques sorted by ATT&CK id. */
  techniques: TechniqueEntry[];
  byId: Map<string, TechniqueEntry>;
  /** Platforms of active techniques: what inventory platform names resolve to. */
  platforms: string[];
  /** Bit universe of DC(T, P): component STIX ids, or lower-cased data source strings before v10. */
  components: string[];
  componentIndex: Map<string, number>;
  /** Bit universe of the analytics' pairs, as ATT&CK writes them (names differing only in case are one). */
  pairs: AttackPair[];
  /** pairKey -> bit. */
  pairIndex: Map<string, number>;
  /** The pair bits a log source (name, channel) matches: INVENTORY.md v1.1's rule (src/attack/log-source-match.ts). */
  pairMatch: PairIndex<number>;
  /** The release's data components by STIX id (none before v10). */
  componentNodes: Map<string, NodeRecord>;
  /** Active tactics in matrix order. */
  tactics: NodeRecord[];
  /** Memos of what is read or computed from this model (its bit positions): they go with it. */
  derived: Caches;
}

/** A pair's identity in the bit universe: ATT&CK's spelling, name case aside; matching is pairMatch's business. */
export const pairKey = (name: string, channel: string | null | undefined) => `${name.toLowerCase()}\u0000${channel ?? ''}`;
const byAttackId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

async function loadRelease(generation: string): Promise<ReleaseModel> {
  const [flags] = await read(R, 'model', { generation });
  const model: DetectionModel = flags.strategies ? 'strategies' : flags.components ? 'components' : 'strings';
  const rows = await read(R, 'techniques', { generation });
  const techniques: TechniqueEntry[] = rows.map((r) => {
    const node = r.node as NodeRecord;
    return {
      node, id: node.attackId as string, name: node.name as string, tactics: r.tactics as string[],
      parent: (r.parent as string | null) ?? null, platforms: [...new Set((node.platforms as string[]) ?? [])].sort(), detection: new Map(),
    };
  }).sort(byAttackId);
  const byId = new Map(techniques.map((t) => [t.id, t]));

  // Per (technique, platform): raw component ids and pairs, then bit sets once the universes are known.
  const raw = new Map<string, { components: string[]; pairs: AttackPair[] }>();
  const forAll = new Map<string, string[]>();
  if (model === 'strategies') {
    for (const r of await read(R, 'analyticDetection', { generation })) {
      raw.set(`${r.technique}|${r.platform}`, {
        components: r.components as string[],
        pairs: (r.pairs as [string, string | null][]).map(([name, channel]) => ({ name, channel })),
      });
    }
  } else if (model === 'components') {
    for (const r of await read(R, 'componentDetection', { generation })) forAll.set(r.technique as string, r.components as string[]);
  } else {
    for (const t of techniques) forAll.set(t.id, ((t.node.dataSources as string[]) ?? []).map((s) => s.toLowerCase()));
  }

  const componentIndex = new Map<string, number>();
  const pairIndex = new Map<string, number>();
  const pairs: AttackPair[] = [];
  for (const ids of [...forAll.values(), ...[...raw.values()].map((d) => d.components)]) {
    for (const id of ids) if (!componentIndex.has(id)) componentIndex.set(id, componentIndex.size);
  }
  for (const d of raw.values()) {
    for (const p of d.pairs) {
      const key = pairKey(p.name, p.channel);
      if (!pairIndex.has(key)) {
        pairIndex.set(key, pairs.length);
        pairs.push(p);
      }
    }
  }
  const pairMatch = new PairIndex<number>();
  pairs.forEach((p, i) => pairMatch.add(p.name, p.channel, i));

  const componentsId = bitsInterner();
  const pairsId = bitsInterner();
  for (const t of techniques) {
    for (const platform of t.platforms) {
      const d = raw.get(`${t.id}|${platform}`);
      const ids = d?.components ?? forAll.get(t.id) ?? [];
      const components = bitsOf(componentIndex.size, ids.map((id) => componentIndex.get(id)!));
      const pairBits = bitsOf(pairs.length, (d?.pairs ?? []).map((p) => pairIndex.get(pairKey(p.name, p.channel))!));
      t.detection.set(platform, {
        components, pairs: pairBits, noGuidance: ids.length === 0, componentsId: componentsId(components), pairsId: pairsId(pairBits),
      });
    }
  }
  const componentNodes = new Map((await read(R, 'components', { generation })).map((r) => [r.stixId as string, r.node as NodeRecord]));
  return {
    generation, version: versionOf(generation), model, techniques, byId, componentNodes, tactics: await listTactics(generation),
    platforms: [...new Set(techniques.flatMap((t) => t.platforms))].sort(),
    components: [...componentIndex.keys()], componentIndex, pairs, pairIndex, pairMatch, derived: new Caches(),
  };
}

/** Generation -> its model: a few releases per domain are imported at a time. */
const RELEASE_MODELS = memoSlot<Promise<ReleaseModel>>('release models', 16);

export const releaseModel = (caches: Caches, generation: string): Promise<ReleaseModel> =>
  caches.memo(RELEASE_MODELS).get({ generation }, () => loadRelease(generation));
