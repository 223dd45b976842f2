import { equivalentNames } from './platforms';
import { Selector } from './schema';

/**
 * The asset selector, the one TypeScript implementation: inventory files' selectors (control
 * deployments, collection rows), GraphQL and export AssetFilters (`filterSelector`) and coverage's
 * population cells all match through `selectorPredicate`. Cypher matches through the one fragment
 * cypher/inventory/filter.cypher#assetSelector, whose `$f` is `selectorParams` of the same
 * selector; test/selector-cypher.test.ts proves both select the same assets.
 */

/** The fields of an asset a selector reads (stored spellings). `id` is absent on a population cell (grouped assets). */
export interface SelectableAsset {
  id?: string;
  platforms: readonly string[];
  tags: readonly string[];
  businessUnit: string | null;
  environment: string | null;
  criticality: string | null;
}

/** A selector: the contract's (`Selector`), or an AssetFilter read as one (`filterSelector`). */
export type AssetSelector = { readonly [K in keyof Selector]?: readonly string[] };

/** The lower-cased platform names a selector's platforms match: each name, any case, and its aliases. */
const platformNames = (platforms: readonly string[]) => [...new Set(platforms.flatMap((p) => [...equivalentNames(p)]))];

/**
 * A selector as a predicate over assets: keys combine with AND; lists are any-of, except tags (all
 * of). A key that is absent sets no condition; an empty list matches nothing, except tags.
 */
export function selectorPredicate(selector: AssetSelector): (asset: SelectableAsset) => boolean {
  const platforms = selector.platforms && new Set(platformNames(selector.platforms));
  const tags = selector.tags;
  const ids = selector.ids && new Set(selector.ids);
  const one = (values: readonly string[] | undefined) => values && new Set(values);
  const businessUnits = one(selector.businessUnit);
  const environments = one(selector.environment);
  const criticalities = one(selector.criticality);
  return (a) =>
    (!platforms || a.platforms.some((p) => platforms.has(p.toLowerCase()))) &&
    (!tags || tags.every((t) => a.tags.includes(t))) &&
    (!ids || (a.id !== undefined && ids.has(a.id))) &&
    (!businessUnits || (a.businessUnit !== null && businessUnits.has(a.businessUnit))) &&
    (!environments || (a.environment !== null && environments.has(a.environment))) &&
    (!criticalities || (a.criticality !== null && criticalities.has(a.criticality)));
}

/** The `$f` of the Cypher fragment for the same selector: null where a key is absent. */
export function selectorParams(selector: AssetSelector) {
  const list = (values: readonly string[] | undefined) => (values ? [...values] : null);
  return {
    ids: list(selector.ids),
    platforms: selector.platforms ? platformNames(selector.platforms) : null,
    businessUnits: list(selector.businessUnit),
    environments: list(selector.environment),
    criticalities: list(selector.criticality),
    tags: list(selector.tags),
  };
}
