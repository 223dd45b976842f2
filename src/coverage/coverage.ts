import { Caches, memoSlot } from '../cache/caches';
import { inventoryVersion } from '../cache/memo';
import { InputError } from '../errors';
import { read } from '../db/neo4j';
import { DEFAULT_DOMAIN } from '../attack/domains';
import { pickRelease, ReleaseRecord } from '../attack/releases';
import { minRank } from '../inventory/states';
import { releasePlatformsFor } from '../inventory/platforms';
import { classesByPlatform, coverageRows, PlatformClasses, Precision, RowEntry } from './engine';
import { Evidence } from '../generated/graphql';
import { checkFreshnessDays, sinceOf, telemetryModel } from '../telemetry/model';
import { evidenceBasis } from './evidence';
import { CoverageBasis, coverageBasis, CoverageInventory, coverageInventory } from './inventory-data';
import { CoverageInput } from './params';
import { allCells, DeploymentGroup, population } from './population';
import { releaseModel, ReleaseModel, TechniqueEntry } from './release-data';

/**
 * A CoverageQuery resolved against the graph: the release model, the inventory basis, the
 * population (host counts per profile), and the techniques and platforms the rows cover.
 * Every coverage view (rows, technique detail, recommendations, layers, exports) starts here.
 */
const I = 'coverage/inventory';
const R = 'coverage/release';

export interface ResolvedCoverage {
  input: CoverageInput;
  domain: string;
  release: ReleaseModel;
  /** The inventory's basis, or under OBSERVED / TELEMETRY evidence the basis its profiles split into (./evidence.ts). */
  basis: CoverageBasis;
  evidence: Evidence;
  freshnessDays: number;
  /** The newest telemetry as-of freshness is measured back from (epoch seconds); null when declared, or before any import. */
  asOf: number | null;
  minRank: number;
  precision: Precision;
  /** Hosts of each profile in the population. */
  hosts: Float64Array;
  /** With `deployments`: the population's hosts per profile and set of control deployments. */
  deployments: DeploymentGroup[];
  byPlatform: Map<string, PlatformClasses>;
  techniques: TechniqueEntry[];
  platforms: Set<string> | null;
  /** For a query over the whole fleet: the results it shares with every such query. */
  fleet: WholeFleet | null;
}

/**
 * What every query over the whole fleet (no asset filter) at one state and precision shares:
 * the classes per platform and, once asked for, the rows of every technique and platform.
 * Dashboards ask these again and again; they are computed once per basis (inventory and release).
 */
interface WholeFleet { byPlatform: Map<string, PlatformClasses>; rows?: RowEntry[] }
/** Per basis, (minState, precision) -> its whole fleet: 3 states x 2 precisions. */
const FLEETS = memoSlot<WholeFleet>('whole-fleet classes', 6);

const fleetOf = (basis: CoverageBasis, hosts: Float64Array, minRank: number, precision: Precision): WholeFleet =>
  basis.derived.memo(FLEETS).get({ variant: `${minRank}|${precision}` }, () => ({ byPlatform: classesByPlatform(basis.profiles, hosts, minRank, precision) }));

const bad = (message: string) => new InputError(message);

/**
 * The imported releases and the current inventory's model, in one read; the model is read again
 * only when its version (snapshot, its last change, the loaded generations) differs, and the
 * owner drops what belongs to generations and versions no longer live. Coverage needs an
 * inventory: without one every query would answer an empty matrix, so say so.
 */
async function currentState(caches: Caches): Promise<{ releases: ReleaseRecord[]; inventory: Promise<CoverageInventory> }> {
  const [row] = await read(I, 'state');
  const releases = (row?.releases as ReleaseRecord[]) ?? [];
  const generations = releases.map((r) => r.generation);
  const snapshot = (row?.snapshot as string | null) ?? null;
  const version = snapshot && inventoryVersion(snapshot, (row?.changedAt as string | null) ?? null, generations);
  caches.sweep({ generations: new Set(generations), inventory: version });
  if (!snapshot || !version) throw bad('no inventory is imported yet; run `attack-kg import inventory <inventory.yaml>`');
  return { releases, inventory: coverageInventory(caches, snapshot, version) };
}

export const currentInventory = async (caches: Caches) => (await currentState(caches)).inventory;

/** Tactic shortnames or TA ids -> the techniques in them. */
function techniquesInTactics(release: ReleaseModel, tactics: string[]): Set<string> {
  const known = release.tactics;
  const shortnames = new Set<string>();
  const unknown: string[] = [];
  for (const wanted of tactics) {
    const tactic = known.find((t) => t.shortname === wanted.toLowerCase() || t.attackId === wanted.toUpperCase() || (t.name as string).toLowerCase() === wanted.toLowerCase());
    if (tactic) shortnames.add(tactic.shortname as string);
    else unknown.push(wanted);
  }
  if (unknown.length) throw bad(`unknown tactic(s) ${unknown.join(', ')} in ATT&CK ${release.version} (use a shortname like credential-access or a TA id)`);
  return new Set(release.techniques.filter((t) => t.tactics.some((s) => shortnames.has(s))).map((t) => t.id));
}

/** ATT&CK ids; a parent brings its sub-techniques. */
function expandTechniques(release: ReleaseModel, ids: string[]): Set<string> {
  const wanted = new Set(ids.map((id) => id.toUpperCase()));
  const unknown = [...wanted].filter((id) => !release.byId.has(id));
  if (unknown.length) throw bad(`no active technique ${unknown.join(', ')} in ATT&CK ${release.version}`);
  return new Set(release.techniques.filter((t) => wanted.has(t.id) || (t.parent !== null && wanted.has(t.parent))).map((t) => t.id));
}

type AdversaryLabel = 'Group' | 'Software' | 'Campaign';
async function adversaryTechniques(release: ReleaseModel, label: AdversaryLabel, id: string, includeSoftware: boolean): Promise<Set<string>> {
  const [row] = await read(R, 'adversaryTechniques', { generation: release.generation, label, id, includeSoftware });
  if (!row) throw bad(`no ${label.toLowerCase()} "${id}" in ATT&CK ${release.version}`);
  return new Set(row.techniques as string[]);
}

/** Platform names of the query (aliases accepted) as the release names them. */
function releasePlatforms(release: ReleaseModel, names: string[]): Set<string> {
  const out = new Set<string>();
  const unknown: string[] = [];
  for (const name of names) {
    const found = releasePlatformsFor(name, release.platforms);
    if (!found.length) unknown.push(name);
    for (const p of found) out.add(p);
  }
  if (unknown.length) throw bad(`unknown platform(s) ${unknown.join(', ')} in ATT&CK ${release.version} (it has ${release.platforms.join(', ')})`);
  return out;
}

/** `deployments`: also count hosts per set of control deployments (control views). */
export async function resolveCoverage(caches: Caches, input: CoverageInput = {}, options: { deployments?: boolean } = {}): Promise<ResolvedCoverage> {
  const domain = input.domain ?? DEFAULT_DOMAIN;
  const state = await currentState(caches);
  const [loaded, inventory] = await Promise.all([releaseModel(caches, pickRelease(state.releases, domain, input.release).generation), state.inventory]);
  const evidence = input.evidence ?? 'DECLARED';
  const freshnessDays = checkFreshnessDays(input.freshnessDays);
  let basis = coverageBasis(loaded, inventory);
  let asOf: number | null = null;
  if (evidence !== 'DECLARED') {
    const model = await telemetryModel(caches);
    asOf = model.newestAsOf;
    basis = await evidenceBasis(basis, model, evidence, sinceOf(model, freshnessDays));
  }
  const { release } = basis;
  // Asset filters read every asset once per snapshot: start now, so the first filtered query finds it (nearly) done.
  allCells(inventory).catch(() => undefined);
  const precision: Precision = input.precision ?? 'DATA_COMPONENT';
  if (precision === 'LOG_SOURCE' && release.model !== 'strategies') {
    throw bad(`precision LOG_SOURCE needs a release with analytics (v18 and later); ATT&CK ${release.version} has none`);
  }
  const rankFloor = minRank(input.minState);

  let selected: Set<string> | null = null;
  const narrow = (ids: Set<string>) => { selected = selected ? new Set([...selected].filter((id) => ids.has(id))) : ids; };
  if (input.techniques?.length) narrow(expandTechniques(release, input.techniques));
  if (input.tactics?.length) narrow(techniquesInTactics(release, input.tactics));
  const adversaries: [AdversaryLabel, string | null | undefined][] = [['Group', input.group], ['Software', input.software], ['Campaign', input.campaign]];
  for (const [label, id] of adversaries) if (id) narrow(await adversaryTechniques(release, label, id, input.includeSoftware ?? false));
  const techniques = selected === null ? release.techniques : release.techniques.filter((t) => selected!.has(t.id));

  const people = await population(basis, input.assets, options.deployments);
  const fleet = people.whole ? fleetOf(basis, people.hosts, rankFloor, precision) : null;
  return {
    input, domain, release, basis, evidence, freshnessDays, asOf, minRank: rankFloor, precision, hosts: people.hosts, deployments: people.deployments,
    byPlatform: fleet?.byPlatform ?? classesByPlatform(basis.profiles, people.hosts, rankFloor, precision),
    techniques,
    platforms: input.platforms?.length ? releasePlatforms(release, input.platforms) : null,
    fleet,
  };
}

/** The rows of a query (technique id then platform order), with onlyGaps / onlyUncovered applied. */
export function rowsOf(resolved: ResolvedCoverage): RowEntry[] {
  const { fleet, techniques, platforms, input } = resolved;
  let rows: RowEntry[];
  if (fleet) {
    fleet.rows ??= coverageRows(resolved.release.techniques, null, fleet.byPlatform, resolved.precision);
    const selected = techniques === resolved.release.techniques ? null : new Set(techniques);
    rows = selected || platforms ? fleet.rows.filter((r) => (!selected || selected.has(r.technique)) && (!platforms || platforms.has(r.platform))) : fleet.rows;
  } else {
    rows = coverageRows(techniques, platforms, resolved.byPlatform, resolved.precision);
  }
  return rows.filter((r) => (!input.onlyGaps || r.hostsBlind > 0) && (!input.onlyUncovered || r.hostsCovered === 0));
}

export async function coverage(caches: Caches, input: CoverageInput = {}): Promise<{ resolved: ResolvedCoverage; rows: RowEntry[] }> {
  const resolved = await resolveCoverage(caches, input);
  return { resolved, rows: rowsOf(resolved) };
}

/** The file name exports of this query download as. */
export const exportFileName = (resolved: ResolvedCoverage, ext: string) => `attack-kg-coverage-${resolved.domain}-${resolved.release.version}.${ext}`;
