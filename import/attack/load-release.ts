import { randomBytes } from 'node:crypto';
import { ManagedTransaction } from 'neo4j-driver';
import { StatementName } from '../../src/db/cypher';
import { autoCommit, read, Row, run, write, writeTx } from '../../src/db/neo4j';
import { NO_PROGRESS, Progress, ProgressPhase } from '../../src/progress';
import { ParsedBundle } from './parse-bundle';
import { EDGE_TYPES, NODE_LABELS, ReleaseGraph } from './to-graph';

const BATCH = 5000;
const FILE = 'attack/import';

/** One transaction per batch; returns the rows the statement returned, in batch order. */
async function inBatches<T>(
  rows: T[],
  statement: StatementName<typeof FILE>,
  params: Record<string, unknown>,
  phase: ProgressPhase,
): Promise<Row[]> {
  const out: Row[] = [];
  for (let i = 0; i < rows.length; i += BATCH) {
    const batch = rows.slice(i, i + BATCH);
    out.push(...(await write(FILE, statement, { ...params, rows: batch })));
    phase.advance(batch.length);
  }
  return out;
}

/**
 * Runs in the transaction that changes which releases are loaded (a release switched to a new
 * generation, or removed), so what refers to releases (the inventory) follows in the same step.
 */
export type ReleaseSwitchHook = (tx: ManagedTransaction) => Promise<void>;

export interface LoadedRelease {
  key: string;
  domain: string;
  version: string;
  techniqueCount: number;
  counts: Record<string, number>;
}

const versionOrder = (version: string) => {
  const [major, minor] = version.split('.').map(Number);
  return major * 1000 + minor;
};

/** Deletes a generation nothing refers to any more; its AttackImport marker goes last, so a kill midway leaves it marked. */
async function deleteGeneration(generation: string) {
  await autoCommit(FILE, 'deleteGeneration', { generation });
  await write(FILE, 'endImport', { generation });
}

/** Generations left by imports that never switched (killed, failed) or by deletions cut short. */
async function removeStaleImports() {
  for (const row of await read(FILE, 'staleImports')) await deleteGeneration(row.generation as string);
}

/**
 * Removes a release: one transaction unlinks it and marks its generation for deletion, so a
 * kill at any point leaves either the whole release or an unreferenced generation that the next
 * import removes.
 */
export async function deleteRelease(key: string, onSwitch: ReleaseSwitchHook): Promise<boolean> {
  const row = await writeTx(async (tx) => {
    const [retired] = await run(tx, FILE, 'retireRelease', { key, startedAt: new Date().toISOString() });
    if (retired) await onSwitch(tx);
    return retired;
  });
  if (!row) return false;
  await deleteGeneration(row.generation as string);
  return true;
}

/**
 * Writes the release under a fresh generation, then switches the AttackRelease to it in one
 * transaction. Re-importing the same bundle changes no counts: the old generation is deleted.
 */
export async function loadRelease(
  bundle: ParsedBundle,
  graph: ReleaseGraph,
  onSwitch: ReleaseSwitchHook,
  progress: Progress = NO_PROGRESS,
): Promise<LoadedRelease> {
  const generation = graph.generation;
  const key = generation.slice(0, generation.indexOf('#'));
  const counts: Record<string, number> = {};
  for (const label of NODE_LABELS) counts[label] = graph.nodes[label].length;
  for (const type of EDGE_TYPES) counts[type] = graph.edges[type].length;
  counts.ON_PLATFORM = graph.platforms.length;

  await removeStaleImports();
  await write(FILE, 'beginImport', { generation, release: key, startedAt: new Date().toISOString() });
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  const phase = progress.phase(`Writing ${key} nodes and relationships`, total, 'rows');
  try {
    // Edges find their ends by the element ids the node statements return: a seek by id instead
    // of two locking unique-index seeks per edge (about half the Neo4j CPU of writing the edges).
    const ids = new Map<string, string>();
    for (const label of NODE_LABELS) {
      for (const row of await inBatches(graph.nodes[label], 'createNodes', { label }, phase)) ids.set(row.key as string, row.id as string);
    }
    const id = (key: string) => ids.get(key) ?? null;
    for (const type of EDGE_TYPES) {
      const edges = graph.edges[type];
      const rows = edges.map((e) => ({ from: id(e.from), to: id(e.to), ...(e.props && { props: e.props }) }));
      await inBatches(rows, edges.some((e) => e.props) ? 'createEdgesWithProps' : 'createEdges', { type }, phase);
    }
    await inBatches(
      graph.platforms.map((p) => ({ from: id(p.from), platform: p.platform })),
      'onPlatform',
      {},
      phase,
    );
  } catch (error) {
    await removeStaleImports().catch(() => undefined);
    throw error;
  } finally {
    phase.end();
  }

  const { previous, techniqueCount } = await writeTx(async (tx) => {
    const [{ count }] = await run(tx, FILE, 'countActiveTechniques', { generation });
    const [row] = await run(tx, FILE, 'switchRelease', {
      props: {
        key,
        generation,
        domain: bundle.domain,
        version: bundle.version,
        versionOrder: versionOrder(bundle.version),
        specVersion: bundle.specVersion,
        source: bundle.source,
        sha256: bundle.sha256,
        importedAt: new Date().toISOString(),
        techniqueCount: Number(count),
        counts: JSON.stringify(counts),
        skipped: JSON.stringify({ ...bundle.skipped, ...graph.skippedRelationships }),
      },
    });
    await onSwitch(tx);
    await run(tx, FILE, 'endImport', { generation });
    // The replaced generation is marked before it is deleted: a kill during the deletion leaves it to the next import.
    if (row.previous) await run(tx, FILE, 'beginImport', { generation: row.previous, release: key, startedAt: new Date().toISOString() });
    return { previous: row.previous as string | null, techniqueCount: Number(count) };
  });
  if (previous) await deleteGeneration(previous);
  return { key, domain: bundle.domain, version: bundle.version, techniqueCount, counts };
}

export const newGeneration = (releaseKey: string) => `${releaseKey}#${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
