import { Caches } from '../cache/caches';
import { NodeRecord } from './records';
import { coverage } from '../coverage/coverage';
import { RowEntry } from '../coverage/engine';
import { CoverageInput } from '../coverage/params';

/**
 * The organisation's side of a release diff: the (technique, platform) pairs that became gaps
 * (blind hosts under `to`, none under `from`) or stopped being gaps, with the coverage rows of
 * both releases, computed by the coverage engine on the current inventory. A pair only one
 * release has (a technique added, removed, revoked or re-platformed) has no row on the other side.
 */
export interface PairChange {
  technique: NodeRecord;
  platform: string;
  before: RowEntry | null;
  after: RowEntry | null;
}

const isGap = (r: RowEntry | undefined) => r !== undefined && r.hostsBlind > 0;
const pairOf = (r: RowEntry) => `${r.technique.id}\u0000${r.platform}`;
const byTechniqueThenPlatform = (x: RowEntry, y: RowEntry) =>
  x.technique.id < y.technique.id
    ? -1
    : x.technique.id > y.technique.id
      ? 1
      : x.platform < y.platform
        ? -1
        : x.platform > y.platform
          ? 1
          : 0;

/** Rows that are gaps in `now` and were not in `then`, with the row of `then` beside each. */
function newGaps(then: RowEntry[], now: RowEntry[]): [RowEntry, RowEntry | null][] {
  const earlier = new Map(then.map((r) => [pairOf(r), r]));
  return now
    .filter((r) => isGap(r) && !isGap(earlier.get(pairOf(r))))
    .sort(byTechniqueThenPlatform)
    .map((r) => [r, earlier.get(pairOf(r)) ?? null]);
}

export async function coverageDelta(caches: Caches, domain: string, from: string, to: string, query: CoverageInput | null | undefined) {
  // The whole matrix of each release: whether a pair is a gap is decided here, not filtered first.
  const base: CoverageInput = { ...query, domain, onlyGaps: false, onlyUncovered: false };
  const [a, b] = await Promise.all([coverage(caches, { ...base, release: from }), coverage(caches, { ...base, release: to })]);
  return {
    becameGaps: newGaps(a.rows, b.rows).map(([after, before]): PairChange => ({
      technique: after.technique.node,
      platform: after.platform,
      before,
      after,
    })),
    stoppedBeingGaps: newGaps(b.rows, a.rows).map(([before, after]): PairChange => ({
      technique: (after ?? before).technique.node,
      platform: before.platform,
      before,
      after,
    })),
  };
}
