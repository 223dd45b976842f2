import { StatementName } from '../db/cypher';
import { read, Row } from '../db/neo4j';
import { logSourceOfNode } from '../inventory/log-source';
import { InventoryAsset, InventoryProfile, InventoryView } from './derive';
import { InventoryLogSource } from './evidence';
import { HostRecord, LogRecord, unpackObservations } from './records';

/** Reading what telemetry imports stored, and the inventory it is matched against (cypher/telemetry/queries.cypher). */
const Q = 'telemetry/queries';
const PAGE = 5000;

/** A TelemetryImport node: one per import; the `current` one's generation holds the merged telemetry. */
export type ImportRecord = Record<string, unknown> & {
  id: string;
  status: string;
  asOfEpoch?: number;
  newestAsOfEpoch?: number;
};

export async function currentImport(): Promise<ImportRecord | undefined> {
  const [row] = await read(Q, 'currentImport');
  return row?.node as ImportRecord | undefined;
}

export const listImports = async () => (await read(Q, 'imports')).map((r) => r.node as ImportRecord);

export async function readVocabulary(generation: string): Promise<LogRecord[]> {
  return (await read(Q, 'vocabulary', { generation })).map((r) => ({
    index: Number(r.index),
    name: (r.name as string | null) ?? null,
    channel: (r.channel as string | null) ?? null,
    logSource: (r.logSource as string | null) ?? null,
    label: (r.label as string | null) ?? null,
  }));
}

/** Rows of a statement over keys "<prefix>|...", in key order, a page at a time. */
async function* pages(statement: StatementName<typeof Q>, prefix: string, params: Record<string, unknown> = {}) {
  let after = prefix;
  for (;;) {
    const rows: Row[] = await read(Q, statement, { ...params, prefix, after, limit: PAGE });
    if (!rows.length) return;
    yield rows;
    after = rows[rows.length - 1].key as string;
    if (rows.length < PAGE) return;
  }
}

/** A generation's hosts, page by page (a 100k-host generation is read in 20 round trips, never one). */
export async function* readHosts(generation: string): AsyncGenerator<HostRecord[]> {
  for await (const rows of pages('hostPage', `${generation}|`)) {
    yield rows.map((r) => ({
      hostKey: r.hostKey as string,
      host: r.host as string,
      rows: Number(r.rows),
      data: unpackObservations(r.seen as Int8Array),
    }));
  }
}

/** The current inventory as telemetry needs it: assets (id, hostname, profile), declared collection per profile, log sources. */
export async function readInventoryView(snapshot: string | null | undefined): Promise<InventoryView> {
  if (!snapshot) return { assets: [], profiles: [], logSources: [] };
  const [sources, profileRows] = await Promise.all([read(Q, 'logSources', { snapshot }), read(Q, 'profiles', { snapshot })]);
  const logSources: InventoryLogSource[] = sources.map((r) => {
    const { id, name, channel } = logSourceOfNode(r.node as Record<string, unknown>);
    return { id, name, channel };
  });
  const lsIndex = new Map(logSources.map((l, i) => [l.id, i]));
  const assets: InventoryAsset[] = [];
  const profiles: InventoryProfile[] = profileRows.map((r, i) => {
    for (const [id, hostname] of r.assets as [string, string | null][]) assets.push({ id, hostname: hostname ?? null, profile: i });
    const collects: [number, number][] = [];
    for (const item of r.collects as string[]) {
      const at = item.lastIndexOf('=');
      const ls = lsIndex.get(item.slice(0, at));
      if (ls !== undefined) collects.push([ls, Number(item.slice(at + 1))]);
    }
    return { key: r.key as string, collects };
  });
  // By id: host matching and the API's orders do not depend on how Neo4j returned them.
  assets.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { assets, profiles, logSources };
}
