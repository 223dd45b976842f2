import { fitLine, formatBytes, formatDuration, formatNumbers, terminalProgress } from '../../cli/progress';
import { inPhase, NO_PROGRESS } from '../../src/progress';
import { drawnLines } from '../support/cli';

const MB = 1024 * 1024;
const CLEAR = '\r\x1b[K';

/** A stream that records what is written, and a clock the test moves. */
function fakeTerminal(isTTY: boolean, columns?: number) {
  const writes: string[] = [];
  const clock = { t: 1000 };
  const stream = { isTTY, columns, write: (chunk: string) => (writes.push(chunk), true) };
  const progress = terminalProgress(stream, { now: () => clock.t });
  const lines = () => drawnLines(writes.join(''));
  return { writes, clock, progress, lines };
}

describe('progress numbers', () => {
  test('a known total: done/total, percent, rate and time left', () => {
    expect(formatNumbers(250, 1000, 'rows', 2000)).toBe('250/1,000 rows (25%), 125 rows/s, 6s left');
    expect(formatNumbers(12_345, 1_000_000, 'assets', 1000)).toBe('12,345/1,000,000 assets (1%), 12,345 assets/s, 1m 21s left');
  });

  test('bytes read in the unit of the total, the rate in its own', () => {
    expect(formatNumbers(3 * MB, 12 * MB, 'bytes', 1000)).toBe('3.0/12.0 MB (25%), 3.0 MB/s, 3s left');
    expect(formatNumbers(512 * 1024, 45.6 * MB, 'bytes', 2000)).toBe('0.5/45.6 MB (1%), 256.0 KB/s, 3m 01s left');
    expect(formatNumbers(100, 800, 'bytes', 1000)).toBe('100/800 B (12%), 100 B/s, 7s left');
  });

  test('an unknown total (a stream, a download without Content-Length): done and rate only', () => {
    expect(formatNumbers(1_234_567, null, 'rows', 10_000)).toBe('1,234,567 rows, 123,457 rows/s');
    expect(formatNumbers(1536, null, 'bytes', 1000)).toBe('1.5 KB, 1.5 KB/s');
  });

  test('no rate before time has passed; no time left once done', () => {
    expect(formatNumbers(0, 100, 'rows', 0)).toBe('0/100 rows (0%)');
    expect(formatNumbers(5, null, 'rows', 0)).toBe('5 rows');
    expect(formatNumbers(100, 100, 'rows', 500)).toBe('100/100 rows (100%), 200 rows/s');
    expect(formatNumbers(0, 100, 'rows', 500)).toBe('0/100 rows (0%), 0 rows/s');
  });

  test('durations and sizes', () => {
    expect([0, 0.2, 59, 59.2, 125, 3599, 3725].map(formatDuration)).toEqual(['0s', '1s', '59s', '1m 00s', '2m 05s', '59m 59s', '1h 02m']);
    expect([0, 1023, 1024, 1.5 * MB, 3.25 * 1024 * MB].map(formatBytes)).toEqual(['0 B', '1023 B', '1.0 KB', '1.5 MB', '3.3 GB']);
  });

  test('a line wider than the terminal loses the start of its label, never its numbers', () => {
    expect(fitLine('Reading a.csv', '10 rows', 80)).toBe('Reading a.csv: 10 rows');
    const cut = fitLine('Downloading http://mirror.example/enterprise-attack/enterprise-attack-18.1.json', '1.0/45.6 MB (2%)', 50);
    expect(cut).toBe('…ck/enterprise-attack-18.1.json: 1.0/45.6 MB (2%)');
    expect(cut).toHaveLength(49);
    expect(fitLine('Label', 'numbers that do not fit', 10)).toBe('Label: nu');
  });
});

describe('the terminal renderer', () => {
  test('not a terminal: nothing is ever written', async () => {
    for (const isTTY of [false, undefined]) {
      const writes: string[] = [];
      const progress = terminalProgress({ isTTY, write: (c: string) => (writes.push(c), true) }, { now: () => 0 });
      const phase = progress.phase('Writing', 10, 'rows');
      phase.advance(5);
      phase.end();
      await inPhase(progress, 'Reading', null, 'rows', async (p) => p.advance(3));
      progress.phase('Left running', null, 'rows').advance();
      progress.close();
      expect(writes).toEqual([]);
    }
  });

  test('a phase is drawn when it starts, then at most once per 200 ms however often it advances', () => {
    const { writes, clock, progress, lines } = fakeTerminal(true);
    const phase = progress.phase('Writing assets', 100_000, 'assets');
    // One second of work, an advance every millisecond.
    for (let ms = 1; ms <= 1000; ms += 1) {
      clock.t += 1;
      phase.advance(100);
    }
    expect(lines()).toEqual([
      'Writing assets: 0/100,000 assets (0%)',
      'Writing assets: 20,000/100,000 assets (20%), 100,000 assets/s, 1s left',
      'Writing assets: 40,000/100,000 assets (40%), 100,000 assets/s, 1s left',
      'Writing assets: 60,000/100,000 assets (60%), 100,000 assets/s, 1s left',
      'Writing assets: 80,000/100,000 assets (80%), 100,000 assets/s, 1s left',
      'Writing assets: 100,000/100,000 assets (100%), 100,000 assets/s',
    ]);
    // Each draw rewrites the one line.
    expect(writes.every((w) => w.startsWith('\r') && w.endsWith('\x1b[K') && !w.includes('\n'))).toBe(true);
    phase.end();
    expect(writes.at(-1)).toBe(CLEAR);
  });

  test('an unknown total shows done and rate', () => {
    const { clock, progress, lines } = fakeTerminal(true);
    const phase = progress.phase('Reading export.csv', null, 'rows');
    clock.t += 500;
    phase.advance(60_000);
    expect(lines().at(-1)).toBe('Reading export.csv: 60,000 rows, 120,000 rows/s');
  });

  test('the line is cleared when its phase ends, once; close clears a line still drawn, and only then', () => {
    const { writes, progress } = fakeTerminal(true);
    const a = progress.phase('A', 1, 'rows');
    a.end();
    a.end();
    expect(writes.filter((w) => w === CLEAR)).toHaveLength(1);
    progress.close();
    expect(writes.filter((w) => w === CLEAR)).toHaveLength(1);
    progress.phase('B (fails midway)', 10, 'rows').advance(3);
    progress.close();
    expect(writes.at(-1)).toBe(CLEAR);
    expect(writes.filter((w) => w === CLEAR)).toHaveLength(2);
  });

  test('the newest running phase is shown; the one below shows again once it ends', () => {
    const { clock, progress, lines } = fakeTerminal(true);
    const outer = progress.phase('Sync', 2, 'releases');
    const inner = progress.phase('Downloading x', 4 * MB, 'bytes');
    clock.t += 1000;
    outer.advance(); // hidden under the download
    inner.advance(2 * MB);
    expect(lines()).toEqual([
      'Sync: 0/2 releases (0%)',
      'Downloading x: 0.0/4.0 MB (0%)',
      'Downloading x: 2.0/4.0 MB (50%), 2.0 MB/s, 1s left',
    ]);
    inner.end();
    clock.t += 1000;
    outer.advance();
    expect(lines().at(-1)).toBe('Sync: 2/2 releases (100%), 1 releases/s');
  });

  test('the terminal width is respected', () => {
    const { progress, lines } = fakeTerminal(true, 30);
    progress.phase('Downloading http://127.0.0.1:4000/enterprise-attack-18.1.json', null, 'bytes');
    expect(lines()).toEqual(['…rprise-attack-18.1.json: 0 B']);
    expect(lines()[0]).toHaveLength(29);
  });

  test('inPhase ends its phase when the work fails, and NO_PROGRESS reports nothing', async () => {
    const { writes, progress } = fakeTerminal(true);
    await expect(
      inPhase(progress, 'Writing', 10, 'rows', async () => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(writes.at(-1)).toBe(CLEAR);
    await expect(inPhase(NO_PROGRESS, 'Nothing', null, 'rows', async (p) => (p.advance(), 42))).resolves.toBe(42);
  });
});
