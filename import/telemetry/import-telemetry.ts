import { createHash, Hash } from 'node:crypto';
import { InputError } from '../../src/errors';
import { Problems } from '../../src/inventory/problems';
import { inPhase, NO_PROGRESS } from '../../src/progress';
import { deriveTelemetry } from '../../src/telemetry/derive';
import { TelemetryImporter, TelemetryImportOptions, TelemetryInput, TelemetrySummary } from '../../src/telemetry/importer';
import { FORMATS, isFormat, NameTable, TelemetryFormat } from '../../src/telemetry/names';
import { isoOf } from '../../src/telemetry/records';
import { currentImport, readHosts, readInventoryView, readVocabulary } from '../../src/telemetry/store';
import { currentSnapshot } from '../inventory/current';
import { Accumulator, EXAMPLES } from './accumulate';
import { readAttackKgCsv } from './csv';
import { readElastic } from './elastic';
import { readMapFile } from './map-file';
import { parseTime, RowSink } from './rows';
import { readSentinel } from './sentinel';
import { readSplunk } from './splunk';
import { importByFingerprint, newImportId, removeStaleImports, writeGeneration } from './write';

type Reader = (bytes: AsyncIterable<Buffer>, file: string, sink: RowSink) => Promise<void>;
const READERS: Record<TelemetryFormat, Reader> = { splunk: readSplunk, elastic: readElastic, sentinel: readSentinel, csv: readAttackKgCsv };

async function* hashing(bytes: AsyncIterable<Buffer>, hash: Hash) {
  for await (const chunk of bytes) {
    hash.update(chunk);
    yield chunk;
  }
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * One telemetry import (shared/spec/TELEMETRY.md): the export is read row by row and reduced per
 * (host, observed log); any bad input stops it before anything is written; the reduced rows are
 * merged with the current generation and written as a new one, switched to in one transaction.
 * The summary is this export's, matched against the inventory of the moment.
 */
export async function importTelemetry(input: TelemetryInput, options: TelemetryImportOptions): Promise<TelemetrySummary> {
  const started = Date.now();
  const format = options.format;
  if (!isFormat(format)) throw new InputError(`unknown format "${format}" (expected one of ${FORMATS.join(', ')})`);
  let asOfGiven: number | null = null;
  if (options.asOf != null && options.asOf !== '') {
    asOfGiven = parseTime(options.asOf);
    if (asOfGiven === null)
      throw new InputError(`as-of "${options.asOf}" is not a time (ISO 8601, e.g. 2026-11-30T23:00:00Z, or Unix epoch seconds)`);
  }
  const map = options.mapFile ? await readMapFile(options.mapFile) : undefined;

  const progress = options.progress ?? NO_PROGRESS;
  const problems = new Problems();
  const acc = new Accumulator(new NameTable(map?.entries ?? []));
  const hash = createHash('sha256');
  // A stream: how many rows it holds is known at its end.
  await inPhase(progress, `Reading ${input.name}`, null, 'rows', (phase) =>
    READERS[format](hashing(input.bytes, hash), input.name, {
      problems,
      row: (row) => {
        acc.add(row);
        phase.advance();
      },
    }),
  );
  problems.throwIfAny(input.name);
  if (acc.rows === 0 && asOfGiven === null)
    throw new InputError(`${input.name}: no rows, so no as-of to measure freshness from: give one (--as-of, or asOf= over HTTP)`);
  const asOf = asOfGiven ?? acc.maxLast;
  const sha256 = hash.digest('hex');
  const fingerprint = createHash('sha256')
    .update([format, asOf, sha256, map?.sha256 ?? ''].join('|'))
    .digest('hex');
  const readMs = Date.now() - started;

  // What killed imports left goes first, even when this one turns out to change nothing.
  await removeStaleImports();
  const before = await importByFingerprint(fingerprint);
  if (before?.summary) {
    return {
      ...(JSON.parse(before.summary as string) as TelemetrySummary),
      unchanged: true,
      newestAsOf: isoOf((await currentImport())?.newestAsOfEpoch ?? asOf)!,
      timings: { readMs, writeMs: 0, deleteMs: 0 },
    };
  }

  // This export against today's inventory: the summary's findings.
  const snapshot = await currentSnapshot();
  const view = await readInventoryView(snapshot?.id);
  const derived = deriveTelemetry(view, acc.vocab, acc.records());
  const unknown = derived.unknown.filter((u) => !u.ambiguous.length);
  const ambiguous = derived.unknown.filter((u) => u.ambiguous.length);
  const undeclared: string[] = [];
  derived.assets.forEach((e, a) => {
    for (let i = 0; e && i < e.undeclared.length && undeclared.length < EXAMPLES; i += 3) {
      const v = acc.vocab[e.undeclared[i]];
      undeclared.push(`${view.assets[a].id}: ${v.name ?? `log source ${v.logSource}`}${v.channel ? ` ${v.channel}` : ''}`);
    }
  });
  const id = newImportId();
  const source = input.name;
  const summary: Omit<TelemetrySummary, 'timings' | 'newestAsOf'> = {
    id,
    unchanged: false,
    format,
    source,
    asOf: isoOf(asOf)!,
    rows: acc.rows,
    hosts: acc.hosts.size,
    hostsMatched: derived.hostsMatched,
    unknownHosts: unknown.length,
    ambiguousHosts: ambiguous.length,
    unnamedRows: acc.unnamedRows,
    undeclaredObservations: derived.undeclaredPairs,
    examples: {
      unknownHosts: [
        ...unknown.slice(0, EXAMPLES).map((u) => `${u.spellings.join(', ')} (${plural(u.rows, 'row')})`),
        ...ambiguous
          .slice(0, EXAMPLES)
          .map((u) => `${u.spellings.join(', ')}: ambiguous, could be ${u.ambiguous.map((a) => view.assets[a].id).join(' or ')}`),
      ],
      unnamedRows: acc.unnamedExamples,
      undeclared,
    },
  };

  // Merge the current generation in, then write the result as the next one.
  const previous = await currentImport();
  if (previous) {
    const vocab = await readVocabulary(previous.id);
    for await (const page of readHosts(previous.id)) acc.merge(vocab, page);
  }
  const newest = Math.max(previous?.newestAsOfEpoch ?? -Infinity, asOf);
  const written = await inPhase(progress, 'Writing telemetry hosts', acc.hosts.size, 'hosts', (phase) =>
    writeGeneration({
      phase,
      id,
      previous: previous?.id ?? null,
      vocab: acc.vocab,
      hosts: acc.hosts.values(),
      start: { format, source, sha256, fingerprint, map: map?.file ?? null, mapSha256: map?.sha256 ?? null },
      finish: () => ({
        asOf: isoOf(asOf),
        asOfEpoch: asOf,
        newestAsOf: isoOf(newest),
        newestAsOfEpoch: newest,
        rows: acc.rows,
        summary: JSON.stringify(summary),
      }),
    }),
  );
  return { ...summary, newestAsOf: isoOf(newest)!, timings: { readMs, writeMs: written.writeMs, deleteMs: written.deleteMs } };
}

export const telemetryImporter: TelemetryImporter = { import: importTelemetry };
