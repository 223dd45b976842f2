import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importInventory } from '../import/inventory/import-inventory';
import { removeTelemetry } from '../import/telemetry/write';
import { closeDriver, importShared, resetDb } from './support/db';
import { gql, stopGraphql } from './support/graphql';
import { describeWithShared } from './support/shared';
import { importFile } from './support/telemetry';

/**
 * TELEMETRY.md's matching and freshness, clause by clause, on a small inventory written for it:
 * hosts by id, hostname and unique short name (an ambiguous one is unknown), observations by the
 * (name, channel) rule or by log source id, and the freshness boundary to the second.
 */
const dir = mkdtempSync(join(tmpdir(), 'attack-kg-telemetry-match-'));
const write = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

const INVENTORY = `version: 1
assets:
  - { id: WEB-01, hostname: web-01.eu.corp, platforms: [Linux] }
  - { id: WEB-01-US, hostname: web-01.us.corp, platforms: [Linux] }
  - { id: DC-1, hostname: dc1.corp.example, platforms: [Windows] }
  - { id: WS-7, hostname: ws-7.corp.example, platforms: [Windows] }
  - { id: TENANT-A, hostname: shared.example, platforms: [Windows] }
  - { id: TENANT-B, hostname: shared.example, platforms: [Windows] }
  - { id: SRV-9, hostname: 10.0.0.9, platforms: [Linux] }
logSources:
  - { id: sec-4688, name: "WinEventLog:Security", channel: EventCode=4688 }
  - { id: sec-logon, name: "WinEventLog:Security", channel: "EventCode=4624, 4648" }
  - { id: sysmon-any, name: "WinEventLog:Sysmon" }
  - { id: ps, name: "WinEventLog:PowerShell", channel: "EventCode=4103, 4104" }
  - { id: syslog, name: "linux:syslog" }
  - { id: edr, dataComponents: [Process Creation] }
collection:
  - { logSource: sec-4688, assets: { platforms: [Windows] }, state: monitored }
  - { logSource: sec-logon, assets: [DC-1], state: monitored }
  - { logSource: sysmon-any, assets: [WS-7], state: tested }
  - { logSource: ps, assets: [WS-7, DC-1], state: configured }
  - { logSource: syslog, assets: { platforms: [Linux] }, state: monitored }
  - { logSource: edr, assets: "*", state: monitored }
`;

const AS_OF = '2026-06-30T00:00:00Z';
const T = Date.parse(AS_OF) / 1000;
const DAYS7 = 7 * 86_400;
const at = (epoch: number) => String(epoch);

/** attack-kg's own columns; the as-of is given, so it does not depend on the rows. */
const ROWS = [
  'host,name,channel,logSource,count,firstSeen,lastSeen',
  // by id (case-insensitive): exactly 7 days old, fresh at 7 days
  `ws-7,WinEventLog:Security,EventCode=4688,,10,${at(T - 30 * 86_400)},${at(T - DAYS7)}`,
  // by hostname: one second older than that, stale at 7 days
  `DC1.CORP.EXAMPLE,WinEventLog:Security,EventCode=4688,,10,${at(T - 30 * 86_400)},${at(T - DAYS7 - 1)}`,
  // by short name of the hostname; 4624 is a member of sec-logon's channel
  `DC1,WinEventLog:Security,4624,,5,${at(T - 86_400)},${at(T)}`,
  // by short name (another domain); a channel-less log source is evidenced by any event of its name
  `WS-7.other.domain,WinEventLog:Sysmon,EventCode=1,,5,${at(T - 86_400)},${at(T - 3600)}`,
  // an observation without a channel stands for every channel of its name (ps on DC-1)
  `dc-1,WinEventLog:PowerShell,,,5,${at(T - 86_400)},${at(T - 7200)}`,
  // a Windows channel's full name, an XmlWinEventLog prefix and a bare event id: WinEventLog:PowerShell EventCode=4104
  `ws-7.corp.example,XmlWinEventLog:Microsoft-Windows-PowerShell/Operational,4104,,5,${at(T - 86_400)},${at(T - 60)}`,
  // a feed with no name, by log source id
  `WS-7,,,edr,99,${at(T - 86_400)},${at(T - 120)}`,
  // undeclared: 4698 is in no log source WS-7 declares
  `WS-7,WinEventLog:Security,EventCode=4698,,3,${at(T - 86_400)},${at(T - 180)}`,
  // ambiguous short name (web-01 is WEB-01's and WEB-01-US's), ambiguous hostname, and exact matches that win over both
  `web-01.corp,linux:syslog,,,1,${at(T - 86_400)},${at(T)}`,
  `shared.example,WinEventLog:Security,EventCode=4688,,1,${at(T - 86_400)},${at(T)}`,
  `WEB-01,linux:syslog,,,1,${at(T - 86_400)},${at(T - 10)}`,
  // an IP address is matched whole, never by a "short name" before its first dot
  `10.0.0.9,linux:syslog,,,1,${at(T - 86_400)},${at(T)}`,
  `10.0.0.99,linux:syslog,,,1,${at(T - 86_400)},${at(T)}`,
  // an unnamed row: kept, reported, proves the host sends something
  `web-01.us.corp,,,,7,${at(T - 86_400)},${at(T - 5)}`,
].join('\n');

const EVIDENCE = `query($id: ID!, $days: Int) { asset(id: $id) { telemetry(freshnessDays: $days) { lastSeen freshness hostnames
  logSources { logSource { id } state lastSeen freshness } undeclared { name channel freshness } } } }`;

const evidence = async (id: string, days = 7) => {
  const { asset } = await gql(EVIDENCE, { id, days });
  return Object.fromEntries(
    asset.telemetry.logSources.map((l: any) => [
      l.logSource.id,
      l.freshness === 'NEVER_SEEN' ? 'NEVER_SEEN' : `${l.freshness} ${l.lastSeen}`,
    ]),
  );
};
const iso = (epoch: number) => new Date(epoch * 1000).toISOString().replace('.000Z', 'Z');

describeWithShared('telemetry matching and freshness', () => {
  let summary: Awaited<ReturnType<typeof importFile>>;
  beforeAll(async () => {
    await resetDb();
    await importShared('enterprise-attack-18.1');
    await importInventory({ document: write('inventory.yaml', INVENTORY), csv: [] });
    await removeTelemetry();
    summary = await importFile(write('telemetry.csv', ROWS), 'csv', { asOf: AS_OF });
  });
  afterAll(async () => {
    await stopGraphql();
    await closeDriver();
  });

  test('the summary counts hosts matched, unknown and ambiguous hosts, unnamed rows and undeclared observations', () => {
    expect(summary).toMatchObject({
      rows: 14,
      asOf: AS_OF,
      hostsMatched: 5,
      unknownHosts: 1,
      ambiguousHosts: 2,
      unnamedRows: 1,
      undeclaredObservations: 1,
    });
    expect(summary.examples.unnamedRows).toEqual([expect.stringMatching(/telemetry\.csv:15: no name or logSource$/)]);
    expect(summary.examples.undeclared).toEqual(['WS-7: WinEventLog:Security EventCode=4698']);
  });

  test('hosts by id, hostname and short name (case-insensitive); the freshness boundary is exact to the second', async () => {
    expect(await evidence('WS-7')).toEqual({
      edr: `FRESH ${iso(T - 120)}`,
      ps: `FRESH ${iso(T - 60)}`,
      'sec-4688': `FRESH ${iso(T - DAYS7)}`,
      'sysmon-any': `FRESH ${iso(T - 3600)}`,
    });
    expect(await evidence('DC-1')).toEqual({
      edr: 'NEVER_SEEN',
      ps: `FRESH ${iso(T - 7200)}`,
      'sec-4688': `STALE ${iso(T - DAYS7 - 1)}`,
      'sec-logon': `FRESH ${iso(T)}`,
    });
    // One more day of freshness: the second that was too old is fresh; none at all: only what arrived at the as-of.
    expect((await evidence('DC-1', 8))['sec-4688']).toBe(`FRESH ${iso(T - DAYS7 - 1)}`);
    expect(await evidence('DC-1', 0)).toMatchObject({ 'sec-logon': `FRESH ${iso(T)}`, ps: `STALE ${iso(T - 7200)}` });
    const { asset } = await gql(EVIDENCE, { id: 'WS-7', days: 7 });
    expect(asset.telemetry.hostnames).toEqual(['WS-7.other.domain', 'ws-7', 'ws-7.corp.example']);
    expect(asset.telemetry.undeclared).toEqual([{ name: 'WinEventLog:Security', channel: 'EventCode=4698', freshness: 'FRESH' }]);
  });

  test('an exact id or hostname wins over a shared short name; an IP address is matched whole', async () => {
    expect(await evidence('WEB-01')).toEqual({ edr: 'NEVER_SEEN', syslog: `FRESH ${iso(T - 10)}` });
    expect(await evidence('SRV-9')).toEqual({ edr: 'NEVER_SEEN', syslog: `FRESH ${iso(T)}` });
    // WEB-01-US sent only an unnamed row: it is seen, but evidences nothing.
    const { asset } = await gql(EVIDENCE, { id: 'WEB-01-US', days: 7 });
    expect(asset.telemetry).toMatchObject({ lastSeen: iso(T - 5), freshness: 'FRESH' });
    expect(asset.telemetry.logSources.every((l: any) => l.freshness === 'NEVER_SEEN')).toBe(true);
    expect(await evidence('TENANT-A')).toEqual({ edr: 'NEVER_SEEN', 'sec-4688': 'NEVER_SEEN' });
  });

  test('ambiguous and unknown hosts are listed, with the assets an ambiguous name could be', async () => {
    const { telemetryUnknownHosts: u } = await gql(
      '{ telemetryUnknownHosts { totalCount nodes { host spellings rows ambiguousWith { id } } } }',
    );
    expect(u.totalCount).toBe(3);
    const byHost = Object.fromEntries(
      u.nodes.map((n: any) => [n.host, { spellings: n.spellings, rows: n.rows, ambiguousWith: n.ambiguousWith.map((a: any) => a.id) }]),
    );
    expect(byHost).toEqual({
      'web-01': { spellings: ['web-01.corp'], rows: 1, ambiguousWith: ['WEB-01', 'WEB-01-US'] },
      shared: { spellings: ['shared.example'], rows: 1, ambiguousWith: ['TENANT-A', 'TENANT-B'] },
      '10.0.0.99': { spellings: ['10.0.0.99'], rows: 1, ambiguousWith: [] },
    });
    const { telemetryDrift } = await gql('{ telemetryDrift { unknownHosts } }');
    expect(telemetryDrift.unknownHosts).toBe(3);
  });

  test('drift splits declared hosts at the boundary, per minState', async () => {
    const drift = async (min: string, days: number) =>
      Object.fromEntries(
        (
          await gql(
            `query($min: CollectionState, $days: Int) { telemetryDrift(minState: $min, freshnessDays: $days) {
      logSources { logSource { id } declaredHosts freshHosts staleHosts neverSeenHosts } } }`,
            { min, days },
          )
        ).telemetryDrift.logSources.map((l: any) => [l.logSource.id, [l.declaredHosts, l.freshHosts, l.staleHosts, l.neverSeenHosts]]),
      );
    expect(await drift('MONITORED', 7)).toEqual({
      edr: [7, 1, 0, 6],
      'sec-4688': [4, 1, 1, 2],
      'sec-logon': [1, 1, 0, 0],
      syslog: [3, 2, 0, 1],
    });
    expect((await drift('MONITORED', 8))['sec-4688']).toEqual([4, 2, 0, 2]);
    expect(await drift('CONFIGURED', 7)).toMatchObject({ ps: [2, 2, 0, 0], 'sysmon-any': [1, 1, 0, 0] });
  });

  test('a later import with an earlier as-of does not move the as-of back; the newest as-of over imports counts', async () => {
    await importFile(write('older.csv', `host,name,channel,lastSeen\nws-7,linux:syslog,,${at(T - 10 * 86_400)}\n`), 'csv', {
      asOf: String(T - 10 * 86_400),
    });
    const { telemetryDrift } = await gql('{ telemetryDrift { asOf freshSince } }');
    expect(telemetryDrift).toEqual({ asOf: AS_OF, freshSince: iso(T - DAYS7) });
  });

  test("--map names an organisation's own sourcetypes, tried before the built-in tables", async () => {
    const map = write(
      'map.yaml',
      'version: 1\nmap:\n  - { from: acme:edr:proc, format: splunk, name: "WinEventLog:Sysmon", channel: EventCode=1 }\n  - { from: [syslog], format: splunk, name: "linux:syslog", channel: "auth" }\n',
    );
    const splunk = write(
      'splunk.csv',
      `host,source,sourcetype,EventCode,count,firstTime,lastTime\nDC-1,proc,acme:edr:proc,,3,${T - 100},${T - 50}\nWEB-01,x,unknown:thing,,3,${T - 100},${T - 50}\n`,
    );
    const s = await importFile(splunk, 'splunk', { mapFile: map });
    expect(s).toMatchObject({ rows: 2, unnamedRows: 1, undeclaredObservations: 1 });
    expect(s.examples.undeclared).toEqual(['DC-1: WinEventLog:Sysmon EventCode=1']);
    expect(s.examples.unnamedRows).toEqual([expect.stringMatching(/splunk\.csv:3: sourcetype=unknown:thing source=x$/)]);
  });
});
