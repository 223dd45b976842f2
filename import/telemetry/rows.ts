import { Problems } from '../../src/inventory/problems';
import { RowSource, TelemetryFormat } from '../../src/telemetry/names';

/**
 * What every format reader hands the pipeline: one summary row, checked (host present, count and
 * times parse), with the fields that name its log. Column names compare case-insensitively and
 * extra columns are ignored (shared/spec/TELEMETRY.md).
 */
export interface ParsedRow {
  host: string;
  source: RowSource;
  count: number;
  first: number;
  last: number;
  /** file:line (JSON: file:line: $.values[i]), for findings about the row. */
  where: string;
}

export interface RowSink {
  row(row: ParsedRow): void;
  problems: Problems;
}

/** The fields a reader fills, and the columns each may come from (compared ignoring case). */
export type Field = 'host' | 'source' | 'kind' | 'channel' | 'code' | 'logSource' | 'count' | 'first' | 'last';

export interface ColumnSpec {
  format: TelemetryFormat;
  columns: Partial<Record<Field, { names: string[]; required: boolean }>>;
  /** At least one of these fields' columns must be there (csv: name or logSource). */
  oneOf?: Field[];
}

/** Field -> column position (and the column's name as written, for messages), or a problem naming what is missing. */
export type Layout = Partial<Record<Field, { at: number; column: string }>>;

export function layoutOf(spec: ColumnSpec, header: string[], where: string, problems: Problems): Layout | undefined {
  const lower = header.map((h) => h.trim().toLowerCase());
  const layout: Layout = {};
  const missing: string[] = [];
  for (const [field, { names, required }] of Object.entries(spec.columns) as [Field, { names: string[]; required: boolean }][]) {
    const at = lower.findIndex((h) => names.some((n) => n.toLowerCase() === h));
    if (at >= 0) layout[field] = { at, column: header[at].trim() };
    else if (required) missing.push(names[0]);
  }
  const needsOne = spec.oneOf && !spec.oneOf.some((f) => layout[f]);
  if (!missing.length && !needsOne) return layout;
  const want = (f: Field) => spec.columns[f]!.names[0];
  const what = [missing.length ? `missing ${missing.join(', ')}` : '', needsOne ? `needs one of ${spec.oneOf!.map(want).join(', ')}` : '']
    .filter(Boolean)
    .join('; ');
  problems.error(
    where,
    `the ${spec.format} format needs the columns ${Object.entries(spec.columns)
      .filter(([, c]) => c.required)
      .map(([, c]) => c.names[0])
      .join(
        ', ',
      )}${spec.oneOf ? ` and one of ${spec.oneOf.map(want).join(', ')}` : ''}: ${what} (columns found: ${header.map((h) => h.trim()).join(', ') || 'none'})`,
  );
  return undefined;
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;
const EPOCH = /^\d{1,12}(\.\d+)?$/;
/** 1970 to 2105 (stored as uint32 seconds): anything else is a unit mix-up (milliseconds as seconds), not a date. */
const LATEST = Date.UTC(2106, 0, 1) / 1000;

/** ISO 8601 (no zone: UTC) or Unix epoch seconds -> epoch seconds (whole); null when it does not parse. */
export function parseTime(value: string | number): number | null {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 && value < LATEST ? Math.floor(value) : null;
  const text = value.trim();
  if (EPOCH.test(text)) {
    const n = Math.floor(Number(text));
    return n < LATEST ? n : null;
  }
  const m = ISO.exec(text);
  if (!m) return null;
  const [year, month, day, hour, minute, second] = [1, 2, 3, 4, 5, 6].map((i) => Number(m[i] ?? 0));
  const ms = Date.UTC(year, month - 1, day, hour, minute, second);
  const check = new Date(ms);
  if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day || hour > 23 || minute > 59 || second > 60) return null;
  let offset = 0;
  const zone = m[8]?.toUpperCase();
  if (zone && zone !== 'Z') {
    const z = /^([+-])(\d{2}):?(\d{2})?$/.exec(zone)!;
    offset = (z[1] === '-' ? -1 : 1) * (Number(z[2]) * 3600 + Number(z[3] ?? 0) * 60);
  }
  const epoch = Math.floor(ms / 1000) - offset;
  return epoch >= 0 && epoch < LATEST ? epoch : null;
}

/** A non-negative whole number of events (`70244`, or `70244.0` as some exports write it); null when not. */
export function parseCount(value: string | number): number | null {
  const n = typeof value === 'number' ? value : /^\s*\d+(\.0*)?\s*$/.test(value) ? Number(value) : NaN;
  return Number.isSafeInteger(n) && n >= 0 ? n : null;
}

const text = (v: unknown) => (v === null || v === undefined ? '' : typeof v === 'string' ? v : String(v));

/**
 * One row of cells (CSV fields, or an ES|QL JSON row) checked against a layout; bad cells are
 * reported at `where` with the column's name, and the row is dropped.
 */
export function readRow(
  cells: readonly unknown[],
  layout: Layout,
  format: TelemetryFormat,
  where: string,
  problems: Problems,
): ParsedRow | undefined {
  const cell = (f: Field) => (layout[f] ? text(cells[layout[f].at]) : '');
  const raw = (f: Field) => (layout[f] ? cells[layout[f].at] : undefined);
  let ok = true;
  const host = cell('host').trim();
  if (!host) {
    problems.error(where, `${layout.host!.column}: a row with no host`);
    ok = false;
  }
  const time = (f: 'first' | 'last'): number | null => {
    if (!layout[f]) return null;
    const v = raw(f);
    if (text(v).trim() === '') {
      if (f === 'first') return null;
      problems.error(where, `${layout[f].column}: empty (a time is needed)`);
      ok = false;
      return null;
    }
    const t = parseTime(v as string | number);
    if (t === null) {
      problems.error(where, `${layout[f].column}: "${text(v)}" is not a time (ISO 8601 or Unix epoch seconds)`);
      ok = false;
    }
    return t;
  };
  const last = time('last');
  const first = time('first');
  let count = 0;
  if (layout.count) {
    const v = raw('count');
    const n = text(v).trim() === '' ? null : parseCount(v as string | number);
    if (n === null) {
      problems.error(where, `${layout.count.column}: "${text(v)}" is not a count (a whole number of events)`);
      ok = false;
    } else count = n;
  }
  if (!ok || last === null) return undefined;
  const opt = (f: Field) => (layout[f] ? cell(f) : null);
  return {
    host,
    where,
    source: { format, source: opt('source'), kind: opt('kind'), channel: opt('channel'), code: opt('code'), logSource: opt('logSource') },
    count,
    // An export whose first time is after its last (clock skew) keeps the order that makes sense.
    first: first === null ? last : Math.min(first, last),
    last: first === null ? last : Math.max(first, last),
  };
}
