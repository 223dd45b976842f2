import { hostname } from 'node:os';
import { config } from '../../config';
import { read, write } from '../../db/neo4j';
import { ConflictError, InputError } from '../../errors';
import { Progress } from '../../progress';
import { DEFAULT_DOMAIN, Domain } from '../domains';
import { listReleases } from '../releases';
import { compareVersions, latestRelease, readIndex, StixDataIndex } from './attack-stix-data';
import { DomainSyncResult, SyncRun } from './status';

/**
 * What a sync needs from the importers. The core does not import them (they import the core):
 * whoever composes the program (the CLI) hands them in.
 */
export interface ReleaseImporter {
  /**
   * Imports the bundle at `url`; `verify` sees the parsed bundle before anything is written and may
   * refuse it. `progress` hears of the download and the writes (none: nothing is reported).
   */
  importRelease(
    url: string,
    verify: (bundle: { domain: string; version: string }) => void,
    progress?: Progress,
  ): Promise<{ key: string; version: string; techniqueCount: number }>;
  /** Removes a release and its whole generation; false when there was none. */
  deleteRelease(key: string): Promise<boolean>;
}

const FILE = 'attack/sync';

/** Another sync holds the lock (this process's schedule, a CLI run, another server). */
export class SyncBusyError extends ConflictError {
  constructor(
    readonly runner: string,
    readonly since: string,
  ) {
    super(`a sync is already running (${runner}, since ${since})`);
    this.name = 'SyncBusyError';
  }
}

/** A sync that ran but failed for some domain: what it did is in `run`, the first failure in `first`. */
export class SyncFailedError extends Error {
  constructor(
    readonly run: SyncRun,
    readonly first: Error,
  ) {
    super(run.message);
    this.name = 'SyncFailedError';
  }
}

const runnerId = () => `${hostname()}:${process.pid}`;

/** A lock left by a process of this host that no longer exists (killed mid-sync) is free. */
async function staleRunner(): Promise<string | null> {
  const [row] = await read(FILE, 'holder');
  const runner = row?.runner as string | undefined;
  if (!runner) return null;
  const [host, pid] = runner.split(':');
  if (host !== hostname()) return null;
  try {
    process.kill(Number(pid), 0);
    return null;
  } catch {
    return runner;
  }
}

async function claim(runner: string) {
  const now = new Date().toISOString();
  const [row] = await write(FILE, 'claim', { runner, stale: await staleRunner(), now });
  if (row?.runner === runner) return;
  const [holder] = await read(FILE, 'holder');
  throw new SyncBusyError(String(holder?.runner ?? 'unknown'), String(holder?.runningSince ?? 'unknown'));
}

/** Keeps the newest `keep` releases of a domain; older ones and their whole generation go. */
async function pruneReleases(importer: ReleaseImporter, domain: string, keep: number): Promise<string[]> {
  const old = (await listReleases())
    .filter((r) => r.domain === domain)
    .sort((a, b) => b.versionOrder - a.versionOrder)
    .slice(keep);
  for (const r of old) await importer.deleteRelease(r.key);
  return old.map((r) => r.version);
}

export interface SyncOptions {
  /** Default: every domain already imported, else enterprise-attack. */
  domains?: Domain[];
  trigger: SyncRun['trigger'];
  log?: (line: string) => void;
  /** Where each import reports its download and writes (the CLI's terminal line); default: nowhere. */
  progress?: Progress;
}

type Failure = { domain: Domain; error: Error };

async function syncDomain(
  importer: ReleaseImporter,
  domain: Domain,
  index: StixDataIndex,
  keep: number,
  log: (line: string) => void,
  progress?: Progress,
): Promise<DomainSyncResult> {
  const result: DomainSyncResult = { domain, latest: null, newestImported: null, imported: null, pruned: [], error: null };
  const newest = (await listReleases()).filter((r) => r.domain === domain).sort((a, b) => b.versionOrder - a.versionOrder)[0];
  result.newestImported = newest?.version ?? null;
  const latest = await latestRelease(domain, index);
  result.latest = latest.version;
  if (newest && compareVersions(latest.version, newest.version) <= 0) {
    log(`${domain}: ${newest.version} is current (index lists ${latest.version})`);
  } else {
    log(`${domain}: importing ${latest.version} from ${latest.url}`);
    const loaded = await importer.importRelease(
      latest.url,
      (bundle) => {
        if (bundle.domain !== domain || bundle.version !== latest.version) {
          throw new InputError(
            `${latest.url}: index.json lists it as ${domain} ${latest.version} but the bundle is ${bundle.domain} ${bundle.version}; nothing imported`,
          );
        }
      },
      progress,
    );
    result.imported = loaded.version;
    log(`${domain}: imported ${loaded.key} (${loaded.techniqueCount} active techniques)`);
  }
  result.pruned = await pruneReleases(importer, domain, keep);
  if (result.pruned.length) log(`${domain}: removed old releases ${result.pruned.join(', ')} (keeping ${keep})`);
  return result;
}

/** Every wanted domain in turn; a failing domain (download, bad bundle) is recorded and left as it was. */
async function runSync(
  importer: ReleaseImporter,
  options: SyncOptions,
  keep: number,
  log: (line: string) => void,
): Promise<{ run: SyncRun; failures: Failure[] }> {
  const startedAt = new Date().toISOString();
  const wanted = options.domains?.length ? options.domains : ([...new Set((await listReleases()).map((r) => r.domain))] as Domain[]);
  if (!wanted.length) wanted.push(DEFAULT_DOMAIN);
  const domains: DomainSyncResult[] = [];
  const failures: Failure[] = [];
  const fail = (domain: Domain, error: Error): DomainSyncResult => {
    failures.push({ domain, error });
    log(`${domain}: failed: ${error.message}`);
    return { domain, latest: null, newestImported: null, imported: null, pruned: [], error: error.message };
  };
  let index: StixDataIndex | undefined;
  try {
    index = await readIndex();
  } catch (error) {
    for (const domain of wanted) domains.push(fail(domain, error as Error));
  }
  if (index) {
    for (const domain of wanted)
      domains.push(await syncDomain(importer, domain, index, keep, log, options.progress).catch((error: Error) => fail(domain, error)));
  }
  const imported = domains.filter((d) => d.imported).map((d) => `${d.domain} ${d.imported}`);
  const message = failures.length
    ? [...new Set(failures.map((f) => f.error.message))].join('\n')
    : imported.length
      ? `imported ${imported.join(', ')}`
      : 'every domain is current';
  return {
    run: { trigger: options.trigger, startedAt, finishedAt: new Date().toISOString(), ok: !failures.length, message, domains },
    failures,
  };
}

/**
 * Imports the newest release of each domain that index.json lists when it is newer than the
 * newest imported, then keeps ATTACK_KEEP_RELEASES per domain. One run at a time across
 * processes; the result is recorded for `syncStatus`. Throws SyncFailedError when any domain
 * failed.
 */
export async function syncAttack(importer: ReleaseImporter, options: SyncOptions): Promise<SyncRun> {
  const log = options.log ?? (() => undefined);
  const keep = config.attack.keepReleases();
  const runner = runnerId();
  await claim(runner);
  let outcome: Awaited<ReturnType<typeof runSync>> | undefined;
  try {
    outcome = await runSync(importer, options, keep, log);
  } finally {
    await write(FILE, 'finish', { runner, lastRun: outcome ? JSON.stringify(outcome.run) : null });
  }
  if (outcome.failures.length) throw new SyncFailedError(outcome.run, outcome.failures[0].error);
  return outcome.run;
}
