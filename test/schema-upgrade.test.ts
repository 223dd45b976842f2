import { openDatabase } from '../cli/database';
import { getDriver, read } from '../src/db/neo4j';
import { gql, stopGraphql } from './support/graphql';
import { closeDriver, importShared, resetDb } from './support/db';
import { describeWithShared } from './support/shared';

/**
 * A graph written before ATT&CK nodes' generation was named `generation` (it was `release`, with
 * indexes on it) is upgraded when the schema is applied, as every command does on opening the
 * database: afterwards it answers as a freshly imported one.
 */

/** Auto-commit statements (index changes cannot share a transaction with writes). */
async function runEach(statements: string[]): Promise<Record<string, unknown>[][]> {
  const session = getDriver().session();
  try {
    const results = [];
    for (const statement of statements) results.push((await session.run(statement)).records.map((r) => r.toObject()));
    return results;
  } finally {
    await session.close();
  }
}

/** What the graph was before the rename: the property and its three indexes under their old names. */
const OLD_SHAPE = [
  'DROP INDEX attack_object_generation IF EXISTS',
  'DROP INDEX technique_generation_attack_id IF EXISTS',
  'DROP INDEX tactic_generation_shortname IF EXISTS',
  'MATCH (n:AttackObject) CALL (n) { SET n.release = n.generation REMOVE n.generation } IN TRANSACTIONS OF 5000 ROWS',
  'CREATE INDEX attack_object_release IF NOT EXISTS FOR (n:AttackObject) ON (n.release)',
  'CREATE INDEX technique_attack_id IF NOT EXISTS FOR (t:Technique) ON (t.release, t.attackId)',
  'CREATE INDEX tactic_shortname IF NOT EXISTS FOR (t:Tactic) ON (t.release, t.shortname)',
  'CALL db.awaitIndexes(300)',
];

const shape = async () => {
  const [[props], indexes] = await runEach([
    `MATCH (n:AttackObject)
     RETURN count(n) AS nodes, count(n.release) AS withRelease, count(n.generation) AS withGeneration`,
    `SHOW INDEXES YIELD name, labelsOrTypes, properties WHERE labelsOrTypes[0] IN ['AttackObject', 'Technique', 'Tactic'] AND any(p IN properties WHERE p IN ['release', 'generation'])
     RETURN name, labelsOrTypes[0] + '(' + reduce(s = '', p IN properties | s + p + ',') + ')' AS on ORDER BY name`,
  ]);
  const { nodes, withRelease, withGeneration } = props as { nodes: number; withRelease: number; withGeneration: number };
  return { nodes, withRelease, withGeneration, indexes: indexes.map((i) => `${i.name} ${i.on}`) };
};

const QUERY = `{
  technique(id: "T1059.001", release: "18.1") {
    attackId release tactics { shortname } detectionStrategies { attackId } detectionByPlatform { platform logSources { name channel } }
  }
  techniques(filter: { release: "18.1", platform: "Linux", tactic: "execution" }, first: 5) { totalCount nodes { attackId } }
  tactics(release: "18.1") { shortname }
  dataComponents(release: "18.1") { attackId }
  v17: dataComponents(release: "17.1") { name }
}`;

describeWithShared('the schema upgrade of a graph written with `release` for the generation', () => {
  let before: unknown;
  beforeAll(async () => {
    await resetDb();
    await importShared('enterprise-attack-17.1');
    await importShared('enterprise-attack-18.1');
    before = await gql(QUERY);
  });
  afterAll(async () => {
    await stopGraphql();
    await closeDriver();
  });

  const NEW_INDEXES = [
    'attack_object_generation AttackObject(generation,)',
    'tactic_generation_shortname Tactic(generation,shortname,)',
    'technique_generation_attack_id Technique(generation,attackId,)',
  ];

  test('moves the property in batches, swaps the indexes, and the graph answers as before; a second run changes nothing', async () => {
    const fresh = await shape();
    // Two releases: more nodes than one upgrade batch (5000 in cypher/schema.cypher), so the move spans several transactions.
    expect(fresh.nodes).toBeGreaterThan(5000);
    expect(fresh).toEqual({ nodes: fresh.nodes, withRelease: 0, withGeneration: fresh.nodes, indexes: NEW_INDEXES });

    await runEach(OLD_SHAPE);
    expect(await shape()).toEqual({
      nodes: fresh.nodes,
      withRelease: fresh.nodes,
      withGeneration: 0,
      indexes: [
        'attack_object_release AttackObject(release,)',
        'tactic_shortname Tactic(release,shortname,)',
        'technique_attack_id Technique(release,attackId,)',
      ],
    });
    // Unreadable as it is: what the test proves the upgrade repairs.
    expect((await gql(`{ technique(id: "T1059.001", release: "18.1") { attackId } }`)).technique).toBeNull();

    await openDatabase();
    expect(await shape()).toEqual(fresh);
    expect(await gql(QUERY)).toEqual(before);
    const [{ generations }] = await read('admin', 'generationsInUse');
    expect((generations as string[]).sort()).toEqual([
      expect.stringMatching(/^enterprise-attack@17\.1#/),
      expect.stringMatching(/^enterprise-attack@18\.1#/),
    ]);

    await openDatabase();
    expect(await shape()).toEqual(fresh);
    expect(await gql(QUERY)).toEqual(before);
  });
});
