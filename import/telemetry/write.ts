import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { autoCommit, read, write } from '../../src/db/neo4j';
import { ConflictError } from '../../src/errors';
import { ProgressPhase } from '../../src/progress';
import { HostRecord, LogRecord, packObservations, STRIDE } from '../../src/telemetry/records';
import { ImportRecord } from '../../src/telemetry/store';
import { inLanes } from '../lanes';

const F = 'telemetry/import';
/** Hosts per transaction: ~20 observations each, four lists of them. */
const HOST_BATCH = 5000;
/** Transactions in flight: one batch is built while others are written (2 cores). */
const LANES = 2;
/** A staging generation with no heartbeat for this long belongs to an import that died (on another machine). */
const STALE_MS = 5 * 60_000;
/** Who writes a generation: a killed import on this machine is known dead at once by its pid. */
const RUNNER = `${hostname()}:${process.pid}`;

function alive(runner: string | null): boolean {
  const at = runner?.lastIndexOf(':') ?? -1;
  if (!runner || at < 0 || runner.slice(0, at) !== hostname()) return true;
  const pid = Number(runner.slice(at + 1));
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export const newImportId = () => `tel-${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;

async function deleteGeneration(id: string) {
  await autoCommit(F, 'deleteGenerationNodes', { generation: id });
  await write(F, 'dropImport', { generation: id });
  await write(F, 'archiveImport', { generation: id });
}

/**
 * Leftovers of killed or failed imports: retired generations half deleted, and staging ones whose
 * writer is gone (its process on this machine has exited, or no heartbeat for STALE_MS). A
 * generation another import is still writing is left alone.
 */
export async function removeStaleImports(now = Date.now()) {
  const before = new Date(now - STALE_MS).toISOString();
  for (const row of await read(F, 'unfinishedImports')) {
    const dead =
      row.status === 'retired' || (row.runner !== RUNNER && (!alive(row.runner as string | null) || String(row.heartbeatAt) < before));
    if (dead) await deleteGeneration(row.id as string);
  }
}

/** Everything telemetry holds, import records included (benchmarks, tests). */
export async function removeTelemetry() {
  for (const row of await read(F, 'allImports')) await autoCommit(F, 'deleteGenerationNodes', { generation: row.id });
  await write(F, 'forgetImports');
}

export async function importByFingerprint(fingerprint: string): Promise<ImportRecord | undefined> {
  const [row] = await read(F, 'importByFingerprint', { fingerprint });
  return row?.node as ImportRecord | undefined;
}

export interface GenerationWrite {
  id: string;
  /** The current generation this one merged (null: the first); the switch fails if another import replaced it meanwhile. */
  previous: string | null;
  vocab: LogRecord[];
  hosts: Iterable<HostRecord>;
  /** Set when the import starts (format, source, sha256, fingerprint, startedAt). */
  start: Record<string, unknown>;
  /** Set on the switch (as-of, summary). */
  finish: () => Record<string, unknown>;
  /** Hears of each batch of hosts written. */
  phase?: ProgressPhase;
}

export interface WrittenGeneration {
  hosts: number;
  writeMs: number;
  deleteMs: number;
}

/**
 * Writes a generation as `staging` (invisible to queries), switches to it in one transaction, then
 * deletes the replaced one. Any failure before the switch deletes what was written; the current
 * generation is never touched until then.
 */
export async function writeGeneration(g: GenerationWrite): Promise<WrittenGeneration> {
  const started = Date.now();
  await removeStaleImports();
  await write(F, 'createImport', { props: { ...g.start, id: g.id, runner: RUNNER, startedAt: new Date().toISOString() } });
  let hosts = 0;
  try {
    const logRows = g.vocab.map((v) => ({
      key: `${g.id}|${v.index}`,
      generation: g.id,
      index: v.index,
      name: v.name,
      channel: v.channel,
      logSource: v.logSource,
      label: v.label,
    }));
    for (let i = 0; i < logRows.length; i += HOST_BATCH) await write(F, 'createLogs', { rows: logRows.slice(i, i + HOST_BATCH) });

    const iterator = g.hosts[Symbol.iterator]();
    const nextBatch = () => {
      const rows: Record<string, unknown>[] = [];
      for (let n = 0; n < HOST_BATCH; n += 1) {
        const next = iterator.next();
        if (next.done) break;
        const h = next.value;
        let lastSeen = 0;
        for (let i = 1; i < h.data.length; i += STRIDE) if (h.data[i] > lastSeen) lastSeen = h.data[i];
        rows.push({
          key: `${g.id}|${h.hostKey}`,
          generation: g.id,
          hostKey: h.hostKey,
          host: h.host,
          rows: h.rows,
          seen: packObservations(h.data),
          observations: h.data.length / STRIDE,
          lastSeen,
        });
      }
      return rows;
    };
    const lane = async (stopped: () => boolean) => {
      while (!stopped()) {
        const rows = nextBatch();
        if (!rows.length) return;
        const [row] = await write(F, 'createHosts', { rows });
        if (Number(row?.hosts ?? 0) !== rows.length)
          throw new Error(`telemetry write: a batch wrote ${String(row?.hosts)} of ${rows.length} hosts`);
        hosts += rows.length;
        g.phase?.advance(rows.length);
        // Alive: a concurrent import's clean-up leaves this generation alone.
        await write(F, 'heartbeat', { generation: g.id, at: new Date().toISOString() });
      }
    };
    await inLanes(LANES, lane);
    const [count] = await read(F, 'countHosts', { generation: g.id });
    if (Number(count?.hosts ?? -1) !== hosts) throw new Error(`telemetry write: ${String(count?.hosts)} hosts stored, ${hosts} written`);

    const [switched] = await write(F, 'switchImport', {
      generation: g.id,
      previous: g.previous,
      importedAt: new Date().toISOString(),
      props: { ...g.finish(), hosts },
    });
    if (!switched)
      throw new ConflictError(
        'another telemetry import finished while this one was running; nothing was changed: import again (its data will be merged with the other one)',
      );
  } catch (error) {
    await deleteGeneration(g.id).catch(() => undefined);
    throw error;
  }
  const current = Date.now();
  if (g.previous) await deleteGeneration(g.previous);
  return { hosts, writeMs: current - started, deleteMs: Date.now() - current };
}
