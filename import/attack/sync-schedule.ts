import { syncSchedule } from '../../src/attack/sync-status';
import { parseCron } from '../../src/cron';
import { syncAttack } from './sync';

/** Longest single setTimeout Node allows; a later run re-arms on the way. */
const MAX_TIMER = 2 ** 31 - 1;

export interface SyncScheduler {
  /** What the timer runs when the cron expression comes due (exposed so tests need not wait a minute). */
  runDue(): Promise<void>;
  stop(): void;
}

/**
 * Runs the ATT&CK sync whenever the cron expression (ATTACK_SYNC_CRON) matches, one run at a
 * time: a run still going when the next comes due makes that one a logged skip. Every line is
 * logged; the last result is what GraphQL `syncStatus` shows.
 */
export function startSyncSchedule(expression: string, log: (line: string) => void): SyncScheduler {
  const schedule = parseCron(expression);
  let timer: NodeJS.Timeout | undefined;
  let running = false;
  let due = 0;

  const arm = () => {
    due = schedule.next(new Date()).getTime();
    syncSchedule.cron = expression;
    syncSchedule.nextRunAt = new Date(due).toISOString();
    timer = setTimeout(onTimer, Math.min(due - Date.now(), MAX_TIMER)).unref();
  };
  const onTimer = () => {
    if (Date.now() < due) timer = setTimeout(onTimer, Math.min(due - Date.now(), MAX_TIMER)).unref();
    else void scheduler.runDue();
  };

  const scheduler: SyncScheduler = {
    async runDue() {
      clearTimeout(timer);
      arm();
      if (running) return void log('previous sync still running; this run is skipped');
      running = true;
      log('sync started');
      try {
        const run = await syncAttack({ trigger: 'schedule', log });
        log(`sync finished: ${run.message}`);
      } catch (error) {
        log(`sync failed: ${(error as Error).message}`);
      } finally {
        running = false;
      }
    },
    stop() {
      clearTimeout(timer);
      syncSchedule.cron = null;
      syncSchedule.nextRunAt = null;
    },
  };
  arm();
  log(`ATT&CK sync scheduled (${expression}); next run ${syncSchedule.nextRunAt}`);
  return scheduler;
}
