import neo4j, { Driver, ManagedTransaction, Record as Neo4jRecord } from 'neo4j-driver';
import { config } from '../config';
import { dbConfig } from './config';
import { cypher, cypherAll, ParamsOf, RowOf, StatementFile, StatementName } from './cypher';
import { UnavailableError } from '../errors';

/** The one door to Neo4j: every read goes through a read transaction, every write through a write one. */
let driver: Driver | undefined;
let database = 'neo4j';

export class DatabaseUnavailableError extends UnavailableError {
  constructor(cause: unknown) {
    super(`Neo4j is not reachable at ${dbConfig().uri}: ${(cause as Error)?.message ?? cause}`);
    this.name = 'DatabaseUnavailableError';
  }
}

export function getDriver(): Driver {
  if (!driver) {
    const db = dbConfig();
    database = db.database;
    driver = neo4j.driver(db.uri, neo4j.auth.basic(db.user, db.password), {
      disableLosslessIntegers: true,
      connectionAcquisitionTimeout: 10_000,
      connectionTimeout: 5_000,
      // A transient error is retried once (after ~1 s), so a request never hangs for long while Neo4j is down.
      maxTransactionRetryTime: config.neo4j.maxRetryMs(),
    });
  }
  return driver;
}

export async function closeDriver(): Promise<void> {
  const d = driver;
  driver = undefined;
  await d?.close();
}

export async function verifyConnectivity(): Promise<void> {
  try {
    await getDriver().getServerInfo({ database });
  } catch (error) {
    throw new DatabaseUnavailableError(error);
  }
}

const UNAVAILABLE = [neo4j.error.SERVICE_UNAVAILABLE, neo4j.error.SESSION_EXPIRED, 'Neo.TransientError.General.DatabaseUnavailable'];
const isUnavailable = (error: unknown) => UNAVAILABLE.includes((error as { code?: string })?.code ?? '');

/**
 * Once Neo4j has been found unreachable, each call first asks whether it answers again (a refused
 * connection fails in milliseconds) instead of waiting out the driver's retries: requests fail
 * fast during an outage, and the first one after it goes through as before.
 */
let unreachable = false;

async function whenReachable(): Promise<void> {
  if (!unreachable) return;
  try {
    await getDriver().getServerInfo({ database });
    unreachable = false;
  } catch (error) {
    throw new DatabaseUnavailableError(error);
  }
}

function unavailable(error: unknown): unknown {
  if (!isUnavailable(error)) return error;
  unreachable = true;
  return new DatabaseUnavailableError(error);
}

async function withSession<T>(mode: 'READ' | 'WRITE', work: (tx: ManagedTransaction) => Promise<T>): Promise<T> {
  await whenReachable();
  const session = getDriver().session({
    database,
    defaultAccessMode: mode === 'READ' ? neo4j.session.READ : neo4j.session.WRITE,
  });
  try {
    return mode === 'READ' ? await session.executeRead(work) : await session.executeWrite(work);
  } catch (error) {
    throw unavailable(error);
  } finally {
    await session.close();
  }
}

export const readTx = <T>(work: (tx: ManagedTransaction) => Promise<T>) => withSession('READ', work);
export const writeTx = <T>(work: (tx: ManagedTransaction) => Promise<T>) => withSession('WRITE', work);

export type Row = Record<string, unknown>;

/** Statements sent so far: lets tests prove a list query costs a bounded number of round trips. */
let statementsRun = 0;
export const statementCount = () => statementsRun;

const toRows = <R>(records: Neo4jRecord[]): R[] => records.map((r) => r.toObject() as R);

/*
 * Each runs one named statement of cypher/<file>.cypher: tsc checks the file and statement exist,
 * that a params object gives every $parameter of the statement (and, if it has any, no other key),
 * and rows carry its RETURN columns as keys. Leaving the object out is not caught (that error
 * would hide a misspelt statement name); Neo4j then names the missing parameters.
 */

/** In a read transaction. */
export async function read<F extends StatementFile, N extends StatementName<F>>(
  file: F,
  name: N,
  params?: ParamsOf<F, N>,
): Promise<RowOf<F, N>[]> {
  statementsRun += 1;
  return readTx(async (tx) => toRows((await tx.run(cypher(file, name), params)).records));
}

/** In its own write transaction. */
export async function write<F extends StatementFile, N extends StatementName<F>>(
  file: F,
  name: N,
  params?: ParamsOf<F, N>,
): Promise<RowOf<F, N>[]> {
  return writeTx(async (tx) => toRows((await tx.run(cypher(file, name), params)).records));
}

/** Inside a caller's transaction. */
export async function run<F extends StatementFile, N extends StatementName<F>>(
  tx: ManagedTransaction,
  file: F,
  name: N,
  params?: ParamsOf<F, N>,
): Promise<RowOf<F, N>[]> {
  return toRows((await tx.run(cypher(file, name), params)).records);
}

/** Constraints and indexes, each `IF NOT EXISTS`, so applying them is idempotent. */
export async function applySchema(): Promise<void> {
  const session = getDriver().session({ database });
  try {
    for (const statement of cypherAll('schema')) await session.run(statement);
  } catch (error) {
    throw unavailable(error);
  } finally {
    await session.close();
  }
}

/** For statements that manage their own transactions (`CALL { ... } IN TRANSACTIONS`). */
export async function autoCommit<F extends StatementFile, N extends StatementName<F>>(
  file: F,
  name: N,
  params?: ParamsOf<F, N>,
): Promise<void> {
  const session = getDriver().session({ database });
  try {
    await session.run(cypher(file, name), params);
  } catch (error) {
    throw unavailable(error);
  } finally {
    await session.close();
  }
}

/** Empties the configured database (constraints and indexes stay): `db reset`, test suites, benchmarks. */
export async function emptyDatabase(): Promise<void> {
  await autoCommit('admin', 'deleteRelationships');
  await autoCommit('admin', 'deleteEverything');
}
