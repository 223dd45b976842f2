import { InputError } from '../errors';
import { ManagedTransaction } from 'neo4j-driver';
import { run, writeTx } from '../db/neo4j';
import { dayNumber } from './dates';
import { formatPath, Problems } from './problems';
import { assetRecord } from './asset';
import { AssetInput, assetSchema, check } from './schema';
import { AttackCatalog, loadCatalog } from './catalog';
import { AssetFilterInput, matchAssets } from './filter';
import { RANK, StateName } from './states';

/**
 * Admin changes to the current snapshot, validated as an inventory file would be. Each runs in
 * one transaction that also keeps the coverage profiles exact and stamps `modifiedAt`.
 */
const M = 'inventory/mutations';
const Q = 'inventory/queries';

function reject(what: string, problems: Problems): never {
  throw new InputError(what, problems.errors);
}

async function currentSnapshot(tx: ManagedTransaction, what: string) {
  const [row] = await run(tx, Q, 'currentSnapshotState');
  if (!row) throw new InputError(`${what}: no inventory is imported yet; run \`attack-kg import inventory\``);
  return { id: row.id as string, platformMap: JSON.parse((row.platformMap as string | null) ?? '{}') as Record<string, string[]> };
}

/** Assets whose collection or platforms changed move to the profile of their new (platforms, collection). */
async function reprofile(tx: ManagedTransaction, snapshot: string, keys: string[], platformMap: Record<string, string[]> | null = null) {
  if (keys.length) {
    await run(tx, M, 'leaveProfiles', { keys });
    await run(tx, M, 'joinProfiles', { keys });
    await run(tx, M, 'dropEmptyProfiles', { snapshot });
  }
  await run(tx, M, 'touchSnapshot', { snapshot, at: new Date().toISOString(), platformMap: platformMap && JSON.stringify(platformMap) });
}

function checkPlatforms(catalog: AttackCatalog, platforms: readonly string[] | null | undefined, path: string, problems: Problems) {
  (platforms ?? []).forEach((p, i) => {
    if (!catalog.platforms.canonical(p))
      problems.error(`${path}[${i}]`, `unknown platform "${p}" (the loaded ATT&CK releases know ${catalog.platforms.known().join(', ')})`);
  });
}

export interface SetCollectionArgs {
  logSource: string;
  assets: AssetFilterInput;
  state?: StateName | null;
  since?: string | null;
}

export async function setCollectionState(args: SetCollectionArgs): Promise<{ matched: number; changed: number }> {
  const what = 'setCollectionState';
  const catalog = await loadCatalog();
  const problems = new Problems();
  checkPlatforms(catalog, args.assets.platforms, 'assets.platforms', problems);
  if (args.since != null && dayNumber(args.since) < 0) problems.error('since', `"${args.since}" is not a date like 2026-03-01`);
  return writeTx(async (tx) => {
    const snapshot = await currentSnapshot(tx, what);
    if (!(await run(tx, Q, 'logSourceExists', { id: args.logSource })).length)
      problems.error('logSource', `unknown log source "${args.logSource}"`);
    const ids = args.assets.ids ?? [];
    if (ids.length) {
      const [row] = await run(tx, Q, 'existingAssetIds', { ids });
      const known = new Set(row.ids as string[]);
      ids.forEach((id, i) => known.has(id) || problems.error(`assets.ids[${i}]`, `unknown asset "${id}"`));
    }
    if (problems.errorCount) reject(what, problems);
    const { keys } = await matchAssets({ filter: args.assets }, 0, 0, true, tx);
    const [row] = await run(tx, M, 'setCollection', {
      logSource: args.logSource,
      keys,
      rank: args.state ? RANK[args.state] : 0,
      since: args.since?.slice(0, 10) ?? null,
    });
    const changed = (row?.changed ?? []) as string[];
    await reprofile(tx, snapshot.id, changed);
    return { matched: keys.length, changed: changed.length };
  });
}

export async function upsertAsset(input: Record<string, unknown>): Promise<void> {
  const what = 'upsertAsset';
  const catalog = await loadCatalog();
  const problems = new Problems();
  const given = Object.fromEntries(Object.entries(input).filter(([, v]) => v !== null && v !== undefined));
  const asset = check<AssetInput>(assetSchema, given, [], (path) => formatPath(['asset', ...path]), problems);
  // Checked even when the asset has other problems: one answer lists them all.
  const platforms = Array.isArray(given.platforms) ? (given.platforms as unknown[]).filter((p): p is string => typeof p === 'string') : [];
  checkPlatforms(catalog, platforms, 'asset.platforms', problems);
  if (!asset || problems.errorCount) reject(what, problems);
  const spelled = [...new Set(asset.platforms.map((p) => catalog.platforms.canonical(p)!))].sort();
  return writeTx(async (tx) => {
    const snapshot = await currentSnapshot(tx, what);
    const [row] = await run(tx, M, 'upsertAsset', {
      props: assetRecord(asset, spelled),
      attackPlatforms: catalog.platforms.attackPlatforms(spelled),
    });
    const platformMap = { ...snapshot.platformMap };
    for (const p of spelled) platformMap[p] ??= catalog.platforms.attackPlatforms([p]);
    await reprofile(tx, snapshot.id, [row.key as string], platformMap);
  });
}
