import { join } from 'node:path';
import { Caches } from '../src/cache/caches';
import { projectRoot } from '../src/config';
import * as neo4j from '../src/db/neo4j';
import { createContext } from '../src/server/context';
import { importInventory } from '../import/inventory/import-inventory';
import { closeDriver, importShared, resetDb } from './support/db';
import { execute, services, stopGraphql } from './support/graphql';
import { describeWithShared } from './support/shared';

/**
 * The coverage memos never keep a failure: one Neo4j read that fails while a memo is being filled
 * fails that request only, and the next request reads again and answers what a server that never
 * saw the failure answers. Each case starts from empty caches, so the failing read is the one
 * that fills the memo (a warm memo would not read at all).
 */
const INVENTORY = join(projectRoot, 'test', 'fixtures', 'coverage', 'rules.yaml');

const COVERAGE = `{ coverage(first: 5000) { totalCount nodes { technique { attackId } platform hostsTotal hostsCovered } } }`;
const FILTERED = `{ coverage(query: { assets: { tags: ["edr"] } }, first: 5000) { totalCount nodes { technique { attackId } platform hostsCovered } } }`;
const SPOF = `{ singlePointsOfFailure { technique { attackId } platform logSource { id } control { id } } }`;
const CONTROLS = `{ controlCoverage { control { id } hostsAtMinState hosts { platform state hosts } techniques { technique { attackId } platform hosts } } }`;
const RECOMMENDATIONS = `{ recommendations(limit: 10) { logSource { id } name channel blindPairs platforms } }`;

/** [cypher file, statement, the field whose memo that statement fills, a query of it]. */
const CASES: [string, string, string, string][] = [
  ['coverage/release', 'techniques', 'coverage (release model)', COVERAGE],
  ['coverage/inventory', 'profiles', 'coverage (inventory model)', COVERAGE],
  ['coverage/inventory', 'populationCells', 'coverage with an asset filter', FILTERED],
  ['coverage/inventory', 'controls', 'singlePointsOfFailure', SPOF],
  ['coverage/inventory', 'explicitCollection', 'singlePointsOfFailure', SPOF],
  ['coverage/inventory', 'controls', 'controlCoverage', CONTROLS],
  ['coverage/release', 'pairComponents', 'recommendations', RECOMMENDATIONS],
];

/** The answer holds something: a list with items, or a matrix with rows. */
const answered = (data: Record<string, any>) => {
  const value = Object.values(data)[0];
  return Array.isArray(value) ? value.length > 0 : value.totalCount > 0;
};

describeWithShared('coverage caches never keep a failed read', () => {
  const real = neo4j.read;
  beforeAll(async () => {
    await resetDb();
    await importShared('enterprise-attack-18.1');
    await importInventory({ document: INVENTORY, csv: [] });
  });
  afterEach(() => jest.restoreAllMocks());
  afterAll(async () => {
    await stopGraphql();
    await closeDriver();
  });

  /** A request with its own server caches (empty at first), as `serve` would hold them. */
  const serverWith = (caches: Caches) => (query: string) => execute(query, {}, createContext({ ...services, caches }, 'reader'));

  /** The next read of `file`#`statement` fails; every other read goes to Neo4j. Counts that statement's reads. */
  function failOnce(file: string, statement: string) {
    const calls = { count: 0 };
    jest.spyOn(neo4j, 'read').mockImplementation(async (f, name, params) => {
      if (f === file && name === statement && ++calls.count === 1) throw new Error(`injected failure of ${file}#${statement}`);
      return real(f, name, params);
    });
    return calls;
  }

  for (const [file, statement, field, query] of CASES) {
    test(`${file}#${statement} failing once fails one ${field} request; the next is answered in full`, async () => {
      const expected = await serverWith(new Caches())(query);
      expect(expected.errors).toEqual([]);
      expect(answered(expected.data)).toBe(true);

      const ask = serverWith(new Caches());
      const calls = failOnce(file, statement);
      const failed = await ask(query);
      expect(calls.count).toBe(1);
      expect(failed.errors.length).toBeGreaterThan(0);

      const next = await ask(query);
      expect(next.errors).toEqual([]);
      expect(next.data).toEqual(expected.data);
      // Read again, not served a kept failure; then memoised: a third request reads nothing more.
      expect(calls.count).toBe(2);
      expect(await ask(query)).toEqual(expected);
      expect(calls.count).toBe(2);
    });
  }
});
