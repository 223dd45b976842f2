import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importInventory } from '../import/inventory/import-inventory';
import { removeTelemetry } from '../import/telemetry/write';
import { ACME } from './support/acme';
import { graphCounts, importShared } from './support/db';
import { gql } from './support/graphql';
import { onAcme } from './support/acme-suite';
import { describeWithShared } from './support/shared';
import { generationsInUse, importFile, SAMPLES, storedObservations, telemetryCounts } from './support/telemetry';
import { readInventory } from './oracle/inventory';
import { oracleDrift, oracleTelemetry, readSplunkObservations } from './oracle/telemetry';

/**
 * TELEMETRY.md against the real Neo4j with the shared samples (17 Acme hosts in Splunk, Elastic
 * and Sentinel shapes) and examples/acme: the three formats give the same observations, drift
 * matches an independent computation, imports are idempotent and all-or-nothing, and telemetry
 * survives inventory and ATT&CK re-imports.
 */
const DRIFT = `query($min: CollectionState, $days: Int) { telemetryDrift(minState: $min, freshnessDays: $days) {
  asOf freshnessDays freshSince unknownHosts
  logSources { logSource { id } declaredHosts freshHosts staleHosts neverSeenHosts lastSeen }
  undeclared { name channel hosts freshHosts assets(first: 500) { totalCount nodes { id } } } } }`;

const dir = mkdtempSync(join(tmpdir(), 'attack-kg-telemetry-'));
const inventory = readInventory(ACME);
const oracle = oracleTelemetry(inventory, readSplunkObservations(SAMPLES.splunk));

describeWithShared('telemetry import: the shared samples against examples/acme', () => {
  onAcme();

  test('each format gives the same observations (but for two quirks of the samples, below)', async () => {
    const sets: Record<string, string[]> = {};
    for (const [format, file] of Object.entries(SAMPLES)) {
      await removeTelemetry();
      const summary = await importFile(file, format);
      expect({ format, rows: summary.rows, unnamed: summary.unnamedRows }).toEqual({ format, rows: 128, unnamed: 0 });
      sets[format] = await storedObservations();
    }
    // The Elastic sample spells the servers Splunk calls WSRV-001..004 "srv-001".."srv-004": under the
    // contract's matching those are unknown hosts (no asset id, hostname or short name is srv-00x).
    const elastic = sets.elastic.map((s) => s.replace(/^srv-(\d+)\|/, 'wsrv-$1|')).sort();
    expect(elastic).toEqual(sets.splunk);
    expect(sets.elastic.filter((s) => s.startsWith('srv-')).length).toBe(10);
    // Sentinel cannot tell auditd from syslog: its Syslog table holds both.
    const linux = (s: string) => s.startsWith('lnx-001.acme.local|');
    expect(sets.sentinel.filter((s) => !linux(s))).toEqual(sets.splunk.filter((s) => !linux(s)));
    expect(
      sets.splunk
        .filter(linux)
        .map((s) => s.split('|').slice(1, 3).join(' '))
        .sort(),
    ).toEqual(['auditd:* ', 'linux:syslog ']);
    // Sentinel's two Syslog rows for the host (audit and secure) are one linux:syslog observation, their events summed.
    expect(sets.sentinel.filter(linux).map((s) => s.split('|').slice(1, 3).concat(s.split('|')[6]).join(' '))).toEqual([
      `linux:syslog  ${24744 + 45732}`,
    ]);
    expect(sets.splunk.length).toBeGreaterThan(100);
  });

  test('the summary: rows, hosts matched, unknown hosts, unnamed rows, undeclared observations', async () => {
    await removeTelemetry();
    const s = await importFile(SAMPLES.splunk, 'splunk');
    const undeclaredPairs = [...oracle.undeclared.values()].reduce((n, set) => n + set.size, 0);
    expect(s).toMatchObject({
      unchanged: false,
      format: 'splunk',
      rows: 128,
      hostsMatched: oracle.hostsMatched,
      unknownHosts: oracle.unknown.size,
      ambiguousHosts: 0,
      unnamedRows: 0,
      undeclaredObservations: undeclaredPairs,
      asOf: '2026-11-30T23:00:00Z',
      newestAsOf: '2026-11-30T23:00:00Z',
    });
    expect(oracle.unknown).toEqual(new Set(['ws-999']));
    expect(s.examples.unknownHosts).toHaveLength(1);
    expect(s.examples.unknownHosts[0]).toMatch(/^(WS-999, ws-999\.acme\.local|ws-999\.acme\.local, WS-999) \(7 rows\)$/);
    expect(s.examples.undeclared.length).toBeGreaterThan(0);
  });

  test.each([
    [3, 7],
    [3, 30],
    [1, 7],
    [2, 14],
    [3, 0],
  ])('drift at minState rank %p, %p days, equals the oracle', async (minRank, days) => {
    const min = ['CONFIGURED', 'TESTED', 'MONITORED'][minRank - 1];
    const { telemetryDrift: d } = await gql(DRIFT, { min, days });
    expect(d.asOf).toBe('2026-11-30T23:00:00Z');
    expect(d.unknownHosts).toBe(1);
    const got = d.logSources.map((l: any) => ({
      id: l.logSource.id,
      declared: l.declaredHosts,
      fresh: l.freshHosts,
      stale: l.staleHosts,
      neverSeen: l.neverSeenHosts,
    }));
    expect(got).toEqual(oracleDrift(inventory, oracle, minRank, days));
    for (const l of d.logSources) expect(l.freshHosts + l.staleHosts + l.neverSeenHosts).toBe(l.declaredHosts);
    // The samples have fresh and stale evidence both, and declared sources never seen.
    if (minRank === 3 && days === 7) {
      expect(got.some((l: any) => l.fresh > 0) && got.some((l: any) => l.stale > 0) && got.some((l: any) => l.neverSeen > 0)).toBe(true);
    }
  });

  test('undeclared telemetry: each observed log with the assets sending it undeclared (Security 4698 among them)', async () => {
    const { telemetryDrift: d } = await gql(DRIFT, { min: 'MONITORED', days: 7 });
    const got = new Map<string, string[]>(
      d.undeclared.map((u: any) => [
        `${u.name === 'auditd:*' ? 'auditd' : u.name}|${u.channel ?? ''}`,
        u.assets.nodes.map((n: any) => n.id),
      ]),
    );
    const expected = new Map([...oracle.undeclared].map(([k, set]) => [k, [...set].sort()]));
    expect(got).toEqual(expected);
    expect(got.get('WinEventLog:Security|EventCode=4698')?.length).toBeGreaterThan(0);
  });

  test('what undeclared telemetry would provide: the data components ATT&CK lists for its (name, channel)', async () => {
    const { telemetryDrift: d } = await gql(`{ telemetryDrift { undeclared { name channel dataComponents { attackId name } } } }`);
    const sec4698 = d.undeclared.find((u: any) => u.name === 'WinEventLog:Security' && u.channel === 'EventCode=4698');
    expect(sec4698.dataComponents.map((c: any) => c.name)).toContain('Scheduled Job Creation');
  });

  test('silent hosts of one log source: never seen first, then the longest silent, each with its state', async () => {
    const { telemetryDrift: d } = await gql(DRIFT, { min: 'MONITORED', days: 7 });
    const target =
      d.logSources.find((l: any) => l.staleHosts > 0 && l.neverSeenHosts > 0) ??
      d.logSources.find((l: any) => l.staleHosts + l.neverSeenHosts > 1);
    const { telemetrySilentHosts: s } = await gql(
      `query($id: ID!) { telemetrySilentHosts(logSource: $id, first: 2) {
      totalCount nodes { asset { id } state lastSeen freshness } pageInfo { hasNextPage endCursor } } }`,
      { id: target.logSource.id },
    );
    expect(s.totalCount).toBe(target.staleHosts + target.neverSeenHosts);
    const all = [...s.nodes];
    let after = s.pageInfo.endCursor;
    while (after && all.length < s.totalCount) {
      const next = (
        await gql(
          `query($id: ID!, $after: String) { telemetrySilentHosts(logSource: $id, first: 2, after: $after) {
        nodes { asset { id } state lastSeen freshness } pageInfo { endCursor } } }`,
          { id: target.logSource.id, after },
        )
      ).telemetrySilentHosts;
      all.push(...next.nodes);
      after = next.pageInfo.endCursor;
    }
    expect(all).toHaveLength(s.totalCount);
    const never = all.filter((h) => h.lastSeen === null);
    expect(never.every((h) => h.freshness === 'NEVER_SEEN')).toBe(true);
    expect(all.slice(0, never.length)).toEqual(never);
    const stale = all.slice(never.length).map((h) => h.lastSeen);
    expect(stale).toEqual([...stale].sort());
    for (const h of all) {
      expect(h.state).toBe('MONITORED');
      const seen = oracle.evidence.get(h.asset.id)?.get(target.logSource.id);
      expect(h.lastSeen === null ? undefined : Date.parse(h.lastSeen) / 1000).toBe(seen);
    }
  });

  test("an asset's and a log source's evidence", async () => {
    const { asset } = await gql(`{ asset(id: "WS-002") { telemetry { lastSeen freshness hostnames
      logSources { logSource { id } state lastSeen freshness } undeclared { name channel lastSeen freshness } } } }`);
    expect(asset.telemetry.hostnames).toEqual(['WS-002', 'ws-002.acme.local']);
    const since = oracle.asOf - 7 * 86_400;
    for (const e of asset.telemetry.logSources) {
      const seen = oracle.evidence.get('WS-002')?.get(e.logSource.id);
      expect([e.logSource.id, e.lastSeen === null ? undefined : Date.parse(e.lastSeen) / 1000]).toEqual([e.logSource.id, seen]);
      expect(e.freshness).toBe(seen === undefined ? 'NEVER_SEEN' : seen >= since ? 'FRESH' : 'STALE');
    }
    expect(asset.telemetry.undeclared.map((u: any) => `${u.name}|${u.channel}`)).toContain('WinEventLog:Security|EventCode=4698');
    const { logSources } = await gql(`{ logSources { id telemetry { declaredHosts freshHosts staleHosts neverSeenHosts } } }`);
    const drift = new Map(oracleDrift(inventory, oracle, 3, 7).map((d) => [d.id, d]));
    for (const l of logSources) {
      const d = drift.get(l.id) ?? { declared: 0, fresh: 0, stale: 0, neverSeen: 0 };
      expect([l.id, l.telemetry]).toEqual([
        l.id,
        { declaredHosts: d.declared, freshHosts: d.fresh, staleHosts: d.stale, neverSeenHosts: d.neverSeen },
      ]);
    }
    const { asset: unseen } = await gql(`{ asset(id: "WS-100") { telemetry { lastSeen freshness hostnames } } }`);
    expect(unseen.telemetry).toEqual({ lastSeen: null, freshness: 'NEVER_SEEN', hostnames: [] });
  });

  test('unknown hosts, with their spellings and row counts', async () => {
    const { telemetryUnknownHosts: u } = await gql(
      `{ telemetryUnknownHosts { totalCount nodes { host spellings rows observations lastSeen ambiguousWith { id } } } }`,
    );
    expect(u.totalCount).toBe(1);
    const rows = readFileSync(SAMPLES.splunk, 'utf8')
      .split('\n')
      .filter((l) => /^ws-999[.,]/i.test(l));
    expect(u.nodes[0]).toMatchObject({ host: 'ws-999', spellings: ['WS-999', 'ws-999.acme.local'], rows: rows.length, ambiguousWith: [] });
  });

  test('re-importing the same file changes nothing; a copy with other bytes but the same rows changes no answer', async () => {
    const drift = await gql(DRIFT, { min: 'MONITORED', days: 7 });
    const observations = await storedObservations();
    const counts = await telemetryCounts();
    const graph = await graphCounts();
    const again = await importFile(SAMPLES.splunk, 'splunk');
    expect(again.unchanged).toBe(true);
    expect(await telemetryCounts()).toEqual(counts);
    expect(await graphCounts()).toEqual(graph);
    const reordered = join(dir, 'splunk-reordered.csv');
    const [header, ...rows] = readFileSync(SAMPLES.splunk, 'utf8').trimEnd().split(/\r?\n/);
    writeFileSync(reordered, `${[header, ...rows.reverse()].join('\n')}\n`);
    const copy = await importFile(reordered, 'splunk');
    expect(copy.unchanged).toBe(false);
    expect(await storedObservations()).toEqual(observations);
    expect(await gql(DRIFT, { min: 'MONITORED', days: 7 })).toEqual(drift);
    expect(await generationsInUse()).toEqual([copy.id]);
  });

  test('imports add up: another format of the same data changes no observation time; an older export cannot make evidence older', async () => {
    const before = (await storedObservations()).map((s) => s.split('|').slice(0, 6).join('|'));
    await importFile(SAMPLES.sentinel, 'sentinel');
    expect((await storedObservations()).map((s) => s.split('|').slice(0, 6).join('|'))).toEqual(before);
    const old = join(dir, 'old.csv');
    writeFileSync(
      old,
      'host,name,channel,count,firstSeen,lastSeen\nWS-001,WinEventLog:Security,EventCode=4688,5,2025-01-01T00:00:00Z,2025-01-02T00:00:00Z\n',
    );
    const s = await importFile(old, 'csv');
    expect(s.newestAsOf).toBe('2026-11-30T23:00:00Z');
    expect((await storedObservations()).map((x) => x.split('|').slice(0, 5).join('|'))).toEqual(
      before.map((x) => x.split('|').slice(0, 5).join('|')),
    );
  });

  test('a failed import changes nothing: a bad row at the very end', async () => {
    const drift = await gql(DRIFT, { min: 'MONITORED', days: 7 });
    const graph = await graphCounts();
    const bad = join(dir, 'bad-end.csv');
    writeFileSync(
      bad,
      `${readFileSync(SAMPLES.splunk, 'utf8').trimEnd()}\nws-001.acme.local,WinEventLog:Security,WinEventLog,4688,12,1796000000,not-a-time\n`,
    );
    await expect(importFile(bad, 'splunk')).rejects.toThrow(/bad-end\.csv:130: lastTime: "not-a-time" is not a time/);
    expect(await graphCounts()).toEqual(graph);
    expect(await gql(DRIFT, { min: 'MONITORED', days: 7 })).toEqual(drift);
  });

  test('telemetry survives an inventory re-import (the same file, and one without a log source) and an ATT&CK re-import', async () => {
    const query = { min: 'MONITORED', days: 7 };
    const drift = await gql(DRIFT, query);
    await importInventory({ document: ACME, csv: [] });
    expect(await gql(DRIFT, query)).toEqual(drift);
    await importShared('enterprise-attack-18.1');
    expect(await gql(DRIFT, query)).toEqual(drift);
    // Drop one log source (and its collection rows): the other (asset, log source) pairs keep their evidence.
    const text = readFileSync(ACME, 'utf8')
      .split('\n')
      .filter((l) => !l.includes('win-service-install'))
      .join('\n');
    const trimmed = join(dir, 'acme-trimmed.yaml');
    writeFileSync(trimmed, text.replace('include: [assets.csv]', `include: [${join(ACME, '..', 'assets.csv')}]`));
    await importInventory({ document: trimmed, csv: [] });
    const after = await gql(DRIFT, query);
    const without = (d: any) => ({
      ...d.telemetryDrift,
      logSources: d.telemetryDrift.logSources.filter((l: any) => l.logSource.id !== 'win-service-install'),
      undeclared: undefined,
    });
    expect(without(after)).toEqual(without(drift));
    expect(after.telemetryDrift.logSources.map((l: any) => l.logSource.id)).not.toContain('win-service-install');
    // Its observations are kept, now undeclared: the inventory no longer says anyone collects them.
    expect(after.telemetryDrift.undeclared.map((u: any) => `${u.name}|${u.channel}`)).toContain('WinEventLog:System|EventCode=7045');
    await importInventory({ document: ACME, csv: [] });
    expect(await gql(DRIFT, query)).toEqual(drift);
  });

  test('the import history', async () => {
    const { telemetryImports } = await gql(
      '{ telemetryImports { id status format source sha256 asOf rows counts { name count } examples } }',
    );
    expect(telemetryImports.filter((t: any) => t.status === 'current')).toHaveLength(1);
    expect(telemetryImports.every((t: any) => ['current', 'archived'].includes(t.status))).toBe(true);
    expect(telemetryImports.find((t: any) => t.format === 'splunk').counts).toContainEqual({ name: 'rows', count: 128 });
  });
});
