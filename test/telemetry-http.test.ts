import { parse } from 'csv-parse/sync';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { createKey } from '../src/auth/keys';
import { RunningServer } from '../src/server/app';
import { importInventory } from '../import/inventory/import-inventory';
import { removeTelemetry } from '../import/telemetry/write';
import { ACME } from './support/acme';
import { closeDriver, graphCounts, importShared, resetDb } from './support/db';
import { graphqlRequest, request, Servers } from './support/http';
import { describeWithShared } from './support/shared';
import { SAMPLES, storedObservations } from './support/telemetry';

/**
 * POST /api/v1/telemetry for a SIEM's scheduled job: admins only, the body streamed (no 1 MiB limit
 * as on /graphql; gzip accepted), bad input answered 400 with every problem; and drift.csv for BI.
 */
describeWithShared('telemetry over HTTP', () => {
  const servers = new Servers();
  let server: RunningServer;
  let base: string;
  let admin: string;
  let reader: string;
  const auth = (key: string) => ({ authorization: `Bearer ${key}` });
  const post = (query: string, body: BodyInit, headers: Record<string, string> = {}, init: RequestInit = {}) =>
    request(`${base}/api/v1/telemetry${query}`, { method: 'POST', headers, body, ...init });

  beforeAll(async () => {
    await resetDb();
    await importShared('enterprise-attack-18.1');
    await importInventory({ document: ACME, csv: [] });
    admin = (await createKey('admin', 'siem-job')).key;
    reader = (await createKey('reader', 'bi')).key;
    server = await servers.start(0);
    base = server.url.replace(/\/graphql$/, '');
  });
  afterAll(async () => {
    await servers.stopAll();
    await closeDriver();
  });

  test('an admin posts an export and gets the summary; the same body again changes nothing', async () => {
    const body = readFileSync(SAMPLES.splunk);
    const r = await post('?format=splunk', body, auth(admin));
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      unchanged: false,
      format: 'splunk',
      source: 'request body',
      rows: 128,
      unknownHosts: 1,
      asOf: '2026-11-30T23:00:00Z',
    });
    const again = await post('?format=splunk', body, auth(admin));
    expect(again.body).toMatchObject({ unchanged: true, id: r.body.id });
  });

  test('readers get 403, callers without a key 401; nothing is written', async () => {
    const before = await graphCounts();
    const body = readFileSync(SAMPLES.sentinel);
    const r = await post('?format=sentinel', body, auth(reader));
    expect(r.status).toBe(403);
    expect(r.body.errors[0]).toMatchObject({ message: 'importing telemetry needs an admin API key', extensions: { code: 'FORBIDDEN' } });
    expect((await post('?format=sentinel', body)).status).toBe(401);
    expect(await graphCounts()).toEqual(before);
  });

  test('the body is streamed: a multi-megabyte export sent in chunks imports, where /graphql would refuse it', async () => {
    await removeTelemetry();
    const header = 'host,name,channel,count,firstSeen,lastSeen\n';
    const rows = 40_000;
    const encoder = new TextEncoder();
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent === 0) controller.enqueue(encoder.encode(header));
        if (sent >= rows) return controller.close();
        let chunk = '';
        for (let i = 0; i < 1000; i += 1, sent += 1)
          chunk += `ws-${String(sent % 300).padStart(3, '0')}.acme.local,WinEventLog:Security,EventCode=${4000 + (sent % 700)},${sent},2026-11-01T00:00:00Z,2026-11-29T00:00:00Z\n`;
        controller.enqueue(encoder.encode(chunk));
      },
    });
    const r = await post(
      '?format=csv&asOf=2026-11-30T00:00:00Z',
      stream,
      { ...auth(admin), 'content-type': 'text/csv' },
      { duplex: 'half' },
    );
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ rows, asOf: '2026-11-30T00:00:00Z', hosts: 300 });
    expect(sent * 80).toBeGreaterThan(2 * 1024 * 1024);
    const big = await graphqlRequest(server, `{ __typename } #${'x'.repeat(1024 * 1024 + 10)}`, {}, auth(admin));
    expect(big.status).toBe(413);
  });

  test('gzip bodies are unpacked; bad input is 400 with every problem listed, and nothing written', async () => {
    await removeTelemetry();
    const r = await post('?format=elastic', gzipSync(readFileSync(SAMPLES.elastic)), { ...auth(admin), 'content-encoding': 'gzip' });
    expect(r.status).toBe(200);
    expect(r.body.rows).toBe(128);
    const stored = await storedObservations();
    const before = await graphCounts();
    const bad =
      'host,source,sourcetype,EventCode,count,firstTime,lastTime\nWS-001,a,b,1,x,1796000000,1796000001\n,a,b,1,1,1796000000,1796000001\n';
    const rejected = await post('?format=splunk', bad, auth(admin));
    expect(rejected.status).toBe(400);
    expect(rejected.body.errors[0].extensions).toEqual({
      code: 'BAD_USER_INPUT',
      problems: ['request body:2: count: "x" is not a count (a whole number of events)', 'request body:3: host: a row with no host'],
    });
    expect((await post('', 'x', auth(admin))).body.errors[0].message).toBe('format is required: ?format=splunk|elastic|sentinel|csv');
    expect((await post('?format=qradar', 'x', auth(admin))).body.errors[0].message).toContain('unknown format "qradar"');
    expect((await post('?format=csv&since=1', 'x', auth(admin))).status).toBe(400);
    expect((await request(`${base}/api/v1/telemetry`, { headers: auth(admin) })).status).toBe(405);
    expect(await graphCounts()).toEqual(before);
    expect(await storedObservations()).toEqual(stored);
  });

  test("drift.csv for BI: readers may read it; its rows are telemetryDrift's", async () => {
    const r = await request(`${base}/api/v1/telemetry/drift.csv?minState=monitored&freshnessDays=7`, { headers: auth(reader) });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const [header, ...lines] = parse(r.text) as string[][];
    expect(header.join(',')).toBe(
      'log_source_id,name,channel,min_state,declared_hosts,fresh_hosts,stale_hosts,never_seen_hosts,fresh_ratio,last_seen,as_of,freshness_days',
    );
    const gqlDrift = (
      await graphqlRequest(
        server,
        '{ telemetryDrift { logSources { logSource { id } declaredHosts freshHosts staleHosts neverSeenHosts } } }',
        {},
        auth(reader),
      )
    ).body.data.telemetryDrift;
    const csv = lines.map((c) => [c[0], Number(c[4]), Number(c[5]), Number(c[6]), Number(c[7])]);
    expect(csv).toEqual(
      gqlDrift.logSources.map((l: any) => [l.logSource.id, l.declaredHosts, l.freshHosts, l.staleHosts, l.neverSeenHosts]),
    );
    expect(lines.length).toBeGreaterThan(5);
    expect((await request(`${base}/api/v1/telemetry/drift.csv?minState=sometimes`, { headers: auth(reader) })).status).toBe(400);
  });
});
