import { CsvSyntaxError, readCsvRecords } from '../inventory/csv-records';
import { ColumnSpec, Layout, layoutOf, readRow, RowSink } from './rows';

const isEmpty = (record: string[]) => record.length === 1 && record[0].trim() === '';

/**
 * A summary exported as CSV (Splunk, Sentinel, ES|QL's CSV, attack-kg's own columns): the header
 * says where each column is; rows are read one at a time (the project's streaming RFC 4180 reader),
 * never the whole file.
 */
export async function readCsvSummary(bytes: AsyncIterable<Buffer>, file: string, spec: ColumnSpec, sink: RowSink): Promise<void> {
  const { problems } = sink;
  let layout: Layout | undefined;
  let width = 0;
  let sawHeader = false;
  try {
    await readCsvRecords(bytes, (record, line) => {
      if (isEmpty(record)) return true;
      if (!sawHeader) {
        sawHeader = true;
        width = record.length;
        layout = layoutOf(spec, record, `${file}:${line}`, problems);
        // Without the columns no row can be read: stop at the header.
        return layout !== undefined;
      }
      const where = `${file}:${line}`;
      if (record.length !== width) {
        problems.error(where, `${record.length} fields where the header has ${width}`);
        return true;
      }
      const row = readRow(record, layout!, spec.format, where, problems);
      if (row) sink.row(row);
      return true;
    });
  } catch (error) {
    if (!(error instanceof CsvSyntaxError)) throw error;
    problems.error(`${file}:${error.line}`, `not valid CSV: ${error.message}`);
  }
  if (!sawHeader) problems.error(file, `empty: a ${spec.format} export needs a header row`);
}
