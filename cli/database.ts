import { applySchema, closeDriver, verifyConnectivity } from '../src/db/neo4j';

/**
 * How every command that uses the graph starts: Neo4j must answer (else exit 2 at once, before
 * any work) and the constraints and indexes must exist (idempotent). `serve` and `up` keep the
 * driver for the server's life; everything else uses withDatabase.
 */
export async function openDatabase({ schema = true } = {}): Promise<void> {
  await verifyConnectivity();
  if (schema) await applySchema();
}

/**
 * openDatabase, then `work`, then the driver closed whether `work` succeeded or not, so a
 * command's process exits instead of waiting on an open connection pool. `schema: false` for
 * commands that only look (`db status`).
 */
export async function withDatabase<T>(work: () => Promise<T>, options: { schema?: boolean } = {}): Promise<T> {
  try {
    await openDatabase(options);
    return await work();
  } finally {
    await closeDriver();
  }
}
