import { parseBundle, ParseOptions } from './parse-bundle';
import { readBundle } from './read-bundle';
import { loadRelease, LoadedRelease, newGeneration } from './load-release';
import { releaseKey, toGraph } from './to-graph';

/** Read, validate, then write: nothing reaches Neo4j unless the whole bundle is valid. */
export async function importAttack(source: string, options: ParseOptions = {}): Promise<LoadedRelease> {
  const bundle = parseBundle(await readBundle(source), options);
  return loadRelease(bundle, toGraph(bundle, newGeneration(releaseKey(bundle.domain, bundle.version))));
}
