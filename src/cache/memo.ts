/**
 * A bounded memo whose entries name what they were computed from: an ATT&CK generation (never
 * changes once written, valid until it is replaced or deleted) and/or an inventory version (a
 * snapshot id with its last change stamp, see `inventoryVersion`). `sweep` drops whatever depends
 * on something no longer live; the bound drops the least recently used entry beyond `max`.
 * A failure is never kept: a load that throws stores nothing, and a promise that rejects is
 * dropped as it rejects, so the next call reads again instead of repeating the error.
 */

/** What an entry was computed from: when either is gone, the entry is stale. */
export interface DependsOn {
  /** An ATT&CK release generation. */
  generation?: string;
  /** An inventory version (`inventoryVersion`). */
  inventory?: string;
}

export interface MemoKey extends DependsOn {
  /** What else tells entries apart (a state, a precision): part of the key, never a reason to evict. */
  variant?: string;
}

/** What is live now: the imported generations and the current inventory's version (null: none). */
export interface Live {
  generations: ReadonlySet<string>;
  inventory: string | null;
}

/**
 * The version of an inventory as coverage sees it: the snapshot, its last change (admin mutations
 * edit a snapshot in place) and the generations it was resolved against (an ATT&CK import
 * re-resolves PROVIDES), so any of them changing makes a new version.
 */
export const inventoryVersion = (snapshot: string, changedAt: string | null, generations: readonly string[]) =>
  `${snapshot}|${changedAt ?? ''}|${[...generations].sort().join(',')}`;

export const isStale = (deps: DependsOn, live: Live) =>
  (deps.generation !== undefined && !live.generations.has(deps.generation)) ||
  (deps.inventory !== undefined && deps.inventory !== live.inventory);

interface Entry<V> {
  deps: DependsOn;
  value: V;
}

const idOf = (key: MemoKey) => `${key.generation ?? ''}\u0000${key.inventory ?? ''}\u0000${key.variant ?? ''}`;
const isPromise = (value: unknown): value is Promise<unknown> => value instanceof Promise;

export class Memo<V> {
  /** In least recently used first order (a Map keeps insertion order; a hit re-inserts). */
  private readonly entries = new Map<string, Entry<V>>();

  constructor(
    readonly name: string,
    readonly max: number,
  ) {
    if (!Number.isInteger(max) || max < 1) throw new RangeError(`memo "${name}": max must be a positive integer, got ${max}`);
  }

  /** The value for `key`, loaded (once, however many callers ask at the same time) when absent. */
  get(key: MemoKey, load: () => V): V {
    const id = idOf(key);
    const hit = this.entries.get(id);
    if (hit) {
      this.entries.delete(id);
      this.entries.set(id, hit);
      return hit.value;
    }
    const value = load();
    const entry: Entry<V> = { deps: { generation: key.generation, inventory: key.inventory }, value };
    this.entries.set(id, entry);
    if (this.entries.size > this.max) this.entries.delete(this.entries.keys().next().value!);
    // Only this entry: a newer one under the same key (loaded after a sweep) stays.
    if (isPromise(value))
      value.catch(() => {
        if (this.entries.get(id) === entry) this.entries.delete(id);
      });
    return value;
  }

  has(key: MemoKey): boolean {
    return this.entries.has(idOf(key));
  }

  /** Drops the entries that depend on anything not in `live`; returns how many. */
  sweep(live: Live): number {
    let dropped = 0;
    for (const [id, entry] of this.entries) {
      if (isStale(entry.deps, live)) {
        this.entries.delete(id);
        dropped += 1;
      }
    }
    return dropped;
  }

  clear(): void {
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }
}
