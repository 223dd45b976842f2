import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { parseCron } from './cron';
import { InputError } from './errors';

/**
 * Every environment variable the program reads, and nothing else reads one (README.md,
 * "Configuration", lists them; test/config.test.ts holds the two together). Each setting reads
 * process.env when called, never when this module loads: tests vary variables per test (and
 * replace process.env), and bench/support/bench-env sets the local Neo4j's before anyone asks.
 * An empty value counts as unset. A bad value is an InputError (exit 1) that names the variable.
 */

/** The checkout, from src/ or from dist/src/: not configurable, but the local Neo4j's default home is under it. */
export const projectRoot = resolve(__dirname, '..', __dirname.includes(join('dist', 'src')) ? '..' : '.');

/** One environment variable: call it for the value now. */
export interface Setting<T> {
  (): T;
  readonly variable: string;
  /** The default, as the README's table shows it. */
  readonly shown: string;
  readonly meaning: string;
}

type Parse<T> = (raw: string, variable: string) => T;

function setting<T>(
  variable: string,
  meaning: string,
  fallback: T | (() => T),
  parse: Parse<T>,
  shown = `\`${String(fallback)}\``,
): Setting<T> {
  const get = () => {
    const raw = process.env[variable];
    if (raw === undefined || raw === '') return typeof fallback === 'function' ? (fallback as () => T)() : fallback;
    return parse(raw, variable);
  };
  return Object.assign(get, { variable, shown, meaning });
}

const bad = (variable: string, raw: string, expected: string) => new InputError(`${variable}=${raw}: expected ${expected}`);

const text: Parse<string> = (raw) => raw;

const wholeNumber =
  (min: number, max = Number.MAX_SAFE_INTEGER): Parse<number> =>
  (raw, variable) => {
    const value = Number(raw);
    if (!/^\d+$/.test(raw.trim()) || value < min || value > max) {
      throw bad(
        variable,
        raw,
        max === Number.MAX_SAFE_INTEGER ? `a whole number of at least ${min}` : `a whole number from ${min} to ${max}`,
      );
    }
    return value;
  };

const positiveNumber: Parse<number> = (raw, variable) => {
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw bad(variable, raw, 'a positive number');
  return value;
};

const flag: Parse<boolean> = (raw, variable) => {
  if (/^(1|true|yes|on)$/i.test(raw)) return true;
  if (/^(0|false|no|off)$/i.test(raw)) return false;
  throw bad(variable, raw, 'true or false (1/0, yes/no, on/off)');
};

/** A JVM memory size, as -Xmx and Neo4j's settings take it. */
const memorySize: Parse<string> = (raw, variable) => {
  if (!/^\d+[kmgt]?$/i.test(raw)) throw bad(variable, raw, 'a size such as 512m or 4g');
  return raw;
};

const oneOf =
  <T extends string>(...values: T[]): Parse<T> =>
  (raw, variable) => {
    const value = raw.trim().toLowerCase();
    if (!(values as string[]).includes(value)) throw bad(variable, raw, values.join(', ').replace(/, (?=[^,]*$)/, ' or '));
    return value as T;
  };

/** The garbage collectors the local server can run, by the name NEO4J_GC takes. */
export const GARBAGE_COLLECTORS = ['serial', 'parallel', 'g1'] as const;
export type GarbageCollector = (typeof GARBAGE_COLLECTORS)[number];

/**
 * G1 (Neo4j's choice) on more than 2 cores, serial on 1-2: there G1's concurrent threads and
 * heavier write barriers compete with the JIT of a freshly started server for the same 2 cores
 * (measured: a first ATT&CK import 0.1-1.1 s faster in each of 10 pairs, the inventory import and
 * the coverage queries unchanged; docs/attack-import.md).
 */
export const defaultGarbageCollector = (cores: number): GarbageCollector => (cores <= 2 ? 'serial' : 'g1');

const url =
  (protocols: RegExp, expected: string): Parse<string> =>
  (raw, variable) => {
    let parsed: URL;
    try {
      parsed = new URL(raw);
    } catch {
      throw bad(variable, raw, expected);
    }
    if (!protocols.test(parsed.protocol)) throw bad(variable, raw, expected);
    return raw.replace(/\/+$/, '');
  };

const cron: Parse<string> = (raw, variable) => {
  try {
    parseCron(raw);
  } catch (error) {
    throw new InputError(`${variable}: ${(error as Error).message}`);
  }
  return raw;
};

/** MITRE's attack-stix-data repository: the default of ATTACK_STIX_DATA_URL. */
export const MITRE_STIX_DATA = 'https://raw.githubusercontent.com/mitre-attack/attack-stix-data/master';

export const config = {
  neo4j: {
    uri: setting<string | undefined>(
      'NEO4J_URI',
      'a Neo4j server to use instead of the local one (`bolt://`, `neo4j://` for a cluster, `neo4j+s://` for Aura); `db start`/`stop` then do nothing',
      undefined,
      url(/^(bolt|neo4j)(\+s|\+ssc)?:$/, 'a bolt://, neo4j://, bolt+s:// or neo4j+s:// URI'),
      'none: the local server',
    ),
    user: setting('NEO4J_USER', 'user for `NEO4J_URI`', 'neo4j', text),
    password: setting(
      'NEO4J_PASSWORD',
      "password for `NEO4J_URI` (the local server's is generated, into `password` in its home)",
      '',
      text,
      'empty',
    ),
    database: setting('NEO4J_DATABASE', 'the database to use, on either server', 'neo4j', text),
    localHome: setting(
      'NEO4J_LOCAL_HOME',
      "the local server's jars, data, logs and password",
      () => join(projectRoot, '.neo4j'),
      (raw) => resolve(raw),
      '`.neo4j` in the checkout',
    ),
    localPort: setting('NEO4J_LOCAL_PORT', "the local server's Bolt port (on 127.0.0.1)", 7687, wholeNumber(1, 65535)),
    heap: setting('NEO4J_HEAP', "the local server's Java heap (`-Xms` = `-Xmx`), read by `db start`", '4g', memorySize),
    pageCache: setting('NEO4J_PAGECACHE', "the local server's page cache, read by `db start`", '2g', memorySize),
    gc: setting<GarbageCollector>(
      'NEO4J_GC',
      "the local server's garbage collector (`serial`, `parallel` or `g1`), read by `db start`",
      () => defaultGarbageCollector(availableParallelism()),
      oneOf(...GARBAGE_COLLECTORS),
      '`serial` on 1-2 cores, else `g1`',
    ),
    maxRetryMs: setting('NEO4J_MAX_RETRY_MS', 'how long the driver retries a transaction after a transient error', 500, wholeNumber(0)),
  },
  attack: {
    bundle: setting<string | undefined>(
      'ATTACK_BUNDLE',
      '`up` (`npm start`): the ATT&CK bundle (file or URL) to import instead of downloading the newest enterprise release',
      undefined,
      text,
      'none: download',
    ),
    stixDataUrl: setting(
      'ATTACK_STIX_DATA_URL',
      "a mirror of MITRE's attack-stix-data (laid out the same way), for `sync`, `import attack` without a file, and `up`",
      MITRE_STIX_DATA,
      url(/^https?:$/, 'an http:// or https:// URL'),
      "MITRE's repository on GitHub",
    ),
    keepReleases: setting('ATTACK_KEEP_RELEASES', 'releases kept per domain after a sync (older ones are deleted)', 3, wholeNumber(1)),
    syncCron: setting<string | undefined>(
      'ATTACK_SYNC_CRON',
      '`serve`/`up`: also sync ATT&CK on this five-field cron schedule (server local time), e.g. `0 3 * * *`',
      undefined,
      cron,
      'none: no schedule',
    ),
    telemetryMap: setting<string | undefined>(
      'ATTACK_KG_TELEMETRY_MAP',
      '`serve`/`up`: the `--map` file (sourcetypes, datasets, tables to log names) applied to telemetry posted to `/api/v1/telemetry`',
      undefined,
      text,
      'none',
    ),
  },
  server: {
    port: setting('PORT', '`serve`/`up`: the HTTP port (`serve --port` wins)', 4000, wholeNumber(0, 65535)),
    host: setting(
      'HOST',
      '`serve`/`up`: the address to listen on (`serve --host` wins); 127.0.0.1 only while no API key exists',
      '127.0.0.1',
      text,
    ),
    nodeEnv: setting<string | undefined>(
      'NODE_ENV',
      '`production` turns production mode on, as `ATTACK_KG_PRODUCTION` does',
      undefined,
      text,
      'none',
    ),
    productionFlag: setting(
      'ATTACK_KG_PRODUCTION',
      '`1`: production mode (no stack traces; unexpected errors answer "Internal server error", the detail goes to the log)',
      false,
      flag,
      'off',
    ),
    introspection: setting(
      'ATTACK_KG_INTROSPECTION',
      '`true` or `false`: GraphQL introspection',
      (): boolean => !productionMode(),
      flag,
      'on, off in production mode',
    ),
    corsOrigins: setting<string[]>(
      'ATTACK_KG_CORS_ORIGINS',
      'comma-separated origins browsers may call the API from',
      () => [],
      (raw) =>
        raw
          .split(',')
          .map((o) => o.trim().replace(/\/$/, ''))
          .filter(Boolean),
      'none',
    ),
    maxDepth: setting('ATTACK_KG_MAX_DEPTH', 'deepest field nesting a GraphQL operation may have', 12, positiveNumber),
    maxCost: setting(
      'ATTACK_KG_MAX_COST',
      'most objects a GraphQL operation may be estimated to return (lists count at their page size)',
      200_000,
      positiveNumber,
    ),
    drainSeconds: setting(
      'ATTACK_KG_DRAIN_SECONDS',
      'seconds SIGTERM waits for in-flight requests before closing them',
      10,
      positiveNumber,
    ),
  },
  cli: {
    debug: setting('DEBUG', 'any value: the CLI also prints the stack trace of an unexpected error', false, () => true, 'off'),
  },
};

/** NODE_ENV=production or ATTACK_KG_PRODUCTION=1. */
export const productionMode = (): boolean => config.server.nodeEnv() === 'production' || config.server.productionFlag();

/** Every setting, in the README table's order. */
export const settings = (): Setting<unknown>[] => Object.values(config).flatMap((group): Setting<unknown>[] => Object.values(group));

/** The environment a child process (the local Neo4j's JVM) gets: this one's, plus `extra`. */
export const childEnvironment = (extra: Record<string, string>): NodeJS.ProcessEnv => ({ ...process.env, ...extra });
