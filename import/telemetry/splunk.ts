import { readCsvSummary } from './csv-format';
import { ColumnSpec, RowSink } from './rows';

/**
 * Splunk: `| tstats count min(_time) as firstTime max(_time) as lastTime where index=* by host
 * source sourcetype EventCode`, exported as CSV (times in epoch seconds). `source` and `EventCode`
 * may be absent or empty (the search did not break the log down by event).
 */
export const SPLUNK_COLUMNS: ColumnSpec = {
  format: 'splunk',
  columns: {
    host: { names: ['host'], required: true },
    source: { names: ['source'], required: false },
    kind: { names: ['sourcetype'], required: true },
    code: { names: ['EventCode'], required: false },
    count: { names: ['count'], required: true },
    first: { names: ['firstTime'], required: true },
    last: { names: ['lastTime'], required: true },
  },
};

export const readSplunk = (bytes: AsyncIterable<Buffer>, file: string, sink: RowSink) => readCsvSummary(bytes, file, SPLUNK_COLUMNS, sink);
