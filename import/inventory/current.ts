import { StatementName } from '../../src/db/cypher';
import { read, Row } from '../../src/db/neo4j';
import { dayNumber } from '../../src/inventory/dates';
import { assetOfNode } from '../../src/inventory/asset';
import { logSourceOfNode } from '../../src/inventory/log-source';
import { InventoryReader } from './reader';

const F = 'inventory/current';
const PAGE = 5000;

export interface CurrentSnapshot {
  id: string;
  props: Record<string, unknown>;
}

export async function currentSnapshot(): Promise<CurrentSnapshot | undefined> {
  const [row] = await read(F, 'current');
  const props = row?.snapshot as Record<string, unknown> | undefined;
  return props && { id: props.id as string, props };
}

/** Pages of a statement keyed by asset key, in key order. */
async function* pages(statement: StatementName<typeof F>, snapshot: string) {
  const prefix = `${snapshot}|`;
  let after = prefix;
  for (;;) {
    const rows: Row[] = await read(F, statement, { prefix, after, limit: PAGE });
    if (!rows.length) return;
    yield rows;
    after = (rows[rows.length - 1].key ?? (rows[rows.length - 1].node as { key: string }).key) as string;
    if (rows.length < PAGE) return;
  }
}

const where = (snapshot: string) => `current inventory (snapshot ${snapshot})`;

/** First half: the current snapshot's assets, log sources (without a DeTT&CT layer) and controls. */
export async function readCurrentItems(reader: InventoryReader, snapshot: string) {
  for await (const rows of pages('assetPage', snapshot)) {
    for (const { node } of rows) reader.addAssetRecord(assetOfNode(node as Record<string, unknown>), where(snapshot));
  }
  for (const { node } of await read(F, 'logSources', { snapshot })) {
    reader.addLogSourceRecord(logSourceOfNode(node as Record<string, unknown>), where(snapshot));
  }
  return read(F, 'controls', { snapshot });
}

/** Controls come after every log source (they refer to them); the caller adds its own log sources in between. */
export function addCurrentControls(reader: InventoryReader, rows: Record<string, unknown>[]) {
  for (const row of rows) {
    const c = row.node as Record<string, unknown>;
    reader.addControlRecord({
      id: c.id as string,
      name: c.name as string,
      type: (c.type as string) ?? null,
      produces: row.produces as string[],
    });
  }
}

/** Second half, once the model is sealed: collection (effective, with its control) and deployments. */
export async function readCurrentCollection(reader: InventoryReader, snapshot: string) {
  const { model } = reader;
  for await (const rows of pages('collectionPage', snapshot)) {
    for (const row of rows) {
      const asset = model.asset(row.id as string)!;
      for (const [ls, rank, since, via] of row.collects as [string, number, string | null, string | null][]) {
        model.collect(asset, model.logSource(ls)!, Number(rank), dayNumber(since), via ? model.control(via)! + 1 : 0);
      }
      for (const [control, rank] of row.deployments as [string, number][]) model.deploy(model.control(control)!, asset, Number(rank));
    }
  }
}
