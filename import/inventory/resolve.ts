import { ManagedTransaction } from 'neo4j-driver';
import { run } from '../../src/db/neo4j';
import { AttackCatalog, loadCatalog } from '../../src/inventory/catalog';
import { logSourceOfNode } from '../../src/inventory/log-source';

const F = 'inventory/import';

/** Asset platform name -> the ATT&CK platform names (of any loaded release) it links to with ON_PLATFORM. */
export type PlatformMap = Record<string, string[]>;

export function platformMap(names: Iterable<string>, catalog: AttackCatalog): PlatformMap {
  return Object.fromEntries([...new Set(names)].sort().map((n) => [n, catalog.platforms.attackPlatforms([n])]));
}

/**
 * Points snapshots' references at the ATT&CK releases loaded now, inside the caller's
 * transaction: LogSource-[:PROVIDES]->DataComponent (every loaded release's copy), and asset
 * ON_PLATFORM links where a release changed what a platform name counts as.
 * Runs when an inventory snapshot becomes current and whenever a release switches.
 */
export async function resolveSnapshots(
  tx: ManagedTransaction,
  snapshots: { id: string; platformMap: string | null }[],
  catalog?: AttackCatalog,
) {
  if (!snapshots.length) return;
  const attack = catalog ?? (await loadCatalog(tx));
  const ids = snapshots.map((s) => s.id);
  const logSources = await run(tx, F, 'logSourcesToResolve', { snapshots: ids });
  await run(tx, F, 'deleteProvides', { snapshots: ids });
  const rows = logSources
    .map(({ node }) => ({
      key: (node as { key: string }).key,
      stixIds: [...attack.provides(logSourceOfNode(node as Record<string, unknown>))],
    }))
    .filter((r) => r.stixIds.length);
  await run(tx, F, 'createProvides', { rows, generations: attack.generations });

  for (const snapshot of snapshots) {
    const before = JSON.parse(snapshot.platformMap ?? '{}') as PlatformMap;
    const after = platformMap(Object.keys(before), attack);
    const changed = Object.keys(after).filter((n) => JSON.stringify(after[n]) !== JSON.stringify(before[n]));
    if (!changed.length) continue;
    await run(tx, F, 'relinkPlatforms', { snapshot: snapshot.id, changed, platformMap: after });
    await run(tx, F, 'setPlatformMap', { snapshot: snapshot.id, platformMap: JSON.stringify(after) });
  }
}

/** The release-switch hook: every live snapshot follows the new generation. */
export async function resolveLiveSnapshots(tx: ManagedTransaction) {
  const live = await run(tx, F, 'liveSnapshots');
  await resolveSnapshots(
    tx,
    live.map((s) => ({ id: s.id as string, platformMap: (s.platformMap as string | null) ?? null })),
  );
}
