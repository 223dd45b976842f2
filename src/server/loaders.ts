import DataLoader from 'dataloader';
import { read, Row } from '../db/neo4j';

/**
 * A relation loader batches one hop from many nodes into one Cypher round trip:
 * its statement takes $keys and returns (key, items) rows.
 */
export type RelationLoader = DataLoader<string, Row[]>;

export function relationLoader(file: string, statement: string, params: Row = {}): RelationLoader {
  return new DataLoader<string, Row[]>(async (keys) => {
    const rows = await read(file, statement, { ...params, keys: [...keys] });
    const byKey = new Map(rows.map((r) => [r.key as string, r.items as Row[]]));
    return keys.map((k) => byKey.get(k) ?? []);
  }, { maxBatchSize: 5000 });
}

/** Loaders are created per request and per (statement, params) so a cached answer never crosses requests. */
export class Loaders {
  private readonly loaders = new Map<string, RelationLoader>();

  related(file: string, statement: string, params: Row = {}): RelationLoader {
    const id = `${file}#${statement}#${JSON.stringify(params)}`;
    let loader = this.loaders.get(id);
    if (!loader) {
      loader = relationLoader(file, statement, params);
      this.loaders.set(id, loader);
    }
    return loader;
  }
}

export const createLoaders = () => new Loaders();
