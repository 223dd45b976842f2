import { read } from '../src/db/neo4j';
import { exited, sleep, spawnCli } from './support/cli';
import { closeDriver, graphCounts, importShared, resetDb } from './support/db';
import { gql, stopGraphql } from './support/graphql';
import { attackBundle, describeWithShared } from './support/shared';

/**
 * `kill -9` of an import at any moment (reading, writing nodes, edges, switching, deleting the
 * replaced generation) leaves the release as it was, or as the finished import made it, and
 * queryable; the next import clears what the killed one left. ICS 18.1 (v18 model, ~3 s a run)
 * keeps the kills quick; the mechanism does not depend on the bundle's size.
 */
describeWithShared('an import killed with SIGKILL', () => {
  /** What a client sees (log sources sorted: their order within a platform is not part of the answer). */
  async function answers() {
    const data = await gql(`{
      attackReleases { domain version techniqueCount }
      techniques(filter: { domain: "ics-attack" }, first: 0) { totalCount }
      technique(id: "T0807", domain: "ics-attack") { name detectionByPlatform { platform logSources { name channel } } }
    }`);
    for (const p of data.technique.detectionByPlatform) p.logSources.sort((a: any, b: any) => `${a.name}|${a.channel}`.localeCompare(`${b.name}|${b.channel}`));
    return data;
  }
  let expected: unknown;
  let baseline: { nodes: number; relationships: number };

  beforeAll(async () => {
    await resetDb();
    await importShared('ics-attack-18.1');
    expected = await answers();
    baseline = await graphCounts();
  });
  afterAll(async () => {
    await stopGraphql();
    await closeDriver();
  });

  test.each([250, 600, 1000, 1400, 1800, 2200])('killed after %i ms: the release is intact and queryable', async (delay) => {
    const child = spawnCli(['import', 'attack', attackBundle('ics-attack-18.1')]);
    const end = exited(child);
    await Promise.race([sleep(delay), end]);
    child.kill('SIGKILL');
    await end;
    expect(await answers()).toEqual(expected);
  });

  test('the next import removes whatever the killed ones left', async () => {
    await importShared('ics-attack-18.1');
    expect(await answers()).toEqual(expected);
    expect(await graphCounts()).toEqual(baseline);
    const [{ generations, marked }] = await read('admin', 'generationsInUse');
    expect(generations).toHaveLength(1);
    expect(marked).toEqual([]);
  });
});
