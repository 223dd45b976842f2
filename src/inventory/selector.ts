import { equivalentNames } from './platforms';
import type { Selector } from './schema';

/** The fields of an asset a selector reads (stored spellings). */
export interface SelectableAsset {
  id: string;
  platforms: string[];
  tags: string[];
  businessUnit: string | null;
  environment: string | null;
  criticality: string | null;
}

/** A selector as a predicate over assets: keys combine with AND; lists are any-of, except tags (all of). */
export function selectorPredicate(selector: Selector): (asset: SelectableAsset) => boolean {
  const platforms = selector.platforms && new Set(selector.platforms.flatMap((p) => [...equivalentNames(p)]));
  const tags = selector.tags;
  const ids = selector.ids && new Set(selector.ids);
  const one = (values: string[] | undefined) => values && new Set(values);
  const businessUnits = one(selector.businessUnit);
  const environments = one(selector.environment);
  const criticalities = one(selector.criticality);
  return (a) =>
    (!platforms || a.platforms.some((p) => platforms.has(p.toLowerCase())))
    && (!tags || tags.every((t) => a.tags.includes(t)))
    && (!ids || ids.has(a.id))
    && (!businessUnits || (a.businessUnit !== null && businessUnits.has(a.businessUnit)))
    && (!environments || (a.environment !== null && environments.has(a.environment)))
    && (!criticalities || (a.criticality !== null && criticalities.has(a.criticality)));
}
