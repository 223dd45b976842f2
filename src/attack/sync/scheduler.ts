import { parseCron } from '../../cron';
import { ScheduleState, SyncRun } from './status';

/** Longest single setTimeout Node allows; a later run re-arms on the way. */
const MAX_TIMER = 2 ** 31 - 1;

/**
 * Runs `run` whenever the cron expression (ATTACK_SYNC_CRON) matches, one run at a time: a run
 * still going when the next comes due makes that one a logged skip. Every line is logged; the
 * last result is what GraphQL `syncStatus` shows.
 */
export class SyncScheduler {
  private readonly schedule;
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private due = 0;
  readonly state: ScheduleState = { cron: null, nextRunAt: null };

  constructor(
    private readonly expression: string,
    private readonly run: () => Promise<SyncRun>,
    private readonly log: (line: string) => void,
  ) {
    this.schedule = parseCron(expression);
  }

  start(): this {
    this.arm();
    this.log(`ATT&CK sync scheduled (${this.expression}); next run ${this.state.nextRunAt}`);
    return this;
  }

  /** What the timer runs when the expression comes due (public so tests need not wait a minute). */
  async runDue(): Promise<void> {
    clearTimeout(this.timer);
    this.arm();
    if (this.running) return void this.log('previous sync still running; this run is skipped');
    this.running = true;
    this.log('sync started');
    try {
      this.log(`sync finished: ${(await this.run()).message}`);
    } catch (error) {
      this.log(`sync failed: ${(error as Error).message}`);
    } finally {
      this.running = false;
    }
  }

  stop(): void {
    clearTimeout(this.timer);
    this.state.cron = null;
    this.state.nextRunAt = null;
  }

  private arm() {
    this.due = this.schedule.next(new Date()).getTime();
    this.state.cron = this.expression;
    this.state.nextRunAt = new Date(this.due).toISOString();
    this.timer = setTimeout(() => this.onTimer(), Math.min(this.due - Date.now(), MAX_TIMER)).unref();
  }

  private onTimer() {
    if (Date.now() < this.due) this.timer = setTimeout(() => this.onTimer(), Math.min(this.due - Date.now(), MAX_TIMER)).unref();
    else void this.runDue();
  }
}
