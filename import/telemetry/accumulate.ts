import { hostKey } from '../../src/telemetry/hosts';
import { NameTable, Naming, RowSource } from '../../src/telemetry/names';
import { detach, HostRecord, isNamed, logKey, LogRecord, STRIDE } from '../../src/telemetry/records';
import { ParsedRow } from './rows';

/** Examples kept of each kind of finding (counts are exact, examples are the first few). */
export const EXAMPLES = 10;

/** A host as it accumulates: its observations flattened as in HostRecord, growing. */
interface HostAcc extends HostRecord {
  data: number[];
}

/**
 * The observations of one import, reduced as rows arrive: per host (as spelled, case-folded) and
 * observed log, the latest last seen, earliest first seen and summed events. A few numbers a
 * (host, log); the rows themselves are not kept.
 */
export class Accumulator {
  readonly vocab: LogRecord[] = [];
  private readonly vocabIndex = new Map<string, number>();
  readonly hosts = new Map<string, HostAcc>();
  private readonly names = new Map<string, number[]>();
  rows = 0;
  unnamedRows = 0;
  readonly unnamedExamples: string[] = [];
  maxLast = -Infinity;

  constructor(private readonly table: NameTable) {}

  private entry(naming: Naming): number[] {
    const logs = naming.logs.length ? naming.logs : [{ name: null, channel: null, logSource: null }];
    return logs.map((log) => {
      const key = logKey(log, naming.label);
      let index = this.vocabIndex.get(key);
      if (index === undefined) {
        index = this.vocab.length;
        const copy = (v: string | null) => (v === null ? null : detach(v));
        this.vocab.push({
          name: copy(log.name),
          channel: copy(log.channel),
          logSource: copy(log.logSource),
          index,
          label: isNamed(log) ? null : detach(naming.label),
        });
        this.vocabIndex.set(key, index);
      }
      return index;
    });
  }

  /** The vocabulary entries a row's log fields give, named once per distinct combination. */
  private entries(source: RowSource): { entries: number[]; named: boolean; label: string } {
    const key = `${source.source ?? ''}\u0000${source.kind ?? ''}\u0000${source.channel ?? ''}\u0000${source.code ?? ''}\u0000${source.logSource ?? ''}`;
    const cached = this.names.get(key);
    if (cached) return { entries: cached, named: isNamed(this.vocab[cached[0]]), label: this.vocab[cached[0]].label ?? '' };
    const naming = this.table.name(source);
    const entries = this.entry(naming);
    if (this.names.size < 200_000) this.names.set(detach(key), entries);
    return { entries, named: naming.logs.length > 0, label: naming.label };
  }

  add(row: ParsedRow) {
    this.rows += 1;
    if (row.last > this.maxLast) this.maxLast = row.last;
    const { entries, named, label } = this.entries(row.source);
    if (!named) {
      this.unnamedRows += 1;
      if (this.unnamedExamples.length < EXAMPLES) this.unnamedExamples.push(`${row.where}: ${label}`);
    }
    const key = hostKey(row.host);
    let h = this.hosts.get(key);
    if (!h) {
      // Detached: a host name cut from the export's text would keep that whole chunk of it in memory.
      const owned = detach(key);
      this.hosts.set(owned, (h = { hostKey: owned, host: detach(row.host.trim()), rows: 0, data: [] }));
    }
    h.rows += 1;
    for (const v of entries) mergeInto(h.data, v, row.last, row.first, row.count, true);
  }

  /** The hosts, as stored (not copies). */
  records(): HostRecord[] {
    return [...this.hosts.values()];
  }

  /**
   * Folds in the current generation (another vocabulary): the latest last seen and earliest first
   * seen of each (host, log) are kept; events are the latest import's that saw it.
   */
  merge(vocab: readonly LogRecord[], hosts: Iterable<HostRecord>) {
    const remap = vocab.map((v) => this.entry({ logs: isNamed(v) ? [v] : [], label: v.label ?? '' })[0]);
    for (const stored of hosts) {
      let h = this.hosts.get(stored.hostKey);
      if (!h) this.hosts.set(stored.hostKey, (h = { hostKey: stored.hostKey, host: stored.host, rows: stored.rows, data: [] }));
      const d = stored.data;
      for (let i = 0; i < d.length; i += STRIDE) mergeInto(h.data, remap[d[i]], d[i + 1], d[i + 2], d[i + 3], false);
    }
  }
}

/**
 * One observation into a host's list. Within an import (`sum`), rows add up; from an older
 * generation, the events of whichever saw it last (this import on a tie) are kept.
 */
function mergeInto(data: number[], vocab: number, last: number, first: number, count: number, sum: boolean) {
  for (let i = 0; i < data.length; i += 4) {
    if (data[i] !== vocab) continue;
    if (sum) data[i + 3] += count;
    else if (last > data[i + 1]) data[i + 3] = count;
    if (last > data[i + 1]) data[i + 1] = last;
    if (first < data[i + 2]) data[i + 2] = first;
    return;
  }
  data.push(vocab, last, first, count);
}
