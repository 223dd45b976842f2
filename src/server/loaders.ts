import DataLoader from 'dataloader';
import { Memo } from '../cache/memo';
import { ParamsOf, RelationName, StatementFile } from '../db/cypher';
import { read, Row } from '../db/neo4j';

/**
 * A relation loader batches one hop from many nodes into one Cypher round trip:
 * its statement takes $keys and returns (key, items) rows.
 */
export type RelationLoader = DataLoader<string, Row[]>;
/** The statement's parameters but $keys, which the loader fills. */
export type RelationParams<F extends StatementFile, N extends RelationName<F>> = Omit<ParamsOf<F, N>, 'keys'>;

export function relationLoader<F extends StatementFile, N extends RelationName<F>>(
  file: F,
  statement: N,
  params?: RelationParams<F, N>,
): RelationLoader {
  return new DataLoader<string, Row[]>(
    async (keys) => {
      // tsc cannot see that these params plus keys are the statement's for every N: RelationName says so.
      const rows = (await read(file, statement, { ...params, keys: [...keys] } as unknown as ParamsOf<F, N>)) as Row[];
      const byKey = new Map(rows.map((r) => [r.key as string, r.items as Row[]]));
      return keys.map((k) => byKey.get(k) ?? []);
    },
    { maxBatchSize: 5000 },
  );
}

/** Loaders are created per request and per (statement, params) so a cached answer never crosses requests. */
export class Loaders {
  private readonly loaders = new Map<string, RelationLoader>();
  private readonly values = new Memo<Promise<unknown>>('request values', 64);

  /** A value many fields of one request ask for (a release lookup), computed once for the request. */
  once<V>(key: string, load: () => Promise<V>): Promise<V> {
    return this.values.get({ variant: key }, load) as Promise<V>;
  }

  related<F extends StatementFile, N extends RelationName<F>>(file: F, statement: N, params?: RelationParams<F, N>): RelationLoader {
    const id = `${file}#${statement}#${JSON.stringify(params ?? {})}`;
    let loader = this.loaders.get(id);
    if (!loader) {
      loader = relationLoader(file, statement, params);
      this.loaders.set(id, loader);
    }
    return loader;
  }
}

export const createLoaders = () => new Loaders();
