import { parseBundle, ParsedBundle, ParseOptions } from './parse-bundle';
import { readBundle } from './read-bundle';
import { loadRelease, LoadedRelease, newGeneration } from './load-release';
import { releaseKey, toGraph } from './to-graph';
// Registers the inventory's release-switch hook on every path that imports ATT&CK.
import '../inventory/release-hook';

/**
 * Read, validate, then write: nothing reaches Neo4j unless the whole bundle is valid and
 * `verify` (a caller's own check, e.g. that a download is the release it was listed as) passes.
 */
export async function importAttack(source: string, options: ParseOptions = {}, verify?: (bundle: ParsedBundle) => void): Promise<LoadedRelease> {
  const bundle = parseBundle(await readBundle(source), options);
  verify?.(bundle);
  return loadRelease(bundle, toGraph(bundle, newGeneration(releaseKey(bundle.domain, bundle.version))));
}
