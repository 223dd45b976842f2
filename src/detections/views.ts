import { listReleases, pickRelease } from '../attack/releases';
import { Caches, memoSlot } from '../cache/caches';
import { bitIndexes } from '../coverage/bits';
import { resolveCoverage, ResolvedCoverage, rowsOf } from '../coverage/coverage';
import { CoverageInput } from '../coverage/params';
import { releaseModel, ReleaseModel } from '../coverage/release-data';
import { InputError } from '../errors';
import { filterSelector } from '../inventory/filter';
import { releasePlatformsFor } from '../inventory/platforms';
import { minRank, StateName } from '../inventory/states';
import { DetectionCoverageRowRecord, DetectionRuleView } from './records';
import {
  DetectionClass,
  detectedOn,
  detectionBasis,
  DetectionBasis,
  detectionClasses,
  detectionUnits,
  ruleHosts,
  RuleSetModel,
  ruleSetModel,
  ruleTechniques,
  RuleTechniques,
} from './model';

/**
 * The detection views (DETECTIONS.md, "The detection rule"): the coverage matrix with what is
 * detected, and the rules with where they are deployed and can fire. Both start from the
 * coverage query resolved as `coverage` resolves it, so rows are exactly coverage's rows.
 */
interface Detection {
  resolved: ResolvedCoverage;
  model: RuleSetModel;
  det: DetectionBasis;
  techniques: RuleTechniques;
  views: DetectionRuleView[];
}

function ruleViews(
  release: ReleaseModel,
  model: RuleSetModel,
  techniques: RuleTechniques,
  hosts: ReturnType<typeof ruleHosts> | null,
): DetectionRuleView[] {
  return model.rules.map((rule, k) => {
    const deployedHosts = hosts?.deployed[k] ?? 0;
    const firingHosts = hosts?.firing[k] ?? 0;
    return {
      rule,
      techniques: techniques.techniques[k].map((id) => release.byId.get(id)!.node),
      deployedHosts,
      firingHosts,
      cannotFireHosts: deployedHosts - firingHosts,
      byPlatform: [...(hosts?.byPlatform[k] ?? [])]
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([platform, c]) => ({ platform, deployedHosts: c.deployed, firingHosts: c.firing, cannotFireHosts: c.deployed - c.firing })),
    };
  });
}

type Units = Awaited<ReturnType<typeof detectionUnits>>;
interface Fleet {
  units: Units;
  views: DetectionRuleView[];
  classes: Map<string, Map<string, DetectionClass[]>>;
}
/** Per detection basis and minState: what every query over the whole fleet shares (dashboards ask again and again). */
const FLEETS = memoSlot<Promise<Fleet>>('whole-fleet detection', 3);

export async function detection(
  caches: Caches,
  input: CoverageInput,
): Promise<Detection & { units: Units; classesOf: () => Map<string, DetectionClass[]> }> {
  const [resolved, model] = await Promise.all([resolveCoverage(caches, input), ruleSetModel(caches)]);
  const det = detectionBasis(model, resolved.basis);
  const techniques = await ruleTechniques(caches, model, resolved.release);
  const compute = async (): Promise<Fleet> => {
    const units = await detectionUnits(det, resolved.hosts, filterSelector(input.assets));
    return { units, views: ruleViews(resolved.release, model, techniques, ruleHosts(det, units, resolved.minRank)), classes: new Map() };
  };
  const fleet = await (resolved.fleet ? det.derived.memo(FLEETS).get({ variant: String(resolved.minRank) }, compute) : compute());
  const classesOf = () => {
    let classes = fleet.classes.get(resolved.precision);
    if (!classes)
      fleet.classes.set(resolved.precision, (classes = detectionClasses(det, fleet.units, resolved.minRank, resolved.precision)));
    return classes;
  };
  return { resolved, model, det, techniques, views: fleet.views, units: fleet.units, classesOf };
}

/** The rows of `coverage` for the same query, each with its detection numbers and rules. */
export async function detectionCoverage(
  caches: Caches,
  input: CoverageInput,
  onlyVisibleNotDetected = false,
): Promise<{ release: string; resolved: ResolvedCoverage; rows: DetectionCoverageRowRecord[] }> {
  const { resolved, det, techniques, views, classesOf } = await detection(caches, input);
  const classes = classesOf();
  const seen = new Map<string, { detected: number; visibleNotDetected: number }>();
  const rows: DetectionCoverageRowRecord[] = [];
  for (const row of rowsOf(resolved)) {
    const bits = row.technique.detection.get(row.platform)!;
    const [wanted, wantedId] = resolved.precision === 'LOG_SOURCE' ? [bits.pairs, bits.pairsId] : [bits.components, bits.componentsId];
    const counting = techniques.byTechnique.get(row.technique.id);
    // (T, P) with the same wanted bits and the same rules are detected alike: count each once per platform.
    const key = `${row.platform}|${bits.noGuidance ? -1 : wantedId}|${counting?.id ?? -1}`;
    let found = seen.get(key);
    if (!found) seen.set(key, (found = detectedOn(classes.get(row.platform), bits.noGuidance ? null : wanted, counting?.bits)));
    if (onlyVisibleNotDetected && found.visibleNotDetected === 0) continue;
    const rules = counting
      ? [...bitIndexes(counting.bits)].filter((k) => det.rulePlatforms[k].includes(row.platform)).map((k) => views[k])
      : [];
    rows.push({ ...row, hostsDetected: found.detected, hostsVisibleNotDetected: found.visibleNotDetected, rules });
  }
  return { release: resolved.release.version, resolved, rows };
}

export interface DetectionRuleFilterInput {
  technique?: string | null;
  tactic?: string | null;
  platform?: string | null;
  status?: readonly string[] | null;
  level?: readonly string[] | null;
  onlyCannotFire?: boolean | null;
  onlyUnmapped?: boolean | null;
  text?: string | null;
  domain?: string | null;
  release?: string | null;
  minState?: StateName | null;
}

/** Rules (by id) with their hosts over the whole inventory at minState; without an inventory, none anywhere. */
async function allRuleViews(
  caches: Caches,
  f: DetectionRuleFilterInput,
): Promise<{ release: ReleaseModel; views: DetectionRuleView[]; rulePlatforms: (k: number) => string[] }> {
  try {
    const d = await detection(caches, { domain: f.domain, release: f.release, minState: f.minState });
    return { release: d.resolved.release, views: d.views, rulePlatforms: (k) => d.det.rulePlatforms[k] };
  } catch (error) {
    if (!(error instanceof InputError && /no inventory is imported/.test(error.message))) throw error;
    const [model, releases] = await Promise.all([ruleSetModel(caches), listReleases()]);
    const release = await releaseModel(caches, pickRelease(releases, f.domain, f.release).generation);
    const techniques = await ruleTechniques(caches, model, release);
    const platforms = model.rules.map((r) => r.platforms.flatMap((p) => releasePlatformsFor(p, release.platforms)));
    return { release, views: ruleViews(release, model, techniques, null), rulePlatforms: (k) => platforms[k] };
  }
}

export async function detectionRules(
  caches: Caches,
  f: DetectionRuleFilterInput = {},
): Promise<{ release: string; rules: DetectionRuleView[] }> {
  if (f.minState) minRank(f.minState);
  const { release, views, rulePlatforms } = await allRuleViews(caches, f);
  const tests: ((v: DetectionRuleView, k: number) => boolean)[] = [];
  const attackIds = (v: DetectionRuleView) => v.techniques.map((t) => t.attackId as string);
  if (f.technique) {
    const id = f.technique.trim().toUpperCase();
    tests.push((v) => attackIds(v).some((t) => t === id || t.startsWith(`${id}.`)));
  }
  if (f.tactic) {
    const wanted = f.tactic.trim().toLowerCase();
    const tactic = release.tactics.find(
      (t) => t.shortname === wanted || (t.attackId as string).toLowerCase() === wanted || (t.name as string).toLowerCase() === wanted,
    );
    if (!tactic)
      throw new InputError(`unknown tactic "${f.tactic}" in ATT&CK ${release.version} (use a shortname like credential-access or a TA id)`);
    const shortname = tactic.shortname as string;
    tests.push((v) => attackIds(v).some((t) => release.byId.get(t)!.tactics.includes(shortname)));
  }
  if (f.platform) {
    const wanted = releasePlatformsFor(f.platform, release.platforms);
    if (!wanted.length)
      throw new InputError(`unknown platform "${f.platform}" in ATT&CK ${release.version} (it has ${release.platforms.join(', ')})`);
    tests.push((_, k) => rulePlatforms(k).some((p) => wanted.includes(p)));
  }
  const oneOf = (values: readonly string[] | null | undefined) => values?.length && new Set(values.map((v) => v.toLowerCase()));
  const statuses = oneOf(f.status);
  if (statuses) tests.push((v) => statuses.has(v.rule.status ?? 'none'));
  const levels = oneOf(f.level);
  if (levels) tests.push((v) => levels.has(v.rule.level ?? 'none'));
  if (f.onlyCannotFire) tests.push((v) => v.cannotFireHosts > 0);
  if (f.onlyUnmapped) tests.push((v) => !v.rule.mapped);
  if (f.text?.trim()) {
    const text = f.text.trim().toLowerCase();
    tests.push((v) => [v.rule.id, v.rule.title, v.rule.path ?? '', ...v.rule.tags].some((s) => s.toLowerCase().includes(text)));
  }
  return { release: release.version, rules: views.filter((v, k) => tests.every((t) => t(v, k))) };
}
