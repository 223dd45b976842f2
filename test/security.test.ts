import { mkdtempSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  buildClientSchema,
  getIntrospectionQuery,
  getNamedType,
  getNullableType,
  GraphQLArgument,
  GraphQLField,
  GraphQLInputType,
  GraphQLNamedType,
  GraphQLSchema,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  isUnionType,
} from 'graphql';
import * as attackQueries from '../src/attack/queries';
import { createKey, listKeys, revokeKey } from '../src/auth/keys';
import { importAttack } from '../import/attack/import-attack';
import { importDetections } from '../import/detections/import-detections';
import { importInventory } from '../import/inventory/import-inventory';
import { closeDriver, graphCounts, resetDb } from './support/db';
import { graphqlRequest, request, Servers } from './support/http';
import { tinyBundle } from './fixtures/bundles';

const INJECTIONS = [
  `' OR '1'='1`,
  `" OR 1=1 //`,
  `x'}) MATCH (n) DETACH DELETE n //`,
  `x"}) DETACH DELETE n RETURN 1 //`,
  `) RETURN 1 UNION MATCH (n) RETURN n //`,
  '`Technique`) DETACH DELETE n //',
  '$generation',
  '.*',
  '\u0000\\',
  'x'.repeat(10_000),
];

/** Known-good values for required arguments, so the argument under test is the one that reaches Cypher. */
const BENIGN: Record<string, string> = { domain: 'enterprise-attack', release: '1.0', from: '1.0', to: '1.0', version: '1.0', id: 'T1059' };

/** Every place an input string can go: a path of argument / input-field names, and the named type. */
interface Slot {
  path: string[];
  list: boolean;
}

function stringSlots(type: GraphQLInputType, path: string[], seen: Set<string> = new Set()): Slot[] {
  const inner = getNullableType(type);
  const list = isListType(inner);
  const named = getNamedType(type);
  if (isScalarType(named) && ['String', 'ID'].includes(named.name)) return [{ path, list }];
  if (!isInputObjectType(named) || seen.has(named.name) || list) return [];
  return Object.values(named.getFields()).flatMap((f) => stringSlots(f.type, [...path, f.name], new Set([...seen, named.name])));
}

function requiredValue(type: GraphQLInputType, name: string): unknown {
  const named = getNamedType(type);
  const value = isEnumType(named)
    ? named.getValues()[0].value
    : isScalarType(named)
      ? (({ Int: 1, Float: 1, Boolean: false } as Record<string, unknown>)[named.name] ?? BENIGN[name] ?? 'x')
      : {};
  return isListType(getNullableType(type)) ? [value] : value;
}

/** Arguments with the slot set to `value` and every other required argument filled benignly. */
function argumentsWith(field: GraphQLField<unknown, unknown>, slot: Slot, value: string): Record<string, unknown> {
  const args: Record<string, unknown> = {};
  for (const arg of field.args) if (isNonNullType(arg.type)) args[arg.name] = requiredValue(arg.type, arg.name);
  let target = args;
  slot.path.slice(0, -1).forEach((name) => {
    target[name] = { ...(target[name] ?? {}) };
    target = target[name] as Record<string, unknown>;
  });
  target[slot.path[slot.path.length - 1]] = slot.list ? [value] : value;
  return args;
}

/** Scalars of the type, and of the objects one level down: enough to make every resolver run. */
function selection(type: GraphQLNamedType, depth = 0): string {
  if (isLeafType(type)) return '';
  if (isUnionType(type)) return '{ __typename }';
  if (!isObjectType(type) && !isInterfaceType(type)) return '';
  const fields = Object.values(type.getFields()).filter((f) => !f.args.some((a: GraphQLArgument) => isNonNullType(a.type)));
  const parts = fields
    .map((f) => {
      const named = getNamedType(f.type);
      if (isLeafType(named)) return f.name;
      return depth < 1 ? `${f.name} ${selection(named, depth + 1)}` : '';
    })
    .filter((p) => p && !p.endsWith(' '));
  return `{ __typename ${parts.join(' ')} }`;
}

/** Total list elements in an answer: injection must not widen (or narrow) what a filter returns. */
const elements = (value: unknown): number =>
  Array.isArray(value)
    ? value.length + value.reduce((n: number, v) => n + elements(v), 0)
    : value && typeof value === 'object'
      ? Object.values(value).reduce((n: number, v) => n + elements(v), 0)
      : 0;

describe('security: keys, roles, limits, CORS, introspection, error masking, injection', () => {
  const servers = new Servers();
  let out = '';
  const env = { ...process.env };

  beforeAll(async () => {
    await resetDb();
    const dir = mkdtempSync(join(tmpdir(), 'attack-kg-security-'));
    writeFileSync(join(dir, 'tiny.json'), JSON.stringify(tinyBundle()));
    await importAttack(join(dir, 'tiny.json'));
    // An inventory, so inventory and coverage filters get past "no inventory yet" to their queries.
    writeFileSync(
      join(dir, 'inventory.yaml'),
      [
        'version: 1',
        'assets: [{ id: WS-1, platforms: [Windows], businessUnit: Finance, tags: [workstation] }]',
        'logSources: [{ id: sec-4688, name: "WinEventLog:Security", channel: "EventCode=4688" }]',
        'controls: [{ id: edr, name: EDR, type: EDR, produces: [sec-4688], deployments: [{ assets: "*", state: monitored }] }]',
        '',
      ].join('\n'),
    );
    await importInventory({ document: join(dir, 'inventory.yaml'), csv: [] });
    // Detection rules, so the detection filters get past "no rules yet" too.
    writeFileSync(
      join(dir, 'rules.csv'),
      'id,title,techniques,requires,platforms,status,level\nR-1,rule,T1059,@sec-4688,Windows,stable,high\n',
    );
    await importDetections([join(dir, 'rules.csv')]);
  });
  beforeEach(() => {
    out = '';
    const capture = (chunk: unknown) => ((out += `${String(chunk)}\n`), true);
    jest.spyOn(process.stderr, 'write').mockImplementation(capture);
    jest.spyOn(console, 'warn').mockImplementation(capture);
    jest.spyOn(console, 'log').mockImplementation(capture);
  });
  afterEach(() => {
    jest.restoreAllMocks();
    process.env = { ...env };
  });
  afterAll(async () => {
    await servers.stopAll();
    await closeDriver();
  });

  const COUNT = `{ techniques { totalCount } }`;

  test('every filter argument of every query, generated from the schema, takes injection strings as plain values', async () => {
    const server = await servers.start(0);
    const { body } = await graphqlRequest(server, getIntrospectionQuery());
    const schema: GraphQLSchema = buildClientSchema(body.data);
    const before = await graphCounts();
    let requests = 0;
    for (const field of Object.values(schema.getQueryType()!.getFields())) {
      const slots = field.args.flatMap((a) => stringSlots(a.type, [a.name]));
      const select = selection(getNamedType(field.type));
      const run = async (args: Record<string, unknown>) => {
        requests += 1;
        const definitions = Object.keys(args).map((name) => `$${name}: ${field.args.find((a) => a.name === name)!.type}`);
        const query = `query${definitions.length ? `(${definitions.join(', ')})` : ''} { ${field.name}${
          definitions.length
            ? `(${Object.keys(args)
                .map((n) => `${n}: $${n}`)
                .join(', ')})`
            : ''
        } ${select} }`;
        const result = await graphqlRequest(server, query, args);
        expect({ field: field.name, status: result.status < 500 ? 'ok' : result.status }).toEqual({ field: field.name, status: 'ok' });
        const codes = (result.body.errors ?? []).map((e: { extensions?: { code?: string } }) => e.extensions?.code);
        expect({ field: field.name, args, internal: codes.includes('INTERNAL_SERVER_ERROR') }).toEqual({
          field: field.name,
          args,
          internal: false,
        });
        return { size: elements(result.body.data), codes: codes.sort() };
      };
      for (const slot of slots) {
        const benign = await run(argumentsWith(field, slot, 'zz-benign'));
        const injected = await Promise.all(INJECTIONS.map((injection) => run(argumentsWith(field, slot, injection))));
        for (const outcome of injected) {
          expect({ field: field.name, slot: slot.path.join('.'), ...outcome }).toEqual({
            field: field.name,
            slot: slot.path.join('.'),
            ...benign,
          });
        }
      }
    }
    expect(requests).toBeGreaterThan(200);
    expect(await graphCounts()).toEqual(before);
  });

  test('no key yet: loopback only, whatever host was asked for, and every local caller is admin', async () => {
    const server = await servers.start(0, '0.0.0.0');
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/graphql$/);
    expect(server.notice).toMatch(/listens on 127\.0\.0\.1 only \(not 0\.0\.0\.0\)/);
    expect((await graphqlRequest(server, COUNT)).body.data.techniques.totalCount).toBe(1);
    process.env.ATTACK_STIX_DATA_URL = 'http://127.0.0.1:9';
    expect((await graphqlRequest(server, `mutation { syncAttack { ok } }`)).body.data.syncAttack.ok).toBe(false);
    // The first key turns keys on for the running server within a second.
    const first = await createKey('admin', 'first');
    await new Promise((r) => setTimeout(r, 1100));
    expect((await graphqlRequest(server, COUNT)).status).toBe(401);
    expect((await graphqlRequest(server, COUNT, {}, { authorization: `Bearer ${first.key}` })).status).toBe(200);
    await revokeKey(first.id);
  });

  test('a request target that is not a URL gets a 400, and the server keeps serving', async () => {
    const server = await servers.start(0);
    const port = Number(new URL(server.url).port);
    // Raw HTTP: no client library sends `http://[x` as a request target.
    const raw = (target: string) =>
      new Promise<string>((resolve, reject) => {
        let reply = '';
        const socket = connect(port, '127.0.0.1', () => socket.write(`GET ${target} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`));
        socket
          .on('data', (chunk) => (reply += String(chunk)))
          .on('end', () => resolve(reply))
          .on('error', reject);
      });
    expect(await raw('http://[x')).toMatch(/^HTTP\/1\.1 400 [^]*the request target is not a URL/);
    expect(await raw('/healthz')).toMatch(/^HTTP\/1\.1 200 [^]*"status":"ok"/);
  });

  test('keys: stored hashed, needed once one exists, readers query, only admins mutate, revoked keys stop working', async () => {
    const reader = await createKey('reader', 'bi');
    const admin = await createKey('admin', null);
    expect(reader.key).toMatch(/^akg_[A-Za-z0-9_-]{43}$/);
    expect(JSON.stringify(await listKeys())).not.toContain(reader.key);
    const server = await servers.start(0);
    const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

    const anonymous = await graphqlRequest(server, COUNT);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toBe('Bearer');
    expect(anonymous.body.errors[0]).toMatchObject({
      message: expect.stringMatching(/API key is required/),
      extensions: { code: 'UNAUTHENTICATED' },
    });
    expect((await graphqlRequest(server, COUNT, {}, bearer(`${reader.key}x`))).status).toBe(401);
    expect((await request(server.url.replace('graphql', 'api/v1/coverage.csv'))).status).toBe(401);
    expect((await request(server.url.replace('graphql', 'healthz'))).status).toBe(200);

    expect((await graphqlRequest(server, COUNT, {}, bearer(reader.key))).body.data.techniques.totalCount).toBe(1);
    const csv = await request(server.url.replace('graphql', 'api/v1/coverage.csv'), { headers: bearer(reader.key) });
    expect(csv.status).toBe(200);
    expect(csv.text).toMatch(
      /^technique_id,technique_name,tactics,platform,hosts_total,hosts_covered,hosts_blind,coverage_ratio,no_attack_guidance\r\nT1059,/,
    );
    process.env.ATTACK_STIX_DATA_URL = 'http://127.0.0.1:9';
    const forbidden = await graphqlRequest(server, `mutation { syncAttack { ok } }`, {}, bearer(reader.key));
    expect(forbidden.status).toBe(403);
    expect(forbidden.body.errors[0].extensions.code).toBe('FORBIDDEN');
    expect((await graphqlRequest(server, `mutation { syncAttack { ok } }`, {}, bearer(admin.key))).body.data.syncAttack.ok).toBe(false);

    // Revocation reaches the running server once its one-second key cache has expired.
    expect(await revokeKey(reader.id)).toBe(true);
    await new Promise((r) => setTimeout(r, 1100));
    expect((await graphqlRequest(server, COUNT, {}, bearer(reader.key))).status).toBe(401);
    expect((await graphqlRequest(server, COUNT, {}, bearer(admin.key))).status).toBe(200);
    expect(out).not.toContain(reader.key);
    expect(out).not.toContain(admin.key);
    await revokeKey(admin.id);
  });

  test('depth and cost limits, body size and page size caps', async () => {
    const server = await servers.start(0);
    const deep = await graphqlRequest(
      server,
      `{ groups { techniques { groups { techniques { groups { techniques { groups { techniques { groups { techniques { groups { techniques { name } } } } } } } } } } } } }`,
    );
    expect(deep.status).toBe(400);
    expect(deep.body.errors[0]).toMatchObject({
      extensions: { code: 'QUERY_TOO_COMPLEX' },
      message: expect.stringMatching(/depth 13 exceeds 12/),
    });
    const costly = await graphqlRequest(
      server,
      `query($n: Int) { techniques(first: $n) { nodes { groups { software { techniques { name } } } } } }`,
      { n: 5000 },
    );
    expect(costly.status).toBe(400);
    expect(costly.body.errors[0].message).toMatch(/estimated cost \d+ exceeds 200000/);
    const big = await request(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: COUNT, pad: 'x'.repeat(1024 * 1024) }),
    });
    expect(big.status).toBe(413);
    expect((await graphqlRequest(server, `{ techniques(first: 100000) { totalCount } }`)).body.errors[0].message).toBe(
      'first must be between 0 and 5000',
    );
  });

  test('CORS: allow-listed origins only', async () => {
    process.env.ATTACK_KG_CORS_ORIGINS = 'https://grafana.example.org, https://bi.example.org/';
    const server = await servers.start(0);
    const preflight = (origin: string) =>
      request(server.url, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' },
      });
    const allowed = await preflight('https://bi.example.org');
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://bi.example.org');
    expect(allowed.headers.get('access-control-allow-headers')).toMatch(/authorization/);
    const refused = await preflight('https://evil.example.com');
    expect(refused.status).toBe(403);
    expect(refused.headers.get('access-control-allow-origin')).toBeNull();
    const simple = await graphqlRequest(server, COUNT, {}, { origin: 'https://evil.example.com' });
    expect(simple.headers.get('access-control-allow-origin')).toBeNull();
  });

  test('introspection can be switched off', async () => {
    process.env.ATTACK_KG_INTROSPECTION = 'false';
    const server = await servers.start(0);
    const result = await graphqlRequest(server, `{ __schema { types { name } } }`);
    expect(result.body.errors[0].message).toMatch(/introspection is not allowed/i);
    expect((await graphqlRequest(server, COUNT)).body.data.techniques.totalCount).toBe(1);
  });

  test('production mode: an unexpected error is masked, with no stack trace or Cypher; development shows it', async () => {
    const leak = 'Neo.ClientError.Statement.SyntaxError: MATCH (t:Technique {generation: $generation}) secret detail';
    jest.spyOn(attackQueries, 'listTactics').mockRejectedValue(new Error(leak));
    process.env.NODE_ENV = 'production';
    const production = await servers.start(0);
    const masked = await graphqlRequest(production, `{ tactics { name } }`);
    expect(masked.body.errors).toEqual([{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }]);
    expect(masked.text).not.toMatch(/MATCH|stacktrace|secret/);
    process.env.NODE_ENV = 'test';
    const development = await servers.start(0);
    const shown = await graphqlRequest(development, `{ tactics { name } }`);
    expect(shown.body.errors[0].message).toBe(leak);
    expect(shown.body.errors[0].extensions.stacktrace).toBeDefined();
  });
});
