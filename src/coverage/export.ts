import { Caches } from '../cache/caches';
import { isoOf } from '../telemetry/records';
import { ServerResponse } from 'node:http';
import { Route } from '../server/route';
import { coverage, exportFileName, ResolvedCoverage } from './coverage';
import { RowEntry } from './engine';
import { inputFromParams } from './params';

/**
 * Flat exports for BI tools (Power BI, Grafana, Excel): the coverage rows as CSV or JSON, taking
 * the CoverageQuery as URL parameters (params.ts). Behind the API key like GraphQL. The Navigator
 * layer file, scored by visibility or detection, is served by src/detections/exports.ts.
 */
export const EXPORT_PATHS = { csv: '/api/v1/coverage.csv', json: '/api/v1/coverage.json' };

export const COLUMNS = ['technique_id', 'technique_name', 'tactics', 'platform', 'hosts_total', 'hosts_covered', 'hosts_blind', 'coverage_ratio', 'no_attack_guidance'] as const;

export const flatRow = (r: RowEntry) => ({
  technique_id: r.technique.id,
  technique_name: r.technique.name,
  tactics: r.technique.tactics.join(';'),
  platform: r.platform,
  hosts_total: r.hostsTotal,
  hosts_covered: r.hostsCovered,
  hosts_blind: r.hostsBlind,
  coverage_ratio: r.coverageRatio,
  no_attack_guidance: r.noAttackGuidance,
});

/** One CSV cell, quoted when it must be (RFC 4180); the telemetry drift export writes its cells so too. */
export const csvCell = (value: string | number | boolean) => {
  const text = String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

/** Rows as CSV: the coverage columns, or another export's (detection coverage adds its own). */
export function toCsv<R>(rows: R[], columns: readonly string[], flat: (r: R) => Record<string, string | number | boolean>): string {
  const lines = [columns.join(',')];
  for (const r of rows) {
    const cells = flat(r);
    lines.push(columns.map((c) => csvCell(cells[c])).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}

export function send(res: ServerResponse, method: string, type: string, name: string, body: string, resolved: ResolvedCoverage) {
  res.writeHead(200, {
    'content-type': type,
    'content-disposition': `attachment; filename="${name}"`,
    'cache-control': 'no-store',
    'x-attack-release': `${resolved.domain}@${resolved.release.version}`,
    'x-inventory-snapshot': resolved.basis.inventory.snapshot,
    // What the rows count as a collection: BI tools show it beside the numbers.
    'x-coverage-evidence': resolved.evidence === 'DECLARED' ? 'DECLARED' : `${resolved.evidence}; freshnessDays=${resolved.freshnessDays}; asOf=${isoOf(resolved.asOf) ?? 'none'}`,
  }).end(method === 'HEAD' ? undefined : body);
}

/** The export routes, computing with the server's caches. */
export const coverageExportRoute = (caches: Caches): Route => async (req, res, url) => {
  const kind = (Object.keys(EXPORT_PATHS) as (keyof typeof EXPORT_PATHS)[]).find((k) => EXPORT_PATHS[k] === url.pathname);
  if (!kind) return false;
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain' }).end('GET only\n');
    return true;
  }
  const method = req.method;
  const { resolved, rows } = await coverage(caches, inputFromParams(url.searchParams));
  if (kind === 'csv') send(res, method, 'text/csv; charset=utf-8', exportFileName(resolved, 'csv'), toCsv(rows, COLUMNS, flatRow), resolved);
  else send(res, method, 'application/json', exportFileName(resolved, 'json'), JSON.stringify(rows.map(flatRow)), resolved);
  return true;
};
