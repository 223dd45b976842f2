import { parse, Parser } from 'csv-parse';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { Problems } from './problems';

/** The two CSV forms of the contract, told apart by their header. */
export const CSV_COLUMNS = {
  assets: ['id', 'hostname', 'platforms', 'os', 'businessUnit', 'environment', 'criticality', 'tags'],
  collection: ['asset', 'logSource', 'state', 'since'],
} as const;
export type CsvKind = keyof typeof CSV_COLUMNS;
const REQUIRED: Record<CsvKind, string[]> = { assets: ['id', 'platforms'], collection: ['asset', 'logSource', 'state'] };

/** `;` separates the values of a list cell. */
export const listCell = (cell: string | undefined) => (cell ? cell.split(';').map((v) => v.trim()).filter(Boolean) : undefined);

/**
 * No `info`, no `skip_empty_lines`: both cost csv-parse half its speed. Line numbers are counted
 * here instead: one per record, plus the line breaks inside quoted fields.
 */
const parser = () => parse({ bom: true, relax_column_count: true });

const isEmpty = (record: string[]) => record.length === 1 && record[0].trim() === '';

export interface CsvHeader { file: string; kind: CsvKind; columns: string[] }

/** Reads just the header: which form the file is, and its columns in contract spelling. */
export async function readCsvHeader(file: string, problems: Problems): Promise<CsvHeader | undefined> {
  const stream = createReadStream(file);
  const csv = stream.pipe(parser());
  let header: string[] | undefined;
  try {
    for await (const record of csv as AsyncIterable<string[]>) {
      if (isEmpty(record)) continue;
      header = record.map((h) => h.trim());
      break;
    }
  } catch (error) {
    problems.error(file, describeCsvError(error));
    return undefined;
  } finally {
    stream.destroy();
  }
  if (!header) {
    problems.error(file, 'empty CSV: a header row is required');
    return undefined;
  }
  const lower = header.map((h) => h.toLowerCase());
  const kind = (Object.keys(CSV_COLUMNS) as CsvKind[]).find((k) => REQUIRED[k].every((c) => lower.includes(c.toLowerCase())));
  if (!kind) {
    problems.error(`${file}:1`, `header "${header.join(',')}" is neither an assets header (${CSV_COLUMNS.assets.join(',')}) nor a collection header (${CSV_COLUMNS.collection.join(',')})`);
    return undefined;
  }
  const known = new Map<string, string>(CSV_COLUMNS[kind].map((c) => [c.toLowerCase(), c]));
  const columns = lower.map((h) => known.get(h) ?? '');
  const unknown = header.filter((_, i) => !columns[i]);
  if (unknown.length) {
    problems.error(`${file}:1`, `unknown column${unknown.length > 1 ? 's' : ''} ${unknown.map((c) => `"${c}"`).join(', ')} in a ${kind} CSV (columns: ${CSV_COLUMNS[kind].join(',')})`);
    return undefined;
  }
  return { file, kind, columns };
}

function describeCsvError(error: unknown): string {
  const e = error as { code?: string; message?: string; lines?: number };
  if (e.code === 'ENOENT' || e.code === 'EACCES' || e.code === 'EISDIR') return `cannot read the file (${e.code})`;
  return `not valid CSV${e.lines ? ` at line ${e.lines}` : ''} (${e.message})`;
}

/**
 * Streams the data rows as { column: cell } with their line number; returns the file's sha256.
 * A malformed file is reported and ends the stream.
 */
export async function streamCsv(header: CsvHeader, problems: Problems, onRow: (row: Record<string, string>, line: number) => void): Promise<string> {
  const hash = createHash('sha256');
  const stream = createReadStream(header.file);
  stream.on('data', (chunk) => hash.update(chunk));
  const csv: Parser = stream.pipe(parser());
  const width = header.columns.length;
  let line = 0;
  let first = true;
  try {
    for await (const record of csv as AsyncIterable<string[]>) {
      line += 1;
      for (const field of record) if (field.includes('\n')) line += field.split('\n').length - 1;
      if (isEmpty(record)) continue;
      if (first) {
        first = false;
        continue;
      }
      if (record.length !== width) {
        problems.error(`${header.file}:${line}`, `${record.length} fields where the header has ${width}`);
        continue;
      }
      const row: Record<string, string> = {};
      for (let i = 0; i < width; i += 1) {
        const cell = record[i].trim();
        if (cell !== '') row[header.columns[i]] = cell;
      }
      onRow(row, line);
    }
  } catch (error) {
    problems.error(header.file, describeCsvError(error));
  }
  return hash.digest('hex');
}
