import { memoSlot } from '../cache/caches';
import { read, Row } from '../db/neo4j';
import { AssetFilterInput, filterSelector } from '../inventory/filter';
import { AssetSelector, SelectableAsset, selectorPredicate } from '../inventory/selector';
import { CoverageBasis, CoverageInventory, EvidenceSplit } from './inventory-data';

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

/** Assets alike for filters, counted: what a selector reads of them (platforms: their profile's), without ids. */
interface Cell extends SelectableAsset {
  profile: number;
  tags: string[];
  deployed: { control: string; rank: number }[];
  hosts: number;
}

const deployedOf = (r: Row) => (r.deployed as string[]).map((d) => {
  const at = d.lastIndexOf('=');
  return { control: d.slice(0, at), rank: Number(d.slice(at + 1)) };
});
const fieldsOf = (r: Row) => ({
  businessUnit: (r.businessUnit as string | null) ?? null, environment: (r.environment as string | null) ?? null,
  criticality: (r.criticality as string | null) ?? null, tags: (r.tags as string[] | null) ?? [], deployed: deployedOf(r),
});

function toCells(inventory: CoverageInventory, rows: Row[]): Cell[] {
  return rows.flatMap((r) => {
    const profile = inventory.profileIndex.get(r.profile as string);
    if (profile === undefined) return [];
    return [{ profile, platforms: inventory.profiles[profile].platforms, hosts: Number(r.hosts), ...fieldsOf(r) }];
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

/** An asset as filters read it, with its id (evidence populations: see `assetPopulation`). */
export interface AssetCell extends Omit<Cell, 'profile' | 'platforms' | 'hosts'> { id: string }
const ASSETS = memoSlot<Promise<AssetCell[]>>('population assets', 2);

/** Every asset of the snapshot, one each, with its id and the fields selectors read (not its profile's platforms). */
export const allAssets = (inventory: CoverageInventory, deployments: boolean): Promise<AssetCell[]> =>
  inventory.derived.memo(ASSETS).get({ variant: deployments ? 'with deployments' : 'assets' }, () =>
    read(I, 'populationAssets', { snapshot: inventory.snapshot, deployments }).then((rows) => rows.map((r) => ({ id: r.id as string, ...fieldsOf(r) }))));

/**
 * Under telemetry evidence one inventory profile's hosts split by what they were seen sending
 * (./evidence.ts), so a filtered population is counted asset by asset into the evidence profiles.
 */
async function assetPopulation(basis: CoverageBasis, split: EvidenceSplit, selector: AssetSelector, withDeployments: boolean): Promise<Population> {
  const hosts = new Float64Array(basis.profiles.length);
  const matches = selectorPredicate(selector);
  const groups = new Map<string, DeploymentGroup>();
  for (const asset of await allAssets(basis.inventory, withDeployments)) {
    const profile = split.profileOf.get(asset.id);
    if (profile === undefined || !matches({ ...asset, platforms: basis.inventory.profiles[split.parents[profile]].platforms })) continue;
    hosts[profile] += 1;
    if (!withDeployments || !asset.deployed.length) continue;
    const key = `${profile}|${asset.deployed.map((d) => `${d.control}=${d.rank}`).join(',')}`;
    const group = groups.get(key);
    if (group) group.hosts += 1;
    else groups.set(key, { profile, controls: asset.deployed, hosts: 1 });
  }
  return { hosts, deployments: [...groups.values()], whole: false };
}

export async function population(basis: CoverageBasis, filter: AssetFilterInput | null | undefined, withDeployments = false): Promise<Population> {
  const hosts = new Float64Array(basis.profiles.length);
  const selector = filterSelector(filter);
  if (Object.values(selector).every((v) => v === undefined) && !withDeployments) {
    basis.profiles.forEach((p, i) => { hosts[i] = p.hosts; });
    return { hosts, deployments: [], whole: true };
  }
  if (basis.evidence) return assetPopulation(basis, basis.evidence, selector, withDeployments);
  const cells = selector.ids ? await cellsOfAssets(basis.inventory, [...selector.ids], withDeployments) : await allCells(basis.inventory, withDeployments);
  // The selector on cells; an `ids` filter has already picked the cells of those assets (a cell has no id).
  const matches = selectorPredicate({ ...selector, ids: undefined });
  const deployments: DeploymentGroup[] = [];
  for (const c of cells) {
    if (!matches(c)) continue;
    hosts[c.profile] += c.hosts;
    if (withDeployments && c.deployed.length) deployments.push({ profile: c.profile, controls: c.deployed, hosts: c.hosts });
  }
  return { hosts, deployments, whole: false };
}
