import { ObservedLog } from './names';

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

/**
 * A host's observations, flattened: entry i is `data[4i]` (vocabulary index), `data[4i+1]` (last
 * seen), `data[4i+2]` (first seen, both epoch seconds) and `data[4i+3]` (events).
 */
export interface HostRecord {
  hostKey: string;
  /** As the export first wrote it. */
  host: string;
  /** Rows of the latest import that named this host. */
  rows: number;
  data: ArrayLike<number>;
}

export const STRIDE = 4;
const RECORD_BYTES = 20;

/**
 * A host's observations as stored (`TelemetryHost.seen`, a byte array): 20 bytes each, big-endian
 * vocabulary index (uint32), last and first seen (uint32 epoch seconds, to 2106) and events
 * (float64). A 100k-host generation reads in a few seconds this way; as four integer lists a
 * host, decoding them cost several times that.
 */
export function packObservations(data: ArrayLike<number>): Int8Array {
  const n = data.length / STRIDE;
  const view = new DataView(new ArrayBuffer(n * RECORD_BYTES));
  for (let i = 0; i < n; i += 1) {
    const at = i * RECORD_BYTES;
    view.setUint32(at, data[i * STRIDE]);
    view.setUint32(at + 4, data[i * STRIDE + 1]);
    view.setUint32(at + 8, data[i * STRIDE + 2]);
    view.setFloat64(at + 12, data[i * STRIDE + 3]);
  }
  return new Int8Array(view.buffer);
}

export function unpackObservations(bytes: ArrayBufferView): Float64Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n = bytes.byteLength / RECORD_BYTES;
  const data = new Float64Array(n * STRIDE);
  for (let i = 0; i < n; i += 1) {
    const at = i * RECORD_BYTES;
    data[i * STRIDE] = view.getUint32(at);
    data[i * STRIDE + 1] = view.getUint32(at + 4);
    data[i * STRIDE + 2] = view.getUint32(at + 8);
    data[i * STRIDE + 3] = view.getFloat64(at + 12);
  }
  return data;
}

/** A copy of a string that holds no reference to the (large) text it was cut from: V8 keeps a slice's parent alive. */
export const detach = (text: string) => Buffer.from(text, 'utf8').toString('utf8');

/** The vocabulary key of an observed log: observations merge on it, within and across imports. */
export const logKey = (log: ObservedLog, label: string | null) =>
  `${log.name ?? ''}\u0000${log.channel ?? ''}\u0000${log.logSource ?? ''}\u0000${log.name === null && log.logSource === null ? (label ?? '') : ''}`;

export const isNamed = (log: ObservedLog) => log.name !== null || log.logSource !== null;

/** An epoch second as ISO 8601 (what the API and the CSV give). */
export const isoOf = (epoch: number | null | undefined) =>
  epoch == null ? null : new Date(epoch * 1000).toISOString().replace('.000Z', 'Z');
