import { AssetsRef } from '../inventory/schema';

/**
 * A detection rule as attack-kg keeps it (DETECTIONS.md): where it came from, the ATT&CK ids its
 * tags name (resolved to techniques when read, so an ATT&CK re-import re-resolves them), what it
 * needs collected and where it runs. The importers (import/detections) build these; the rule set
 * stores them; src/detections/model.ts computes where they fire.
 */
export interface RequirementRecord {
  name: string;
  channel: string | null;
}

export interface DetectionRuleRecord {
  id: string;
  title: string;
  status: string | null;
  level: string | null;
  /** The file, relative to the directory it was found under (as given on the command line for a file). */
  path: string | null;
  source: 'sigma' | 'csv';
  /** Sigma's logsource (null for in-house rules). */
  product: string | null;
  category: string | null;
  service: string | null;
  /** Every tag, as written. */
  tags: string[];
  /** ATT&CK ids the tags (or the CSV's techniques) name, upper case, in order of first mention. */
  attackIds: string[];
  /** Alternatives: (name, channel) pairs, matched to inventory log sources by INVENTORY.md's rule. */
  requirements: RequirementRecord[];
  /** Alternatives too: inventory log source ids (`@id` in the CSV). */
  logSources: string[];
  /** ATT&CK platform names. */
  platforms: string[];
  /** Has a requirement: an unmapped rule fires nowhere. */
  mapped: boolean;
  /** EventID values its detection names (Sigma). */
  eventIds: number[];
}

/** Sigma's statuses. By default `stable` and `test` rules are deployed; these never are. */
export const DEFAULT_DEPLOYED_STATUSES = ['stable', 'test'] as const;
export const NEVER_DEPLOYED_STATUSES = ['deprecated', 'unsupported'] as const;
export const SIGMA_STATUSES = ['stable', 'test', 'experimental', 'deprecated', 'unsupported'] as const;

export const neverDeployed = (status: string | null) => status !== null && (NEVER_DEPLOYED_STATUSES as readonly string[]).includes(status);

/** Which rules a deployment entry names: keys combine with AND; lists are any-of, tags all-of (as asset selectors). */
export interface RuleSelector {
  ids?: string[];
  /** Rule paths: a path, a directory (its rules, recursively) or a glob (`*` within a segment, `**` any depth). */
  paths?: string[];
  status?: string[];
  levels?: string[];
  tags?: string[];
}

/** One entry of a detections document's `deployments`: applied in order, the last one matching a (rule, asset) decides. */
export interface DeploymentEntry {
  rules: RuleSelector;
  assets: AssetsRef;
  enabled: boolean;
}

/** Where rules run: by default by status on every asset of their platforms; or a detections document's entries. */
export type DeploymentPlan = { kind: 'statuses'; statuses: string[] } | { kind: 'document'; file: string; entries: DeploymentEntry[] };

const globPart = (segment: string) => segment.replace(/[.+^${}()|[\]\\?]/g, '\\$&').replace(/\*/g, '[^/]*');

/** A `paths` entry as a test on a rule's path. */
export function pathMatcher(pattern: string): (path: string | null) => boolean {
  const p = pattern.replace(/\\/g, '/').replace(/^\.\//, '');
  if (!p.includes('*')) {
    const dir = p.endsWith('/') ? p : `${p}/`;
    return (path) => path !== null && (path === p || path.startsWith(dir));
  }
  const segments = p.split('/');
  const last = segments.length - 1;
  const source = segments
    .map((s, i) => (s === '**' ? (i === last ? '.*' : '(?:[^/]+/)*') : `${globPart(s)}${i === last ? '' : '/'}`))
    .join('');
  const re = new RegExp(`^${source}$`);
  return (path) => path !== null && re.test(path);
}

export function ruleSelectorPredicate(s: RuleSelector): (rule: DetectionRuleRecord) => boolean {
  const ids = s.ids && new Set(s.ids);
  const paths = s.paths?.map(pathMatcher);
  const statuses = s.status && new Set(s.status.map((v) => v.toLowerCase()));
  const levels = s.levels && new Set(s.levels.map((v) => v.toLowerCase()));
  const tags = s.tags?.map((t) => t.toLowerCase());
  return (r) =>
    (!ids || ids.has(r.id)) &&
    (!paths || paths.some((m) => m(r.path))) &&
    (!statuses || (r.status !== null && statuses.has(r.status))) &&
    (!levels || (r.level !== null && levels.has(r.level))) &&
    (!tags || tags.every((t) => r.tags.some((rt) => rt.toLowerCase() === t)));
}
