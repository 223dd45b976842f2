import type { ManagedTransaction } from 'neo4j-driver';
import { read, run, Row } from '../db/neo4j';
import { equivalentNames } from './platforms';
import { InventoryNode } from './records';
import { LOWEST_STATE, minRank, StateName } from './states';

/** AssetFilter (the GraphQL input and the contract's selector semantics) as Cypher parameters. */
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

const list = (values: readonly string[] | null | undefined) => (values?.length ? [...values] : null);

/** The `$f` of cypher/inventory/filter.cypher: null = no condition; platforms lower-cased with their aliases. */
export function assetFilterParams(q: AssetQuery): Row {
  const f = q.filter ?? {};
  const platforms = list(f.platforms);
  return {
    platforms: platforms && [...new Set(platforms.flatMap((p) => [...equivalentNames(p)]))],
    businessUnits: list(f.businessUnits),
    environments: list(f.environments),
    criticalities: list(f.criticalities),
    tags: list(f.tags),
    ids: list(f.ids),
    logSources: q.collecting ? [...q.collecting.logSources] : null,
    logSourceRank: minRank(q.collecting?.minState),
    controls: q.deployed ? [...q.deployed.controls] : null,
    controlRank: minRank(q.deployed?.minState, LOWEST_STATE),
  };
}

export interface AssetPage { total: number; page: InventoryNode[]; keys: string[] }

/**
 * The assets of the current snapshot a query matches, ordered by id: `total`, the page
 * [skip, skip + limit), and with `withKeys` every matching key. In `tx` when given (mutations).
 */
export async function matchAssets(q: AssetQuery, skip = 0, limit = 0, withKeys = false, tx?: ManagedTransaction): Promise<AssetPage> {
  const params = { f: assetFilterParams(q), skip, limit, withKeys };
  const [row] = tx ? await run(tx, 'inventory/filter', 'matchAssets', params) : await read('inventory/filter', 'matchAssets', params);
  return { total: Number(row?.total ?? 0), page: (row?.page ?? []) as InventoryNode[], keys: (row?.keys ?? []) as string[] };
}
