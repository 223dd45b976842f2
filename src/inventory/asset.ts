import { AssetInput } from './schema';

/**
 * An Asset node's own properties, the one mapping: the importer writes them (from a file, or the
 * current snapshot read back), `upsertAsset` writes them, and readers get them back from a node.
 * `key` and `snapshot` are the graph's, set beside these.
 */
export interface AssetRecord {
  id: string;
  hostname: string | null;
  /** Stored spelling, sorted, distinct: profiles compare them as lists. */
  platforms: string[];
  os: string | null;
  businessUnit: string | null;
  environment: string | null;
  criticality: string | null;
  tags: string[];
}

/** A validated asset (contract input) as stored; `platforms` already in stored spelling. */
export const assetRecord = (input: AssetInput, platforms: string[]): AssetRecord => ({
  id: input.id,
  hostname: input.hostname ?? null,
  platforms,
  os: input.os ?? null,
  businessUnit: input.businessUnit ?? null,
  environment: input.environment ?? null,
  criticality: input.criticality ?? null,
  tags: [...new Set(input.tags ?? [])],
});

/** An Asset node (`a {.*}`) as its record: absent properties (null values are not stored) read as null or []. */
export const assetOfNode = (node: Record<string, unknown>): AssetRecord => ({
  id: node.id as string,
  hostname: (node.hostname as string | undefined) ?? null,
  platforms: (node.platforms as string[] | undefined) ?? [],
  os: (node.os as string | undefined) ?? null,
  businessUnit: (node.businessUnit as string | undefined) ?? null,
  environment: (node.environment as string | undefined) ?? null,
  criticality: (node.criticality as string | undefined) ?? null,
  tags: (node.tags as string[] | undefined) ?? [],
});
