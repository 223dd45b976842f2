import { OracleRelease } from './attack';
import { provided } from './coverage';
import { matcher, OracleAsset, OracleInventory, OracleLogSource, RANKS, releasePlatforms, samePlatform } from './inventory';
import { oracleMatches } from './log-sources';
import { remember } from './remember';

/**
 * The detection rule of DETECTIONS.md by brute force, host by host and rule by rule: what the
 * production computation (profiles, cells, bit sets) must agree with. Rules come as the test
 * hands them over (their requirements, platforms and the techniques they count for); deployment
 * and firing are decided here, from the inventory file and the detections document's entries.
 */
export interface OracleRule {
  id: string;
  status: string | null;
  level: string | null;
  path: string | null;
  tags: string[];
  platforms: string[];
  requirements: { name: string; channel: string | null }[];
  logSources: string[];
  techniques: string[];
}

export interface OracleDeployment {
  rules: { ids?: string[]; paths?: string[]; status?: string[]; levels?: string[]; tags?: string[] };
  assets: unknown;
  enabled: boolean;
}

/** `paths` here are directory prefixes or exact paths (the tests' documents use only those). */
function ruleMatches(s: OracleDeployment['rules'], r: OracleRule) {
  return (
    (!s.ids || s.ids.includes(r.id)) &&
    (!s.paths || s.paths.some((p) => r.path === p || (r.path ?? '').startsWith(p.endsWith('/') ? p : `${p}/`))) &&
    (!s.status || (r.status !== null && s.status.includes(r.status))) &&
    (!s.levels || (r.level !== null && s.levels.includes(r.level))) &&
    (!s.tags || s.tags.every((t) => r.tags.map((x) => x.toLowerCase()).includes(t.toLowerCase())))
  );
}

// Memoized, as pure functions of what they are given: the oracles ask these for every (host, rule).
const entryMatchers = new WeakMap<OracleDeployment, (a: OracleAsset) => boolean>();
const entryRules = new WeakMap<OracleDeployment, WeakMap<OracleRule, boolean>>();
const entryApplies = (e: OracleDeployment, rule: OracleRule, asset: OracleAsset) =>
  remember(
    remember(entryRules, e, () => new WeakMap()),
    rule,
    () => ruleMatches(e.rules, rule),
  ) && remember(entryMatchers, e, () => matcher(e.assets))(asset);

export function oracleDeployed(
  rule: OracleRule,
  asset: OracleAsset,
  plan: { statuses: string[] } | { entries: OracleDeployment[] },
): boolean {
  if (rule.status === 'deprecated' || rule.status === 'unsupported') return false;
  if (!rule.platforms.some((p) => asset.platforms.some((q) => samePlatform(p, q)))) return false;
  if ('statuses' in plan) return rule.status !== null && plan.statuses.includes(rule.status);
  let on = false;
  for (const e of plan.entries) if (entryApplies(e, rule, asset)) on = e.enabled;
  return on;
}

export interface OracleDetectionRow {
  technique: string;
  platform: string;
  hostsDetected: number;
}

export function oracleDetection(
  release: OracleRelease,
  inventory: OracleInventory,
  rules: OracleRule[],
  plan: { statuses: string[] } | { entries: OracleDeployment[] },
  options: { minState?: keyof typeof RANKS; assets?: (a: OracleAsset) => boolean; loaded?: OracleRelease[] } = {},
) {
  const provides = new Map(inventory.logSources.map((l) => [l.id, provided(l, release, options.loaded ?? [release])]));
  const minRank = RANKS[options.minState ?? 'monitored'];
  const logSources = new Map(inventory.logSources.map((l) => [l.id, l]));
  const population = inventory.assets.filter(options.assets ?? (() => true));
  const deployed = new Map(rules.map((r) => [r.id, 0]));
  const firing = new Map(rules.map((r) => [r.id, 0]));
  const detected = new Map<string, number>();
  /** "rule id|platform" -> hosts of that platform it is deployed on, and of those can fire on. */
  const deployedOn = new Map<string, number>();
  const firingOn = new Map<string, number>();
  /** Hosts covering (T, P) by the visibility rule (DATA_COMPONENT) and not detecting it. */
  const visibleNotDetected = new Map<string, number>();
  // What depends on a rule or a log source alone, once: the release platforms a rule names, and
  // the rules each inventory log source lets fire (by id, or by a requirement its name and channel meet).
  const rulePlatforms = new Map(rules.map((r) => [r, [...new Set(r.platforms.flatMap((p) => releasePlatforms(p, release.platforms)))]]));
  const firesOn = new Map(
    inventory.logSources.map((l) => [
      l.id,
      new Set(
        rules.filter(
          (r) =>
            r.logSources.includes(l.id) ||
            (l.name !== undefined && r.requirements.some((q) => oracleMatches({ name: l.name!, channel: l.channel }, q))),
        ),
      ),
    ]),
  );
  for (const a of population) {
    const collected = [...inventory.collects.get(a.id)!].filter(([, rank]) => rank >= minRank).map(([id]) => logSources.get(id)!);
    const fireable = new Set(collected.flatMap((l) => [...firesOn.get(l.id)!]));
    const effective = new Set<string>();
    const platforms = new Set(a.platforms.flatMap((p) => releasePlatforms(p, release.platforms)));
    for (const r of rules) {
      if (!oracleDeployed(r, a, plan)) continue;
      deployed.set(r.id, deployed.get(r.id)! + 1);
      const on = rulePlatforms.get(r)!.filter((p) => platforms.has(p));
      for (const p of on) deployedOn.set(`${r.id}|${p}`, (deployedOn.get(`${r.id}|${p}`) ?? 0) + 1);
      if (!fireable.has(r)) continue;
      firing.set(r.id, firing.get(r.id)! + 1);
      for (const p of on) firingOn.set(`${r.id}|${p}`, (firingOn.get(`${r.id}|${p}`) ?? 0) + 1);
      for (const t of r.techniques) effective.add(t);
    }
    for (const t of effective) for (const p of platforms) detected.set(`${t}|${p}`, (detected.get(`${t}|${p}`) ?? 0) + 1);
    const components = new Set(collected.flatMap((l) => [...provides.get(l.id)!]));
    for (const t of release.techniques) {
      for (const p of t.platforms) {
        if (!platforms.has(p) || effective.has(t.id)) continue;
        if ([...release.components(t.id, p)].some((c) => components.has(c)))
          visibleNotDetected.set(`${t.id}|${p}`, (visibleNotDetected.get(`${t.id}|${p}`) ?? 0) + 1);
      }
    }
  }
  return { detected, visibleNotDetected, deployed, firing, deployedOn, firingOn };
}

/**
 * The inventory once `logSource` (one of its own, or a new one) is collected MONITORED by every
 * asset with one of `platforms` (null: every asset): what a detection recommendation promises to
 * change, for oracleDetection to recount.
 */
export function oracleEnabled(inventory: OracleInventory, logSource: OracleLogSource, platforms: string[] | null): OracleInventory {
  const logSources = inventory.logSources.some((l) => l.id === logSource.id) ? inventory.logSources : [...inventory.logSources, logSource];
  const collects = new Map(
    inventory.assets.map((a) => {
      const own = new Map(inventory.collects.get(a.id));
      if (!platforms || a.platforms.some((p) => platforms.some((q) => samePlatform(p, q)))) own.set(logSource.id, RANKS.monitored);
      return [a.id, own];
    }),
  );
  return { ...inventory, logSources, collects };
}
