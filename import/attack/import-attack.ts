import { ReleaseImporter } from '../../src/attack/sync/sync-attack';
import { NO_PROGRESS, Progress } from '../../src/progress';
import { resolveLiveSnapshots } from '../inventory/resolve';
import { parseBundle, ParsedBundle, ParseOptions } from './parse-bundle';
import { readBundle } from './read-bundle';
import { deleteRelease, loadRelease, LoadedRelease, newGeneration, ReleaseSwitchHook, removeMarkedGenerations } from './load-release';
import { releaseKey, toGraph } from './to-graph';

/** Whenever the loaded releases change, the inventory re-resolves its references to what is left. */
const onReleaseSwitch: ReleaseSwitchHook = resolveLiveSnapshots;

export interface ImportAttackOptions extends ParseOptions {
  /** The download's bytes, then the nodes and relationships written. */
  progress?: Progress;
}

/**
 * Read, validate, then write: nothing reaches Neo4j unless the whole bundle is valid and
 * `verify` (a caller's own check, e.g. that a download is the release it was listed as) passes.
 */
export async function importAttack(
  source: string,
  options: ImportAttackOptions = {},
  verify?: (bundle: ParsedBundle) => void,
): Promise<LoadedRelease> {
  const progress = options.progress ?? NO_PROGRESS;
  // Reading the bundle is Node's work, clearing what a cut-short deletion left is Neo4j's: both at once.
  const [parsed, cleared] = await Promise.allSettled([
    readBundle(source, progress).then((raw) => parseBundle(raw, options)),
    removeMarkedGenerations(),
  ]);
  if (parsed.status === 'rejected') throw parsed.reason;
  if (cleared.status === 'rejected') throw cleared.reason;
  const bundle = parsed.value;
  verify?.(bundle);
  const graph = toGraph(bundle, newGeneration(releaseKey(bundle.domain, bundle.version)));
  return loadRelease(bundle, graph, onReleaseSwitch, progress);
}

/** Removes a release (sync's pruning); the inventory follows in the same transaction. */
export const removeRelease = (key: string) => deleteRelease(key, onReleaseSwitch);

/** The importers as the sync needs them. */
export const attackImporter: ReleaseImporter = {
  importRelease: (url, verify, progress) => importAttack(url, { progress }, verify),
  deleteRelease: removeRelease,
};
