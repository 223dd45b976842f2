import { Caches, memoSlot } from '../cache/caches';
import { read } from '../db/neo4j';
import { listReleases } from './releases';

/**
 * Which technique a tagged ATT&CK id counts for under a release R (DETECTIONS.md, "Techniques of a
 * rule"): R's active technique with that id; when R's technique with that id is revoked, the end
 * of its revoked-by chain; when R has none (or only a deprecated one), the technique of R that
 * another loaded release of the same domain says the id replaces. SigmaHQ tags ATT&CK v19 ids:
 * v19 revokes T1070.001 by T1685.005, so under 18.1 a rule tagged T1685.005 counts for T1070.001.
 */

/** One technique of a release, as far as ids go. */
export interface TechniqueId {
  id: string;
  name: string;
  active: boolean;
  revoked: boolean;
  /** The ATT&CK id at the end of its revoked-by chain in the same release. */
  replacedBy: string | null;
}

/** A release's techniques by ATT&CK id (the active one where a release has two for an id), and who each id replaced. */
export interface IdIndex {
  byId: Map<string, TechniqueId>;
  /** New id -> the revoked techniques whose chains end at it. */
  replaces: Map<string, TechniqueId[]>;
}

export function idIndex(techniques: TechniqueId[]): IdIndex {
  const byId = new Map<string, TechniqueId>();
  const replaces = new Map<string, TechniqueId[]>();
  for (const t of techniques) {
    if (!byId.get(t.id)?.active) byId.set(t.id, t);
    if (t.revoked && t.replacedBy) replaces.set(t.replacedBy, [...(replaces.get(t.replacedBy) ?? []), t]);
  }
  return { byId, replaces };
}

/** The active technique of `release` an id stands for by that release alone: itself, or the end of its revoked-by chain. */
function within(release: IdIndex, id: string): string | null {
  const t = release.byId.get(id);
  if (!t) return null;
  if (t.active) return t.id;
  if (t.revoked && t.replacedBy && release.byId.get(t.replacedBy)?.active) return t.replacedBy;
  return null;
}

/**
 * The pure rule. Across releases, one id may replace several (v19's T1685 replaces T1562,
 * T1562.001 and T1562.006): it counts for the one whose name it kept, else the lowest id, so a
 * tag counts for one technique. Where no replacement is known, an id a newer or older release
 * revokes in favour of one R has counts for that one too (a bundle that dropped revoked objects).
 */
export function resolveIds(release: IdIndex, others: IdIndex[], ids: string[]): Map<string, string | null> {
  const out = new Map<string, string | null>();
  for (const tagged of ids) {
    const id = tagged.toUpperCase();
    let found = within(release, id);
    if (found === null) {
      const candidates = new Map<string, boolean>();
      for (const other of others) {
        const name = other.byId.get(id)?.name;
        for (const old of other.replaces.get(id) ?? []) {
          const here = within(release, old.id);
          if (here !== null) candidates.set(here, (candidates.get(here) ?? false) || old.name === name);
        }
      }
      const ranked = [...candidates].sort(([a, sameA], [b, sameB]) => (sameA === sameB ? a.localeCompare(b) : sameA ? -1 : 1));
      found = ranked[0]?.[0] ?? null;
      for (const other of others) {
        if (found !== null) break;
        const t = other.byId.get(id);
        if (t?.revoked && t.replacedBy) found = within(release, t.replacedBy);
      }
    }
    out.set(tagged, found);
  }
  return out;
}

/** Generation -> its id index: generations never change once written, a few per domain are loaded. */
const ID_INDEXES = memoSlot<Promise<IdIndex>>('technique id indexes', 16);

const indexOf = (caches: Caches, generation: string) =>
  caches
    .memo(ID_INDEXES)
    .get({ generation }, async () => idIndex((await read('attack/replacements', 'techniqueIds', { generation })) as TechniqueId[]));

/**
 * Tagged ATT&CK ids (upper case) -> the ATT&CK id of the technique each counts for under the
 * release `generation`, through every loaded release of its domain; null when no loaded release
 * knows the id (or none gives it a technique of this release).
 */
export async function resolveAttackIds(caches: Caches, generation: string, ids: string[]): Promise<Map<string, string | null>> {
  const releases = await listReleases();
  const domain = releases.find((r) => r.generation === generation)?.domain;
  const others = releases.filter((r) => r.domain === domain && r.generation !== generation).map((r) => r.generation);
  const [release, ...rest] = await Promise.all([indexOf(caches, generation), ...others.map((g) => indexOf(caches, g))]);
  return resolveIds(release, rest, ids);
}
