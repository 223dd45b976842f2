import { readFileSync } from 'node:fs';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { main } from '../cli/main';
import { removeTelemetry } from '../import/telemetry/write';
import { ACME } from './support/acme';
import { captureCliOutput, drawnLines as drawn } from './support/cli';
import { closeDriver, importShared, resetDb } from './support/db';
import { attackBundle, describeWithShared } from './support/shared';
import { SAMPLES } from './support/telemetry';

const CLEAR = '\r\x1b[K';

/** The summary without its timing, the one part that differs from run to run. */
const untimed = (stdout: string) => stdout.replace(/\(\d+ ms\)/g, '(N ms)');

/** `attack-kg import attack <url>` downloading from a local server (this machine has no internet). */
describeWithShared('progress of an import, on a terminal only', () => {
  let server: Server;
  let base: string;
  const bundle = readFileSync(attackBundle('ics-attack-18.1'));
  const summaries: string[] = [];

  beforeAll(async () => {
    await resetDb();
    server = createServer((req, res) => {
      if (req.url === '/sized/ics-attack-18.1.json') res.writeHead(200, { 'content-length': bundle.length }).end(bundle);
      else if (req.url === '/streamed/ics-attack-18.1.json') {
        res.writeHead(200); // chunked: no length announced
        res.write(bundle.subarray(0, 1000));
        res.end(bundle.subarray(1000));
      } else res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.close();
    await closeDriver();
  });

  describe('stderr is a terminal', () => {
    const out = captureCliOutput({ tty: true });

    test('the download (of a known size) and the writes are shown, then cleared before the summary', async () => {
      expect(await main(['import', 'attack', `${base}/sized/ics-attack-18.1.json`])).toBe(0);
      const lines = drawn(out.stderr);
      // The gzipped ICS bundle is under 1 MB: both figures in KB, the total the bytes served.
      expect(bundle.length).toBeLessThan(1024 * 1024);
      const size = (bundle.length / 1024).toFixed(1);
      const download = new RegExp(`^Downloading ${base}/sized/ics-attack-18\\.1\\.json: \\d+\\.\\d/${size} KB \\(\\d+%\\)`);
      expect(lines.find((l) => download.test(l))).toBeDefined();
      expect(lines.find((l) => /^Writing ics-attack@18\.1 nodes and relationships: [\d,]+\/[\d,]+ rows \(\d+%\)/.test(l))).toBeDefined();
      expect(lines.every((l) => /^(Downloading|Writing) /.test(l))).toBe(true);
      // One line rewritten in place, left clean: no newline on stderr, and its last write a clear.
      expect(out.stderr).not.toContain('\n');
      expect(out.stderr.endsWith(CLEAR)).toBe(true);
      expect(out.stdout).toMatch(/^Imported ics-attack@18\.1 from .*: 83 active techniques, .*\(\d+ ms\)\.\n$/);
      summaries.push(out.stdout.replace('/sized/', '/'));
    });

    test('a download of unknown size shows bytes and rate, no percent or time left', async () => {
      expect(await main(['import', 'attack', `${base}/streamed/ics-attack-18.1.json`])).toBe(0);
      const downloads = drawn(out.stderr).filter((l) => l.startsWith('Downloading'));
      expect(downloads.length).toBeGreaterThan(0);
      for (const l of downloads) expect(l).toMatch(/^Downloading \S+: \d+(\.\d)? (B|KB|MB)(, \d+(\.\d)? (B|KB|MB)\/s)?$/);
    });
  });

  describe('stderr is not a terminal (a log, a pipe, CI)', () => {
    const out = captureCliOutput();

    test('only the summary, the same as on a terminal', async () => {
      expect(await main(['import', 'attack', `${base}/sized/ics-attack-18.1.json`])).toBe(0);
      expect(out.stderr).toBe('');
      expect(untimed(out.stdout.replace('/sized/', '/'))).toBe(untimed(summaries[0]));
    });
  });
});

/** Telemetry reports its rows and hosts; an inventory of 10,000 assets or fewer reports nothing. */
describeWithShared('progress of telemetry and inventory imports', () => {
  const telemetry = ['import', 'telemetry', SAMPLES.splunk, '--format', 'splunk'];

  beforeAll(async () => {
    await resetDb();
    await importShared('enterprise-attack-18.1');
  });
  afterAll(async () => {
    await closeDriver();
  });

  describe('stderr is not a terminal', () => {
    const out = captureCliOutput();

    test('the summaries alone', async () => {
      expect(await main(['import', 'inventory', ACME])).toBe(0);
      expect(await main(telemetry)).toBe(0);
      expect(out.stderr).toBe('');
      expect(out.stdout).toMatch(/^Imported .* as snapshot [\s\S]*Imported splunk telemetry from .*\n {2}128 rows, \d+ host names/);
    });
  });

  describe('stderr is a terminal', () => {
    const out = captureCliOutput({ tty: true });

    test('the rows read from the stream (no total) and the hosts written (of the hosts it names)', async () => {
      await removeTelemetry();
      expect(await main(telemetry)).toBe(0);
      const hosts = Number(/, (\d+) host names/.exec(out.stdout)![1]);
      const lines = drawn(out.stderr);
      expect(
        lines
          .filter((l) => l.startsWith('Reading'))
          .every((l) => new RegExp(`^Reading ${SAMPLES.splunk}: \\d+ rows(, [\\d,]+ rows/s)?$`).test(l)),
      ).toBe(true);
      expect(lines.find((l) => l.startsWith('Reading'))).toBeDefined();
      expect(lines.find((l) => new RegExp(`^Writing telemetry hosts: \\d+/${hosts} hosts \\(\\d+%\\)`).test(l))).toBeDefined();
      expect(out.stderr.endsWith(CLEAR)).toBe(true);
    });

    test('a small inventory (examples/acme) is written without a progress line', async () => {
      expect(await main(['import', 'inventory', ACME])).toBe(0);
      expect(out.stdout).toMatch(/^Imported .* as snapshot .*: \d+ assets/);
      expect(out.stderr).toBe('');
    });
  });
});
