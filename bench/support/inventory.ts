import { createHash } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { importInventory } from '../../import/inventory/import-inventory';
import { generateInventory } from '../inventory/generator';
import { timed } from './measure';

/**
 * A generated inventory of `size` assets made current in the bench database: an identical one
 * (same seed and size, same file hashes) already current is reused, since importing 1M assets
 * takes a quarter of an hour. `run` executes GraphQL (the inventory's snapshot is read through it).
 */
export async function currentGeneratedInventory(
  run: (query: string, variables: Record<string, unknown>) => Promise<Record<string, any>>,
  seed: number,
  size: number,
): Promise<{ collectionRows: number; counts: Record<string, number>; importedMs?: number }> {
  const inventory = await generateInventory(seed, size);
  const files = [inventory.document, ...inventory.files];
  const hashes = files.map((f) => createHash('sha256').update(readFileSync(f)).digest('hex')).sort();
  const snapshots = (await run(`{ inventorySnapshots { status sha256 counts { name count } } }`, {})).inventorySnapshots;
  const current = snapshots.find((s: { status: string }) => s.status === 'current');
  const same = current && JSON.stringify([...current.sha256].sort()) === JSON.stringify(hashes);
  const imported = same ? undefined : await timed(() => importInventory({ document: inventory.document, csv: [] }));
  rmSync(inventory.dir, { recursive: true, force: true });
  const counts =
    imported?.result.counts ?? Object.fromEntries(current.counts.map((x: { name: string; count: number }) => [x.name, x.count]));
  return { collectionRows: inventory.collectionRows, counts, importedMs: imported?.ms };
}
