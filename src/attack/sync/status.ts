import { config } from '../../config';
import { read } from '../../db/neo4j';

/** What one ATT&CK sync did for one domain. */
export interface DomainSyncResult {
  domain: string;
  /** Newest release index.json lists; null when the index could not be read. */
  latest: string | null;
  /** Newest release imported before this run. */
  newestImported: string | null;
  /** The release this run imported, if it imported one. */
  imported: string | null;
  pruned: string[];
  error: string | null;
}

export interface SyncRun {
  trigger: 'cli' | 'schedule' | 'api';
  startedAt: string;
  finishedAt: string;
  ok: boolean;
  message: string;
  domains: DomainSyncResult[];
}

/** The schedule in force in this process (none outside a server started with ATTACK_SYNC_CRON). */
export interface ScheduleState {
  cron: string | null;
  nextRunAt: string | null;
}

/** The lock and the last run live in Neo4j (shared across processes); the schedule is this process's. */
export async function readSyncStatus(schedule: ScheduleState) {
  const [row] = await read('attack/sync', 'status');
  return {
    schedule: schedule.cron,
    nextRunAt: schedule.nextRunAt,
    running: Boolean(row?.runner),
    runningSince: (row?.runningSince as string | null) ?? null,
    keepReleases: config.attack.keepReleases(),
    lastRun: row?.lastRun ? (JSON.parse(row.lastRun as string) as SyncRun) : null,
  };
}
