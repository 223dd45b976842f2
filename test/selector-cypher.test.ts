import { cypher, cypherFragment } from '../src/db/cypher';
import { readTx, writeTx } from '../src/db/neo4j';
import { AssetFilterInput, assetFilterParams, filterSelector } from '../src/inventory/filter';
import { AssetSelector, selectorParams, selectorPredicate } from '../src/inventory/selector';
import { AssetRecord } from '../src/inventory/asset';
import { randomTools } from './support/random';
import { closeDriver } from './support/db';

/**
 * The asset selector has one TypeScript implementation (selectorPredicate) and one Cypher
 * fragment (cypher/inventory/filter.cypher#assetSelector, included by every statement that
 * matches assets). Seeded random inventories and selectors, written to and matched by the real
 * Neo4j, prove both select the same assets: contract selectors (empty lists included, which
 * match nothing but for tags) and GraphQL AssetFilters (an empty list sets no condition).
 */
const LABEL = 'SelectorProbe';
const PLATFORMS = [
  'Windows',
  'windows',
  'Linux',
  'macOS',
  'IaaS',
  'AWS',
  'Azure',
  'GCP',
  'Office Suite',
  'Office 365',
  'Google Workspace',
  'Identity Provider',
  'Azure AD',
  'Entra ID',
  'Network',
  'Network Devices',
  'Containers',
  'ESXi',
  'SaaS',
  'PRE',
];
const TAGS = ['edr', 'EDR', 'pci', 'dmz', 'vip', 'emea'];
const UNITS = ['Finance', 'finance', 'IT', 'R&D'];
const ENVIRONMENTS = ['prod', 'Prod', 'dev'];
const CRITICALITIES = ['low', 'medium', 'high', 'critical'];
const ASSETS = 60;
const ids = Array.from({ length: ASSETS + 5 }, (_, i) => `a${i}`);

type Rng = ReturnType<typeof randomTools>;

function inventory(rng: Rng): AssetRecord[] {
  const maybe = <T>(list: readonly T[]) => (rng.next() < 0.3 ? null : rng.pick(list));
  return Array.from({ length: ASSETS }, (_, i) => ({
    id: ids[i],
    hostname: null,
    os: null,
    platforms: rng.some(PLATFORMS, 3),
    tags: rng.next() < 0.25 ? [] : rng.some(TAGS, 3),
    businessUnit: maybe(UNITS),
    environment: maybe(ENVIRONMENTS),
    criticality: maybe(CRITICALITIES),
  }));
}

/** Each key absent, an empty list, or a few values (some no asset has). */
function values(rng: Rng, vocabulary: readonly string[]): string[] | undefined {
  const roll = rng.next();
  if (roll < 0.5) return undefined;
  if (roll < 0.6) return [];
  return rng.some([...vocabulary, 'nothing-has-this'], 3);
}

const selectorOf = (rng: Rng): AssetSelector => ({
  ids: values(rng, ids),
  platforms: values(rng, [...PLATFORMS, 'WINDOWS', 'aws']),
  tags: values(rng, TAGS),
  businessUnit: values(rng, UNITS),
  environment: values(rng, ENVIRONMENTS),
  criticality: values(rng, CRITICALITIES),
});

const filterOf = (rng: Rng): AssetFilterInput => {
  const s = selectorOf(rng);
  return {
    ids: s.ids,
    platforms: s.platforms,
    tags: s.tags,
    businessUnits: s.businessUnit,
    environments: s.environment,
    criticalities: s.criticality,
  };
};

describe('the asset selector: TypeScript and Cypher select the same assets', () => {
  const match = `MATCH (a:${LABEL} {run: $run}) WHERE ${cypherFragment('inventory/filter', 'assetSelector')} RETURN collect(a.id) AS ids`;
  const cypherMatches = async (run: number, f: Record<string, unknown>) =>
    readTx(async (tx) => ((await tx.run(match, { run, f })).records[0].get('ids') as string[]).sort());
  const tsMatches = (assets: AssetRecord[], selector: AssetSelector) =>
    assets
      .filter(selectorPredicate(selector))
      .map((a) => a.id)
      .sort();

  const removeProbes = () => writeTx((tx) => tx.run(`MATCH (a:${LABEL}) DETACH DELETE a`));
  beforeAll(removeProbes);
  afterAll(async () => {
    await removeProbes();
    await closeDriver();
  });

  test('every statement that matches assets includes the one fragment', () => {
    const words = (text: string) => text.replace(/\s+/g, ' ');
    const fragment = words(cypherFragment('inventory/filter', 'assetSelector'));
    expect(fragment).toMatch(/\$f\.platforms/);
    expect(words(cypher('inventory/filter', 'matchAssets'))).toContain(fragment);
    expect(words(cypher('coverage/inventory', 'assetsInProfiles'))).toContain(fragment);
  });

  for (const seed of [1, 2, 3]) {
    test(`seed ${seed}: 150 contract selectors and 150 asset filters on a random inventory of ${ASSETS} assets`, async () => {
      const rng = randomTools(seed);
      const assets = inventory(rng);
      // As the importer stores assets: absent values are absent properties.
      await writeTx((tx) => tx.run(`UNWIND $assets AS x CREATE (a:${LABEL}) SET a = x, a.run = $run`, { assets, run: seed }));
      const differences: string[] = [];
      let nonEmpty = 0;
      for (let i = 0; i < 150; i += 1) {
        const selector = selectorOf(rng);
        const [inCypher, inTs] = [await cypherMatches(seed, selectorParams(selector)), tsMatches(assets, selector)];
        if (inCypher.join() !== inTs.join()) differences.push(`selector ${JSON.stringify(selector)}: Cypher ${inCypher} TS ${inTs}`);
        if (inTs.length) nonEmpty += 1;
      }
      for (let i = 0; i < 150; i += 1) {
        const filter = filterOf(rng);
        const [inCypher, inTs] = [await cypherMatches(seed, assetFilterParams({ filter })), tsMatches(assets, filterSelector(filter))];
        if (inCypher.join() !== inTs.join()) differences.push(`filter ${JSON.stringify(filter)}: Cypher ${inCypher} TS ${inTs}`);
        if (inTs.length) nonEmpty += 1;
      }
      expect(differences).toEqual([]);
      // The cases are not all trivial: many select some assets, and not all of them.
      expect(nonEmpty).toBeGreaterThan(60);
    });
  }
});
