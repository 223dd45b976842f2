import { Caches } from '../cache/caches';
import { NodeRecord } from './records';
import { resolveAttackIds } from './replacements';
import { coverage } from '../coverage/coverage';
import { RowEntry } from '../coverage/engine';
import { CoverageInput } from '../coverage/params';

/**
 * The organisation's side of a release diff: the (technique, platform) pairs that became gaps
 * (blind hosts under `to`, none under `from`) or stopped being gaps, with the coverage rows of
 * both releases, computed by the coverage engine on the current inventory. A pair only one
 * release has (a technique added, removed, deprecated or re-platformed) has no row on the other side.
 *
 * Release changes follow replacements: a technique of `from` that `to` revokes (or that another
 * loaded release says a technique of `to` replaces) is compared with what it counts for under
 * `to` (src/attack/replacements.ts), so v19 re-issuing T1070.001 as T1685.005 is one pair carried
 * over, (T1070.001, Windows) -> (T1685.005, Windows), not a gap closed and another opened.
 */
export type CarryOverState = 'STILL_GAP' | 'STILL_COVERED' | 'BECAME_GAP' | 'STOPPED_BEING_GAP';

/** The minimum of a row the comparison reads: the coverage row, or another view's (detection) row. */
export interface PairRow {
  technique: { id: string };
  platform: string;
}

export interface PairDelta<R extends PairRow> {
  /** Gaps of `now` none of whose predecessors was one, with the predecessor (same id first) beside each. */
  becameGaps: [now: R, before: R | null][];
  /** Gaps of `then` whose successor is not one (or that have none). */
  stoppedBeingGaps: [then: R, after: R | null][];
  /** Pairs of `then` whose successor has another id, whatever their gap state. */
  carriedOver: [then: R, now: R, state: CarryOverState][];
}

const pairOf = (id: string, platform: string) => `${id}\u0000${platform}`;
const byTechniqueThenPlatform = (x: PairRow, y: PairRow) =>
  x.technique.id < y.technique.id
    ? -1
    : x.technique.id > y.technique.id
      ? 1
      : x.platform < y.platform
        ? -1
        : x.platform > y.platform
          ? 1
          : 0;

/**
 * The comparison, pure. `successor` names what a technique id of `then` counts for in `now`
 * (itself when `now` has it active; null when nothing); a row of `then` continues as the row of
 * `now` with that id and the same platform. `isGap` decides what a gap is (blind hosts for
 * coverage; the detection delta can pass its own).
 */
export function pairDelta<R extends PairRow>(
  then: R[],
  now: R[],
  successor: (id: string) => string | null,
  isGap: (row: R) => boolean,
): PairDelta<R> {
  const nowByPair = new Map(now.map((r) => [pairOf(r.technique.id, r.platform), r]));
  const next = new Map<R, R>();
  const predecessors = new Map<R, R[]>();
  for (const t of [...then].sort(byTechniqueThenPlatform)) {
    const id = successor(t.technique.id);
    const n = id === null ? undefined : nowByPair.get(pairOf(id, t.platform));
    if (!n) continue;
    next.set(t, n);
    predecessors.set(n, [...(predecessors.get(n) ?? []), t]);
  }
  const becameGaps = now
    .filter((n) => isGap(n) && !(predecessors.get(n) ?? []).some(isGap))
    .sort(byTechniqueThenPlatform)
    .map((n): [R, R | null] => {
      const before = predecessors.get(n) ?? [];
      return [n, before.find((t) => t.technique.id === n.technique.id) ?? before[0] ?? null];
    });
  const stoppedBeingGaps = then
    .filter((t) => isGap(t) && !(next.has(t) && isGap(next.get(t)!)))
    .sort(byTechniqueThenPlatform)
    .map((t): [R, R | null] => [t, next.get(t) ?? null]);
  const carriedOver = [...next]
    .filter(([t, n]) => t.technique.id !== n.technique.id)
    .map(([t, n]): [R, R, CarryOverState] => {
      const [was, is] = [isGap(t), isGap(n)];
      return [t, n, was && is ? 'STILL_GAP' : was ? 'STOPPED_BEING_GAP' : is ? 'BECAME_GAP' : 'STILL_COVERED'];
    });
  return { becameGaps, stoppedBeingGaps, carriedOver };
}

/** A delta's pairs as releaseDiff answers them (coverage's and detection's alike): the technique, platform and both rows. */
export function deltaChanges<R extends PairRow & { technique: { node: NodeRecord } }>(delta: PairDelta<R>) {
  return {
    becameGaps: delta.becameGaps.map(([after, before]) => ({ technique: after.technique.node, platform: after.platform, before, after })),
    stoppedBeingGaps: delta.stoppedBeingGaps.map(([before, after]) => ({
      technique: (after ?? before).technique.node,
      platform: before.platform,
      before,
      after,
    })),
    carriedOver: delta.carriedOver.map(([before, after, state]) => ({
      from: before.technique.node,
      technique: after.technique.node,
      platform: before.platform,
      before,
      after,
      state,
    })),
  };
}

const isGap = (r: RowEntry) => r.hostsBlind > 0;

export async function coverageDelta(caches: Caches, domain: string, from: string, to: string, query: CoverageInput | null | undefined) {
  // The whole matrix of each release: whether a pair is a gap is decided here, not filtered first.
  const base: CoverageInput = { ...query, domain, onlyGaps: false, onlyUncovered: false };
  const [a, b] = await Promise.all([coverage(caches, { ...base, release: from }), coverage(caches, { ...base, release: to })]);
  const successors = await resolveAttackIds(caches, b.resolved.release.generation, [...new Set(a.rows.map((r) => r.technique.id))]);
  const delta = pairDelta(a.rows, b.rows, (id) => successors.get(id) ?? null, isGap);
  return deltaChanges(delta);
}
