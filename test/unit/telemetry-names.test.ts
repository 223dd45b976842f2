import { Readable } from 'node:stream';
import { readEsqlJson } from '../../import/telemetry/json-stream';
import { parseCount, parseTime } from '../../import/telemetry/rows';
import { EvidenceIndex, freshnessOf, freshSince } from '../../src/telemetry/evidence';
import { HostMatcher, shortName } from '../../src/telemetry/hosts';
import { AUDITD, NameTable, RowSource } from '../../src/telemetry/names';
import { packObservations, unpackObservations } from '../../src/telemetry/records';

/** TELEMETRY.md's name tables, host matching and time parsing on the pure modules. */
const table = new NameTable();
const name = (row: Omit<RowSource, 'format'> & { format: RowSource['format'] }) => table.name(row).logs.map((l) => [l.name, l.channel]);

describe('the name tables', () => {
  test.each([
    // Windows event logs by channel, then INVENTORY.md's spellings
    [{ format: 'splunk', source: 'WinEventLog:Security', kind: 'XmlWinEventLog', code: '4688' }, 'WinEventLog:Security', 'EventCode=4688'],
    [
      {
        format: 'splunk',
        source: 'XmlWinEventLog:Microsoft-Windows-Sysmon/Operational',
        kind: 'XmlWinEventLog:Microsoft-Windows-Sysmon/Operational',
        code: '22',
      },
      'WinEventLog:Sysmon',
      'EventCode=22',
    ],
    [
      { format: 'splunk', source: 'XmlWinEventLog:Microsoft-Windows-PowerShell/Operational', kind: 'XmlWinEventLog', code: '4104' },
      'WinEventLog:PowerShell',
      'EventCode=4104',
    ],
    [
      { format: 'splunk', source: 'WinEventLog:Windows PowerShell', kind: 'WinEventLog', code: '400' },
      'WinEventLog:PowerShell',
      'EventCode=400',
    ],
    [{ format: 'splunk', kind: 'WinEventLog:System', code: '' }, 'WinEventLog:System', null],
    [
      { format: 'elastic', channel: 'Microsoft-Windows-Sysmon/Operational', code: '3', kind: 'windows.sysmon_operational' },
      'WinEventLog:Sysmon',
      'EventCode=3',
    ],
    [{ format: 'elastic', channel: 'security', code: '4624', kind: 'system.security' }, 'WinEventLog:Security', 'EventCode=4624'],
    [
      { format: 'elastic', channel: null, code: '4104', kind: 'windows.powershell_operational' },
      'WinEventLog:PowerShell',
      'EventCode=4104',
    ],
    [
      { format: 'elastic', channel: 'Microsoft-Windows-TaskScheduler/Operational', code: '106' },
      'WinEventLog:TaskScheduler',
      'EventCode=106',
    ],
    [{ format: 'sentinel', kind: 'SecurityEvent', channel: '', code: '4688' }, 'WinEventLog:Security', 'EventCode=4688'],
    [
      { format: 'sentinel', kind: 'Event', channel: 'Microsoft-Windows-WMI-Activity/Operational', code: '5861' },
      'WinEventLog:WMI',
      'EventCode=5861',
    ],
    // TELEMETRY.md's required entries
    [{ format: 'splunk', kind: 'aws:cloudtrail', source: 'aws_cloudtrail' }, 'AWS:CloudTrail', null],
    [{ format: 'elastic', kind: 'aws.cloudtrail' }, 'AWS:CloudTrail', null],
    [{ format: 'sentinel', kind: 'AWSCloudTrail' }, 'AWS:CloudTrail', null],
    [{ format: 'splunk', kind: 'syslog' }, 'linux:syslog', null],
    [{ format: 'splunk', kind: 'linux_secure', source: '/var/log/secure' }, 'linux:syslog', null],
    [{ format: 'sentinel', kind: 'Syslog' }, 'linux:syslog', null],
    [{ format: 'sentinel', kind: 'SigninLogs' }, 'azure:signinlogs', null],
    [{ format: 'splunk', kind: 'azure:aad:signin' }, 'azure:signinlogs', null],
    [{ format: 'sentinel', kind: 'OfficeActivity' }, 'm365:unified', null],
    [{ format: 'splunk', kind: 'o365:management:activity' }, 'm365:unified', null],
    // auditd by record type; none given: every type
    [{ format: 'splunk', kind: 'linux:audit', code: 'SYSCALL' }, 'auditd:SYSCALL', null],
    [{ format: 'splunk', kind: 'auditd', code: 'type=EXECVE' }, 'auditd:EXECVE', null],
    [{ format: 'splunk', kind: 'linux:audit', code: '' }, AUDITD, null],
    [{ format: 'elastic', kind: 'auditd.log' }, AUDITD, null],
    // a code under a non-Windows log is its channel, as written
    [{ format: 'splunk', kind: 'aws:cloudtrail', code: 'GetObject' }, 'AWS:CloudTrail', 'GetObject'],
    // attack-kg's own columns: ATT&CK names, any Windows spelling, a bare event id under a Windows log
    [{ format: 'csv', kind: 'XmlWinEventLog:Microsoft-Windows-Sysmon/Operational', code: '1' }, 'WinEventLog:Sysmon', 'EventCode=1'],
    [{ format: 'csv', kind: 'auditd:SYSCALL', code: 'execve' }, 'auditd:SYSCALL', 'execve'],
  ] as [RowSource, string, string | null][])('%j', (row, expectedName, expectedChannel) => {
    expect(name(row)).toEqual([[expectedName, expectedChannel]]);
  });

  test('rows nothing names are unnamed, labelled by the fields that failed', () => {
    expect(table.name({ format: 'splunk', kind: 'acme:custom', source: 'udp:514' })).toEqual({
      logs: [],
      label: 'sourcetype=acme:custom source=udp:514',
    });
    expect(table.name({ format: 'sentinel', kind: 'CommonSecurityLog' })).toEqual({ logs: [], label: 'Type=CommonSecurityLog' });
    expect(table.name({ format: 'sentinel', kind: 'Event', channel: '' }).logs).toEqual([]);
    expect(table.name({ format: 'csv', kind: '', logSource: '' })).toEqual({ logs: [], label: 'no name or logSource' });
  });

  test("an organisation's map comes first, may fix a channel, and may be limited to one format", () => {
    const mine = new NameTable([
      { from: ['acme:edr'], name: 'WinEventLog:Sysmon', channel: 'EventCode=1' },
      { from: ['XmlWinEventLog'], format: 'splunk', name: 'WinEventLog:Security' },
      { from: ['custom.dataset'], format: 'elastic', name: 'NSM:Flow' },
    ]);
    expect(mine.name({ format: 'splunk', kind: 'ACME:EDR', code: '99' }).logs).toEqual([
      { name: 'WinEventLog:Sysmon', channel: 'EventCode=1', logSource: null },
    ]);
    expect(mine.name({ format: 'splunk', kind: 'XmlWinEventLog', source: 'nope', code: '4688' }).logs).toEqual([
      { name: 'WinEventLog:Security', channel: 'EventCode=4688', logSource: null },
    ]);
    expect(mine.name({ format: 'splunk', kind: 'custom.dataset', code: 'x' }).logs).toEqual([]);
    expect(mine.name({ format: 'elastic', kind: 'custom.dataset', code: 'conn.log' }).logs).toEqual([
      { name: 'NSM:Flow', channel: 'conn.log', logSource: null },
    ]);
  });

  test('a csv row may name an inventory log source by id', () => {
    expect(table.name({ format: 'csv', kind: '', logSource: 'edr-process' }).logs).toEqual([
      { name: null, channel: null, logSource: 'edr-process' },
    ]);
  });
});

describe('evidence: the (name, channel) rule applied to observations', () => {
  const index = new EvidenceIndex([
    { id: 'ps', name: 'WinEventLog:PowerShell', channel: 'EventCode=4103, 4104' },
    { id: 'sec-any', name: 'WinEventLog:Security', channel: null },
    { id: 'exec', name: 'auditd:SYSCALL', channel: 'execve' },
    { id: 'edr', name: null, channel: null },
  ]);
  const ids = (name: string | null, channel: string | null, logSource: string | null = null) =>
    index.evidences({ name, channel, logSource }).map((i) => index.logSources[i].id);
  test('members, channel-less on either side, spellings, the auditd family, ids', () => {
    expect(ids('WinEventLog:PowerShell', 'EventCode=4104')).toEqual(['ps']);
    expect(ids('WinEventLog:Microsoft-Windows-PowerShell/Operational', 'eventcode=4103')).toEqual(['ps']);
    expect(ids('WinEventLog:PowerShell', 'EventCode=4105')).toEqual([]);
    expect(ids('WinEventLog:PowerShell', null)).toEqual(['ps']);
    expect(ids('WinEventLog:Security', 'EventCode=1102')).toEqual(['sec-any']);
    expect(ids(AUDITD, null)).toEqual(['exec']);
    expect(ids('auditd:EXECVE', null)).toEqual([]);
    expect(ids(null, null, 'edr')).toEqual(['edr']);
  });
});

describe('freshness', () => {
  test('exactly freshnessDays before the as-of is fresh; one second more is stale', () => {
    const asOf = 1_800_000_000;
    const since = freshSince(asOf, 7);
    expect(freshnessOf(asOf - 7 * 86_400, since)).toBe('FRESH');
    expect(freshnessOf(asOf - 7 * 86_400 - 1, since)).toBe('STALE');
    expect(freshnessOf(null, since)).toBe('NEVER_SEEN');
  });
});

describe('host matching', () => {
  const m = new HostMatcher([
    { id: 'WS-001', hostname: 'ws-001.acme.local' },
    { id: 'WEB-1', hostname: 'web.eu.corp' },
    { id: 'WEB-2', hostname: 'web.us.corp' },
    { id: 'SRV-9', hostname: '10.0.0.9' },
    { id: 'T-A', hostname: 'shared.example' },
    { id: 'T-B', hostname: 'shared.example' },
  ]);
  test.each([
    ['WS-001', 0],
    ['ws-001', 0],
    ['WS-001.ACME.LOCAL', 0],
    ['ws-001.other', 0],
    ['ws-001.acme.local.', 0],
    ['web.eu.corp', 1],
    ['web-1', 1],
    ['10.0.0.9', 3],
  ])('%s is asset %p', (host, asset) => expect(m.match(host)).toEqual({ asset }));
  test.each([
    ['web', [1, 2]],
    ['web.other', [1, 2]],
    ['shared.example', [4, 5]],
    ['10.0.0.99', []],
    ['nobody', []],
  ])('%s is not an asset (could be %p)', (host, ambiguous) => expect(m.match(host)).toEqual({ asset: null, ambiguous }));
  test('short names', () => {
    expect(shortName('ws-001.acme.local')).toBe('ws-001');
    expect(shortName('10.1.2.3')).toBe('10.1.2.3');
  });
});

describe('times and counts', () => {
  test.each([
    ['1796007600', 1796007600],
    ['1796007600.250', 1796007600],
    [1796007600, 1796007600],
    ['2026-11-30T23:00:00Z', Date.UTC(2026, 10, 30, 23) / 1000],
    ['2026-11-30T23:00:00.000Z', Date.UTC(2026, 10, 30, 23) / 1000],
    ['2026-11-30 23:00:00', Date.UTC(2026, 10, 30, 23) / 1000],
    ['2026-11-30T23:00:00+01:00', Date.UTC(2026, 10, 30, 22) / 1000],
    ['2026-11-30', Date.UTC(2026, 10, 30) / 1000],
    ['2026-02-30', null],
    ['yesterday', null],
    ['', null],
    ['1796007600000', null],
    ['2026-11-30T25:00:00Z', null],
  ])('time %j', (text, epoch) => expect(parseTime(text)).toBe(epoch));
  test.each([
    ['70244', 70244],
    ['70244.0', 70244],
    [12, 12],
    ['-1', null],
    ['1.5', null],
    ['12x', null],
  ])('count %j', (text, n) => expect(parseCount(text)).toBe(n));
});

describe('stored observations', () => {
  test('pack and unpack are exact', () => {
    const data = [0, 1796007600, 1790000000, 70244, 65_000, 4_294_967_295, 0, 9_007_199_254_740_991];
    expect([...unpackObservations(packObservations(data))]).toEqual(data);
  });
});

describe('the ES|QL JSON reader', () => {
  const doc = {
    took: 3,
    columns: [
      { name: 'count', type: 'long' },
      { name: 'host.name', type: 'keyword' },
    ],
    values: [
      [1, 'a\\"b'],
      [2, 'ü\u00e9\n'],
      [3, null],
      [4, 'x'.repeat(5000)],
    ],
    is_partial: false,
  };
  test('rows arrive one at a time, whatever the chunk boundaries (even byte by byte)', async () => {
    const text = Buffer.from(JSON.stringify(doc, null, 1));
    for (const size of [1, 2, 7, 64, text.length]) {
      const chunks: Buffer[] = [];
      for (let i = 0; i < text.length; i += size) chunks.push(text.subarray(i, i + size));
      const rows: unknown[] = [];
      let columns: unknown;
      const seen = await readEsqlJson(Readable.from(chunks), { columns: (c) => (columns = c), row: (r) => void rows.push(r) });
      expect({ size, rows, columns, seen }).toEqual({
        size,
        rows: doc.values,
        columns: doc.columns,
        seen: { sawColumns: true, sawValues: true },
      });
    }
  });
  test.each([
    ['{"columns": [], "values": [1, 2', 'the JSON ends early'],
    ['{"columns": [] "values": []}', 'expected "," or "}"'],
    ['{"values": {"a": 1}}', '"values" must be an array of rows'],
    ['{"a": tru}', 'unexpected "tru"'],
    ['{"a": "\\q"}', 'bad escape \\q'],
    ['{} {}', 'text after the end of the JSON value'],
  ])('%s is refused', async (text, message) => {
    await expect(readEsqlJson(Readable.from([Buffer.from(text)]), { columns: () => undefined, row: () => undefined })).rejects.toThrow(
      message,
    );
  });
});
