import type { ObservedLog } from './names';

/**
 * Telemetry as stored (docs/graph-model.md): one TelemetryLog per distinct observed log of the
 * current generation (its vocabulary) and one TelemetryHost per host as the exports spell it,
 * holding its observations as parallel lists indexed by vocabulary entry. Matching to assets and
 * to inventory log sources happens on reading, against the inventory of that moment.
 */

/** A vocabulary entry: an observed log, or (name and logSource null) an unnamed one, known by its label. */
export interface LogRecord extends ObservedLog {
  index: number;
  /** For unnamed rows: what the export called them (`sourcetype=acme:custom`). */
  label: string | null;
}

/** A host's observations: entry i is vocabulary `obs[i]` with `lastSeen[i]`, `firstSeen[i]` (epoch seconds) and `count[i]` events. */
export interface HostRecord {
  hostKey: string;
  /** As the export first wrote it. */
  host: string;
  /** Rows of the latest import that named this host. */
  rows: number;
  obs: number[];
  lastSeen: number[];
  firstSeen: number[];
  count: number[];
}

/** The vocabulary key of an observed log: observations merge on it, within and across imports. */
export const logKey = (log: ObservedLog, label: string | null) =>
  `${log.name ?? ''}\u0000${log.channel ?? ''}\u0000${log.logSource ?? ''}\u0000${log.name === null && log.logSource === null ? label ?? '' : ''}`;

export const isNamed = (log: ObservedLog) => log.name !== null || log.logSource !== null;

/** An epoch second as ISO 8601 (what the API and the CSV give). */
export const isoOf = (epoch: number | null | undefined) => (epoch == null ? null : new Date(epoch * 1000).toISOString().replace('.000Z', 'Z'));
