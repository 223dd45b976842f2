import { createReadStream } from 'node:fs';
import { access } from 'node:fs/promises';
import { createGunzip } from 'node:zlib';
import { applySchema, closeDriver, verifyConnectivity } from '../../src/db/neo4j';
import { InputError } from '../../src/errors';
import { TelemetrySummary } from '../../src/telemetry/importer';
import { FORMATS, isFormat } from '../../src/telemetry/names';
import { importTelemetry } from '../../import/telemetry/import-telemetry';
import { Command, parse } from '../command';
import { withProgress } from '../progress';

const usage = `Usage: attack-kg import telemetry <file> --format ${FORMATS.join('|')} [--as-of T] [--map FILE]

Imports what the SIEM says it received (format: docs/telemetry.md): a summary of events per host,
log and event id with first and last seen, exported from Splunk (tstats, CSV), Elastic (ES|QL,
JSON or CSV), Sentinel (summarize, CSV) or written to attack-kg's own CSV columns. Hosts are
matched to inventory assets, observations to inventory log sources (evidence: fresh or stale).
The file is streamed (.gz too); any bad row stops the import and nothing is written; unknown
hosts and unnamed rows are reported, not errors. Imports add up: each keeps the latest last seen.
  --format  splunk, elastic, sentinel or csv
  --as-of   the time the export describes (ISO 8601 or epoch seconds); default: its latest last seen
  --map     YAML mapping your own sourcetypes, datasets or tables to ATT&CK names`;

const list = (items: string[]) => items.map((i) => `    ${i}`).join('\n');

/** What an import prints: counts, then the first examples of each finding. */
export function report(s: TelemetrySummary): string {
  if (s.unchanged) return `${s.source} was imported before as ${s.id} (same bytes, format, as-of and map): nothing changed.`;
  const lines = [
    `Imported ${s.format} telemetry from ${s.source} as ${s.id}, as of ${s.asOf} (freshness is measured from ${s.newestAsOf}):`,
    `  ${s.rows} rows, ${s.hosts} host names: ${s.hostsMatched} assets matched, ${s.unknownHosts} unknown hosts, ${s.ambiguousHosts} ambiguous`,
    `  ${s.unnamedRows} unnamed rows, ${s.undeclaredObservations} undeclared observations (asset, log)`,
    `  read in ${s.timings.readMs} ms, written in ${s.timings.writeMs} ms, previous generation deleted in ${s.timings.deleteMs} ms`,
  ];
  if (s.examples.unknownHosts.length)
    lines.push(`  unknown hosts (first ${s.examples.unknownHosts.length}):`, list(s.examples.unknownHosts));
  if (s.examples.unnamedRows.length)
    lines.push(`  unnamed rows (first ${s.examples.unnamedRows.length}; --map names them):`, list(s.examples.unnamedRows));
  if (s.examples.undeclared.length)
    lines.push(`  undeclared observations (first ${s.examples.undeclared.length}):`, list(s.examples.undeclared));
  return lines.join('\n');
}

export const importTelemetryCommand: Command = {
  name: 'import telemetry',
  summary: 'import a SIEM summary of what arrived per host and log (Splunk, Elastic, Sentinel, CSV)',
  usage,
  async run(argv) {
    const { positionals, values } = parse(
      argv,
      { format: { type: 'string' }, 'as-of': { type: 'string' }, map: { type: 'string' } },
      usage,
    );
    const [file, ...rest] = positionals;
    if (!file || rest.length) throw new InputError(`one telemetry file is required\n\n${usage}`);
    if (!values.format) throw new InputError(`--format is required (${FORMATS.join(', ')})\n\n${usage}`);
    if (!isFormat(values.format)) throw new InputError(`unknown --format "${values.format}" (expected one of ${FORMATS.join(', ')})`);
    try {
      await access(file);
    } catch (error) {
      throw new InputError(`${file}: cannot read the file (${(error as NodeJS.ErrnoException).code})`);
    }
    await verifyConnectivity();
    await applySchema();
    try {
      const raw = createReadStream(file);
      const bytes = /\.gz$/i.test(file) ? raw.pipe(createGunzip()) : raw;
      try {
        const options = { format: values.format, asOf: values['as-of'], mapFile: values.map };
        console.log(report(await withProgress((progress) => importTelemetry({ name: file, bytes }, { ...options, progress }))));
      } finally {
        raw.destroy();
      }
    } finally {
      await closeDriver();
    }
  },
};
