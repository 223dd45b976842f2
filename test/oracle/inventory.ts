import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import YAML from 'yaml';
import { remember } from './remember';

/**
 * The oracle's own minimal reading of an inventory (INVENTORY.md): the YAML/JSON document and its
 * CSV includes, selectors expanded, controls turned into collection. Validation is the importer's
 * job; this assumes a valid file and only computes what it says.
 */
export interface OracleAsset {
  id: string;
  hostname?: string;
  platforms: string[];
  businessUnit?: string;
  environment?: string;
  criticality?: string;
  tags: string[];
}

export interface OracleLogSource {
  id: string;
  name?: string;
  channel?: string;
  dataComponents: string[];
  dataSources: string[];
}

export interface OracleInventory {
  assets: OracleAsset[];
  logSources: OracleLogSource[];
  /** asset id -> log source id -> highest state rank (1 configured, 2 tested, 3 monitored). */
  collects: Map<string, Map<string, number>>;
}

export const RANKS: Record<string, number> = { configured: 1, tested: 2, monitored: 3 };

const list = (v: unknown): string[] => (v === undefined || v === null ? [] : Array.isArray(v) ? v.map(String) : [String(v)]);

/**
 * Platform aliases of the contract, as pairs of equivalent names: a renamed platform and each of
 * its former names (both ways), plus Entra ID = Azure AD and Network = Network Devices (v16).
 */
const EQUIVALENT = new Set(
  [
    ['iaas', 'aws'],
    ['iaas', 'azure'],
    ['iaas', 'gcp'],
    ['office suite', 'office 365'],
    ['office suite', 'google workspace'],
    ['identity provider', 'azure ad'],
    ['identity provider', 'entra id'],
    ['azure ad', 'entra id'],
    ['network devices', 'network'],
  ].flatMap(([a, b]) => [`${a}|${b}`, `${b}|${a}`]),
);
const sameCache = new Map<string, Map<string, boolean>>();
/** Memoized: the detection oracles ask it for every (host, rule). */
export const samePlatform = (a: string, b: string): boolean =>
  remember(
    remember(sameCache, a, () => new Map()),
    b,
    () => a.toLowerCase() === b.toLowerCase() || EQUIVALENT.has(`${a.toLowerCase()}|${b.toLowerCase()}`),
  );

/** An inventory platform name in terms of one release's platforms: every one equivalent to it (AWS -> IaaS on 18.1; IaaS -> AWS, Azure, GCP on 6.3). */
export const releasePlatforms = (name: string, platforms: Set<string>) => [...platforms].filter((p) => samePlatform(name, p));

/** A selector (or "*" or a list of ids) matches assets by every key it names. */
export function matcher(selector: unknown): (a: OracleAsset) => boolean {
  if (selector === '*') return () => true;
  if (Array.isArray(selector)) {
    const ids = new Set(selector.map(String));
    return (a) => ids.has(a.id);
  }
  const s = selector as Record<string, unknown>;
  const anyOf = (key: string, value: string | undefined) => s[key] === undefined || list(s[key]).includes(value as string);
  return (a) =>
    (s.platforms === undefined || list(s.platforms).some((p) => a.platforms.some((q) => samePlatform(p, q)))) &&
    (s.tags === undefined || list(s.tags).every((t) => a.tags.includes(t))) &&
    anyOf('businessUnit', a.businessUnit) &&
    anyOf('environment', a.environment) &&
    anyOf('criticality', a.criticality) &&
    (s.ids === undefined || list(s.ids).includes(a.id));
}

/** AssetFilter (GraphQL): the same matching as a selector; lists are any-of, tags all-of. */
export interface OracleAssetFilter {
  platforms?: string[];
  businessUnits?: string[];
  environments?: string[];
  criticalities?: string[];
  tags?: string[];
  ids?: string[];
}
export const matchesFilter = (filter: OracleAssetFilter) =>
  matcher({
    platforms: filter.platforms,
    tags: filter.tags,
    businessUnit: filter.businessUnits,
    environment: filter.environments,
    criticality: filter.criticalities,
    ids: filter.ids,
  });

/** Minimal CSV: header row, commas, double-quoted fields with "" escapes. */
export function readCsv(text: string): Record<string, string>[] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i += 1;
      row.push(field);
      field = '';
      if (row.some((f) => f !== '')) rows.push(row);
      row = [];
    } else field += c;
  }
  row.push(field);
  if (row.some((f) => f !== '')) rows.push(row);
  const [header, ...body] = rows;
  return body.map((r) => Object.fromEntries(header.map((h, i) => [h.trim(), (r[i] ?? '').trim()])));
}

const csvList = (v: string | undefined) =>
  v
    ? v
        .split(';')
        .map((x) => x.trim())
        .filter(Boolean)
    : [];

export function readInventory(path: string, extraCsv: string[] = []): OracleInventory {
  const doc = YAML.parse(readFileSync(path, 'utf8')) as Record<string, any>;
  const assets: OracleAsset[] = (doc.assets ?? []).map((a: Record<string, unknown>) => ({
    id: String(a.id),
    hostname: a.hostname === undefined ? undefined : String(a.hostname),
    platforms: list(a.platforms),
    businessUnit: a.businessUnit as string | undefined,
    environment: a.environment as string | undefined,
    criticality: a.criticality as string | undefined,
    tags: list(a.tags),
  }));
  const rows: { asset?: string; assets?: unknown; logSource: string; state: string }[] = [...(doc.collection ?? [])];
  const includes = [...list(doc.include).map((f) => resolve(dirname(path), f)), ...extraCsv];
  for (const file of includes) {
    const records = readCsv(readFileSync(file, 'utf8'));
    if (records.length && 'asset' in records[0]) {
      for (const r of records) rows.push({ asset: r.asset, logSource: r.logSource, state: r.state });
    } else {
      for (const r of records) {
        assets.push({
          id: r.id,
          hostname: r.hostname || undefined,
          platforms: csvList(r.platforms),
          businessUnit: r.businessUnit || undefined,
          environment: r.environment || undefined,
          criticality: r.criticality || undefined,
          tags: csvList(r.tags),
        });
      }
    }
  }

  const logSources: OracleLogSource[] = (doc.logSources ?? []).map((l: Record<string, unknown>) => ({
    id: String(l.id),
    name: l.name as string | undefined,
    channel: l.channel === undefined || l.channel === null ? undefined : String(l.channel),
    dataComponents: list(l.dataComponents),
    dataSources: list(l.dataSources),
  }));

  const collects = new Map<string, Map<string, number>>(assets.map((a) => [a.id, new Map()]));
  const collect = (asset: string, logSource: string, state: string) => {
    const mine = collects.get(asset)!;
    mine.set(logSource, Math.max(mine.get(logSource) ?? 0, RANKS[state.toLowerCase()]));
  };
  for (const row of rows) {
    if (row.asset !== undefined) collect(row.asset, row.logSource, row.state);
    else for (const a of assets.filter(matcher(row.assets))) collect(a.id, row.logSource, row.state);
  }
  for (const control of doc.controls ?? []) {
    for (const d of control.deployments ?? []) {
      for (const a of assets.filter(matcher(d.assets))) for (const l of list(control.produces)) collect(a.id, l, d.state);
    }
  }
  return { assets, logSources, collects };
}
