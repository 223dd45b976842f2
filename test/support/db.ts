import { applySchema, closeDriver, emptyDatabase, read } from '../../src/db/neo4j';
import { importAttack } from '../../import/attack/import-attack';
import { attackBundle } from './shared';

/** Empties the database (schema kept): each suite starts from nothing it did not load. */
export async function resetDb() {
  await emptyDatabase();
  await applySchema();
}

export async function graphCounts(): Promise<{ nodes: number; relationships: number }> {
  const [row] = await read('admin', 'countAll');
  return { nodes: Number(row?.nodes ?? 0), relationships: Number(row?.relationships ?? 0) };
}

export const importShared = (name: string) => importAttack(attackBundle(name));

export { closeDriver };
