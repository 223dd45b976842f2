import { Caches, memoSlot } from '../../src/cache/caches';
import { inventoryVersion, isStale, Memo } from '../../src/cache/memo';

/** The cache utility alone: no database. */
const live = (generations: string[], inventory: string | null) => ({ generations: new Set(generations), inventory });

describe('Memo', () => {
  it('loads once per key and returns the same value after', () => {
    const memo = new Memo<number>('m', 4);
    let loads = 0;
    const load = () => ++loads;
    expect(memo.get({ generation: 'g1' }, load)).toBe(1);
    expect(memo.get({ generation: 'g1' }, load)).toBe(1);
    expect(memo.get({ generation: 'g1', variant: 'x' }, load)).toBe(2);
    expect(memo.get({ generation: 'g2' }, load)).toBe(3);
    expect(loads).toBe(3);
  });

  it('shares one in-flight load between concurrent callers', async () => {
    const memo = new Memo<Promise<string>>('m', 2);
    let loads = 0;
    const load = () => {
      loads += 1;
      return new Promise<string>((resolve) => setTimeout(() => resolve('v'), 5));
    };
    const [a, b] = await Promise.all([memo.get({ inventory: 'i' }, load), memo.get({ inventory: 'i' }, load)]);
    expect([a, b, loads]).toEqual(['v', 'v', 1]);
  });

  it('keeps at most max entries, dropping the least recently used', () => {
    const memo = new Memo<string>('m', 2);
    memo.get({ variant: 'a' }, () => 'A');
    memo.get({ variant: 'b' }, () => 'B');
    memo.get({ variant: 'a' }, () => 'A2'); // a is now the most recent
    memo.get({ variant: 'c' }, () => 'C');
    expect(memo.size).toBe(2);
    expect(memo.has({ variant: 'a' })).toBe(true);
    expect(memo.has({ variant: 'b' })).toBe(false);
    expect(memo.get({ variant: 'a' }, () => 'again')).toBe('A');
  });

  it('never keeps a rejected promise: the next call loads again and succeeds', async () => {
    const memo = new Memo<Promise<number>>('m', 4);
    let calls = 0;
    const load = () => (++calls === 1 ? Promise.reject(new Error('Neo4j read failed')) : Promise.resolve(42));
    await expect(memo.get({ generation: 'g' }, load)).rejects.toThrow('Neo4j read failed');
    expect(memo.has({ generation: 'g' })).toBe(false);
    await expect(memo.get({ generation: 'g' }, load)).resolves.toBe(42);
    await expect(memo.get({ generation: 'g' }, load)).resolves.toBe(42);
    expect(calls).toBe(2);
  });

  it('callers waiting on a load that fails all see the failure, and nothing stays', async () => {
    const memo = new Memo<Promise<number>>('m', 4);
    const failing = memo.get({ inventory: 'i' }, () => new Promise<number>((_, reject) => setTimeout(() => reject(new Error('boom')), 5)));
    const same = memo.get({ inventory: 'i' }, () => Promise.resolve(1));
    expect(same).toBe(failing);
    await expect(same).rejects.toThrow('boom');
    expect(memo.size).toBe(0);
  });

  it('a late rejection does not evict a newer entry under the same key', async () => {
    const memo = new Memo<Promise<string>>('m', 4);
    let fail!: (e: Error) => void;
    const old = memo.get(
      { inventory: 'i' },
      () =>
        new Promise<string>((_, reject) => {
          fail = reject;
        }),
    );
    memo.sweep(live([], 'other'));
    const fresh = memo.get({ inventory: 'i' }, () => Promise.resolve('fresh'));
    fail(new Error('old read failed'));
    await expect(old).rejects.toThrow('old read failed');
    expect(memo.has({ inventory: 'i' })).toBe(true);
    expect(memo.get({ inventory: 'i' }, () => Promise.resolve('not loaded'))).toBe(fresh);
  });

  it('never keeps a load that throws', () => {
    const memo = new Memo<number>('m', 4);
    expect(() =>
      memo.get({ variant: 'x' }, () => {
        throw new Error('bad');
      }),
    ).toThrow('bad');
    expect(memo.size).toBe(0);
    expect(memo.get({ variant: 'x' }, () => 7)).toBe(7);
  });

  it('sweep drops what depends on a generation or inventory version no longer live, and keeps the rest', () => {
    const memo = new Memo<string>('m', 10);
    memo.get({ generation: 'g1' }, () => 'release g1');
    memo.get({ generation: 'g2' }, () => 'release g2');
    memo.get({ inventory: 'v1' }, () => 'inventory v1');
    memo.get({ generation: 'g1', inventory: 'v1' }, () => 'basis g1 v1');
    memo.get({ variant: 'pure' }, () => 'depends on nothing');
    expect(memo.sweep(live(['g1', 'g2'], 'v1'))).toBe(0);
    expect(memo.sweep(live(['g1'], 'v2'))).toBe(3);
    expect(memo.has({ generation: 'g1' })).toBe(true);
    expect(memo.has({ variant: 'pure' })).toBe(true);
    expect(memo.size).toBe(2);
    expect(memo.sweep(live([], null))).toBe(1);
  });

  it('isStale: an entry is stale when any of what it names is gone', () => {
    expect(isStale({}, live([], null))).toBe(false);
    expect(isStale({ generation: 'g' }, live(['g'], null))).toBe(false);
    expect(isStale({ generation: 'g' }, live(['h'], null))).toBe(true);
    expect(isStale({ inventory: 'v' }, live([], 'v'))).toBe(false);
    expect(isStale({ inventory: 'v' }, live([], null))).toBe(true);
    expect(isStale({ generation: 'g', inventory: 'v' }, live(['g'], 'w'))).toBe(true);
  });

  it('rejects a bound that is not a positive integer', () => {
    expect(() => new Memo('m', 0)).toThrow(/max must be a positive integer/);
    expect(() => new Memo('m', 1.5)).toThrow(/max must be a positive integer/);
  });
});

describe('inventoryVersion', () => {
  it('changes with the snapshot, its last change and the generation set, not with the order of generations', () => {
    const v = inventoryVersion('inv-1', '2026-01-01T00:00:00Z', ['b', 'a']);
    expect(inventoryVersion('inv-1', '2026-01-01T00:00:00Z', ['a', 'b'])).toBe(v);
    expect(inventoryVersion('inv-2', '2026-01-01T00:00:00Z', ['a', 'b'])).not.toBe(v);
    expect(inventoryVersion('inv-1', '2026-01-02T00:00:00Z', ['a', 'b'])).not.toBe(v);
    expect(inventoryVersion('inv-1', '2026-01-01T00:00:00Z', ['a'])).not.toBe(v);
    expect(inventoryVersion('inv-1', null, [])).toBe('inv-1||');
  });
});

describe('Caches', () => {
  const RELEASES = memoSlot<string>('releases', 2);
  const CELLS = memoSlot<Promise<number>>('cells', 2);

  it('gives one memo per slot and per owner', () => {
    const a = new Caches();
    const b = new Caches();
    expect(a.memo(RELEASES)).toBe(a.memo(RELEASES));
    expect(a.memo(RELEASES)).not.toBe(b.memo(RELEASES));
    a.memo(RELEASES).get({ generation: 'g' }, () => 'A');
    expect(b.memo(RELEASES).get({ generation: 'g' }, () => 'B')).toBe('B');
  });

  it('sweeps every memo it owns at once', async () => {
    const caches = new Caches();
    caches.memo(RELEASES).get({ generation: 'g1' }, () => 'r');
    caches.memo(RELEASES).get({ generation: 'g2' }, () => 'r');
    await caches.memo(CELLS).get({ inventory: 'v1' }, () => Promise.resolve(1));
    expect(caches.sizes()).toEqual({ releases: 2, cells: 1 });
    caches.sweep(live(['g2'], 'v2'));
    expect(caches.sizes()).toEqual({ releases: 1, cells: 0 });
  });
});
