import { read } from '../db/neo4j';
import { equivalentNames } from '../inventory/platforms';
import type { CoverageBasis } from './inventory-data';
import type { AssetFilterInput } from './params';

/**
 * The host population of a query: how many hosts of each coverage profile it holds. Without an
 * asset filter that is the profiles' own counts (no query); with one, Neo4j counts the matching
 * assets per profile. Control views also want the hosts per set of control deployments.
 */
const I = 'coverage/inventory';

export interface DeploymentGroup { profile: number; controls: { control: string; rank: number }[]; hosts: number }

export interface Population {
  /** Hosts of each profile (indexed as `basis.profiles`). */
  hosts: Float64Array;
  deployments: DeploymentGroup[];
}

const list = (values: string[] | null | undefined) => (values?.length ? values : null);

/** The filter as `population` / `assetsInProfiles` parameters: platforms with their aliases, lower-cased. */
export function filterParams(filter: AssetFilterInput | null | undefined) {
  const platforms = list(filter?.platforms);
  return {
    platforms: platforms && [...new Set(platforms.flatMap((p) => [...equivalentNames(p)]))],
    businessUnits: list(filter?.businessUnits), environments: list(filter?.environments),
    criticalities: list(filter?.criticalities), tags: list(filter?.tags), ids: list(filter?.ids),
  };
}

const isEmpty = (filter: AssetFilterInput | null | undefined) => Object.values(filterParams(filter)).every((v) => v === null);

export async function population(basis: CoverageBasis, filter: AssetFilterInput | null | undefined, withDeployments = false): Promise<Population> {
  const hosts = new Float64Array(basis.profiles.length);
  if (isEmpty(filter) && !withDeployments) {
    basis.profiles.forEach((p, i) => { hosts[i] = p.hosts; });
    return { hosts, deployments: [] };
  }
  const rows = await read(I, 'population', { snapshot: basis.inventory.snapshot, deployments: withDeployments, ...filterParams(filter) });
  const deployments: DeploymentGroup[] = [];
  for (const r of rows) {
    const profile = basis.inventory.profileIndex.get(r.profile as string);
    if (profile === undefined) continue;
    hosts[profile] += Number(r.hosts);
    const controls = (r.deployed as string[]).map((d) => {
      const at = d.lastIndexOf('=');
      return { control: d.slice(0, at), rank: Number(d.slice(at + 1)) };
    });
    if (controls.length) deployments.push({ profile, controls, hosts: Number(r.hosts) });
  }
  return { hosts, deployments };
}
