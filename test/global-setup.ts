import { dbConfig } from '../src/db/config';
import { startLocal } from '../src/db/local-server';
import { applySchema, closeDriver } from '../src/db/neo4j';

/** Tests run against a real Neo4j: NEO4J_URI's, else the project's local one, started here if needed. */
export default async function globalSetup() {
  if (dbConfig().local) await startLocal();
  await applySchema();
  await closeDriver();
}
