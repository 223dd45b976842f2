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
    host: { names: ['computer'], required: true },
    kind: { names: ['type'], required: true },
    channel: { names: ['eventlog'], required: false },
    code: { names: ['eventid'], required: false },
    count: { names: ['count_'], required: true },
    first: { names: ['min_timegenerated'], required: true },
    last: { names: ['max_timegenerated'], required: true },
  },
};

export const readSentinel = (bytes: AsyncIterable<Buffer>, file: string, sink: RowSink) => readCsvSummary(bytes, file, SENTINEL_COLUMNS, sink);
