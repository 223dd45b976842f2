import { importInventory } from '../../import/inventory/import-inventory';
import { ACME } from './acme';
import { closeDriver, importShared, resetDb } from './db';
import { stopGraphql } from './graphql';

/** A suite over ATT&CK 18.1 and examples/acme imported afresh: registers its beforeAll and afterAll. */
export function onAcme() {
  beforeAll(async () => {
    await resetDb();
    await importShared('enterprise-attack-18.1');
    await importInventory({ document: ACME, csv: [] });
  });
  afterAll(async () => {
    await stopGraphql();
    await closeDriver();
  });
}
