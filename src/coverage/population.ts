import { memoSlot } from '../cache/caches';
import { read, Row } from '../db/neo4j';
import { AssetFilterInput, assetFilterParams } from '../inventory/filter';
import type { CoverageBasis, CoverageInventory } from './inventory-data';

/**
 * The host population of a query: how many hosts of each coverage profile it holds. Without an
 * asset filter that is the profiles' own counts. With one, it is summed over population cells:
 * assets grouped by profile and by the fields filters look at, read once per snapshot, so a
 * filtered matrix over a million hosts costs a pass over a few thousand cells, not over hosts.
 * An `ids` filter reads just those assets' cells.
 */
const I = 'coverage/inventory';

export interface DeploymentGroup { profile: number; controls: { control: string; rank: number }[]; hosts: number }

export interface Population {
  /** Hosts of each profile (indexed as `basis.profiles`). */
  hosts: Float64Array;
  deployments: DeploymentGroup[];
  /** No asset filter: every host of every profile (the same for every such query). */
  whole: boolean;
}

interface Cell {
  profile: number;
  businessUnit: string | null;
  environment: string | null;
  criticality: string | null;
  tags: string[];
  deployed: { control: string; rank: number }[];
  hosts: number;
}

/** The filter as the inventory normalises it (lists null when empty, platforms lower-cased with their aliases). */
export const filterParams = (filter: AssetFilterInput | null | undefined) => {
  const f = assetFilterParams({ filter });
  return {
    platforms: f.platforms as string[] | null, businessUnits: f.businessUnits as string[] | null, environments: f.environments as string[] | null,
    criticalities: f.criticalities as string[] | null, tags: f.tags as string[] | null, ids: f.ids as string[] | null,
  };
};

function toCells(inventory: CoverageInventory, rows: Row[]): Cell[] {
  return rows.flatMap((r) => {
    const profile = inventory.profileIndex.get(r.profile as string);
    if (profile === undefined) return [];
    return [{
      profile, businessUnit: (r.businessUnit as string | null) ?? null, environment: (r.environment as string | null) ?? null,
      criticality: (r.criticality as string | null) ?? null, tags: (r.tags as string[] | null) ?? [], hosts: Number(r.hosts),
      deployed: (r.deployed as string[]).map((d) => {
        const at = d.lastIndexOf('=');
        return { control: d.slice(0, at), rank: Number(d.slice(at + 1)) };
      }),
    }];
  });
}

/** Per inventory model, the cells without and with deployments (the latter cost more and only control views want them). */
const CELLS = memoSlot<Promise<Cell[]>>('population cells', 2);

export const allCells = (inventory: CoverageInventory, deployments = false): Promise<Cell[]> =>
  inventory.derived.memo(CELLS).get({ variant: deployments ? 'with deployments' : 'hosts' }, () =>
    read(I, 'populationCells', { snapshot: inventory.snapshot, deployments }).then((rows) => toCells(inventory, rows)));

async function cellsOfAssets(inventory: CoverageInventory, ids: string[], deployments: boolean): Promise<Cell[]> {
  return toCells(inventory, await read(I, 'populationCellsOfAssets', { keys: ids.map((id) => `${inventory.snapshot}|${id}`), deployments }));
}

/** A filter as a predicate on cells: keys combine with AND; lists are any-of, tags all-of. */
function cellMatcher(basis: CoverageBasis, filter: AssetFilterInput | null | undefined): (cell: Cell) => boolean {
  const f = filterParams(filter);
  const platforms = f.platforms && new Set(f.platforms);
  const onPlatform = basis.inventory.profiles.map((p) => !platforms || p.platforms.some((x) => platforms.has(x.toLowerCase())));
  const anyOf = (values: string[] | null) => values && new Set(values);
  const [units, environments, criticalities] = [anyOf(f.businessUnits), anyOf(f.environments), anyOf(f.criticalities)];
  return (c) => onPlatform[c.profile]
    && (!units || (c.businessUnit !== null && units.has(c.businessUnit)))
    && (!environments || (c.environment !== null && environments.has(c.environment)))
    && (!criticalities || (c.criticality !== null && criticalities.has(c.criticality)))
    && (!f.tags || f.tags.every((t) => c.tags.includes(t)));
}

export async function population(basis: CoverageBasis, filter: AssetFilterInput | null | undefined, withDeployments = false): Promise<Population> {
  const hosts = new Float64Array(basis.profiles.length);
  const params = filterParams(filter);
  if (Object.values(params).every((v) => v === null) && !withDeployments) {
    basis.profiles.forEach((p, i) => { hosts[i] = p.hosts; });
    return { hosts, deployments: [], whole: true };
  }
  const cells = params.ids ? await cellsOfAssets(basis.inventory, params.ids, withDeployments) : await allCells(basis.inventory, withDeployments);
  const matches = cellMatcher(basis, filter);
  const deployments: DeploymentGroup[] = [];
  for (const c of cells) {
    if (!matches(c)) continue;
    hosts[c.profile] += c.hosts;
    if (withDeployments && c.deployed.length) deployments.push({ profile: c.profile, controls: c.deployed, hosts: c.hosts });
  }
  return { hosts, deployments, whole: false };
}
