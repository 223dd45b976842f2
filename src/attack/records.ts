/** A node as Cypher's `n {.*}` returns it; `generation` is "<domain>@<version>#<import id>", `key` "<generation>|<stix id>". */
export type NodeRecord = Record<string, unknown> & { key: string; generation: string };

/** "enterprise-attack@18.1#k2x9" -> "18.1" */
export const versionOf = (generation: string) => generation.slice(generation.indexOf('@') + 1).split('#')[0];

/** A data source: an object (v10+) or a pre-v10 technique string. */
export interface DataSourceEntry {
  name: string;
  object: NodeRecord | null;
  techniqueCount: number;
}

export interface PlatformDetectionRecord {
  platform: string;
  dataComponents: NodeRecord[];
  analytics: NodeRecord[];
  logSources: NodeRecord[];
}

export interface LogSourceReferenceRecord {
  name: string;
  channel: string | null;
  dataComponent: NodeRecord | null;
}
