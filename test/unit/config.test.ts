import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { config, defaultGarbageCollector, projectRoot, settings } from '../../src/config';
import { dbConfig } from '../../src/db/config';
import { InputError } from '../../src/errors';
import { serverConfig } from '../../src/server/config';

/** src/config.ts is the only reader of the environment, and README.md's "Configuration" lists what it reads. */

const files = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'generated' || name === 'fixtures' ? [] : files(path);
    return /\.tsx?$/.test(name) ? [path] : [];
  });

const readme = readFileSync(join(projectRoot, 'README.md'), 'utf8');
const section = readme.split(/^## /m).find((s) => s.startsWith('Configuration\n')) ?? '';
/** The rows of the table that follows `heading` (a line of its own) in the section. */
const tableAfter = (heading: string) => {
  const start = section.indexOf(`${heading}\n`);
  if (start < 0) return [];
  const rows = section
    .slice(start)
    .split('\n')
    .slice(1)
    .filter((l) => l.trim());
  const end = rows.findIndex((l) => !l.startsWith('|'));
  return rows.slice(1, end < 0 ? undefined : end); // past the |---| line
};
const row = (s: ReturnType<typeof settings>[number]) => `| \`${s.variable}\` | ${s.shown} | ${s.meaning} |`;

describe('configuration', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  test('nothing in src, import or cli reads process.env but src/config.ts', () => {
    const readers = ['src', 'import', 'cli']
      .flatMap((dir) => files(join(projectRoot, dir)))
      .filter((path) => readFileSync(path, 'utf8').includes('process.env'))
      .map((path) => relative(projectRoot, path));
    expect(readers).toEqual([join('src', 'config.ts')]);
  });

  test("README's table lists every setting, with its default and meaning, in the module's order", () => {
    // To update the README after changing src/config.ts, paste the expected rows this prints.
    expect(tableAfter('| variable | default | meaning |')).toEqual(settings().map(row));
  });

  test('what tests and benchmarks read besides is listed under them in the README', () => {
    const program = new Set(settings().map((s) => s.variable));
    const read = new Set(
      ['test', 'bench']
        .flatMap((dir) => files(join(projectRoot, dir)))
        .flatMap((path) => [...readFileSync(path, 'utf8').matchAll(/process\.env\.([A-Z][A-Z0-9_]*)/g)].map((m) => m[1])),
    );
    const local = [...read].filter((v) => !program.has(v)).sort();
    const listed = tableAfter('| test or benchmark variable | default | meaning |')
      .map((l) => /^\| `([A-Z0-9_]+)`/.exec(l)?.[1])
      .sort();
    expect(local.length).toBeGreaterThan(0);
    expect(listed).toEqual(local);
  });

  test('defaults when unset or empty', () => {
    for (const s of settings()) delete process.env[s.variable];
    process.env.NEO4J_URI = '';
    expect(config.neo4j.uri()).toBeUndefined();
    expect(config.neo4j.localHome()).toBe(join(projectRoot, '.neo4j'));
    expect(config.neo4j.localPort()).toBe(7687);
    expect(config.attack.keepReleases()).toBe(3);
    expect(config.server.port()).toBe(4000);
    expect(config.server.corsOrigins()).toEqual([]);
    expect(config.cli.debug()).toBe(false);
    expect(serverConfig()).toEqual({
      production: false,
      introspection: true,
      corsOrigins: [],
      maxDepth: 12,
      maxCost: 200_000,
      drainSeconds: 10,
    });
    expect(dbConfig()).toMatchObject({ uri: 'bolt://127.0.0.1:7687', user: 'neo4j', database: 'neo4j', local: true });
  });

  test('read at each call, typed', () => {
    process.env.NEO4J_LOCAL_PORT = '7700';
    process.env.NEO4J_LOCAL_HOME = 'some/where';
    expect(dbConfig().uri).toBe('bolt://127.0.0.1:7700');
    expect(config.neo4j.localHome()).toBe(join(process.cwd(), 'some', 'where'));
    process.env.NEO4J_URI = 'neo4j+s://db.example.org';
    process.env.NEO4J_USER = 'reader';
    expect(dbConfig()).toMatchObject({ uri: 'neo4j+s://db.example.org', user: 'reader', local: false });
    process.env.ATTACK_STIX_DATA_URL = 'http://mirror.example.org/attack/';
    expect(config.attack.stixDataUrl()).toBe('http://mirror.example.org/attack');
    process.env.ATTACK_KG_CORS_ORIGINS = 'https://a.example.org/, ,https://b.example.org';
    expect(config.server.corsOrigins()).toEqual(['https://a.example.org', 'https://b.example.org']);
    process.env.NODE_ENV = 'production';
    expect(serverConfig()).toMatchObject({ production: true, introspection: false });
    process.env.ATTACK_KG_INTROSPECTION = 'yes';
    expect(serverConfig()).toMatchObject({ production: true, introspection: true });
    process.env.NODE_ENV = 'test';
    process.env.ATTACK_KG_PRODUCTION = 'on';
    expect(serverConfig().production).toBe(true);
    process.env.DEBUG = 'attack-kg';
    expect(config.cli.debug()).toBe(true);
    process.env.NEO4J_GC = ' Parallel';
    expect(config.neo4j.gc()).toBe('parallel');
  });

  test('the local server collects garbage serially on 1-2 cores, with G1 on more', () => {
    expect([1, 2, 3, 16].map(defaultGarbageCollector)).toEqual(['serial', 'serial', 'g1', 'g1']);
  });

  test.each([
    ['NEO4J_URI', 'http://db:7474', /^NEO4J_URI=http:\/\/db:7474: expected a bolt:\/\//],
    ['NEO4J_LOCAL_PORT', '76870', /^NEO4J_LOCAL_PORT=76870: expected a whole number from 1 to 65535$/],
    ['NEO4J_HEAP', '4 GB', /^NEO4J_HEAP=4 GB: expected a size such as 512m or 4g$/],
    ['NEO4J_GC', 'zgc', /^NEO4J_GC=zgc: expected serial, parallel or g1$/],
    ['NEO4J_MAX_RETRY_MS', '-1', /^NEO4J_MAX_RETRY_MS=-1: expected a whole number of at least 0$/],
    ['ATTACK_KEEP_RELEASES', '0', /^ATTACK_KEEP_RELEASES=0: expected a whole number of at least 1$/],
    ['ATTACK_STIX_DATA_URL', 'file:///srv/attack', /^ATTACK_STIX_DATA_URL=file:\/\/\/srv\/attack: expected an http/],
    ['ATTACK_SYNC_CRON', '0 3 * *', /^ATTACK_SYNC_CRON: cron "0 3 \* \*": expected 5 fields/],
    ['PORT', 'http', /^PORT=http: expected a whole number from 0 to 65535$/],
    ['ATTACK_KG_PRODUCTION', 'maybe', /^ATTACK_KG_PRODUCTION=maybe: expected true or false/],
    ['ATTACK_KG_MAX_COST', '0', /^ATTACK_KG_MAX_COST=0: expected a positive number$/],
  ])('%s=%s is an input error naming the variable', (variable, value, message) => {
    process.env[variable] = value;
    const setting = settings().find((s) => s.variable === variable)!;
    expect(() => setting()).toThrow(InputError);
    expect(() => setting()).toThrow(message);
  });
});
