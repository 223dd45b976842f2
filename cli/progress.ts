import { NO_PROGRESS, Progress, ProgressPhase } from '../src/progress';

/** What the renderer writes to: process.stderr, or a fake in tests. */
export interface ProgressStream {
  isTTY?: boolean;
  /** Terminal width: a longer line would wrap, and `\r` would then rewrite only its last part. */
  columns?: number;
  write(chunk: string): boolean;
}

export interface RendererOptions {
  /** Milliseconds (a fake clock in tests). */
  now?: () => number;
  /** Least time between two redraws of the same phase: 200 ms, at most 5 a second. */
  intervalMs?: number;
}

/** A Progress the CLI closes when its command ends: a line still drawn (the work failed midway) is cleared. */
export interface TerminalProgress extends Progress {
  close(): void;
}

const CLEAR = '\r\x1b[K';

export const formatCount = (n: number) => Math.round(n).toLocaleString('en-US');

const BYTE_UNITS = ['B', 'KB', 'MB', 'GB', 'TB'];

/** The unit a byte count reads best in: its power of 1024 and name. */
function byteUnit(n: number): { scale: number; name: string } {
  let k = 0;
  while (n >= 1024 ** (k + 1) && k < BYTE_UNITS.length - 1) k += 1;
  return { scale: 1024 ** k, name: BYTE_UNITS[k] };
}

const inUnit = (n: number, unit: { scale: number }) => (unit.scale === 1 ? String(Math.round(n)) : (n / unit.scale).toFixed(1));

/** 512 B, 3.2 KB, 45.6 MB. */
export function formatBytes(n: number): string {
  const unit = byteUnit(n);
  return `${inUnit(n, unit)} ${unit.name}`;
}

/** 42s, 3m 05s, 1h 02m. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.ceil(seconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

/**
 * The numbers of a phase: done/total (percent), rate and time left when the total is known; done
 * and rate when not. No rate before any time has passed.
 */
export function formatNumbers(done: number, total: number | null, unit: string, elapsedMs: number): string {
  const bytes = unit === 'bytes';
  const parts: string[] = [];
  if (total != null && total > 0) {
    const percent = Math.min(100, Math.floor((done / total) * 100));
    if (bytes) {
      // One unit for both figures, the total's: "3.2/12.5 MB".
      const u = byteUnit(total);
      parts.push(`${inUnit(done, u)}/${inUnit(total, u)} ${u.name} (${percent}%)`);
    } else parts.push(`${formatCount(done)}/${formatCount(total)} ${unit} (${percent}%)`);
  } else parts.push(bytes ? formatBytes(done) : `${formatCount(done)} ${unit}`);
  const rate = elapsedMs > 0 ? (done * 1000) / elapsedMs : null;
  if (rate !== null) {
    parts.push(bytes ? `${formatBytes(rate)}/s` : `${formatCount(rate)} ${unit}/s`);
    if (total != null && total > 0 && rate > 0 && done < total) parts.push(`${formatDuration((total - done) / rate)} left`);
  }
  return parts.join(', ');
}

/** `label: numbers`, cut to the terminal's width from the label's start (the numbers are what moves). */
export function fitLine(label: string, numbers: string, columns?: number): string {
  const line = `${label}: ${numbers}`;
  const width = columns && columns > 1 ? columns - 1 : undefined;
  if (!width || line.length <= width) return line;
  const room = width - numbers.length - 3;
  if (room < 1) return line.slice(0, width);
  return `…${label.slice(label.length - room)}: ${numbers}`;
}

interface Phase {
  label: string;
  total: number | null;
  unit: string;
  done: number;
  started: number;
  lastDraw: number;
}

/**
 * Progress drawn as one line rewritten in place on `stream`, only when it is a terminal (otherwise
 * nothing at all: logs and pipes get the commands' summaries alone). The newest phase still
 * running is the one shown; it is drawn when it starts, then at most once per `intervalMs`, and
 * its line is cleared when it ends.
 */
export function terminalProgress(stream: ProgressStream, options: RendererOptions = {}): TerminalProgress {
  if (!stream.isTTY) return { ...NO_PROGRESS, close: () => undefined };
  const now = options.now ?? (() => performance.now());
  const interval = options.intervalMs ?? 200;
  const running: Phase[] = [];
  let drawn = false;

  const draw = (p: Phase, at: number) => {
    p.lastDraw = at;
    drawn = true;
    stream.write(`\r${fitLine(p.label, formatNumbers(p.done, p.total, p.unit, at - p.started), stream.columns)}\x1b[K`);
  };
  const clear = () => {
    if (drawn) stream.write(CLEAR);
    drawn = false;
  };

  return {
    phase(label, total, unit): ProgressPhase {
      const at = now();
      const p: Phase = { label, total, unit, done: 0, started: at, lastDraw: at };
      running.push(p);
      draw(p, at);
      let ended = false;
      return {
        advance(n = 1) {
          p.done += n;
          if (ended || running[running.length - 1] !== p) return;
          const t = now();
          if (t - p.lastDraw >= interval) draw(p, t);
        },
        end() {
          if (ended) return;
          ended = true;
          running.splice(running.indexOf(p), 1);
          clear();
        },
      };
    },
    close: clear,
  };
}

/**
 * Runs a command's work with progress on stderr (drawn only when stderr is a terminal); the line
 * is cleared before the work's result is returned or its error reported, so the summary the
 * command prints next starts on a clean line.
 */
export async function withProgress<T>(work: (progress: Progress) => Promise<T>): Promise<T> {
  const progress = terminalProgress(process.stderr);
  try {
    return await work(progress);
  } finally {
    progress.close();
  }
}
