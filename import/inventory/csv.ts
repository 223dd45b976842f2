import { createHash, Hash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { CsvSyntaxError, readCsvRecords } from './csv-records';
import { Problems } from '../../src/inventory/problems';

/** The two CSV forms of the contract, told apart by their header. */
export const CSV_COLUMNS = {
  assets: ['id', 'hostname', 'platforms', 'os', 'businessUnit', 'environment', 'criticality', 'tags'],
  collection: ['asset', 'logSource', 'state', 'since'],
} as const;
export type CsvKind = keyof typeof CSV_COLUMNS;
const REQUIRED: Record<CsvKind, string[]> = { assets: ['id', 'platforms'], collection: ['asset', 'logSource', 'state'] };

/** `;` separates the values of a list cell. */
export const listCell = (cell: string | undefined) =>
  cell
    ? cell
        .split(';')
        .map((v) => v.trim())
        .filter(Boolean)
    : undefined;

const isEmpty = (record: string[]) => record.length === 1 && record[0].trim() === '';

export interface CsvHeader {
  file: string;
  kind: CsvKind;
  columns: string[];
}

/** Reads just the header: which form the file is, and its columns in contract spelling. */
export async function readCsvHeader(file: string, problems: Problems): Promise<CsvHeader | undefined> {
  const stream = createReadStream(file);
  let header: string[] | undefined;
  try {
    await readCsvRecords(stream, (record) => {
      if (isEmpty(record)) return true;
      header = record.map((h) => h.trim());
      return false;
    });
  } catch (error) {
    reportCsvError(file, error, problems);
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
    problems.error(
      `${file}:1`,
      `header "${header.join(',')}" is neither an assets header (${CSV_COLUMNS.assets.join(',')}) nor a collection header (${CSV_COLUMNS.collection.join(',')})`,
    );
    return undefined;
  }
  const known = new Map<string, string>(CSV_COLUMNS[kind].map((c) => [c.toLowerCase(), c]));
  const columns = lower.map((h) => known.get(h) ?? '');
  const unknown = header.filter((_, i) => !columns[i]);
  if (unknown.length) {
    problems.error(
      `${file}:1`,
      `unknown column${unknown.length > 1 ? 's' : ''} ${unknown.map((c) => `"${c}"`).join(', ')} in a ${kind} CSV (columns: ${CSV_COLUMNS[kind].join(',')})`,
    );
    return undefined;
  }
  return { file, kind, columns };
}

function reportCsvError(file: string, error: unknown, problems: Problems) {
  if (error instanceof CsvSyntaxError) return problems.error(`${file}:${error.line}`, `not valid CSV: ${error.message}`);
  const e = error as { code?: string; message?: string };
  problems.error(file, `cannot read the file (${e.code ?? e.message})`);
}

async function* hashing(bytes: AsyncIterable<Buffer>, hash: Hash) {
  for await (const chunk of bytes) {
    hash.update(chunk);
    yield chunk;
  }
}

/**
 * Streams the data rows as { column: cell } with their line number; returns the file's sha256.
 * A malformed file is reported and ends the stream.
 */
export async function streamCsv(
  header: CsvHeader,
  problems: Problems,
  onRow: (row: Record<string, string>, line: number) => void,
): Promise<string> {
  const hash = createHash('sha256');
  const width = header.columns.length;
  let first = true;
  try {
    await readCsvRecords(hashing(createReadStream(header.file), hash), (record, line) => {
      if (isEmpty(record)) return;
      if (first) {
        first = false;
        return;
      }
      if (record.length !== width) {
        problems.error(`${header.file}:${line}`, `${record.length} fields where the header has ${width}`);
        return;
      }
      const row: Record<string, string> = {};
      for (let i = 0; i < width; i += 1) {
        const cell = record[i].trim();
        if (cell !== '') row[header.columns[i]] = cell;
      }
      onRow(row, line);
    });
  } catch (error) {
    reportCsvError(header.file, error, problems);
  }
  return hash.digest('hex');
}
