import { InputError } from '../errors';
import { AssetFilter, CoverageQuery, Evidence } from '../generated/graphql';
import { STATE_NAMES, StateName } from '../inventory/states';
import { Precision } from './engine';

/** The GraphQL CoverageQuery input, as codegen writes it from coverage.graphql: what every coverage function takes. */
export type CoverageInput = CoverageQuery;

/**
 * CoverageQuery as URL query parameters, for the flat exports and the Navigator download: the
 * same names as the GraphQL input; lists repeat the parameter or separate values with commas; the
 * asset filter's fields sit at the top level (its `platforms` is `assetPlatforms`).
 */
const LISTS = ['platforms', 'tactics', 'techniques'] as const;
const STRINGS = ['domain', 'release', 'group', 'software', 'campaign'] as const;
const BOOLEANS = ['onlyGaps', 'onlyUncovered', 'includeSoftware'] as const;
const ASSET_LISTS: Record<string, keyof AssetFilter> = {
  assetPlatforms: 'platforms', businessUnits: 'businessUnits', environments: 'environments',
  criticalities: 'criticalities', tags: 'tags', ids: 'ids',
};
const PRECISIONS = Object.keys({ DATA_COMPONENT: true, LOG_SOURCE: true } satisfies Record<Precision, true>) as Precision[];
const EVIDENCE = Object.keys({ DECLARED: true, OBSERVED: true, TELEMETRY: true } satisfies Record<Evidence, true>) as Evidence[];
const KNOWN = new Set<string>([...LISTS, ...STRINGS, ...BOOLEANS, ...Object.keys(ASSET_LISTS), 'minState', 'precision', 'evidence', 'freshnessDays']);

/** A true/false parameter (also 1/0); undefined when absent, a problem named by the parameter when neither. */
export function booleanParam(params: URLSearchParams, key: string, problems: string[]): boolean | undefined {
  const raw = params.get(key);
  if (raw === null) return undefined;
  if (!/^(true|false|1|0)$/i.test(raw)) problems.push(`${key}=${raw}: expected true or false`);
  return /^(true|1)$/i.test(raw);
}

export function inputFromParams(params: URLSearchParams, extra: string[] = []): CoverageInput {
  const problems: string[] = [];
  for (const key of new Set(params.keys())) if (!KNOWN.has(key) && !extra.includes(key)) problems.push(`unknown parameter "${key}"`);
  const list = (key: string) => {
    const values = params.getAll(key).flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);
    return values.length ? values : undefined;
  };
  const input: CoverageInput = {};
  for (const key of LISTS) input[key] = list(key);
  for (const key of STRINGS) input[key] = params.get(key) ?? undefined;
  for (const key of BOOLEANS) {
    const value = booleanParam(params, key, problems);
    if (value !== undefined) input[key] = value;
  }
  const minState = params.get('minState')?.toUpperCase();
  if (minState !== undefined && !STATE_NAMES.includes(minState as StateName)) problems.push(`minState=${minState}: expected one of ${STATE_NAMES.join(', ')}`);
  else if (minState) input.minState = minState as StateName;
  const precision = params.get('precision')?.toUpperCase();
  if (precision !== undefined && !PRECISIONS.includes(precision as Precision)) problems.push(`precision=${precision}: expected one of ${PRECISIONS.join(', ')}`);
  else if (precision) input.precision = precision as Precision;
  const evidence = params.get('evidence')?.toUpperCase();
  if (evidence !== undefined && !EVIDENCE.includes(evidence as Evidence)) problems.push(`evidence=${evidence}: expected one of ${EVIDENCE.join(', ')}`);
  else if (evidence) input.evidence = evidence as Evidence;
  const days = params.get('freshnessDays');
  if (days !== null && !/^\d+$/.test(days.trim())) problems.push(`freshnessDays=${days}: expected a whole number of days`);
  else if (days !== null) input.freshnessDays = Number(days);
  const assets: Record<string, string[]> = {};
  for (const [param, field] of Object.entries(ASSET_LISTS)) if (list(param)) assets[field] = list(param)!;
  if (Object.keys(assets).length) input.assets = assets;
  if (problems.length) throw new InputError('bad coverage query parameters', problems);
  return input;
}

/** The inverse: a query string that `inputFromParams` reads back as `input`. */
export function paramsFromInput(input: CoverageInput | null | undefined): URLSearchParams {
  const params = new URLSearchParams();
  if (!input) return params;
  const append = (key: string, values: readonly string[] | null | undefined) => { for (const v of values ?? []) params.append(key, v); };
  for (const key of STRINGS) if (input[key]) params.set(key, input[key]);
  for (const key of LISTS) append(key, input[key]);
  if (input.minState) params.set('minState', input.minState);
  if (input.precision) params.set('precision', input.precision);
  if (input.evidence) params.set('evidence', input.evidence);
  if (input.freshnessDays !== undefined && input.freshnessDays !== null) params.set('freshnessDays', String(input.freshnessDays));
  for (const key of BOOLEANS) if (input[key] !== undefined && input[key] !== null) params.set(key, String(input[key]));
  for (const [param, field] of Object.entries(ASSET_LISTS)) append(param, input.assets?.[field]);
  return params;
}
