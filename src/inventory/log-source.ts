import { LogSourceInput } from './schema';

/** Where a log source came from: the inventory's own files, or a DeTT&CT data source layer. */
export type Origin = 'inventory' | 'dettect';

/**
 * A LogSource node's own properties, the one mapping: the importer writes them (from a file, a
 * DeTT&CT layer, or the current snapshot read back) and every reader (coverage, telemetry, the
 * ATT&CK resolution, GraphQL) gets them back from a node with `logSourceOfNode`. `key`,
 * `snapshot` and `nameLower` are the graph's, set beside these by `logSourceProps`.
 */
export interface LogSourceRecord {
  id: string;
  /** ATT&CK's log source name (WinEventLog:Security); null for a log source known only by its components. */
  name: string | null;
  /** ATT&CK's channel (EventCode=4688); null: every channel of the name. */
  channel: string | null;
  /** As written: DC ids or names, distinct. */
  dataComponents: string[];
  /** Pre-v10 ATT&CK data source strings, distinct. */
  dataSources: string[];
  /** JSON text, or null. */
  attributes: string | null;
  origin: Origin;
}

/** A validated log source (contract input) as stored. */
export const logSourceRecord = (input: LogSourceInput, origin: Origin = 'inventory'): LogSourceRecord => ({
  id: input.id,
  name: input.name ?? null,
  channel: input.channel ?? null,
  dataComponents: [...new Set(input.dataComponents ?? [])],
  dataSources: [...new Set(input.dataSources ?? [])],
  attributes: input.attributes ? JSON.stringify(input.attributes) : null,
  origin,
});

/** The node's properties for a record in a snapshot: `nameLower` lets a name be found whatever its case. */
export const logSourceProps = (record: LogSourceRecord, snapshot: string, key: string) => ({
  ...record,
  key,
  snapshot,
  nameLower: record.name?.toLowerCase() ?? null,
});

/** A LogSource node (`l {.*}`) as its record: absent properties (null values are not stored) read as null or []. */
export const logSourceOfNode = (node: Record<string, unknown>): LogSourceRecord => ({
  id: node.id as string,
  name: (node.name as string | undefined) ?? null,
  channel: (node.channel as string | undefined) ?? null,
  dataComponents: (node.dataComponents as string[] | undefined) ?? [],
  dataSources: (node.dataSources as string[] | undefined) ?? [],
  attributes: (node.attributes as string | undefined) ?? null,
  origin: (node.origin as Origin | undefined) ?? 'inventory',
});
