/** An inventory node as Cypher's `n {.*}` returns it; `key` is "<snapshot>|<id>". */
export type InventoryNode = Record<string, unknown> & { key: string; id: string };

/** Asset -[:COLLECTS]-> LogSource as the asset's field gives it. */
export interface AssetLogSourceRecord {
  logSource: InventoryNode;
  rank: number;
  since: string | null;
  viaControl: string | null;
}

/** Control -[:DEPLOYED_ON]-> Asset as the asset's field gives it. */
export interface AssetControlRecord {
  control: InventoryNode;
  rank: number;
}

/** An InventorySnapshot node; `counts` and `exceptions` are JSON text. */
export type SnapshotRecord = Record<string, unknown> & { id: string; status: string };
