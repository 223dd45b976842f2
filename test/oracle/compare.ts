import { RowEntry } from '../../src/coverage/engine';
import { OracleRow } from './coverage';

/** Production rows in the oracle's shape. */
export const asOracleRows = (rows: RowEntry[]): OracleRow[] =>
  rows.map((r) => ({
    technique: r.technique.id,
    platform: r.platform,
    hostsTotal: r.hostsTotal,
    hostsCovered: r.hostsCovered,
    hostsBlind: r.hostsBlind,
    coverageRatio: r.coverageRatio,
    noAttackGuidance: r.noAttackGuidance,
  }));

/** Row-by-row differences (the first few), readable when a comparison fails. */
export function rowDifferences(expected: OracleRow[], actual: OracleRow[], max = 10): string[] {
  const key = (r: OracleRow) => `${r.technique}|${r.platform}`;
  const got = new Map(actual.map((r) => [key(r), r]));
  const want = new Map(expected.map((r) => [key(r), r]));
  const out: string[] = [];
  for (const [k, e] of want) {
    const a = got.get(k);
    if (!a) out.push(`missing ${k}: expected ${JSON.stringify(e)}`);
    else if (JSON.stringify(a) !== JSON.stringify(e)) out.push(`${k}: expected ${JSON.stringify(e)}, got ${JSON.stringify(a)}`);
  }
  for (const k of got.keys()) if (!want.has(k)) out.push(`unexpected ${k}: ${JSON.stringify(got.get(k))}`);
  if (!out.length && JSON.stringify(expected.map(key)) !== JSON.stringify(actual.map(key))) out.push('same rows, different order');
  return out.slice(0, max);
}
