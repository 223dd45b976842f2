import { memoSlot } from '../../cache/caches';
import { read } from '../../db/neo4j';
import { InventoryNode } from '../../inventory/records';
import { RANKS } from '../../inventory/states';
import { CoverageInventory } from '../inventory-data';

/** Named here, not imported: test/unit/statements.test.ts follows a file name only as a literal or a local constant. */
const I = 'coverage/inventory';

/** What the control views (singlePointsOfFailure, controlCoverage) read of an inventory beside its model. */
export interface ControlEntry { node: InventoryNode; id: string; produces: number[] }

const CONTROLS = memoSlot<Promise<ControlEntry[]>>('controls', 1);
const EXPLICIT_RANKS = memoSlot<Promise<Int8Array>>('explicit collection ranks', 1);

/** Per inventory model: controls with the log sources they produce (indexes). */
export const controlsOf = (inventory: CoverageInventory): Promise<ControlEntry[]> =>
  inventory.derived.memo(CONTROLS).get({}, () => read(I, 'controls', { snapshot: inventory.snapshot }).then((rows) => rows.map((r) => ({
    node: r.node as InventoryNode, id: (r.node as InventoryNode).id,
    produces: (r.produces as string[]).map((id) => inventory.logSourceIndex.get(id)!).filter((i) => i !== undefined),
  }))));

/** Per inventory model: the highest state each log source is collected at other than through a control. */
export const explicitRanks = (inventory: CoverageInventory): Promise<Int8Array> =>
  inventory.derived.memo(EXPLICIT_RANKS).get({}, () => read(I, 'explicitCollection', { snapshot: inventory.snapshot, ranks: [...RANKS].reverse() }).then((rows) => {
    const out = new Int8Array(inventory.logSources.length);
    for (const r of rows) out[inventory.logSourceIndex.get(r.id as string)!] = Number(r.rank);
    return out;
  }));
