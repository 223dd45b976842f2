import { z, ZodIssue, ZodTypeAny } from 'zod';
import { DATE } from './dates';
import { Problems } from './problems';
import { State, STATES } from './states';

/** The inventory document (contract v1, shared/spec/INVENTORY.md) as zod schemas. */

export const CRITICALITIES = ['low', 'medium', 'high', 'critical'] as const;

const text = z.string().trim().min(1, 'must not be empty');
const textList = z.array(text);
/** A value or a list of values, read as a list (unions give unreadable errors). */
const oneOrMany = <T extends ZodTypeAny>(item: T) => z.preprocess((v) => (typeof v === 'string' ? [v] : v), z.array(item));
const criticality = z.enum(CRITICALITIES);
const state = z.enum(STATES);
const date = z.string().regex(DATE, 'expected a date like 2026-03-01');

export const selectorSchema = z
  .object({
    platforms: textList.optional(),
    tags: textList.optional(),
    businessUnit: oneOrMany(text).optional(),
    environment: oneOrMany(text).optional(),
    criticality: oneOrMany(criticality).optional(),
    ids: textList.optional(),
  })
  .strict();
export type Selector = z.infer<typeof selectorSchema>;
/** A list of asset ids, a selector, or "*" (every asset). */
export type AssetsRef = '*' | string[] | Selector;

/** Unions give unreadable errors; the shape of the value says which branch is meant. */
export const assetsRef = z.any().transform((value, ctx): AssetsRef => {
  if (value === '*') return value;
  const schema = Array.isArray(value) ? textList : value && typeof value === 'object' ? selectorSchema : undefined;
  if (!schema) {
    ctx.addIssue({ code: 'custom', message: 'expected a list of asset ids, a selector ({ platforms, tags, ... }) or "*"' });
    return z.NEVER;
  }
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  for (const issue of result.error.issues) ctx.addIssue(issue);
  return z.NEVER;
});

export const assetSchema = z
  .object({
    id: text,
    hostname: text.optional(),
    platforms: z.array(text).min(1, 'needs at least one platform'),
    os: text.optional(),
    businessUnit: text.optional(),
    environment: text.optional(),
    criticality: criticality.optional(),
    tags: textList.optional(),
  })
  .strict();
export type AssetInput = z.infer<typeof assetSchema>;

export const logSourceSchema = z
  .object({
    id: text,
    name: text.optional(),
    channel: text.optional(),
    dataComponents: textList.optional(),
    dataSources: textList.optional(),
    /** Free-form details kept as JSON (a DeTT&CT import keeps products and data quality here). */
    attributes: z.record(z.unknown()).optional(),
  })
  .strict();
export type LogSourceInput = z.infer<typeof logSourceSchema>;

const deploymentSchema = z.object({ assets: assetsRef, state }).strict();

export const controlSchema = z
  .object({
    id: text,
    name: text.optional(),
    type: text.optional(),
    produces: textList.optional(),
    deployments: z.array(deploymentSchema).optional(),
  })
  .strict();
export type ControlInput = z.infer<typeof controlSchema> & { deployments?: { assets: AssetsRef; state: State }[] };

export const collectionSchema = z
  .object({
    logSource: text,
    assets: assetsRef,
    state,
    since: date.optional(),
  })
  .strict();
export type CollectionInput = z.infer<typeof collectionSchema> & { assets: AssetsRef };

/** Sections are checked item by item (see `validItems`), so one bad asset does not hide the others. */
export const documentSchema = z
  .object({
    version: z.literal(1, { errorMap: () => ({ message: 'unknown version: this importer reads inventory format version 1' }) }),
    organization: text.optional(),
    include: textList.optional(),
    assets: z.array(z.unknown()).optional(),
    logSources: z.array(z.unknown()).optional(),
    controls: z.array(z.unknown()).optional(),
    collection: z.array(z.unknown()).optional(),
  })
  .strict();
export type DocumentInput = z.infer<typeof documentSchema>;

/** A zod issue as a person would say it. */
function describe(issue: ZodIssue): { path: (string | number)[]; message: string } {
  const path = [...issue.path];
  const last = path[path.length - 1];
  if (issue.code === 'unrecognized_keys')
    return {
      path: [...path, issue.keys[0]],
      message: `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`,
    };
  if (issue.code === 'invalid_type' && issue.received === 'undefined') return { path, message: `missing ${String(last)}` };
  if (issue.code === 'invalid_type')
    return {
      path,
      message: `expected ${issue.expected}, got ${issue.received}${issue.received === 'number' && issue.expected === 'string' ? ' (quote it)' : ''}`,
    };
  if (issue.code === 'invalid_enum_value') {
    const what = typeof last === 'number' ? String(path[path.length - 2]) : String(last);
    return { path, message: `unknown ${what} "${String(issue.received)}" (expected ${issue.options.join(', ')})` };
  }
  return { path, message: issue.message };
}

/** Validates `value` at `path`; reports every issue and returns undefined when there is one. */
export function check<T>(
  schema: ZodTypeAny,
  value: unknown,
  path: (string | number)[],
  locate: (path: (string | number)[]) => string,
  problems: Problems,
): T | undefined {
  const result = schema.safeParse(value);
  if (result.success) return result.data as T;
  for (const issue of result.error.issues) {
    const { path: at, message } = describe(issue);
    problems.error(locate([...path, ...at]), message);
  }
  return undefined;
}
