import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { coverage } from '../src/coverage/coverage';
import { importInventory } from '../import/inventory/import-inventory';
import { OracleRelease, readRelease } from './oracle/attack';
import { oracleRows, OracleQuery } from './oracle/coverage';
import { asOracleRows, rowDifferences } from './oracle/compare';
import { generateEventInventory, generateInventory } from './oracle/generate';
import { OracleInventory, readInventory } from './oracle/inventory';
import { closeDriver, importShared, resetDb } from './support/db';
import { services } from './support/graphql';
import { attackBundle, describeWithShared } from './support/shared';

/**
 * The production engine (profiles, Cypher, bit sets) against the oracle (host by host, from the
 * raw bundles and the inventory file), every row, on generated inventories of 3000 assets: one
 * exercising every clause of the rule, one written a log source per event ID.
 */
const VERSIONS = ['6.3', '17.1', '18.1'];
const STATES = ['configured', 'tested', 'monitored'] as const;

describeWithShared('coverage rows equal the brute-force oracle', () => {
  /** The program's caches, as resolvers reach them (ctx.services). */
  const { caches } = services;
  const dir = mkdtempSync(join(tmpdir(), 'attack-kg-coverage-'));
  let releases: OracleRelease[];
  let inventory: OracleInventory;

  beforeAll(async () => {
    await resetDb();
    for (const v of VERSIONS) await importShared(`enterprise-attack-${v}`);
    releases = VERSIONS.map((v) => readRelease(attackBundle(`enterprise-attack-${v}`)));
    const generated = generateInventory(join(dir, 'clauses'), 20261128, releases[2]);
    await importInventory({ document: generated.file, csv: [] });
    inventory = readInventory(generated.file);
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await closeDriver();
  });

  const compare = async (version: string, query: OracleQuery, input: Parameters<typeof coverage>[1]) => {
    const release = releases[VERSIONS.indexOf(version)];
    const expected = oracleRows(release, releases, inventory, query);
    const { rows } = await coverage(caches, { release: version, ...input });
    const actual = asOracleRows(rows);
    expect(rowDifferences(expected, actual)).toEqual([]);
    expect(actual).toHaveLength(expected.length);
    return expected;
  };

  for (const version of VERSIONS) {
    for (const minState of STATES) {
      test(`enterprise ${version}, minState ${minState}, DATA_COMPONENT`, async () => {
        const rows = await compare(version, { minState }, { minState: minState.toUpperCase() as 'MONITORED' });
        expect(rows.length).toBeGreaterThan(500);
        expect(rows.some((r) => r.hostsCovered > 0 && r.hostsBlind > 0)).toBe(true);
      });
    }
  }

  const filters = [
    { businessUnits: ['Finance'] },
    { platforms: ['IaaS'] },
    { platforms: ['entra id', 'Windows'], tags: ['server', 'emea'] },
    { criticalities: ['high', 'critical'], environments: ['prod'] },
    { ids: ['ws-00001', 'WS-00004', 'SRV-00001', 'CLD-00002'] },
  ];
  for (const filter of filters) {
    test(`asset filter ${JSON.stringify(filter)} on 18.1 and 6.3`, async () => {
      for (const version of ['18.1', '6.3']) {
        const rows = await compare(version, { minState: 'tested', assets: filter }, { minState: 'TESTED', assets: filter });
        expect(rows.length).toBeGreaterThan(0);
      }
    });
  }

  test('threat-informed: the techniques APT29 and its campaigns use', async () => {
    const release = releases[2];
    const campaigns = [...release.attributedTo].filter(([, groups]) => groups.has('G0016')).map(([c]) => c);
    const used = new Set(
      [...['G0016', ...campaigns].flatMap((id) => [...(release.uses.get(id) ?? [])])].filter((t) => !t.startsWith('software:')),
    );
    const rows = await compare('18.1', { techniques: used }, { group: 'APT29' });
    expect(new Set(rows.map((r) => r.technique)).size).toBeGreaterThan(40);
  });

  for (const minState of STATES) {
    test(`enterprise 18.1, minState ${minState}, LOG_SOURCE`, async () => {
      const rows = await compare(
        '18.1',
        { minState, precision: 'LOG_SOURCE' },
        { minState: minState.toUpperCase() as 'MONITORED', precision: 'LOG_SOURCE' },
      );
      expect(rows.some((r) => r.hostsCovered > 0)).toBe(true);
    });
  }

  describe('an inventory written one log source per event ID', () => {
    beforeAll(async () => {
      const generated = generateEventInventory(join(dir, 'events'), 20261201, releases[2]);
      await importInventory({ document: generated.file, csv: [] });
      inventory = readInventory(generated.file);
      expect(inventory.logSources.length).toBeGreaterThan(150);
    });

    for (const precision of ['DATA_COMPONENT', 'LOG_SOURCE'] as const) {
      for (const minState of STATES) {
        test(`enterprise 18.1, minState ${minState}, ${precision}`, async () => {
          const rows = await compare('18.1', { minState, precision }, { minState: minState.toUpperCase() as 'MONITORED', precision });
          expect(rows.some((r) => r.hostsCovered > 0 && r.hostsBlind > 0)).toBe(true);
        });
      }
    }

    test('17.1 (names resolved by 18.1, carried over by STIX id) and an asset filter', async () => {
      await compare('17.1', { minState: 'tested' }, { minState: 'TESTED' });
      const filter = { platforms: ['Windows'], businessUnits: ['Finance', 'IT'] };
      await compare('18.1', { assets: filter, precision: 'LOG_SOURCE' }, { assets: filter, precision: 'LOG_SOURCE' });
    });

    test('the rule before v1.1 (names ignoring case, channels equal) under-counts such an inventory', () => {
      const release = releases[2];
      for (const precision of ['DATA_COMPONENT', 'LOG_SOURCE'] as const) {
        const now = oracleRows(release, releases, inventory, { precision });
        const before = new Map(
          oracleRows(release, releases, inventory, { precision }, true).map((r) => [`${r.technique}|${r.platform}`, r]),
        );
        const changed = now.filter((r) => before.get(`${r.technique}|${r.platform}`)!.hostsCovered !== r.hostsCovered);
        // Matching more never covers fewer hosts.
        expect(changed.every((r) => r.hostsCovered > before.get(`${r.technique}|${r.platform}`)!.hostsCovered)).toBe(true);
        const hosts = changed.reduce((n, r) => n + r.hostsCovered - before.get(`${r.technique}|${r.platform}`)!.hostsCovered, 0);

        console.log(
          `per-event inventory, ${precision}: ${changed.length} of ${now.length} rows were under-counted by the exact rule (${hosts} host-rows)`,
        );
        expect(changed.length).toBeGreaterThan(20);
      }
    });
  });
});
