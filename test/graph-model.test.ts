import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../src/config';
import { read } from '../src/db/neo4j';
import { importInventory } from '../import/inventory/import-inventory';
import { ACME } from './support/acme';
import { closeDriver, importShared, resetDb } from './support/db';
import { describeWithShared } from './support/shared';
import { importFile, SAMPLES } from './support/telemetry';

/** docs/graph-model.md must name every label and relationship type the database holds. */
function documented(heading: string): Set<string> {
  const doc = readFileSync(join(projectRoot, 'docs', 'graph-model.md'), 'utf8');
  const section = doc.split(/^## /m).find((s) => s.startsWith(heading)) ?? '';
  const names = new Set<string>();
  for (const line of section.split('\n').filter((l) => l.startsWith('| `'))) {
    for (const m of line.split('|')[1].matchAll(/`([A-Za-z_]+)`/g)) names.add(m[1]);
  }
  return names;
}

describeWithShared('the graph model document', () => {
  beforeAll(async () => {
    await resetDb();
    await importShared('enterprise-attack-6.3');
    await importShared('enterprise-attack-17.1');
    await importShared('enterprise-attack-18.1');
    await importInventory({ document: ACME, csv: [] });
    await importFile(SAMPLES.splunk, 'splunk');
  });
  afterAll(closeDriver);

  test('names every label in use', async () => {
    const labels = (await read('admin', 'labelsInUse')).map((r) => r.label as string);
    const missing = labels.filter((l) => !documented('Nodes').has(l));
    expect(labels.length).toBeGreaterThan(10);
    expect(missing).toEqual([]);
  });

  test('names every relationship type in use', async () => {
    const types = (await read('admin', 'relationshipTypesInUse')).map((r) => r.type as string);
    const missing = types.filter((t) => !documented('Relationships').has(t));
    expect(types.length).toBeGreaterThan(10);
    expect(missing).toEqual([]);
  });
});
