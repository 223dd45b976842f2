import { PairIndex } from '../attack/log-source-match';
import { resolveAttackIds } from '../attack/replacements';
import { Caches, memoSlot } from '../cache/caches';
import { Bits, bitIndexes, bitsInterner, bitsOf, emptyBits, hasBit, intersects, orInto } from '../coverage/bits';
import { CoverageBasis, EvidenceSplit } from '../coverage/inventory-data';
import { ReleaseModel } from '../coverage/release-data';
import { read } from '../db/neo4j';
import { InputError } from '../errors';
import { releasePlatformsForAll } from '../inventory/platforms';
import { AssetSelector, selectorPredicate } from '../inventory/selector';
import { TOP_RANK } from '../inventory/states';
import { allAssets, allCells } from '../coverage/population';
import { namesOf } from '../telemetry/names';
import { DeploymentPlan, DetectionRuleRecord, neverDeployed, ruleSelectorPredicate } from './rule';
import { currentRuleSet, readRules, RuleSetRecord } from './store';

/**
 * The detection rule of DETECTIONS.md on host groups, as coverage computes visibility: never
 * host by host. A coverage profile's hosts collect the same log sources at the same states, so
 * the rules that *can fire* on them (a requirement matched by a log source collected at minState
 * or above) are one bit set per profile and rank. Where rules are *deployed* depends on status and
 * platforms (by default: one bit set per profile) or, under a detections document, on the fields
 * selectors read: one bit set per population cell (assets alike for selectors, counted). A host
 * detects (T, P) when its deployed-and-firing rules meet the rules counting for T.
 */
const Q = 'detections/queries';

export interface RuleSetModel {
  set: RuleSetRecord;
  rules: DetectionRuleRecord[];
  byId: Map<string, number>;
  /** Requirement universe: distinct (name, channel) pairs, then `@id` log source references. */
  pairs: { name: string; channel: string | null }[];
  pairMatch: PairIndex<number>;
  refIndex: Map<string, number>;
  requirementCount: number;
  /** Per requirement bit: the rules (bits over `rules`) it lets fire. */
  rulesNeeding: Bits[];
  /** Memos of what is computed from this set: they go with it. */
  derived: Caches;
}

async function loadSet(set: RuleSetRecord): Promise<RuleSetModel> {
  const rules = await readRules(set.id);
  const pairKeys = new Map<string, number>();
  const pairs: RuleSetModel['pairs'] = [];
  const refIndex = new Map<string, number>();
  const needs: number[][] = rules.map((r) => {
    const bits: number[] = [];
    for (const q of r.requirements) {
      const key = `${q.name}\u0000${q.channel ?? ''}`;
      let i = pairKeys.get(key);
      if (i === undefined) {
        pairKeys.set(key, (i = pairs.length));
        pairs.push(q);
      }
      bits.push(i);
    }
    return bits;
  });
  rules.forEach((r, k) => {
    for (const id of r.logSources) {
      if (!refIndex.has(id)) refIndex.set(id, pairs.length + refIndex.size);
      needs[k].push(refIndex.get(id)!);
    }
  });
  const requirementCount = pairs.length + refIndex.size;
  const rulesNeeding = Array.from({ length: requirementCount }, () => emptyBits(rules.length));
  needs.forEach((bits, k) => {
    for (const j of bits) rulesNeeding[j][k >>> 5] |= 1 << (k & 31);
  });
  const pairMatch = new PairIndex<number>();
  pairs.forEach((p, i) => pairMatch.add(p.name, p.channel, i));
  return {
    set,
    rules,
    byId: new Map(rules.map((r, i) => [r.id, i])),
    pairs,
    pairMatch,
    refIndex,
    requirementCount,
    rulesNeeding,
    derived: new Caches(),
  };
}

/** Set id -> its model: the current one, and one a query still reads while the next is imported. */
const RULE_SETS = memoSlot<Promise<RuleSetModel>>('detection rule sets', 2);

/** The current rule set's model, read again only when another set is current. */
export async function ruleSetModel(caches: Caches): Promise<RuleSetModel> {
  const set = await currentRuleSet();
  if (!set) throw new InputError('no detection rules are imported yet; run `attack-kg import detections <file|dir>`');
  return caches.memo(RULE_SETS).get({ variant: set.id }, () => loadSet(set));
}

/** The rules of a set under one release: the technique each counts for (resolved when read), and per technique its rules. */
export interface RuleTechniques {
  /** Per rule: ATT&CK ids of the release's techniques it counts for. */
  techniques: string[][];
  /** ATT&CK id -> the rules counting for it, as bits, with a number shared by equal sets. */
  byTechnique: Map<string, { bits: Bits; id: number }>;
}

const TECHNIQUES = memoSlot<Promise<RuleTechniques>>('rule techniques', 4);

export function ruleTechniques(caches: Caches, model: RuleSetModel, release: ReleaseModel): Promise<RuleTechniques> {
  return model.derived.memo(TECHNIQUES).get({ variant: release.generation }, async () => {
    const ids = [...new Set(model.rules.flatMap((r) => r.attackIds))];
    const resolved = await resolveAttackIds(caches, release.generation, ids);
    const techniques = model.rules.map((r) =>
      [...new Set(r.attackIds.flatMap((id) => resolved.get(id) ?? []))].filter((id) => release.byId.has(id)),
    );
    const lists = new Map<string, number[]>();
    techniques.forEach((list, k) => {
      for (const t of list) lists.set(t, [...(lists.get(t) ?? []), k]);
    });
    const intern = bitsInterner();
    const byTechnique = new Map(
      [...lists].map(([t, ks]) => {
        const bits = bitsOf(model.rules.length, ks);
        return [t, { bits, id: intern(bits) }] as const;
      }),
    );
    return { techniques, byTechnique };
  });
}

/** A group of hosts alike for detection: one profile, the rules deployed on them. */
export interface DetectionUnit {
  profile: number;
  hosts: number;
  deployed: Bits;
}

/** The rule set seen through an inventory and a release: what the detection rule computes on. */
export interface DetectionBasis {
  model: RuleSetModel;
  basis: CoverageBasis;
  /** Per rule: the release platforms it runs on. */
  rulePlatforms: string[][];
  /** Per profile and rank r (1..3): the rules that can fire on its hosts (a requirement collected at rank >= r). */
  fires: Bits[][];
  /** Under the default plan: per profile, the rules deployed on its hosts. */
  deployedByProfile: Bits[] | null;
  /** Under a detections document: the population cells with the rules deployed on them (read once), and the rule that decides it. */
  document: { cells: Promise<CellUnit[]>; deploy: (c: CellUnit) => Bits } | null;
  derived: Caches;
}

/** A population cell with the rules deployed on its hosts; `id` for an asset a selector names by id (split out of its cell). */
export interface CellUnit extends DetectionUnit {
  id?: string;
  platforms: readonly string[];
  tags: string[];
  businessUnit: string | null;
  environment: string | null;
  criticality: string | null;
}

/** Rules that may run on a profile at all: not deprecated/unsupported, one of its platforms among theirs, and (default plan) of a deployed status. */
function deployableMask(model: RuleSetModel, rulePlatforms: string[][], platforms: readonly string[], statuses: Set<string> | null): Bits {
  const bits = emptyBits(model.rules.length);
  model.rules.forEach((r, k) => {
    if (neverDeployed(r.status)) return;
    if (statuses && (r.status === null || !statuses.has(r.status))) return;
    if (rulePlatforms[k].some((p) => platforms.includes(p))) bits[k >>> 5] |= 1 << (k & 31);
  });
  return bits;
}

/** A detections document's rule: per asset (or cell of assets alike), the rules deployed on it. */
function documentRule(det: Pick<DetectionBasis, 'model' | 'basis' | 'rulePlatforms'>, plan: Extract<DeploymentPlan, { kind: 'document' }>) {
  const { model, basis, rulePlatforms } = det;
  const entries = plan.entries.map((e) => {
    const rules = ruleSelectorPredicate(e.rules);
    return {
      enabled: e.enabled,
      rules: bitsOf(
        model.rules.length,
        model.rules.flatMap((r, k) => (rules(r) ? [k] : [])),
      ),
      assets: e.assets === '*' ? () => true : selectorPredicate(Array.isArray(e.assets) ? { ids: e.assets } : e.assets),
    };
  });
  const masks = new Map<number, Bits>();
  return (c: CellUnit): Bits => {
    let mask = masks.get(c.profile);
    if (!mask) masks.set(c.profile, (mask = deployableMask(model, rulePlatforms, basis.profiles[c.profile].platforms, null)));
    const bits = emptyBits(model.rules.length);
    // In order, the last entry matching (rule, asset) deciding.
    for (const e of entries) {
      if (!e.assets(c)) continue;
      for (let w = 0; w < bits.length; w += 1) bits[w] = e.enabled ? bits[w] | e.rules[w] : bits[w] & ~e.rules[w];
    }
    for (let w = 0; w < bits.length; w += 1) bits[w] &= mask[w];
    return bits;
  };
}

/** Assets by id, each a cell of one host (with its id, so selectors naming ids match it). */
async function assetUnits(basis: CoverageBasis, ids: readonly string[]): Promise<CellUnit[]> {
  const inventory = basis.inventory;
  const rows = await read(Q, 'assetCells', { keys: ids.map((id) => `${inventory.snapshot}|${id}`) });
  return rows.flatMap((r): CellUnit[] => {
    const profile = inventory.profileIndex.get(r.profile as string);
    if (profile === undefined) return [];
    return [
      {
        id: r.id as string,
        profile,
        hosts: 1,
        deployed: emptyBits(0),
        platforms: inventory.profiles[profile].platforms,
        businessUnit: (r.businessUnit as string | null) ?? null,
        environment: (r.environment as string | null) ?? null,
        criticality: (r.criticality as string | null) ?? null,
        tags: (r.tags as string[] | null) ?? [],
      },
    ];
  });
}

/** The population cells under a document: assets it names by id are split out of their cells (a cell has no id). */
async function documentCells(
  basis: CoverageBasis,
  plan: Extract<DeploymentPlan, { kind: 'document' }>,
  deploy: (c: CellUnit) => Bits,
): Promise<CellUnit[]> {
  const named = [
    ...new Set(plan.entries.flatMap((e) => (e.assets === '*' ? [] : Array.isArray(e.assets) ? e.assets : (e.assets.ids ?? [])))),
  ];
  const cells: CellUnit[] = (await allCells(basis.inventory)).map((c) => ({ ...c, deployed: emptyBits(0) }));
  if (named.length) {
    const index = new Map(cells.map((c, i) => [cellKey(c), i]));
    for (const asset of await assetUnits(basis, named)) {
      const from = index.get(cellKey(asset));
      if (from !== undefined) cells[from].hosts -= 1;
      cells.push(asset);
    }
  }
  for (const c of cells) c.deployed = deploy(c);
  return cells.filter((c) => c.hosts > 0);
}

/**
 * Under telemetry evidence a profile's hosts split by what each was seen sending, so a document's
 * deployments are decided asset by asset (each a unit of one host, with its id for id selectors).
 */
async function evidenceCells(basis: CoverageBasis, split: EvidenceSplit, deploy: (c: CellUnit) => Bits): Promise<CellUnit[]> {
  return (await allAssets(basis.inventory, false)).flatMap((a): CellUnit[] => {
    const profile = split.profileOf.get(a.id);
    if (profile === undefined) return [];
    const c: CellUnit = {
      ...a,
      profile,
      hosts: 1,
      deployed: emptyBits(0),
      platforms: basis.inventory.profiles[split.parents[profile]].platforms,
    };
    c.deployed = deploy(c);
    return [c];
  });
}

const cellKey = (c: {
  profile: number;
  businessUnit: string | null;
  environment: string | null;
  criticality: string | null;
  tags: readonly string[];
}) => JSON.stringify([c.profile, c.businessUnit, c.environment, c.criticality, c.tags]);

const BASES = memoSlot<DetectionBasis>('detection bases', 4);

/** Built once per (rule set, coverage basis): the inventory's, or an evidence basis (src/coverage/evidence.ts). */
export function detectionBasis(model: RuleSetModel, basis: CoverageBasis): DetectionBasis {
  return basis.derived.memo(BASES).get({ variant: model.set.id }, () => {
    const release = basis.release;
    const rulePlatforms = model.rules.map((r) => releasePlatformsForAll(r.platforms, release.platforms));
    // What each inventory log source lets fire: requirement bits (pairs it matches by INVENTORY.md's rule, `@id` references to it).
    const requirementBits = (l: { id: string | null; name: string | null; channel: string | null }, names: string[]) => {
      const bits = names.flatMap((name) => [...model.pairMatch.match(name, l.channel)]);
      const ref = l.id === null ? undefined : model.refIndex.get(l.id);
      if (ref !== undefined) bits.push(ref);
      return bitsOf(model.requirementCount, bits);
    };
    const sourceBits = basis.inventory.logSources.map((l) => requirementBits(l, l.name === null ? [] : [l.name]));
    // Under TELEMETRY evidence, observed logs follow (an `auditd:*` observation meets every auditd:<TYPE> requirement).
    const known = [...model.pairMatch.names()];
    for (const o of basis.evidence?.observed ?? [])
      sourceBits.push(requirementBits({ ...o, id: o.logSource }, o.name ? namesOf(o.name, known) : []));
    const fires = basis.profiles.map((p) => {
      const byRank: Bits[] = [];
      for (let r = 0; r <= TOP_RANK; r += 1) {
        const requirements = emptyBits(model.requirementCount);
        for (const [index, rank] of p.collects) if (rank >= r && r > 0) orInto(requirements, sourceBits[index]);
        const rules = emptyBits(model.rules.length);
        for (const j of bitIndexes(requirements)) orInto(rules, model.rulesNeeding[j]);
        byRank.push(rules);
      }
      return byRank;
    });
    const plan = model.set.plan;
    const partial = { model, basis, rulePlatforms, fires };
    const statuses = plan.kind === 'statuses' ? new Set(plan.statuses) : null;
    const deployedByProfile = statuses ? basis.profiles.map((p) => deployableMask(model, rulePlatforms, p.platforms, statuses)) : null;
    let document: DetectionBasis['document'] = null;
    if (plan.kind === 'document') {
      const deploy = documentRule(partial, plan);
      const cells = basis.evidence ? evidenceCells(basis, basis.evidence, deploy) : documentCells(basis, plan, deploy);
      cells.catch(() => undefined);
      document = { cells, deploy };
    }
    return { ...partial, deployedByProfile, document, derived: new Caches() };
  });
}

/**
 * The units of a population: per profile under the default plan (`hosts`, the query's population);
 * under a document, the cells its asset filter selects (an `ids` filter reads those assets alone).
 */
export async function detectionUnits(det: DetectionBasis, hosts: Float64Array, filter: AssetSelector): Promise<DetectionUnit[]> {
  if (det.deployedByProfile) {
    const out: DetectionUnit[] = [];
    hosts.forEach((n, i) => {
      if (n) out.push({ profile: i, hosts: n, deployed: det.deployedByProfile![i] });
    });
    return out;
  }
  const { cells, deploy } = det.document!;
  // Evidence units are assets, ids included: the whole selector applies to them.
  if (det.basis.evidence) return (await cells).filter(selectorPredicate(filter));
  const matches = selectorPredicate({ ...filter, ids: undefined });
  if (filter.ids) return (await assetUnits(det.basis, filter.ids)).filter(matches).map((a) => ({ ...a, deployed: deploy(a) }));
  return (await cells).filter(matches);
}

/** Hosts of one rule: deployed on, and of those where it can fire. */
export interface RuleHostCounts {
  deployed: number;
  firing: number;
}

/**
 * Per rule over some units: hosts it is deployed on, and of those the hosts where it can fire; and
 * the same per platform of the rule's (where it cannot fire is what an engineer fixes next).
 */
export function ruleHosts(
  det: DetectionBasis,
  units: DetectionUnit[],
  minRank: number,
): { deployed: Float64Array; firing: Float64Array; byPlatform: Map<string, RuleHostCounts>[] } {
  const n = det.model.rules.length;
  const deployed = new Float64Array(n);
  const firing = new Float64Array(n);
  const byPlatform = Array.from({ length: n }, () => new Map<string, RuleHostCounts>());
  for (const u of units) {
    const fires = det.fires[u.profile][minRank];
    const platforms = det.basis.profiles[u.profile].platforms;
    for (const k of bitIndexes(u.deployed)) {
      const fired = hasBit(fires, k);
      deployed[k] += u.hosts;
      if (fired) firing[k] += u.hosts;
      for (const platform of platforms) {
        if (!det.rulePlatforms[k].includes(platform)) continue;
        let counts = byPlatform[k].get(platform);
        if (!counts) byPlatform[k].set(platform, (counts = { deployed: 0, firing: 0 }));
        counts.deployed += u.hosts;
        if (fired) counts.firing += u.hosts;
      }
    }
  }
  return { deployed, firing, byPlatform };
}

/** Per platform: host classes alike for visibility (coverage bits) and detection (deployed rules that can fire). */
export interface DetectionClass {
  coverage: Bits;
  effective: Bits;
  hosts: number;
}

export function detectionClasses(
  det: DetectionBasis,
  units: DetectionUnit[],
  minRank: number,
  precision: 'DATA_COMPONENT' | 'LOG_SOURCE',
): Map<string, DetectionClass[]> {
  const intern = bitsInterner();
  const grouped = new Map<string, Map<string, DetectionClass>>();
  for (const u of units) {
    const p = det.basis.profiles[u.profile];
    const fires = det.fires[u.profile][minRank];
    const effective = new Uint32Array(u.deployed.length);
    for (let w = 0; w < effective.length; w += 1) effective[w] = u.deployed[w] & fires[w];
    const key = `${p.classIds[precision][minRank]}|${intern(effective)}`;
    const coverage = precision === 'LOG_SOURCE' ? p.pairs[minRank] : p.components[minRank];
    for (const platform of p.platforms) {
      let classes = grouped.get(platform);
      if (!classes) grouped.set(platform, (classes = new Map()));
      const c = classes.get(key);
      if (c) c.hosts += u.hosts;
      else classes.set(key, { coverage, effective, hosts: u.hosts });
    }
  }
  return new Map([...grouped].map(([platform, classes]) => [platform, [...classes.values()]]));
}

/** hostsDetected and hostsVisibleNotDetected of (T, P) from its platform's classes. */
export function detectedOn(
  classes: DetectionClass[] | undefined,
  wanted: Bits | null,
  rules: Bits | undefined,
): { detected: number; visibleNotDetected: number } {
  let detected = 0;
  let visibleNotDetected = 0;
  for (const c of classes ?? []) {
    const d = rules !== undefined && intersects(c.effective, rules);
    if (d) detected += c.hosts;
    else if (wanted && intersects(c.coverage, wanted)) visibleNotDetected += c.hosts;
  }
  return { detected, visibleNotDetected };
}
