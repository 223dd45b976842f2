import { resolve } from 'node:path';
import { z } from 'zod';
import { InputError } from '../../src/errors';
import { addCurrentControls, currentSnapshot, readCurrentCollection, readCurrentItems } from './current';
import { DETTECT_DATA_SOURCES, DETTECT_MARK, dettectOwnSource } from './dettect-data-sources';
import { readDocument } from './document';
import { ImportedInventory, ImportOptions, requireCatalog } from './import-inventory';
import { dayNumber, DATE } from '../../src/inventory/dates';
import { Problems } from '../../src/inventory/problems';
import { InventoryReader } from './reader';
import { AssetsRef, check, selectorSchema } from '../../src/inventory/schema';
import { writeSnapshot } from './write';

/**
 * DeTT&CT's data source administration file (file_type data-source-administration, version 1.1)
 * layered on the current inventory. DeTT&CT has no hosts: each system (applicable_to) maps to an
 * asset selector, by default the assets tagged with the system's name. Each data_source entry
 * becomes a log source (origin "dettect") providing its data component (for DeTT&CT's own data
 * sources, those dettect-data-sources.ts says they stand for), collected on the assets of
 * its systems in the state the rule below derives. A new DeTT&CT import replaces the previous
 * DeTT&CT layer and keeps everything else of the current snapshot.
 */

const text = z.string().trim().min(1, 'must not be empty');
const score = z.number().min(0, 'scores are 0 to 5').max(5, 'scores are 0 to 5');
const QUALITY = ['device_completeness', 'data_field_completeness', 'timeliness', 'consistency', 'retention'] as const;
const stamp = z.union([z.string(), z.date()]).nullable().optional();

const entrySchema = z
  .object({
    applicable_to: z.array(text).min(1, 'names no system'),
    date_registered: stamp,
    date_connected: stamp,
    products: z.array(z.string()).nullable().optional(),
    available_for_data_analytics: z.boolean().optional(),
    comment: z.string().nullable().optional(),
    data_quality: z
      .object(Object.fromEntries(QUALITY.map((k) => [k, score.optional()])))
      .passthrough()
      .optional(),
  })
  .passthrough();
type Entry = z.infer<typeof entrySchema>;

const fileSchema = z
  .object({
    version: z
      .union([z.number(), z.string()])
      .refine((v) => String(v) === '1.1', 'this importer reads DeTT&CT data source administration files of version 1.1'),
    file_type: z.literal('data-source-administration', {
      errorMap: () => ({ message: 'not a DeTT&CT data source administration file (file_type: data-source-administration)' }),
    }),
    name: z.string().nullable().optional(),
    domain: z.string().nullable().optional(),
    systems: z.array(z.object({ applicable_to: text, platform: z.array(text).min(1) }).passthrough()).min(1, 'no systems'),
    data_sources: z.array(z.object({ data_source_name: text, data_source: z.array(entrySchema) }).passthrough()),
    exceptions: z
      .array(
        z
          .object({
            technique_id: z.string().regex(/^T\d{4}(\.\d{3})?$/, 'expected a technique id like T1557'),
            name: z.string().nullable().optional(),
          })
          .passthrough(),
      )
      .nullable()
      .optional(),
  })
  .passthrough();
type DettectFile = z.infer<typeof fileSchema>;

/** The --systems mapping: system name -> a selector, a list of asset ids, or "*". */
const mappingSchema = z
  .object({
    systems: z.record(z.union([z.literal('*'), z.array(text), selectorSchema])),
  })
  .strict();

/**
 * The state rule. Data quality all 0 (or absent): not collected (DeTT&CT's "not available").
 * Available for data analytics: monitored (it reaches the SIEM and detections can run on it).
 * Otherwise: configured (it is collected somewhere, nobody has shown it works). DeTT&CT records
 * nothing that means "tested".
 */
export function dettectRank(entry: Pick<Entry, 'data_quality' | 'available_for_data_analytics'>): number {
  const scores = QUALITY.map((k) => Number(entry.data_quality?.[k] ?? 0));
  if (scores.every((s) => s === 0)) return 0;
  return entry.available_for_data_analytics ? 3 : 1;
}

const slug = (s: string) =>
  s
    .replace(DETTECT_MARK, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
const dateOf = (v: unknown) => {
  const s = v instanceof Date ? v.toISOString() : typeof v === 'string' ? v : '';
  return DATE.test(s) && dayNumber(s) > 0 ? s.slice(0, 10) : null;
};

export interface DettectSystem {
  name: string;
  platforms: string[];
  selector: AssetsRef;
  assets: number;
}

/** What the snapshot keeps of the DeTT&CT file (JSON `dettect`): where it came from, its systems, its exceptions. */
export interface DettectLayer {
  file: string;
  sha256: string;
  mapping: string | null;
  name: string | null;
  domain: string | null;
  systems: DettectSystem[];
  exceptions: { techniqueId: string; name: string | null; source: string }[];
}

export interface ImportedDettect extends ImportedInventory {
  layer: DettectLayer;
}

export interface DettectOptions extends ImportOptions {
  systems?: string;
}

export async function importDettect(file: string, options: DettectOptions = {}): Promise<ImportedDettect> {
  const started = Date.now();
  const catalog = await requireCatalog();
  const current = await currentSnapshot();
  if (!current) {
    throw new InputError(
      'no inventory is imported: DeTT&CT names systems, not hosts; import the assets first (`attack-kg import inventory`), tagged with the system names or matched by --systems',
    );
  }
  const problems = new Problems();
  const doc = await readDocument(resolve(file), problems);
  const mappingDoc = options.systems ? await readDocument(resolve(options.systems), problems) : undefined;
  const parsed = doc && check<DettectFile>(fileSchema, doc.data, [], doc.locate, problems);
  const mapping =
    mappingDoc && check<{ systems: Record<string, AssetsRef> }>(mappingSchema, mappingDoc.data, [], mappingDoc.locate, problems);
  if (!doc || !parsed || (options.systems && !mapping)) problems.throwIfAny(file);
  const dettect = parsed!;
  const locate = doc!.locate;

  const reader = new InventoryReader(catalog, problems, options.allowUnknown ?? false);
  const controls = await readCurrentItems(reader, current.id);

  const systems = new Map(dettect.systems.map((s, i) => [s.applicable_to, { index: i, platforms: s.platform }]));
  dettect.systems.forEach((s, i) =>
    s.platform.forEach((p, j) => {
      if (p.toLowerCase() !== 'all' && !catalog.platforms.canonical(p))
        problems.warn(locate(['systems', i, 'platform', j]), `unknown platform "${p}"`);
    }),
  );

  const planned: { logSource: string; systems: string[]; rank: number; since: number }[] = [];
  dettect.data_sources.forEach((ds, i) => {
    const name = ds.data_source_name;
    const at = locate(['data_sources', i, 'data_source_name']);
    const match = catalog.resolveComponent(name);
    const own = match ? undefined : dettectOwnSource(name);
    let components: string[] = [];
    if (match?.caseDiffers) problems.warn(at, `data component "${name}" matched ATT&CK's "${match.caseDiffers}" ignoring case`);
    if (match) components = [match.caseDiffers ?? name];
    else if (own?.known) {
      // What DeTT&CT says its data source stands for (dettect-data-sources.ts), resolved like any component name.
      components = [...own.known.components];
      if (own.bare !== own.known.name)
        problems.warn(at, `DeTT&CT data source "${own.bare}" matched DeTT&CT's "${own.known.name}" ignoring case`);
      const missing = components.filter((c) => !catalog.resolveComponent(c));
      if (missing.length)
        problems.warn(
          at,
          `"${name}" stands for ${missing.join(', ')}, which no loaded ATT&CK release has (${catalog.describeReleases()}): it provides that once such a release is imported`,
        );
    } else if (own) {
      problems.warn(
        at,
        `"${name}" is not one of DeTT&CT's own data sources (${Object.keys(DETTECT_DATA_SOURCES).join(', ')}): kept as a log source that provides none`,
      );
    } else if (options.allowUnknown)
      problems.warn(
        at,
        `data component "${name}" is not in the loaded ATT&CK releases (${catalog.describeReleases()}); kept (--allow-unknown)`,
      );
    else
      problems.error(
        at,
        `data component "${name}" is not in the loaded ATT&CK releases (${catalog.describeReleases()}); --allow-unknown imports it anyway`,
      );

    ds.data_source.forEach((entry, j) => {
      const path = ['data_sources', i, 'data_source', j];
      entry.applicable_to.forEach((s, k) => {
        if (s.toLowerCase() !== 'all' && !systems.has(s))
          problems.error(locate([...path, 'applicable_to', k]), `unknown system "${s}" (systems: ${[...systems.keys()].join(', ')})`);
      });
      const id = `dettect:${slug(name)}@${entry.applicable_to.map(slug).join('+')}`;
      reader.addLogSourceRecord(
        {
          id,
          name: null,
          channel: null,
          dataComponents: components,
          dataSources: [],
          origin: 'dettect',
          attributes: JSON.stringify({
            dettect: {
              dataSourceName: name,
              applicableTo: entry.applicable_to,
              products: entry.products ?? [],
              dateRegistered: dateOf(entry.date_registered),
              dateConnected: dateOf(entry.date_connected),
              availableForDataAnalytics: entry.available_for_data_analytics ?? false,
              dataQuality: entry.data_quality ?? {},
              comment: entry.comment ?? null,
            },
          }),
        },
        locate([...path]),
      );
      const rank = dettectRank(entry);
      if (rank) planned.push({ logSource: id, systems: entry.applicable_to, rank, since: dayNumber(dateOf(entry.date_connected)) });
    });
  });

  addCurrentControls(reader, controls);
  reader.seal();
  await readCurrentCollection(reader, current.id);

  const selected = new Map<string, number[]>();
  const layerSystems: DettectSystem[] = [];
  for (const [name, { index, platforms }] of systems) {
    const mapped = mapping?.systems[name];
    const selector: AssetsRef = mapped ?? { tags: [name] };
    const assets = mapped
      ? reader.selectAssets(mapped, mappingDoc!.locate, ['systems', name])
      : reader.selectAssets(selector, () => `${locate(['systems', index, 'applicable_to'])} (assets tagged "${name}")`, []);
    selected.set(name, assets);
    layerSystems.push({ name, platforms, selector, assets: assets.length });
  }
  for (const name of Object.keys(mapping?.systems ?? {})) {
    if (!systems.has(name)) problems.warn(mappingDoc!.locate(['systems', name]), `system "${name}" is not in ${file}`);
  }

  const { model } = reader;
  model.collectionRows = Number(JSON.parse((current.props.counts as string) ?? '{}').collectionRows ?? 0);
  for (const p of planned) {
    const names = p.systems.some((s) => s.toLowerCase() === 'all') ? [...systems.keys()] : p.systems;
    const assets = new Set(names.flatMap((s) => selected.get(s) ?? []));
    model.collectionRows += 1;
    for (const a of assets) model.collect(a, model.logSource(p.logSource)!, p.rank, p.since);
  }
  reader.finish();
  problems.throwIfAny(file);

  const previous = current.props.dettect ? (JSON.parse(current.props.dettect as string) as DettectLayer) : null;
  const replaced = new Set(previous ? [previous.file, previous.mapping] : []);
  const files = ((current.props.sources as string[]) ?? []).map((f, i) => ({
    file: f,
    sha256: ((current.props.sha256 as string[]) ?? [])[i] ?? '',
  }));
  const layer: DettectLayer = {
    file: doc!.file,
    sha256: doc!.sha256,
    mapping: mappingDoc?.file ?? null,
    name: dettect.name ?? null,
    domain: dettect.domain ?? null,
    systems: layerSystems,
    exceptions: (dettect.exceptions ?? []).map((e) => ({ techniqueId: e.technique_id, name: e.name ?? null, source: doc!.file })),
  };
  const sources = [
    ...files.filter((f) => !replaced.has(f.file)),
    { file: doc!.file, sha256: doc!.sha256 },
    ...(mappingDoc ? [{ file: mappingDoc.file, sha256: mappingDoc.sha256 }] : []),
  ];
  const keptWarnings = ((current.props.warnings as string[]) ?? []).filter((w) => ![...replaced].some((f) => f && w.startsWith(f)));
  const readMs = Date.now() - started;
  const written = await writeSnapshot(
    model,
    {
      organization: (current.props.organization as string) ?? null,
      sources,
      warnings: [...keptWarnings, ...problems.warnings],
      dettect: layer,
    },
    catalog,
    options.progress,
  );
  return { ...written, warnings: problems.warnings, readMs, layer };
}
