import { formatPath } from '../../src/inventory/problems';
import { readCsvSummary } from './csv-format';
import { JsonSyntaxError, readEsqlJson } from './json-stream';
import { ColumnSpec, Layout, layoutOf, readRow, RowSink } from './rows';

/** ES|QL's `STATS count = COUNT(*), first = MIN(@timestamp), last = MAX(@timestamp) BY host.name, winlog.channel, event.code, event.dataset`. */
export const ELASTIC_COLUMNS: ColumnSpec = {
  format: 'elastic',
  columns: {
    host: { names: ['host.name'], required: true },
    channel: { names: ['winlog.channel'], required: false },
    code: { names: ['event.code'], required: false },
    kind: { names: ['event.dataset'], required: false },
    count: { names: ['count'], required: true },
    first: { names: ['first'], required: true },
    last: { names: ['last'], required: true },
  },
  oneOf: ['channel', 'kind'],
};

/** The first bytes, to tell JSON from CSV, then the whole stream as it was. */
async function peek(bytes: AsyncIterable<Buffer>): Promise<{ first: string; stream: AsyncIterable<Buffer> }> {
  const iterator = bytes[Symbol.asyncIterator]();
  const held: Buffer[] = [];
  let first = '';
  for (;;) {
    const next = await iterator.next();
    if (next.done) break;
    held.push(next.value);
    const text = Buffer.concat(held)
      .toString('utf8')
      .replace(/^\uFEFF/, '')
      .trimStart();
    if (text) {
      first = text[0];
      break;
    }
  }
  async function* stream() {
    yield* held;
    for (;;) {
      const next = await iterator.next();
      if (next.done) return;
      yield next.value;
    }
  }
  return { first, stream: stream() };
}

/**
 * An ES|QL answer: the JSON it returns (`{"columns": [{"name", "type"}], "values": [[...]]}`),
 * streamed row by row, or its CSV form (`format=csv`). `columns` must come before `values`, as
 * ES|QL writes them: rows are read against it as they arrive, never held.
 */
export async function readElastic(bytes: AsyncIterable<Buffer>, file: string, sink: RowSink): Promise<void> {
  const { first, stream } = await peek(bytes);
  if (first !== '{' && first !== '[') return readCsvSummary(stream, file, ELASTIC_COLUMNS, sink);
  const { problems } = sink;
  let layout: Layout | undefined;
  let columnsBad = false;
  let width = 0;
  const at = (line: number, path: (string | number)[]) => `${file}:${line}: ${formatPath(['$', ...path])}`;
  try {
    const seen = await readEsqlJson(stream, {
      columns(value, line) {
        const names = Array.isArray(value)
          ? value.map((c) => (c && typeof c === 'object' ? (c as { name?: unknown }).name : undefined))
          : undefined;
        if (!names || names.some((n) => typeof n !== 'string')) {
          problems.error(at(line, ['columns']), 'expected a list of {"name", "type"} objects');
          columnsBad = true;
          return;
        }
        width = names.length;
        layout = layoutOf(ELASTIC_COLUMNS, names as string[], at(line, ['columns']), problems);
        if (!layout) columnsBad = true;
      },
      row(value, index, line) {
        if (columnsBad) return false;
        const where = at(line, ['values', index]);
        if (!layout) {
          problems.error(where, '"values" before "columns": ES|QL writes the columns first, and rows cannot be read without them');
          return false;
        }
        if (!Array.isArray(value)) {
          problems.error(where, 'a row must be a list of values');
          return true;
        }
        if (value.length !== width) {
          problems.error(where, `${value.length} values where "columns" has ${width}`);
          return true;
        }
        const row = readRow(value, layout, 'elastic', where, problems);
        if (row) sink.row(row);
        return true;
      },
    });
    if (!columnsBad && !seen.sawColumns) problems.error(file, 'no "columns": not an ES|QL response');
    else if (!columnsBad && layout && !seen.sawValues) problems.error(file, 'no "values": not an ES|QL response');
  } catch (error) {
    if (!(error instanceof JsonSyntaxError)) throw error;
    problems.error(`${file}:${error.line}`, `not valid JSON: ${error.message}`);
  }
}
