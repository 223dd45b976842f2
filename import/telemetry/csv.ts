import { readCsvSummary } from './csv-format';
import { ColumnSpec, RowSink } from './rows';

/**
 * attack-kg's own columns, for any other feed: `host`, `name` and `channel` in ATT&CK's spelling,
 * or `logSource` (an inventory log source id) for a feed with no name. `count` and `firstSeen`
 * may be absent (0 events; first seen = last seen).
 */
export const CSV_COLUMNS: ColumnSpec = {
  format: 'csv',
  columns: {
    host: { names: ['host'], required: true },
    kind: { names: ['name'], required: false },
    code: { names: ['channel'], required: false },
    logSource: { names: ['logSource'], required: false },
    count: { names: ['count'], required: false },
    first: { names: ['firstSeen'], required: false },
    last: { names: ['lastSeen'], required: true },
  },
  oneOf: ['kind', 'logSource'],
};

export const readAttackKgCsv = (bytes: AsyncIterable<Buffer>, file: string, sink: RowSink) =>
  readCsvSummary(bytes, file, CSV_COLUMNS, sink);
