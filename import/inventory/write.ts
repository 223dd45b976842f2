import { randomBytes } from 'node:crypto';
import { StatementName } from '../../src/db/cypher';
import { autoCommit, read, run, write, writeTx } from '../../src/db/neo4j';
import { AttackCatalog } from '../../src/inventory/catalog';
import { logSourceProps } from '../../src/inventory/log-source';
import { NO_PROGRESS, Progress } from '../../src/progress';
import { ParsedInventory } from './model';
import { SourceFile } from './reader';
import { platformMap, resolveSnapshots } from './resolve';
import { inLanes } from '../lanes';

const F = 'inventory/import';
/**
 * Assets per write transaction: each brings ~20 collection edges, so ~10k relationships a batch.
 * Measured at 50k assets: Neo4j spends ~20% less CPU on 500-asset transactions than on 2,000-asset
 * ones (smaller transaction state to build and sort at commit); below 250 the round trips cost more.
 */
const ASSET_BATCH = 500;
const BATCH = 10_000;
/** Transactions in flight: on 2 cores, one batch is built while two are written. */
const LANES = 3;
/**
 * Inventories up to this many assets are written in a few seconds: they report no progress (a
 * line would only flicker), larger ones report the assets written.
 */
export const PROGRESS_FROM_ASSETS = 10_000;

export interface SnapshotMeta {
  organization: string | null;
  sources: SourceFile[];
  warnings: string[];
  /** The DeTT&CT layer (file, systems, exceptions), kept as JSON on the snapshot. */
  dettect?: unknown;
}

export interface WrittenSnapshot {
  id: string;
  counts: Record<string, number>;
  previous: string | null;
  /** Milliseconds: writing until the snapshot is current, then deleting the previous one. */
  timings: { writeMs: number; deleteMs: number };
}

async function inBatches<T>(rows: T[], statement: StatementName<typeof F>, size = BATCH) {
  for (let i = 0; i < rows.length; i += size) await write(F, statement, { rows: rows.slice(i, i + size) });
}

/** Deletes a snapshot's nodes (in chunks), then its record if it never became current. */
async function deleteSnapshot(id: string) {
  await autoCommit(F, 'deleteSnapshotNodes', { snapshot: id });
  await write(F, 'dropSnapshot', { snapshot: id });
  await write(F, 'archiveSnapshot', { snapshot: id });
}

/** Leftovers of killed or failed imports: staging snapshots, and retired ones whose deletion was cut short. */
export async function removeStaleSnapshots() {
  for (const row of await read(F, 'staleSnapshots')) await deleteSnapshot(row.id as string);
}

/** Deletes the whole inventory, snapshot by snapshot in chunks (one DETACH DELETE of 2M edges would exhaust the heap). */
export async function removeInventory() {
  for (const row of await read(F, 'allSnapshots')) await autoCommit(F, 'deleteSnapshotNodes', { snapshot: row.id });
  await write(F, 'forgetSnapshots');
}

export const newSnapshotId = () => `inv-${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;

/**
 * Writes the model as a new snapshot and makes it current in one transaction (which also
 * resolves its PROVIDES against the releases loaded at that moment); the old snapshot is
 * deleted afterwards. Until the switch, queries keep reading the old one.
 */
export async function writeSnapshot(
  model: ParsedInventory,
  meta: SnapshotMeta,
  catalog: AttackCatalog,
  progress: Progress = NO_PROGRESS,
): Promise<WrittenSnapshot> {
  const started = Date.now();
  await removeStaleSnapshots();
  const snapshot = newSnapshotId();
  const key = (id: string) => `${snapshot}|${id}`;
  await write(F, 'createSnapshot', { snapshot, startedAt: new Date().toISOString() });
  const { profiles, profileOf } = model.profiles(snapshot);
  const platforms = platformMap(
    model.assets.flatMap((a) => a.platforms),
    catalog,
  );
  const counts = { ...model.counts(), profiles: profiles.length };
  try {
    await inBatches(
      model.logSources.map((l) => logSourceProps(l, snapshot, key(l.id))),
      'createLogSources',
    );
    await inBatches(
      model.controls.map((c) => ({
        props: { key: key(c.id), snapshot, id: c.id, name: c.name, type: c.type },
        produces: c.produces.map((l) => key(model.logSources[l].id)),
      })),
      'createControls',
    );
    await inBatches(
      profiles.map((p) => ({ ...p, snapshot })),
      'createProfiles',
    );

    const platformNames = [...new Set(Object.values(platforms).flat())].sort();
    const platformIndex = new Map(platformNames.map((n, i) => [n, i]));
    const lists = {
      logSources: model.logSources.map((l) => key(l.id)),
      controls: model.controls.map((c) => key(c.id)),
      platforms: platformNames,
    };
    const batchOf = (from: number) =>
      model.assets.slice(from, from + ASSET_BATCH).map((a, i) => {
        const index = from + i;
        return {
          props: { ...a, key: key(a.id), snapshot },
          profile: profiles[profileOf[index]].key,
          p: [...new Set(a.platforms.flatMap((p) => platforms[p]))].map((n) => platformIndex.get(n)!),
          c: [...model.collectionOf(index)].map((c) => [c.logSource, c.rank, c.since, c.viaControl]),
          d: [...model.deploymentsOf(index)].map((d) => [d.control, d.rank]),
        };
      });
    // Lanes: one builds its next batch while the others' are written.
    // New relationships to shared dense nodes (log sources, platforms) do not lock each other out.
    let next = 0;
    const phase = (model.assets.length > PROGRESS_FROM_ASSETS ? progress : NO_PROGRESS).phase(
      'Writing assets',
      model.assets.length,
      'assets',
    );
    const lane = async (stopped: () => boolean) => {
      while (!stopped() && next < model.assets.length) {
        const from = next;
        next += ASSET_BATCH;
        const rows = batchOf(from);
        let written: number;
        try {
          written = Number((await write(F, 'createAssets', { ...lists, rows }))[0]?.assets ?? 0);
        } catch (error) {
          // The driver retries a transaction whose commit it did not hear back about (a dropped
          // connection); when that commit did land, the retry meets its own assets. The batch is all
          // or nothing, so finding every asset of it means it was written.
          if ((error as { code?: string }).code !== 'Neo.ClientError.Schema.ConstraintValidationFailed') throw error;
          written = Number((await read(F, 'countAssets', { keys: rows.map((r) => r.props.key) }))[0]?.assets ?? 0);
        }
        if (written !== rows.length)
          throw new Error(`inventory write: the batch at asset ${from} wrote ${written} of ${rows.length} assets`);
        phase.advance(rows.length);
      }
    };
    try {
      await inLanes(LANES, lane);
    } finally {
      phase.end();
    }
  } catch (error) {
    await deleteSnapshot(snapshot).catch(() => undefined);
    throw error;
  }

  const previous = await writeTx(async (tx) => {
    const [row] = await run(tx, F, 'switchSnapshot', {
      snapshot,
      importedAt: new Date().toISOString(),
      props: {
        organization: meta.organization,
        sources: meta.sources.map((s) => s.file),
        sha256: meta.sources.map((s) => s.sha256),
        counts: JSON.stringify(counts),
        warnings: meta.warnings,
        dettect: meta.dettect ? JSON.stringify(meta.dettect) : null,
        platformMap: JSON.stringify(platforms),
      },
    });
    // Against the releases loaded now: an ATT&CK import may have switched while this one was writing.
    await resolveSnapshots(tx, [{ id: snapshot, platformMap: JSON.stringify(platforms) }]);
    return (row?.previous as string | null) ?? null;
  });
  const current = Date.now();
  if (previous) await deleteSnapshot(previous);
  return { id: snapshot, counts, previous, timings: { writeMs: current - started, deleteMs: Date.now() - current } };
}
