import { logSourceOfNode, logSourceProps, logSourceRecord } from '../../src/inventory/log-source';
import { logSourceSchema } from '../../src/inventory/schema';

/** Neo4j stores no null property: a node read back lacks every key written as null. */
const stored = (props: Record<string, unknown>) => Object.fromEntries(Object.entries(props).filter(([, v]) => v !== null));

describe('the log source mapping (src/inventory/log-source.ts)', () => {
  test('a full input: distinct lists, attributes as JSON text, origin as given', () => {
    const input = logSourceSchema.parse({
      id: 'sysmon',
      name: 'WinEventLog:Microsoft-Windows-Sysmon/Operational',
      channel: 'EventCode=1',
      dataComponents: ['DC0032', 'Process Creation', 'DC0032'],
      dataSources: ['Process monitoring', 'Process monitoring'],
      attributes: { vendor: 'Microsoft', retentionDays: 90 },
    });
    expect(logSourceRecord(input, 'dettect')).toEqual({
      id: 'sysmon',
      name: 'WinEventLog:Microsoft-Windows-Sysmon/Operational',
      channel: 'EventCode=1',
      dataComponents: ['DC0032', 'Process Creation'],
      dataSources: ['Process monitoring'],
      attributes: '{"vendor":"Microsoft","retentionDays":90}',
      origin: 'dettect',
    });
  });

  test('a minimal input: nulls and empty lists, origin inventory', () => {
    expect(logSourceRecord(logSourceSchema.parse({ id: 'edr' }))).toEqual({
      id: 'edr',
      name: null,
      channel: null,
      dataComponents: [],
      dataSources: [],
      attributes: null,
      origin: 'inventory',
    });
  });

  test('the node properties add the graph keys and the lower-cased name', () => {
    const record = logSourceRecord(logSourceSchema.parse({ id: 'sec', name: 'WinEventLog:Security' }));
    expect(logSourceProps(record, 'inv-1', 'inv-1|sec')).toEqual({
      ...record,
      key: 'inv-1|sec',
      snapshot: 'inv-1',
      nameLower: 'wineventlog:security',
    });
    expect(logSourceProps(logSourceRecord(logSourceSchema.parse({ id: 'x' })), 's', 's|x').nameLower).toBeNull();
  });

  test('a node read back is the record written, whether or not its null properties were stored', () => {
    for (const input of [
      { id: 'edr' },
      { id: 'sec', name: 'WinEventLog:Security', channel: 'EventCode=4688', dataComponents: ['DC0032'], attributes: { a: 1 } },
    ]) {
      const record = logSourceRecord(logSourceSchema.parse(input));
      const props = logSourceProps(record, 'inv-1', `inv-1|${record.id}`);
      expect(logSourceOfNode(stored(props))).toEqual(record);
      expect(logSourceOfNode(props)).toEqual(record);
    }
  });

  test('a node without `origin` reads as an inventory log source (as GraphQL always answered)', () => {
    expect(logSourceOfNode({ key: 's|old', snapshot: 's', id: 'old', name: 'auditd:SYSCALL' })).toEqual({
      id: 'old',
      name: 'auditd:SYSCALL',
      channel: null,
      dataComponents: [],
      dataSources: [],
      attributes: null,
      origin: 'inventory',
    });
  });
});
