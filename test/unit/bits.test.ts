import { bitIndexes, bitsInterner, bitsKey, bitsOf, emptyBits, hasBit, intersects, isEmpty, orInto } from '../../src/coverage/bits';
import { random, randomTools } from '../support/random';

/** Bit sets against plain Sets of indexes, over universes that straddle 32-bit word edges. */
const SIZES = [1, 31, 32, 33, 64, 65, 100];

function randomIndexes(rand: () => number, size: number): number[] {
  return Array.from({ length: Math.floor(rand() * 8) }, () => Math.floor(rand() * size));
}

describe('coverage bit sets', () => {
  test('a set holds exactly its indexes, listed once each in ascending order, across word edges', () => {
    const rand = random(11);
    const wrong: unknown[] = [];
    for (const size of SIZES) {
      expect(emptyBits(size).length).toBe(Math.max(1, Math.ceil(size / 32)));
      for (let i = 0; i < 200; i += 1) {
        const indexes = randomIndexes(rand, size);
        const bits = bitsOf(size, indexes);
        const expected = [...new Set(indexes)].sort((a, b) => a - b).join();
        const members = Array.from({ length: size }, (_, b) => b)
          .filter((b) => hasBit(bits, b))
          .join();
        const listed = [...bitIndexes(bits)].join();
        if (listed !== expected || members !== expected || isEmpty(bits) !== (expected === ''))
          wrong.push({ size, indexes, listed, members });
      }
    }
    expect(wrong).toEqual([]);
    // The top bit of a word is the sign bit of an Int32: still one index, not a negative one.
    expect([...bitIndexes(bitsOf(64, [31, 63]))]).toEqual([31, 63]);
  });

  test('intersects is "shares an index" and orInto is the union, written into its target', () => {
    const rand = random(12);
    const wrong: unknown[] = [];
    for (const size of SIZES) {
      for (let i = 0; i < 200; i += 1) {
        const a = randomIndexes(rand, size);
        const b = randomIndexes(rand, size);
        const meets = intersects(bitsOf(size, a), bitsOf(size, b));
        const target = bitsOf(size, a);
        const returned = orInto(target, bitsOf(size, b));
        const union = [...bitIndexes(target)].join();
        if (
          meets !== a.some((x) => b.includes(x)) ||
          returned !== target ||
          union !== [...new Set([...a, ...b])].sort((x, y) => x - y).join()
        ) {
          wrong.push({ size, a, b, meets, union });
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  test('equal sets share a key and an interned number (0, 1, 2... in order of first sight); different sets never do', () => {
    const r = randomTools(13);
    const intern = bitsInterner();
    const seen = new Map<string, number>();
    for (let i = 0; i < 500; i += 1) {
      const indexes = r.some([0, 5, 31, 32, 40, 63, 64, 99], 3);
      const canonical = [...new Set(indexes)].sort((a, b) => a - b).join(',');
      const id = intern(bitsOf(100, indexes));
      if (!seen.has(canonical)) {
        expect(id).toBe(seen.size);
        seen.set(canonical, id);
      }
      expect(id).toBe(seen.get(canonical));
    }
    expect(bitsKey(bitsOf(100, [1, 64]))).toBe(bitsKey(bitsOf(100, [64, 1, 1])));
    expect(bitsKey(bitsOf(100, [1, 64]))).not.toBe(bitsKey(bitsOf(100, [1, 65])));
    // The same words in a different word position are a different set.
    expect(bitsKey(bitsOf(64, [0]))).not.toBe(bitsKey(bitsOf(64, [32])));
  });
});
