import { rmSync } from 'node:fs';
import { read } from '../src/db/neo4j';
import { currentRuleSet, readRules } from '../src/detections/store';
import { importDetections } from '../import/detections/import-detections';
import { exited, sleep, spawnCli } from './support/cli';
import { closeDriver, importShared, resetDb } from './support/db';
import { describeWithShared } from './support/shared';
import { SIGMA, sigmaCopies } from './support/sigma';

/**
 * `kill -9` of a detections import at any moment (reading, writing, switching, deleting the old
 * set) leaves the rule set as it was, or as the finished import made it, never part of one; the
 * next import removes what a killed clean-up left. A commit the client had sent when it was
 * killed still lands, so the set in force may appear a moment after the kill and be the one of
 * the run before: what is checked is that the set in force holds exactly the rules its own
 * summary counted, and that it is the set of one of the inputs.
 */
describeWithShared('a detections import killed with SIGKILL', () => {
  const big = sigmaCopies(SIGMA, 4);
  let full = 0;
  let expected: { id: string; rules: number; counted: number };

  const state = async () => {
    const set = (await currentRuleSet())!;
    return { id: set.id, rules: (await readRules(set.id)).length, counted: (JSON.parse(set.summary) as { rules: number }).rules };
  };

  beforeAll(async () => {
    await resetDb();
    await importShared('enterprise-attack-18.1');
    await importDetections([SIGMA]);
    expected = await state();
  });
  afterAll(async () => {
    rmSync(big, { recursive: true, force: true });
    await closeDriver();
  });

  test('an uninterrupted import replaces the set', async () => {
    const started = Date.now();
    expect(await exited(spawnCli(['import', 'detections', big]))).toEqual({ code: 0, signal: null });
    full = Date.now() - started;
    const now = await state();
    expect(now.id).not.toBe(expected.id);
    expect(now.rules).toBe(4 * 1136);
  });

  test.each([0.2, 0.4, 0.6, 0.75, 0.85, 0.92, 0.97])('killed at %p of a run: the set in force is whole', async (fraction) => {
    const child = spawnCli(['import', 'detections', fraction < 0.5 ? SIGMA : big]);
    const end = exited(child);
    await Promise.race([sleep(full * fraction), end]);
    child.kill('SIGKILL');
    await end;
    const now = await state();
    expect(now.rules).toBe(now.counted);
    expect([1136, 4 * 1136]).toContain(now.rules);
  });

  test('the next import removes whatever the killed ones left', async () => {
    await importDetections([SIGMA]);
    const [sets] = await read('detections/queries', 'counts');
    expect({ sets: Number(sets.sets), rules: Number(sets.rules) }).toEqual({ sets: 1, rules: 1136 });
  });
});
