/**
 * Inventory platform names against ATT&CK's. ATT&CK renamed platforms over the years; an asset
 * keeps the name the organisation uses ("AWS", "Entra ID") and counts, in each loaded release,
 * as whatever that release calls it. Pure functions: coverage calls them per release.
 */

/**
 * Renamed platforms, both ways: a legacy name counts as its modern one and the modern one as its
 * legacy names (an "IaaS" asset under 6.3 counts as AWS, Azure and GCP: which cloud is unknown).
 * Legacy siblings are not each other's equivalents (AWS is not Azure), except the two names of
 * one product (Azure AD, renamed Entra ID). Network became Network Devices in v16.
 */
const RENAMED: Record<string, string[]> = {
  IaaS: ['AWS', 'Azure', 'GCP'],
  'Office Suite': ['Office 365', 'Google Workspace'],
  'Identity Provider': ['Azure AD', 'Entra ID'],
  'Network Devices': ['Network'],
};
const SAME_PRODUCT: string[][] = [['Azure AD', 'Entra ID']];

const lower = (s: string) => s.toLowerCase();

/** Lower-cased name -> lower-cased names it is equivalent to (itself included). */
const EQUIVALENTS = new Map<string, Set<string>>();
const link = (a: string, b: string) => {
  for (const [x, y] of [
    [a, b],
    [b, a],
  ]) {
    if (!EQUIVALENTS.has(lower(x))) EQUIVALENTS.set(lower(x), new Set([lower(x)]));
    EQUIVALENTS.get(lower(x))!.add(lower(y));
  }
};
for (const [modern, legacy] of Object.entries(RENAMED)) for (const name of legacy) link(modern, name);
for (const [a, b] of SAME_PRODUCT) link(a, b);

/** Every platform name the alias table knows, in its usual spelling. */
export const ALIAS_NAMES: readonly string[] = [...new Set(Object.entries(RENAMED).flatMap(([m, l]) => [m, ...l]))];

/** The lower-cased names `name` is equivalent to, itself included. */
export const equivalentNames = (name: string): Set<string> => EQUIVALENTS.get(lower(name)) ?? new Set([lower(name)]);

/**
 * The platforms of one release that an asset platform counts as: the release's own spelling of
 * the name (case-insensitive) and of every alias. Empty when the release knows none of them.
 *   releasePlatformsFor('aws', ['Windows', 'IaaS']) -> ['IaaS']
 *   releasePlatformsFor('IaaS', ['Windows', 'AWS', 'Azure', 'GCP']) -> ['AWS', 'Azure', 'GCP']
 */
export function releasePlatformsFor(assetPlatform: string, releasePlatforms: readonly string[]): string[] {
  const wanted = equivalentNames(assetPlatform);
  return releasePlatforms.filter((p) => wanted.has(lower(p)));
}

/** The same for an asset's whole platform list (deduplicated, in release order). */
export function releasePlatformsForAll(assetPlatforms: readonly string[], releasePlatforms: readonly string[]): string[] {
  const wanted = new Set(assetPlatforms.flatMap((p) => [...equivalentNames(p)]));
  return releasePlatforms.filter((p) => wanted.has(lower(p)));
}

/**
 * The platform vocabulary of the loaded releases: validates inventory platform names and spells
 * them one way (the first release's spelling, else the alias table's), so "windows" is stored as
 * "Windows" and profiles do not split on case.
 */
export class PlatformVocabulary {
  private readonly spelling = new Map<string, string>();

  /** `releases`: each loaded release's platform list (from its techniques). */
  constructor(readonly releases: ReadonlyMap<string, readonly string[]>) {
    for (const list of releases.values()) for (const p of list) if (!this.spelling.has(lower(p))) this.spelling.set(lower(p), p);
    for (const p of ALIAS_NAMES) if (!this.spelling.has(lower(p))) this.spelling.set(lower(p), p);
  }

  /** The stored spelling of a platform some loaded release counts it as; undefined when none does. */
  canonical(name: string): string | undefined {
    for (const list of this.releases.values()) {
      if (releasePlatformsFor(name, list).length) return this.spelling.get(lower(name));
    }
    return undefined;
  }

  /** The ATT&CK platform names (of any loaded release) a list of asset platforms counts as. */
  attackPlatforms(assetPlatforms: readonly string[]): string[] {
    const out = new Set<string>();
    for (const list of this.releases.values()) for (const p of releasePlatformsForAll(assetPlatforms, list)) out.add(p);
    return [...out].sort();
  }

  /** The names a selector or filter platform matches among stored asset platforms (equivalents, in stored spelling). */
  matchingNames(name: string): string[] {
    return [...equivalentNames(name)].map((n) => this.spelling.get(n) ?? n);
  }

  /** Names for an error message: what the loaded releases accept. */
  known(): string[] {
    return [...new Set([...this.releases.values()].flat())].sort();
  }
}
