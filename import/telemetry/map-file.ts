import { z } from 'zod';
import { Problems } from '../../src/inventory/problems';
import { check } from '../../src/inventory/schema';
import { FORMATS, MapEntry } from '../../src/telemetry/names';
import { readDocument } from '../inventory/document';

/**
 * An organisation's own names (`--map FILE`, YAML or JSON): a sourcetype, dataset or table (or a
 * csv `name`) to ATT&CK's name and optionally a channel, tried before the built-in tables.
 *
 *   version: 1
 *   map:
 *     - { from: acme:edr:proc, name: "WinEventLog:Sysmon", channel: EventCode=1 }
 *     - { from: [custom_fw, fw_logs], format: splunk, name: networkdevice:Firewall }
 */
const text = z.string().trim().min(1, 'must not be empty');
const entrySchema = z
  .object({
    from: z.preprocess((v) => (typeof v === 'string' ? [v] : v), z.array(text).min(1, 'names at least one sourcetype, dataset or table')),
    format: z.enum(FORMATS).optional(),
    name: text,
    channel: text.nullable().optional(),
  })
  .strict();
const mapSchema = z
  .object({
    version: z.literal(1, { errorMap: () => ({ message: 'unknown version: this importer reads telemetry map version 1' }) }),
    map: z.array(z.unknown()),
  })
  .strict();

export interface NameMapFile {
  file: string;
  sha256: string;
  entries: MapEntry[];
}

export async function readMapFile(file: string): Promise<NameMapFile> {
  const problems = new Problems();
  const doc = await readDocument(file, problems);
  const entries: MapEntry[] = [];
  if (doc) {
    const top = check<z.infer<typeof mapSchema>>(mapSchema, doc.data, [], doc.locate, problems);
    const seen = new Map<string, number>();
    top?.map.forEach((raw, i) => {
      const entry = check<MapEntry>(entrySchema, raw, ['map', i], doc.locate, problems);
      if (!entry) return;
      for (const from of entry.from) {
        const key = `${entry.format ?? '*'}|${from.toLowerCase()}`;
        const first = seen.get(key);
        if (first !== undefined) problems.error(doc.locate(['map', i, 'from']), `"${from}" is already mapped by map[${first}]`);
        else seen.set(key, i);
      }
      entries.push(entry);
    });
  }
  problems.throwIfAny(`telemetry map ${file}`);
  return { file, sha256: doc!.sha256, entries };
}
