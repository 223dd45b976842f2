import { PairIndex } from '../attack/log-source-match';
import { LogSourceRecord } from '../inventory/log-source';
import { namesOf, ObservedLog } from './names';

/**
 * When an observation is evidence for an inventory log source, and when evidence is fresh
 * (shared/spec/TELEMETRY.md, "Matching" and "Freshness"). The (name, channel) rule itself is
 * src/attack/log-source-match.ts's; this file only applies it to observations.
 */

export const DAY_SECONDS = 86_400;
export const DEFAULT_FRESHNESS_DAYS = 7;
export const MAX_FRESHNESS_DAYS = 3650;

export type FreshnessState = 'FRESH' | 'STALE' | 'NEVER_SEEN';

/**
 * The oldest last-seen (epoch seconds) that is still fresh: exactly `days` before the newest
 * as-of counts as fresh, one second older is stale. Seconds, not days: an export's times are.
 */
export const freshSince = (asOf: number, days: number) => asOf - days * DAY_SECONDS;

export function freshnessOf(lastSeen: number | null | undefined, since: number): FreshnessState {
  if (lastSeen == null) return 'NEVER_SEEN';
  return lastSeen >= since ? 'FRESH' : 'STALE';
}

/** What evidence looks at of an inventory log source. */
export type InventoryLogSource = Pick<LogSourceRecord, 'id' | 'name' | 'channel'>;

/** The inventory's log sources, indexed for "which of them does this observation evidence". */
export class EvidenceIndex {
  private readonly pairs = new PairIndex<number>();
  private readonly byId = new Map<string, number>();

  constructor(readonly logSources: readonly InventoryLogSource[]) {
    logSources.forEach((l, i) => {
      this.byId.set(l.id, i);
      // The rule is symmetric: a channel-less side stands for every channel, otherwise members must meet.
      if (l.name) this.pairs.add(l.name, l.channel, i);
    });
  }

  /** Log source indices an observation is evidence for: by (name, channel) under the rule, or named by id. */
  evidences(log: ObservedLog): number[] {
    const out = new Set<number>();
    for (const name of log.name ? namesOf(log.name, this.pairs.names()) : [])
      for (const i of this.pairs.match(name, log.channel)) out.add(i);
    const byId = log.logSource !== null ? this.byId.get(log.logSource) : undefined;
    if (byId !== undefined) out.add(byId);
    return [...out].sort((a, b) => a - b);
  }
}
