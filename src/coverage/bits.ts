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

/** Numbers equal sets alike (0, 1, 2, ... in order of first sight): hot loops group by a number, not a key. */
export function bitsInterner(): (bits: Bits) => number {
  const ids = new Map<string, number>();
  return (bits) => {
    const key = bitsKey(bits);
    let id = ids.get(key);
    if (id === undefined) ids.set(key, (id = ids.size));
    return id;
  };
}

export function* bitIndexes(bits: Bits): Generator<number> {
  for (let w = 0; w < bits.length; w += 1) {
    for (let word = bits[w]; word !== 0; word &= word - 1) yield w * 32 + (31 - Math.clz32(word & -word));
  }
}
