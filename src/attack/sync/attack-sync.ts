import { ReleaseImporter, syncAttack, SyncOptions } from './sync-attack';
import { SyncScheduler } from './scheduler';
import { readSyncStatus, ScheduleState, SyncRun } from './status';

const NO_SCHEDULE: ScheduleState = { cron: null, nextRunAt: null };

/**
 * The ATT&CK sync of one process: runs on demand (CLI, the syncAttack mutation) and, once
 * scheduled, on its cron. The server is handed one; its importer comes from whoever composes the
 * program, since the core does not import the importers.
 */
export class AttackSync {
  private scheduler: SyncScheduler | undefined;

  constructor(private readonly importer: ReleaseImporter) {}

  run(options: SyncOptions): Promise<SyncRun> {
    return syncAttack(this.importer, options);
  }

  /** Starts syncing on the cron expression; a schedule already running is replaced. */
  startSchedule(expression: string, log: (line: string) => void): SyncScheduler {
    this.scheduler?.stop();
    this.scheduler = new SyncScheduler(expression, () => this.run({ trigger: 'schedule', log }), log).start();
    return this.scheduler;
  }

  stopSchedule(): void {
    this.scheduler?.stop();
    this.scheduler = undefined;
  }

  status() {
    return readSyncStatus(this.scheduler?.state ?? NO_SCHEDULE);
  }
}
