import { read } from '../../db/neo4j';
import type { InventoryNode } from '../../inventory/records';
import type { CoverageInventory } from '../inventory-data';

/** Named here, not imported: test/unit/statements.test.ts follows a file name only as a literal or a local constant. */
const I = 'coverage/inventory';

/** What the control views (singlePointsOfFailure, controlCoverage) read of an inventory beside its model. */
export interface ControlEntry { node: InventoryNode; id: string; produces: number[] }

const controlCache = new Map<string, Promise<ControlEntry[]>>();
const explicitCache = new Map<string, Promise<Int8Array>>();

/** Per inventory: controls with the log sources they produce (indexes). */
export function controlsOf(inventory: CoverageInventory): Promise<ControlEntry[]> {
  let controls = controlCache.get(inventory.key);
  if (!controls) {
    controlCache.clear();
    controls = read(I, 'controls', { snapshot: inventory.snapshot }).then((rows) => rows.map((r) => ({
      node: r.node as InventoryNode, id: (r.node as InventoryNode).id,
      produces: (r.produces as string[]).map((id) => inventory.logSourceIndex.get(id)!).filter((i) => i !== undefined),
    })));
    controlCache.set(inventory.key, controls);
  }
  return controls;
}

/** Per inventory: the highest state each log source is collected at other than through a control. */
export function explicitRanks(inventory: CoverageInventory): Promise<Int8Array> {
  let ranks = explicitCache.get(inventory.key);
  if (!ranks) {
    explicitCache.clear();
    ranks = read(I, 'explicitCollection', { snapshot: inventory.snapshot }).then((rows) => {
      const out = new Int8Array(inventory.logSources.length);
      for (const r of rows) out[inventory.logSourceIndex.get(r.id as string)!] = Number(r.rank);
      return out;
    });
    explicitCache.set(inventory.key, ranks);
  }
  return ranks;
}
