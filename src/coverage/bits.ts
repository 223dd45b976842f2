/**
 * Fixed-size bit sets over a small universe (a release's data components, or its analytics'
 * (name, channel) pairs): "does this host group collect anything that detects (T, P)" becomes a
 * few word ANDs, which keeps a full matrix over thousands of host groups in milliseconds.
 */
export type Bits = Uint32Array;

export const emptyBits = (size: number): Bits => new Uint32Array(Math.max(1, Math.ceil(size / 32)));

export function bitsOf(size: number, indexes: Iterable<number>): Bits {
  const bits = emptyBits(size);
  for (const i of indexes) bits[i >>> 5] |= 1 << (i & 31);
  return bits;
}

export const hasBit = (bits: Bits, i: number) => (bits[i >>> 5] & (1 << (i & 31))) !== 0;

export function intersects(a: Bits, b: Bits): boolean {
  for (let i = 0; i < a.length; i += 1) if ((a[i] & b[i]) !== 0) return true;
  return false;
}

export function orInto(target: Bits, source: Bits): Bits {
  for (let i = 0; i < target.length; i += 1) target[i] |= source[i];
  return target;
}

export const isEmpty = (bits: Bits) => bits.every((w) => w === 0);

/** A stable key for grouping equal sets. */
export const bitsKey = (bits: Bits) => Array.from(bits, (w) => w.toString(36)).join('.');

export function equalBits(a: Bits, b: Bits): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i += 1) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Numbers equal sets alike (0, 1, 2, ... in order of first sight): hot loops group by a number, not
 * a key. Sets are told apart by a hash of their words, then compared: an evidence basis interns
 * tens of thousands of sets of a few thousand bits, where building a string key per set cost most
 * of its time. A set it has seen must not change afterwards.
 */
export function bitsInterner(): (bits: Bits) => number {
  const buckets = new Map<number, { bits: Bits; id: number }[]>();
  // The same array again (ranks and profiles share sets): no hashing.
  const known = new Map<Bits, number>();
  let next = 0;
  return (bits) => {
    const again = known.get(bits);
    if (again !== undefined) return again;
    let hash = 0x811c9dc5;
    for (let i = 0; i < bits.length; i += 1) hash = Math.imul(hash ^ bits[i], 0x01000193);
    let bucket = buckets.get(hash);
    if (!bucket) buckets.set(hash, (bucket = []));
    let id = bucket.find((e) => equalBits(e.bits, bits))?.id;
    if (id === undefined) {
      id = next;
      next += 1;
      bucket.push({ bits, id });
    }
    known.set(bits, id);
    return id;
  };
}

export function* bitIndexes(bits: Bits): Generator<number> {
  for (let w = 0; w < bits.length; w += 1) {
    for (let word = bits[w]; word !== 0; word &= word - 1) yield w * 32 + (31 - Math.clz32(word & -word));
  }
}
