import { ManagedTransaction } from 'neo4j-driver';
import { read, run, Row } from '../db/neo4j';
import { InventoryNode } from './records';
import { AssetSelector, selectorParams } from './selector';
import { LOWEST_STATE, minRank, StateName } from './states';

/** AssetFilter: the GraphQL input (and the export parameters), an asset selector where an empty list sets no condition. */
export interface AssetFilterInput {
  platforms?: readonly string[] | null;
  businessUnits?: readonly string[] | null;
  environments?: readonly string[] | null;
  criticalities?: readonly string[] | null;
  tags?: readonly string[] | null;
  ids?: readonly string[] | null;
}

/** Beyond AssetFilter: assets collecting some log source / with some control deployed, at a minimum state. */
export interface AssetQuery {
  filter?: AssetFilterInput | null;
  collecting?: { logSources: readonly string[]; minState?: StateName | null } | null;
  deployed?: { controls: readonly string[]; minState?: StateName | null } | null;
}

/** The selector an AssetFilter stands for (src/inventory/selector.ts): an empty or absent list is no key. */
export function filterSelector(filter: AssetFilterInput | null | undefined): AssetSelector {
  const f = filter ?? {};
  const list = (values: readonly string[] | null | undefined) => (values?.length ? values : undefined);
  return {
    ids: list(f.ids),
    platforms: list(f.platforms),
    tags: list(f.tags),
    businessUnit: list(f.businessUnits),
    environment: list(f.environments),
    criticality: list(f.criticalities),
  };
}

/** The `$f` of cypher/inventory/filter.cypher: the selector's (null = no condition), then collection and deployment conditions. */
export function assetFilterParams(q: AssetQuery): Row {
  return {
    ...selectorParams(filterSelector(q.filter)),
    logSources: q.collecting ? [...q.collecting.logSources] : null,
    logSourceRank: minRank(q.collecting?.minState),
    controls: q.deployed ? [...q.deployed.controls] : null,
    controlRank: minRank(q.deployed?.minState, LOWEST_STATE),
  };
}

export interface AssetPage {
  total: number;
  page: InventoryNode[];
  keys: string[];
}

/**
 * The assets of the current snapshot a query matches, ordered by id: `total`, the page
 * [skip, skip + limit), and with `withKeys` every matching key. In `tx` when given (mutations).
 */
export async function matchAssets(q: AssetQuery, skip = 0, limit = 0, withKeys = false, tx?: ManagedTransaction): Promise<AssetPage> {
  const params = { f: assetFilterParams(q), skip, limit, withKeys };
  const [row] = tx ? await run(tx, 'inventory/filter', 'matchAssets', params) : await read('inventory/filter', 'matchAssets', params);
  return { total: Number(row?.total ?? 0), page: (row?.page ?? []) as InventoryNode[], keys: (row?.keys ?? []) as string[] };
}
