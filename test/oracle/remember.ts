/** Get-or-compute for the oracles' memos: each one a pure function of its key, kept for the test run. */
export function remember<K, V>(memo: { get(key: K): V | undefined; set(key: K, value: V): unknown }, key: K, compute: () => V): V {
  let value = memo.get(key);
  if (value === undefined) memo.set(key, (value = compute()));
  return value;
}
