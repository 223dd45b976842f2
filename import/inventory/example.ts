import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../../src/config';
import { currentSnapshot } from './current';
import { ImportedInventory, importInventory } from './import-inventory';

/** examples/acme: what `attack-kg up` serves until an inventory of the organisation's own is imported. */
export const EXAMPLE_INVENTORY = join(projectRoot, 'examples', 'acme', 'inventory.yaml');

const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

/**
 * Imports the example when no inventory is current, or when the current one is the example and
 * its files changed since; any other inventory is left alone. Returns undefined when it did nothing.
 */
export async function loadExampleInventory(): Promise<ImportedInventory | undefined> {
  const current = await currentSnapshot();
  if (current) {
    const sources = (current.props.sources as string[]) ?? [];
    const hashes = (current.props.sha256 as string[]) ?? [];
    if (sources[0] !== EXAMPLE_INVENTORY) return undefined;
    if (
      sources.every((f, i) => {
        try {
          return sha256(f) === hashes[i];
        } catch {
          return false;
        }
      })
    )
      return undefined;
  }
  return importInventory({ document: EXAMPLE_INVENTORY, csv: [] });
}
