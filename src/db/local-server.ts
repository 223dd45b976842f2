import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, openSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { join } from 'node:path';
import { EnvironmentError } from '../errors';
import { childEnvironment, config, GarbageCollector, projectRoot } from '../config';
import { localBoltPort, localHome, localPasswordFile } from './config';

/**
 * The project's own Neo4j 5.26 LTS Community: jars resolved from Maven Central by neo4j/pom.xml,
 * run through Neo4j's own CommunityEntryPoint (what bin/neo4j runs), data and logs under .neo4j/.
 */
const libDir = () => join(localHome(), 'lib');
const confDir = () => join(localHome(), 'conf');
const logsDir = () => join(localHome(), 'logs');
const pidFile = () => join(localHome(), 'run', 'neo4j.pid');
const javaEnvironment = () => childEnvironment({ NEO4J_HOME: localHome(), NEO4J_CONF: confDir() });

/** The --add-opens set of the distribution's neo4j.conf (server.jvm.additional). */
const jvmOpens = [
  'java.base/java.nio',
  'java.base/java.io',
  'java.base/sun.nio.ch',
  'java.base/java.lang',
  'java.base/java.util.concurrent',
  'java.base/java.util',
  'java.base/java.lang.invoke',
  'java.base/java.net',
  'java.base/jdk.internal.misc',
].flatMap((m) => [`--add-opens=${m}=ALL-UNNAMED`]);

const collectorFlag: Record<GarbageCollector, string> = { serial: '-XX:+UseSerialGC', parallel: '-XX:+UseParallelGC', g1: '-XX:+UseG1GC' };

/** The local Neo4j could not be resolved, configured or started. */
export class LocalServerError extends EnvironmentError {}

function say(message: string) {
  process.stderr.write(`${message}\n`);
}

function resolveJars() {
  const lib = libDir();
  if (existsSync(lib) && readdirSync(lib).some((f) => f.startsWith('neo4j-5.'))) return;
  say(`Resolving Neo4j from Maven Central into ${lib} (first start only)...`);
  const mvn = spawnSync(
    'mvn',
    [
      '-q',
      '-B',
      '-f',
      join(projectRoot, 'neo4j', 'pom.xml'),
      'dependency:copy-dependencies',
      `-DoutputDirectory=${lib}`,
      '-DincludeScope=runtime',
    ],
    { stdio: 'inherit' },
  );
  if (mvn.error || mvn.status !== 0) {
    throw new LocalServerError(
      `Maven could not resolve Neo4j (${mvn.error?.message ?? `exit ${mvn.status}`}); is mvn on PATH and Maven Central reachable?`,
    );
  }
}

function writeConfig() {
  mkdirSync(confDir(), { recursive: true });
  writeFileSync(
    join(confDir(), 'neo4j.conf'),
    [
      '# Written by attack-kg on every start; edit src/db/local-server.ts instead.',
      'server.default_listen_address=127.0.0.1',
      `server.bolt.listen_address=127.0.0.1:${localBoltPort()}`,
      'server.http.enabled=false',
      'server.https.enabled=false',
      'dbms.security.auth_enabled=true',
      'dbms.usage_report.enabled=false',
      `server.memory.pagecache.size=${config.neo4j.pageCache()}`,
      'db.transaction.timeout=10m',
      // Neo4j keeps 2 days of transaction logs by default, whatever their size: the inventory
      // benches left 30 GB. Nothing here reads old logs (no backups in Community), so cap them.
      'db.tx_log.rotation.retention_policy=1G size',
      '',
    ].join('\n'),
  );
}

function java(args: string[], options: Parameters<typeof spawn>[2] = {}) {
  return spawn('java', args, { env: javaEnvironment(), ...options });
}

/**
 * Hex, not base64url: neo4j-admin's command line reads a password that starts with '-' as an
 * option and refuses to run (one start in 64 failed so).
 */
export const newLocalPassword = () => randomBytes(24).toString('hex');

function setInitialPassword() {
  if (existsSync(localPasswordFile())) return;
  const password = newLocalPassword();
  const result = spawnSync('java', ['-cp', `${libDir()}/*`, 'org.neo4j.cli.AdminTool', 'dbms', 'set-initial-password', password], {
    env: javaEnvironment(),
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new LocalServerError(`setting the initial password failed: ${result.stderr || result.stdout}`);
  writeFileSync(localPasswordFile(), `${password}\n`, { mode: 0o600 });
}

function runningPid(): number | undefined {
  if (!existsSync(pidFile())) return undefined;
  const pid = Number(readFileSync(pidFile(), 'utf8').trim());
  try {
    process.kill(pid, 0);
    return pid;
  } catch {
    return undefined;
  }
}

export function boltAnswers(port = localBoltPort(), host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolvePromise) => {
    const socket = createConnection({ port, host });
    socket.setTimeout(1000);
    socket.once('connect', () => {
      socket.destroy();
      resolvePromise(true);
    });
    socket.once('error', () => resolvePromise(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolvePromise(false);
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface LocalStatus {
  running: boolean;
  pid?: number;
  port: number;
  home: string;
  logs: string;
}

export async function localStatus(): Promise<LocalStatus> {
  const pid = runningPid();
  return { running: pid !== undefined && (await boltAnswers()), pid, port: localBoltPort(), home: localHome(), logs: logsDir() };
}

/** Idempotent: returns once Bolt answers, whether this call started the server or it already ran. */
export async function startLocal(): Promise<LocalStatus> {
  const status = await localStatus();
  if (status.running) return status;
  if (status.pid === undefined && (await boltAnswers())) {
    throw new LocalServerError(
      `port ${localBoltPort()} is taken by another process; set NEO4J_URI to use that server, or NEO4J_LOCAL_PORT to move ours`,
    );
  }
  resolveJars();
  writeConfig();
  setInitialPassword();
  mkdirSync(join(localHome(), 'run'), { recursive: true });
  mkdirSync(logsDir(), { recursive: true });
  const out = openSync(join(logsDir(), 'console.log'), 'a');
  const heap = config.neo4j.heap();
  const child = java(
    [
      `-Xms${heap}`,
      `-Xmx${heap}`,
      collectorFlag[config.neo4j.gc()],
      '-XX:+ExitOnOutOfMemoryError',
      '-Dio.netty.tryReflectionSetAccessible=true',
      '-Djdk.tls.ephemeralDHKeySize=2048',
      ...jvmOpens,
      '-cp',
      `${libDir()}/*`,
      'org.neo4j.server.CommunityEntryPoint',
      `--home-dir=${localHome()}`,
      `--config-dir=${confDir()}`,
    ],
    { detached: true, stdio: ['ignore', out, out] },
  );
  child.unref();
  writeFileSync(pidFile(), `${child.pid}\n`);
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (await boltAnswers()) return { running: true, pid: child.pid, port: localBoltPort(), home: localHome(), logs: logsDir() };
    if (runningPid() === undefined) break;
    await sleep(250);
  }
  throw new LocalServerError(`Neo4j did not start; see ${join(logsDir(), 'console.log')} and ${join(logsDir(), 'neo4j.log')}`);
}

/** Stops the server cleanly (SIGTERM lets Neo4j checkpoint) and waits for it to exit. */
export async function stopLocal(): Promise<boolean> {
  const pid = runningPid();
  if (pid === undefined) return false;
  process.kill(pid, 'SIGTERM');
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline && runningPid() !== undefined) await sleep(200);
  if (runningPid() !== undefined) process.kill(pid, 'SIGKILL');
  rmSync(pidFile(), { force: true });
  return true;
}
