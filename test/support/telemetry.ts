import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { read } from '../../src/db/neo4j';
import { TelemetryImportOptions } from '../../src/telemetry/importer';
import { currentImport, readHosts, readVocabulary } from '../../src/telemetry/store';
import { importTelemetry } from '../../import/telemetry/import-telemetry';
import { sharedDir } from './shared';

/** The shared samples: the same observations of 17 Acme hosts in three SIEM shapes (../shared/telemetry). */
export const SAMPLES = {
  splunk: join(sharedDir, 'telemetry', 'splunk-tstats.csv'),
  elastic: join(sharedDir, 'telemetry', 'elastic-esql.json'),
  sentinel: join(sharedDir, 'telemetry', 'sentinel.csv'),
} as const;

export const importFile = (file: string, format: string, options: Omit<TelemetryImportOptions, 'format'> = {}) =>
  importTelemetry({ name: file, bytes: createReadStream(file) }, { format, ...options });

/** Every stored (host, log, times, events) of the current generation, as sorted text. */
export async function storedObservations(): Promise<string[]> {
  const current = await currentImport();
  if (!current) return [];
  const vocab = await readVocabulary(current.id);
  const out: string[] = [];
  for await (const page of readHosts(current.id)) {
    for (const h of page) {
      for (let i = 0; i < h.data.length; i += 4) {
        const v = vocab[h.data[i]];
        out.push([h.hostKey, v.name, v.channel ?? '', v.logSource ?? '', h.data[i + 1], h.data[i + 2], h.data[i + 3]].join('|'));
      }
    }
  }
  return out.sort();
}

export async function telemetryCounts(): Promise<Record<string, number>> {
  return Object.fromEntries((await read('telemetry/stats', 'telemetryCounts')).map((r) => [r.name as string, Number(r.count)]));
}

export async function generationsInUse(): Promise<string[]> {
  const [row] = await read('telemetry/stats', 'generationsInUse');
  return (row?.generations as string[]) ?? [];
}
