import { randomBytes } from 'node:crypto';
import { ManagedTransaction } from 'neo4j-driver';
import { autoCommit, read, run, write, writeTx } from '../../src/db/neo4j';
import { inPhase, NO_PROGRESS, Progress } from '../../src/progress';
import { ParsedBundle } from './parse-bundle';
import { EDGE_TYPES, NODE_LABELS, ReleaseGraph } from './to-graph';

const FILE = 'attack/import';

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

/** Deletes a generation nothing refers to any more; its marker goes last, so a kill midway leaves it marked. */
async function deleteGeneration(generation: string) {
  await autoCommit(FILE, 'deleteGeneration', { generation });
  await write(FILE, 'unmarkGeneration', { generation });
}

/** Generations that deletions cut short (a kill, an outage) left marked. */
export async function removeMarkedGenerations() {
  for (const row of await read(FILE, 'markedGenerations')) await deleteGeneration(row.generation as string);
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
 * The writeRelease statement's graph parameter: nodes in one list, every other reference a
 * position in it, so Neo4j looks up no end and Bolt carries numbers instead of keys.
 */
export function generationRows(graph: ReleaseGraph) {
  const nodes = NODE_LABELS.flatMap((label) => graph.nodes[label].map((props) => ({ label, props })));
  const position = new Map(nodes.map((n, i) => [n.props.key as string, i]));
  const at = (key: string) => {
    const i = position.get(key);
    if (i === undefined) throw new Error(`${graph.generation}: an edge names ${key}, which is not a node of the release`);
    return i;
  };
  const edges = [];
  const edgesWithProps = [];
  for (const type of EDGE_TYPES) {
    const rows = graph.edges[type];
    if (!rows.length) continue;
    if (rows.some((e) => e.props)) {
      for (const e of rows) edgesWithProps.push({ type, from: at(e.from), to: at(e.to), props: e.props ?? {} });
    } else {
      edges.push({ type, from: rows.map((e) => at(e.from)), to: rows.map((e) => at(e.to)) });
    }
  }
  const platforms = new Map<string, number[]>();
  for (const p of graph.platforms) {
    const list = platforms.get(p.platform) ?? [];
    list.push(at(p.from));
    platforms.set(p.platform, list);
  }
  return { nodes, edges, edgesWithProps, platforms: [...platforms].map(([name, nodes]) => ({ name, nodes })) };
}

/**
 * Writes the release under a fresh generation and switches the AttackRelease to it, in one
 * transaction, with the inventory's re-resolution; then deletes the generation it replaced.
 * Re-importing the same bundle changes no counts.
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
  const techniqueCount = graph.nodes.Technique.filter((t) => t.active).length;
  const rows = generationRows(graph);
  const total = Object.values(counts).reduce((a, b) => a + b, 0);

  // One statement writes every row, so the phase moves once, when the transaction has committed.
  const previous = await inPhase(progress, `Writing ${key} nodes and relationships`, total, 'rows', async (phase) => {
    const replaced = await writeTx(async (tx) => {
      const [row] = await run(tx, FILE, 'writeRelease', {
        graph: rows,
        release: {
          key,
          generation,
          domain: bundle.domain,
          version: bundle.version,
          versionOrder: versionOrder(bundle.version),
          specVersion: bundle.specVersion,
          source: bundle.source,
          sha256: bundle.sha256,
          importedAt: new Date().toISOString(),
          techniqueCount,
          counts: JSON.stringify(counts),
          skipped: JSON.stringify({ ...bundle.skipped, ...graph.skippedRelationships }),
        },
      });
      if (row?.nodes !== rows.nodes.length) throw new Error(`${generation}: Neo4j did not keep the order of the nodes it created`);
      await onSwitch(tx);
      return row.previous as string | null;
    });
    phase.advance(total);
    return replaced;
  });
  if (previous) await deleteGeneration(previous);
  return { key, domain: bundle.domain, version: bundle.version, techniqueCount, counts };
}

export const newGeneration = (releaseKey: string) => `${releaseKey}#${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
