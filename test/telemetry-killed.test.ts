import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importInventory } from '../import/inventory/import-inventory';
import { exited, sleep, spawnCli } from './support/cli';
import { closeDriver, graphCounts, importShared, resetDb } from './support/db';
import { gql, stopGraphql } from './support/graphql';
import { describeWithShared } from './support/shared';
import { generationsInUse, importFile, telemetryCounts } from './support/telemetry';

/**
 * `kill -9` of a telemetry import at any moment (reading, merging, writing the new generation,
 * switching, deleting the old one) leaves the telemetry as it was, or as the finished import made
 * it; the next import removes what the killed one left.
 */
describeWithShared('a telemetry import killed with SIGKILL', () => {
  const dir = mkdtempSync(join(tmpdir(), 'attack-kg-telemetry-killed-'));
  const HOSTS = 20_000;
  const answers = () =>
    gql(
      `{ telemetryDrift { asOf unknownHosts logSources { logSource { id } declaredHosts freshHosts staleHosts neverSeenHosts } undeclared { name hosts } } }`,
    );
  let expected: unknown;
  let first: string;
  let second: string;
  let full = 0;

  beforeAll(async () => {
    await resetDb();
    await importShared('mobile-attack-17.1');
    const assets = Array.from({ length: HOSTS }, (_, i) => `PHONE-${String(i).padStart(5, '0')}`);
    writeFileSync(
      join(dir, 'assets.csv'),
      `id,hostname,platforms\n${assets.map((a) => `${a},${a.toLowerCase()}.mdm.example,Android`).join('\n')}\n`,
    );
    writeFileSync(
      join(dir, 'inventory.yaml'),
      [
        'version: 1',
        'include: [assets.csv]',
        'logSources: [{ id: mdm, name: "mdm:audit", dataComponents: [API Calls] }, { id: mdm-apps, name: "mdm:apps", channel: "install, remove" }]',
        'collection: [{ logSource: mdm, assets: "*", state: monitored }, { logSource: mdm-apps, assets: "*", state: tested }]',
        '',
      ].join('\n'),
    );
    await importInventory({ document: join(dir, 'inventory.yaml'), csv: [] }, { allowUnknown: true });
    const rows = (day: number) =>
      assets.flatMap((a, i) =>
        ['install', 'remove', 'wipe', 'enroll'].map(
          (c, j) =>
            `${a.toLowerCase()}.mdm.example,mdm:${j ? 'apps' : 'audit'},${c},${i + j},2026-11-0${day}T00:00:00Z,2026-11-${10 + day + ((i + j) % 9)}T00:00:00Z`,
        ),
      );
    first = join(dir, 'day1.csv');
    second = join(dir, 'day2.csv');
    writeFileSync(first, `host,name,channel,count,firstSeen,lastSeen\n${rows(1).join('\n')}\n`);
    writeFileSync(second, `host,name,channel,count,firstSeen,lastSeen\n${rows(2).join('\n')}\n`);
    await importFile(first, 'csv');
    expected = await answers();
  });
  afterAll(async () => {
    await stopGraphql();
    await closeDriver();
  });

  const run = () => spawnCli(['import', 'telemetry', second, '--format', 'csv']);

  test('an uninterrupted import changes the answers; imported again, nothing', async () => {
    const before = await graphCounts();
    const started = Date.now();
    expect(await exited(run())).toEqual({ code: 0, signal: null });
    full = Date.now() - started;
    expect(await answers()).not.toEqual(expected);
    expected = await answers();
    expect(await exited(run())).toEqual({ code: 0, signal: null });
    expect(await answers()).toEqual(expected);
    expect((await graphCounts()).nodes).toBeGreaterThan(before.nodes);
  });

  test.each([0.15, 0.3, 0.45, 0.6, 0.7, 0.8, 0.88, 0.94, 0.99])(
    'killed at %p of a run: the answers are those of before',
    async (fraction) => {
      // A new export each time (other bytes), so the import does write a generation.
      const file = join(dir, `day2-${fraction}.csv`);
      writeFileSync(
        file,
        `${readFileSync(second, 'utf8')}ghost-${fraction}.example,mdm:audit,,1,2026-11-01T00:00:00Z,2026-11-02T00:00:00Z\n`,
      );
      const child = spawnCli(['import', 'telemetry', file, '--format', 'csv']);
      const end = exited(child);
      await Promise.race([sleep(full * fraction), end]);
      child.kill('SIGKILL');
      await end;
      const now = await answers();
      // Either nothing changed, or the kill came after the switch: then this file's generation is current.
      const { telemetryImports } = await gql('{ telemetryImports { status source } }');
      const current = telemetryImports.find((t: { status: string }) => t.status === 'current').source;
      if (current === file) expected = now;
      else expect(now).toEqual(expected);
    },
  );

  test('the next import removes whatever the killed ones left', async () => {
    await importFile(second, 'csv');
    expect(await answers()).toEqual(expected);
    const counts = await telemetryCounts();
    expect(
      Object.keys(counts)
        .filter((k) => k.startsWith('TelemetryImport:'))
        .sort(),
    ).toEqual(['TelemetryImport:archived', 'TelemetryImport:current']);
    expect(await generationsInUse()).toHaveLength(1);
    expect(counts.TelemetryHost).toBeGreaterThanOrEqual(HOSTS);
  });
});
