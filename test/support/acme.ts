import { parse as parseCsv } from 'csv-parse/sync';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parse } from 'yaml';
import { projectRoot } from '../../src/config';

/**
 * An independent reading of an inventory, written straight from the contract (not with the
 * importer's code): assets, and each asset's effective state per log source. Tests compare the
 * graph against it. Platform aliases are not needed: the example's selectors name platforms as
 * its assets do (only case may differ).
 */
export const ACME = join(projectRoot, 'examples', 'acme', 'inventory.yaml');

export interface OracleAsset {
  id: string;
  platforms: string[];
  businessUnit?: string;
  environment?: string;
  criticality?: string;
  tags: string[];
}

const RANK: Record<string, number> = { configured: 1, tested: 2, monitored: 3 };
const asList = (v: unknown): string[] | undefined => (v === undefined ? undefined : Array.isArray(v) ? v : [v as string]);

export function selects(selector: unknown, a: OracleAsset): boolean {
  if (selector === '*') return true;
  if (Array.isArray(selector)) return selector.includes(a.id);
  const s = selector as Record<string, unknown>;
  const platforms = asList(s.platforms)?.map((p) => p.toLowerCase());
  if (platforms && !a.platforms.some((p) => platforms.includes(p.toLowerCase()))) return false;
  if (s.tags && !(s.tags as string[]).every((t) => a.tags.includes(t))) return false;
  if (s.ids && !(s.ids as string[]).includes(a.id)) return false;
  for (const [key, field] of [
    ['businessUnit', 'businessUnit'],
    ['environment', 'environment'],
    ['criticality', 'criticality'],
  ] as const) {
    const wanted = asList(s[key]);
    if (wanted && !wanted.includes(a[field] ?? '\u0000')) return false;
  }
  return true;
}

export interface Oracle {
  assets: OracleAsset[];
  /** asset id -> log source id -> effective rank */
  collects: Map<string, Map<string, number>>;
  /** control id -> asset id -> rank */
  deployed: Map<string, Map<string, number>>;
}

export function readOracle(document = ACME): Oracle {
  const doc = parse(readFileSync(document, 'utf8'));
  const assets: OracleAsset[] = [...(doc.assets ?? [])].map((a: OracleAsset) => ({ ...a, tags: a.tags ?? [] }));
  for (const file of doc.include ?? []) {
    const rows = parseCsv(readFileSync(join(dirname(document), file)), { columns: true }) as Record<string, string>[];
    for (const r of rows) {
      assets.push({
        id: r.id,
        platforms: r.platforms.split(';'),
        businessUnit: r.businessUnit || undefined,
        environment: r.environment || undefined,
        criticality: r.criticality || undefined,
        tags: r.tags ? r.tags.split(';') : [],
      });
    }
  }
  const collects = new Map(assets.map((a) => [a.id, new Map<string, number>()]));
  const raise = (asset: string, ls: string, rank: number) => {
    const m = collects.get(asset)!;
    m.set(ls, Math.max(m.get(ls) ?? 0, rank));
  };
  for (const c of doc.collection ?? []) for (const a of assets) if (selects(c.assets, a)) raise(a.id, c.logSource, RANK[c.state]);
  const deployed = new Map<string, Map<string, number>>();
  for (const control of doc.controls ?? []) {
    const on = new Map<string, number>();
    deployed.set(control.id, on);
    for (const d of control.deployments ?? []) {
      for (const a of assets) if (selects(d.assets, a)) on.set(a.id, Math.max(on.get(a.id) ?? 0, RANK[d.state]));
    }
    for (const [asset, rank] of on) for (const ls of control.produces ?? []) raise(asset, ls, rank);
  }
  return { assets, collects, deployed };
}
