import { read } from '../../db/neo4j';
import { assetFilterParams } from '../../inventory/filter';
import { InventoryNode } from '../../inventory/records';
import { PlatformCoverageRecord } from '../records';

/** Named here, not imported: test/unit/statements.test.ts follows a file name only as a literal or a local constant. */
const I = 'coverage/inventory';

/** A page of the blind hosts of one (technique, platform) of techniqueCoverage, by asset id. */
export async function blindHosts(blind: PlatformCoverageRecord['blind'], skip: number, limit: number): Promise<InventoryNode[]> {
  let filter = blind.filter;
  if (blind.assets) {
    const named = filter?.ids && new Set(filter.ids);
    filter = { ...filter, ids: named ? blind.assets.filter((id) => named.has(id)) : blind.assets };
  }
  if (!blind.profiles.length || filter?.ids?.length === 0 || limit === 0) return [];
  const rows = await read(I, 'assetsInProfiles', { profiles: blind.profiles, skip, limit, f: assetFilterParams({ filter }) });
  return rows.map((r) => r.node as InventoryNode);
}
