import { readCsvSummary } from './csv-format';
import { ColumnSpec, RowSink } from './rows';

/**
 * Microsoft Sentinel / Log Analytics: `union SecurityEvent, Event, Syslog, ... | summarize count(),
 * min(TimeGenerated), max(TimeGenerated) by Computer, Type, EventLog, EventID`, exported as CSV.
 * `EventLog` and `EventID` may be absent (tables without them).
 */
export const SENTINEL_COLUMNS: ColumnSpec = {
  format: 'sentinel',
  columns: {
    host: { names: ['Computer'], required: true },
    kind: { names: ['Type'], required: true },
    channel: { names: ['EventLog'], required: false },
    code: { names: ['EventID'], required: false },
    count: { names: ['count_'], required: true },
    first: { names: ['min_TimeGenerated'], required: true },
    last: { names: ['max_TimeGenerated'], required: true },
  },
};

export const readSentinel = (bytes: AsyncIterable<Buffer>, file: string, sink: RowSink) =>
  readCsvSummary(bytes, file, SENTINEL_COLUMNS, sink);
