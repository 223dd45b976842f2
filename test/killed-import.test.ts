import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importInventory } from '../import/inventory/import-inventory';
import { read } from '../src/db/neo4j';
import { exited, sleep, spawnCli } from './support/cli';
import { closeDriver, graphCounts, importShared, resetDb } from './support/db';
import { gql, stopGraphql } from './support/graphql';
import { attackBundle, describeWithShared } from './support/shared';

/**
 * `kill -9` of an import at any moment (reading, writing nodes, edges, switching with the
 * inventory's re-resolution, deleting the replaced generation) leaves the release as it was, or
 * as the finished import made it, the inventory intact, and both queryable; the next import
 * clears what the killed one left. Mobile 17.1 (~3 s a run) keeps the kills quick; the mechanism
 * does not depend on the bundle's size.
 */
describeWithShared('an import killed with SIGKILL', () => {
  /** What a client sees of ATT&CK and of the inventory linked to it. */
  const answers = () =>
    gql(`{
    attackReleases { domain version techniqueCount }
    techniques(filter: { domain: "mobile-attack" }, first: 5) { totalCount nodes { attackId dataComponents { stixId name } } }
    assets(first: 0) { totalCount }
    logSources { id hosts dataComponents(domain: "mobile-attack") { stixId name release } }
    inventorySnapshots { id status }
  }`);
  let expected: unknown;
  let baseline: { nodes: number; relationships: number };

  beforeAll(async () => {
    await resetDb();
    await importShared('mobile-attack-17.1');
    const dir = mkdtempSync(join(tmpdir(), 'attack-kg-killed-'));
    writeFileSync(
      join(dir, 'inventory.yaml'),
      [
        'version: 1',
        'assets: [{ id: PHONE-1, platforms: [Android] }, { id: PHONE-2, platforms: [iOS] }]',
        'logSources: [{ id: mdm, dataComponents: [API Calls, System Notifications] }]',
        'collection: [{ logSource: mdm, assets: "*", state: monitored }]',
        '',
      ].join('\n'),
    );
    await importInventory({ document: join(dir, 'inventory.yaml'), csv: [] });
    expected = await answers();
    expect((expected as any).logSources[0].dataComponents).toHaveLength(2);
    baseline = await graphCounts();
  });
  afterAll(async () => {
    await stopGraphql();
    await closeDriver();
  });

  /** How long an uninterrupted run takes here: the kills land at fractions of it, so every phase is hit on any machine. */
  let full = 0;
  const run = () => spawnCli(['import', 'attack', attackBundle('mobile-attack-17.1')]);

  test('an uninterrupted re-import replaces the release and answers the same', async () => {
    const started = Date.now();
    expect(await exited(run())).toEqual({ code: 0, signal: null });
    full = Date.now() - started;
    expect(await answers()).toEqual(expected);
  });

  test.each([0.1, 0.25, 0.4, 0.55, 0.7, 0.8, 0.9, 0.94, 0.97, 0.99, 1.01])(
    'killed at %p of a run: the release and the inventory are intact and queryable',
    async (fraction) => {
      const child = run();
      const end = exited(child);
      await Promise.race([sleep(full * fraction), end]);
      child.kill('SIGKILL');
      await end;
      expect(await answers()).toEqual(expected);
    },
  );

  test('the next import removes whatever the killed ones left', async () => {
    await importShared('mobile-attack-17.1');
    expect(await answers()).toEqual(expected);
    expect(await graphCounts()).toEqual(baseline);
    const [{ generations, marked }] = await read('admin', 'generationsInUse');
    expect(generations).toHaveLength(1);
    expect(marked).toEqual([]);
  });
});
