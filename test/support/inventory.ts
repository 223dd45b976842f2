import { read } from '../../src/db/neo4j';

/** Counts of the current inventory snapshot by label and relationship type. */
export async function inventoryCounts(): Promise<Record<string, number>> {
  return Object.fromEntries((await read('inventory/stats', 'inventoryCounts')).map((r) => [r.name as string, Number(r.count)]));
}

/** ATT&CK nodes and the relationships between them. */
export async function attackCounts(): Promise<{ nodes: number; relationships: number }> {
  const [row] = await read('inventory/stats', 'attackCounts');
  return { nodes: Number(row?.nodes ?? 0), relationships: Number(row?.relationships ?? 0) };
}
