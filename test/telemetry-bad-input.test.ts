import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { main } from '../cli/main';
import { importInventory } from '../import/inventory/import-inventory';
import { ACME } from './support/acme';
import { closeDriver, graphCounts, importShared, resetDb } from './support/db';
import { captureCliOutput } from './support/cli';
import { describeWithShared } from './support/shared';
import { SAMPLES } from './support/telemetry';

/**
 * TELEMETRY.md's "Bad input", each class through the CLI: exit 1, the file and line (or JSON path)
 * and what is wrong, and nothing written. Unknown hosts and unnamed rows are not errors.
 */
describeWithShared('bad telemetry input', () => {
  const dir = mkdtempSync(join(tmpdir(), 'attack-kg-telemetry-bad-'));
  const file = (name: string, content: string | Buffer) => {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  };
  const SPLUNK = 'host,source,sourcetype,EventCode,count,firstTime,lastTime';
  const row = 'WS-001,WinEventLog:Security,XmlWinEventLog,4688,10,1796000000,1796007600';
  const out = captureCliOutput();

  beforeAll(async () => {
    await resetDb();
    await importShared('enterprise-attack-18.1');
    await importInventory({ document: ACME, csv: [] });
    jest.spyOn(console, 'log').mockImplementation(() => undefined);
    expect(await main(['import', 'telemetry', SAMPLES.splunk, '--format', 'splunk'])).toBe(0);
    jest.restoreAllMocks();
  });
  afterAll(closeDriver);

  async function rejects(...args: string[]) {
    const before = await graphCounts();
    expect(await main(['import', 'telemetry', ...args])).toBe(1);
    expect(await graphCounts()).toEqual(before);
    return out.stderr;
  }

  test('an unknown --format, or none', async () => {
    expect(await rejects(SAMPLES.splunk, '--format', 'qradar')).toContain(
      'unknown --format "qradar" (expected one of splunk, elastic, sentinel, csv)',
    );
    expect(await rejects(SAMPLES.splunk)).toContain('--format is required');
  });

  test('columns its format needs are missing', async () => {
    const path = file('no-times.csv', 'host,source,sourcetype,EventCode,count\nWS-001,WinEventLog:Security,XmlWinEventLog,4688,10\n');
    expect(await rejects(path, '--format', 'splunk')).toContain(
      `${path}:1: the splunk format needs the columns host, sourcetype, count, firstTime, lastTime: missing firstTime, lastTime`,
    );
    // A Splunk export read as Sentinel's: the header says which columns are missing.
    expect(await rejects(SAMPLES.splunk, '--format', 'sentinel')).toMatch(
      /sentinel format needs the columns Computer, Type, count_, min_TimeGenerated, max_TimeGenerated: missing Computer, Type, count_/,
    );
    const csv = file('no-name.csv', 'host,lastSeen\nWS-001,2026-11-30T00:00:00Z\n');
    expect(await rejects(csv, '--format', 'csv')).toContain(
      `${csv}:1: the csv format needs the columns host, lastSeen and one of name, logSource: needs one of name, logSource`,
    );
  });

  test('a time that does not parse, at its line and column', async () => {
    const path = file('bad-time.csv', `${SPLUNK}\n${row}\nWS-002,WinEventLog:Security,XmlWinEventLog,4688,10,1796000000,yesterday\n`);
    expect(await rejects(path, '--format', 'splunk')).toContain(
      `${path}:3: lastTime: "yesterday" is not a time (ISO 8601 or Unix epoch seconds)`,
    );
    const date = file(
      'bad-date.csv',
      'Computer,Type,EventLog,EventID,count_,min_TimeGenerated,max_TimeGenerated\nWS-001,SecurityEvent,,4688,3,2026-02-30T00:00:00Z,2026-03-01T00:00:00Z\n',
    );
    expect(await rejects(date, '--format', 'sentinel')).toContain(`${date}:2: min_TimeGenerated: "2026-02-30T00:00:00Z" is not a time`);
  });

  test('a count that does not parse', async () => {
    const path = file('bad-count.csv', `${SPLUNK}\n${row.replace(',10,', ',12x,')}\n`);
    expect(await rejects(path, '--format', 'splunk')).toContain(`${path}:2: count: "12x" is not a count (a whole number of events)`);
    const negative = file('negative.csv', `${SPLUNK}\n${row.replace(',10,', ',-1,')}\n`);
    expect(await rejects(negative, '--format', 'splunk')).toContain(`${negative}:2: count: "-1" is not a count`);
  });

  test('a row with no host', async () => {
    const path = file('no-host.csv', `${SPLUNK}\n${row}\n${row.replace('WS-001', '')}\n`);
    expect(await rejects(path, '--format', 'splunk')).toContain(`${path}:3: host: a row with no host`);
  });

  test('every problem is listed, not only the first', async () => {
    const path = file(
      'many.csv',
      `${SPLUNK}\n${row.replace('WS-001', ' ')}\n${row.replace(',10,', ',x,')}\n${row.replace('1796007600', 'never')}\n`,
    );
    const out = await rejects(path, '--format', 'splunk');
    expect(out).toContain('3 problems, nothing imported');
    for (const line of [2, 3, 4]) expect(out).toContain(`${path}:${line}:`);
  });

  test('malformed CSV and rows of the wrong width', async () => {
    const path = file('quote.csv', `${SPLUNK}\n${row}\n"WS-003,WinEventLog:Security,XmlWinEventLog,4688,10,1796000000,1796007600\n`);
    expect(await rejects(path, '--format', 'splunk')).toContain(`${path}:3: not valid CSV: a quoted field is not closed`);
    const width = file('width.csv', `${SPLUNK}\n${row},extra\n`);
    expect(await rejects(width, '--format', 'splunk')).toContain(`${width}:2: 8 fields where the header has 7`);
  });

  test('ES|QL JSON: syntax errors at their line, bad values at their JSON path', async () => {
    const columns =
      '"columns": [{"name": "count", "type": "long"}, {"name": "first", "type": "date"}, {"name": "last", "type": "date"}, {"name": "host.name", "type": "keyword"}, {"name": "winlog.channel", "type": "keyword"}, {"name": "event.code", "type": "keyword"}]';
    const broken = file(
      'broken.json',
      `{\n${columns},\n"values": [\n[1, "2026-11-01T00:00:00Z", "2026-11-02T00:00:00Z", "ws-001", "Security", "4688"],\n[2, "2026-11-01T00:00:00Z" "x"]\n]}\n`,
    );
    expect(await rejects(broken, '--format', 'elastic')).toContain(`${broken}:5: not valid JSON: expected "," or "]"`);
    const bad = file(
      'bad-value.json',
      `{${columns},\n"values": [\n[1, "2026-11-01T00:00:00Z", "2026-11-02T00:00:00Z", "ws-001", "Security", "4688"],\n[2, "2026-11-01T00:00:00Z", "soon", "ws-001", "Security", "4624"]\n]}\n`,
    );
    expect(await rejects(bad, '--format', 'elastic')).toContain(`${bad}:4: $.values[1]: last: "soon" is not a time`);
    const noHost = file('no-host.json', `{${columns.replace('host.name', 'hostname')}, "values": []}`);
    expect(await rejects(noHost, '--format', 'elastic')).toMatch(
      /no-host\.json:1: \$\.columns: the elastic format needs the columns host\.name, count, first, last and one of winlog\.channel, event\.dataset: missing host\.name/,
    );
    const notEsql = file('array.json', '[1, 2, 3]');
    expect(await rejects(notEsql, '--format', 'elastic')).toContain(`${notEsql}:1: not valid JSON: expected an ES|QL response`);
    const truncated = file(
      'truncated.json',
      `{${columns}, "values": [[1, "2026-11-01T00:00:00Z", "2026-11-02T00:00:00Z", "ws-001", "Security", "4688"]`,
    );
    expect(await rejects(truncated, '--format', 'elastic')).toContain('not valid JSON: the JSON ends early');
  });

  test('a bad --as-of, an empty export without one, an unreadable file', async () => {
    expect(await rejects(SAMPLES.splunk, '--format', 'splunk', '--as-of', 'tomorrow')).toContain('as-of "tomorrow" is not a time');
    const empty = file('empty.csv', `${SPLUNK}\n`);
    expect(await rejects(empty, '--format', 'splunk')).toContain(`${empty}: no rows, so no as-of to measure freshness from`);
    expect(await rejects(file('nothing.csv', ''), '--format', 'splunk')).toContain(
      'nothing.csv: empty: a splunk export needs a header row',
    );
    expect(await rejects(join(dir, 'missing.csv'), '--format', 'splunk')).toContain('missing.csv: cannot read the file (ENOENT)');
  });

  test('a bad --map, at its line', async () => {
    const notYaml = file('map-broken.yaml', 'version: 1\nmap:\n  - { from: a, name: [\n');
    expect(await rejects(SAMPLES.splunk, '--format', 'splunk', '--map', notYaml)).toMatch(/map-broken\.yaml:\d: not valid YAML/);
    const unknownKey = file(
      'map-key.yaml',
      'version: 1\nmap:\n  - { from: acme:x, name: "WinEventLog:Sysmon" }\n  - { from: acme:y, nmae: "linux:syslog" }\n',
    );
    const out = await rejects(SAMPLES.splunk, '--format', 'splunk', '--map', unknownKey);
    expect(out).toContain(`${unknownKey}:4: map[1].nmae: unknown key "nmae"`);
    expect(out).toContain(`${unknownKey}:4: map[1].name: missing name`);
    const dup = file('map-dup.yaml', 'version: 1\nmap:\n  - { from: acme:x, name: a }\n  - { from: [acme:y, ACME:X], name: b }\n');
    expect(await rejects(SAMPLES.splunk, '--format', 'splunk', '--map', dup)).toContain(
      `${dup}:4: map[1].from: "ACME:X" is already mapped by map[0]`,
    );
    const version = file('map-v2.yaml', 'version: 2\nmap: []\n');
    expect(await rejects(SAMPLES.splunk, '--format', 'splunk', '--map', version)).toContain(`${version}:1: version: unknown version`);
  });

  test('not errors: unknown hosts and unnamed rows are reported, the import goes on; .gz files are read', async () => {
    const path = file('findings.csv.gz', gzipSync(`${SPLUNK}\nnobody.example,x,custom:thing,,1,1796000000,1796007600\n${row}\n`));
    expect(await main(['import', 'telemetry', path, '--format', 'splunk'])).toBe(0);
    expect(out.stdout).toMatch(/2 rows, 2 host names: 1 assets matched, 1 unknown hosts/);
    expect(out.stdout).toMatch(/1 unnamed rows/);
    expect(out.stdout).toContain('findings.csv.gz:2: sourcetype=custom:thing source=x');
  });
});
