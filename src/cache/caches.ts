import { Live, Memo } from './memo';

/**
 * The one owner of the server's memos. A module declares what it memoises as a `MemoSlot` (a
 * name and a bound, no state); the `Caches` the program creates (cli/services.ts, one per
 * server) holds the entries, so two servers, or two test suites, never share one, and nothing
 * is cached at module level. One `sweep` after each read of what is live evicts, in every memo,
 * the entries of replaced generations and of older inventory versions.
 */
export interface MemoSlot<V> {
  readonly name: string;
  readonly max: number;
  /** Type only: what the slot's memo holds. */
  readonly value?: V;
}

export const memoSlot = <V>(name: string, max: number): MemoSlot<V> => ({ name, max });

export class Caches {
  private readonly memos = new Map<MemoSlot<unknown>, Memo<unknown>>();

  memo<V>(slot: MemoSlot<V>): Memo<V> {
    let memo = this.memos.get(slot);
    if (!memo) this.memos.set(slot, (memo = new Memo<unknown>(slot.name, slot.max)));
    return memo as Memo<V>;
  }

  /** Drops, in every memo, what depends on a generation or inventory version no longer live. */
  sweep(live: Live): void {
    for (const memo of this.memos.values()) memo.sweep(live);
  }

  /** Entries per memo name: for tests and diagnostics. */
  sizes(): Record<string, number> {
    return Object.fromEntries([...this.memos.values()].map((m) => [m.name, m.size]));
  }
}
