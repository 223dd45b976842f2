/** Dates of the inventory contract (2026-03-01; a timestamp keeps its date), as compact day numbers. */
export const DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/;

const DAY_MS = 86_400_000;

/** A cached `fn`: inventories repeat a few hundred dates over millions of rows (capped for odd input). */
function cached<K, V>(fn: (key: K) => V): (key: K) => V {
  const cache = new Map<K, V>();
  return (key) => {
    if (cache.has(key)) return cache.get(key)!;
    const value = fn(key);
    if (cache.size < 100_000) cache.set(key, value);
    return value;
  };
}

const parseDay = cached((date: string): number => {
  const m = DATE.exec(date);
  if (!m) return -1;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  const check = new Date(ms);
  if (check.getUTCMonth() !== Number(m[2]) - 1 || check.getUTCDate() !== Number(m[3])) return -1;
  const day = ms / DAY_MS + 1;
  return day >= 1 && day <= 0xffff ? day : -1;
});

const formatDay = cached((day: number) => new Date((day - 1) * DAY_MS).toISOString().slice(0, 10));

/** "2026-03-01" (or a timestamp) -> days since 1970 + 1, 0 = no date: fits a Uint16 until 2149. */
export const dayNumber = (date: string | null | undefined): number => (date ? parseDay(date) : 0);

export const dateOfDay = (day: number): string | null => (day ? formatDay(day) : null);
