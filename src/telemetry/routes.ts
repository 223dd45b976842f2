import { config } from '../config';
import { Caches } from '../cache/caches';
import { IncomingMessage, ServerResponse } from 'node:http';
import { createGunzip } from 'node:zlib';
import { csvCell } from '../coverage/export';
import { ForbiddenError, InputError, kindOf } from '../errors';
import { STATE_NAMES, StateName } from '../inventory/states';
import { Route, sendJson } from '../server/route';
import { TelemetryImporter } from './importer';
import { drift, iso, logSourceDrifts } from './views';

/**
 * Telemetry beside GraphQL, behind the API key: a SIEM's scheduled job posts its export
 * (admins only), BI tools read the drift as CSV.
 */
export const TELEMETRY_PATHS = { import: '/api/v1/telemetry', driftCsv: '/api/v1/telemetry/drift.csv' };

/** Where a request body goes when the answer comes before it was read: the connection closes once the answer is out. */
function answer(req: IncomingMessage, res: ServerResponse, status: number, body: unknown) {
  const unread = !req.complete;
  if (unread) res.once('finish', () => req.destroy());
  sendJson(res, status, body, unread ? { connection: 'close' } : {});
}

function errorBody(error: unknown) {
  const kind = kindOf(error);
  const problems = error instanceof InputError ? error.problems : [];
  const message = kind ? (problems.length ? (error as Error).message.split('\n')[0] : (error as Error).message) : 'internal error';
  return {
    status: kind?.http ?? 500,
    body: { errors: [{ message, extensions: { code: kind?.code ?? 'INTERNAL_SERVER_ERROR', ...(problems.length ? { problems } : {}) } }] },
  };
}

/**
 * POST /api/v1/telemetry?format=splunk|elastic|sentinel|csv[&asOf=T]: the body is the export,
 * read as a stream (no size limit; `Content-Encoding: gzip` is unpacked on the way). The organisation's
 * --map, if any, is the file ATTACK_KG_TELEMETRY_MAP names. Answers the import summary as JSON.
 */
export const telemetryImportRoute =
  (importer: TelemetryImporter): Route =>
  async (req, res, url, role) => {
    if (url.pathname !== TELEMETRY_PATHS.import) return false;
    try {
      if (req.method !== 'POST') {
        res.setHeader('allow', 'POST');
        answer(req, res, 405, { errors: [{ message: 'POST the export as the body', extensions: { code: 'METHOD_NOT_ALLOWED' } }] });
        return true;
      }
      if (role !== 'admin') throw new ForbiddenError('importing telemetry needs an admin API key');
      const known = new Set(['format', 'asOf']);
      const unknown = [...new Set(url.searchParams.keys())].filter((k) => !known.has(k));
      if (unknown.length)
        throw new InputError(
          `unknown parameter${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => `"${k}"`).join(', ')} (expected format, asOf)`,
        );
      const format = url.searchParams.get('format');
      if (!format) throw new InputError('format is required: ?format=splunk|elastic|sentinel|csv');
      const encoding = (req.headers['content-encoding'] ?? 'identity').toLowerCase();
      if (!['identity', 'gzip'].includes(encoding)) throw new InputError(`Content-Encoding ${encoding} is not supported (gzip is)`);
      const bytes = encoding === 'gzip' ? req.pipe(createGunzip()) : req;
      const summary = await importer.import(
        { name: 'request body', bytes },
        { format, asOf: url.searchParams.get('asOf'), mapFile: config.attack.telemetryMap() ?? null },
      );
      answer(req, res, 200, summary);
    } catch (error) {
      const { status, body } = errorBody(error);
      if (status === 500) process.stderr.write(`internal error on POST ${url.pathname}: ${(error as Error).message}\n`);
      answer(req, res, status, body);
    }
    return true;
  };

export const DRIFT_COLUMNS = [
  'log_source_id',
  'name',
  'channel',
  'min_state',
  'declared_hosts',
  'fresh_hosts',
  'stale_hosts',
  'never_seen_hosts',
  'fresh_ratio',
  'last_seen',
  'as_of',
  'freshness_days',
] as const;

/** GET /api/v1/telemetry/drift.csv?minState=MONITORED&freshnessDays=7: telemetryDrift's log sources, one row each. */
export const telemetryDriftRoute =
  (caches: Caches): Route =>
  async (req, res, url) => {
    if (url.pathname !== TELEMETRY_PATHS.driftCsv) return false;
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain' }).end('GET only\n');
      return true;
    }
    const problems: string[] = [];
    for (const key of new Set(url.searchParams.keys()))
      if (!['minState', 'freshnessDays'].includes(key)) problems.push(`unknown parameter "${key}"`);
    const minState = url.searchParams.get('minState')?.toUpperCase();
    if (minState !== undefined && !STATE_NAMES.includes(minState as StateName))
      problems.push(`minState=${minState}: expected one of ${STATE_NAMES.join(', ')}`);
    const daysText = url.searchParams.get('freshnessDays');
    if (daysText !== null && !/^\d+$/.test(daysText)) problems.push(`freshnessDays=${daysText}: expected a whole number of days`);
    if (problems.length) throw new InputError('bad drift parameters', problems);
    const d = await drift(caches, (minState as StateName | undefined) ?? 'MONITORED', daysText === null ? null : Number(daysText));
    const lines = [DRIFT_COLUMNS.join(',')];
    for (const r of logSourceDrifts(d)) {
      const l = d.model.view.logSources[r.logSource];
      const c = r.counts;
      const row = [
        l.id,
        l.name ?? '',
        l.channel ?? '',
        minState ?? 'MONITORED',
        c.declared,
        c.fresh,
        c.stale,
        c.neverSeen,
        c.declared ? c.fresh / c.declared : 0,
        iso(c.lastSeen) ?? '',
        iso(d.model.newestAsOf) ?? '',
        d.days,
      ];
      lines.push(row.map(csvCell).join(','));
    }
    res
      .writeHead(200, {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': 'attachment; filename="telemetry-drift.csv"',
        'cache-control': 'no-store',
        'x-telemetry-import': d.model.current?.id ?? '',
      })
      .end(req.method === 'HEAD' ? undefined : `${lines.join('\r\n')}\r\n`);
    return true;
  };
