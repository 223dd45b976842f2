import { dirname, resolve } from 'node:path';
import { AttackCatalog } from '../../src/inventory/catalog';
import { listCell, readCsvHeader, streamCsv } from './csv';
import { readDocument, SourceDocument } from './document';
import { dayNumber } from '../../src/inventory/dates';
import { AssetRecord, assetRecord } from '../../src/inventory/asset';
import { LogSourceRecord, logSourceRecord, Origin } from '../../src/inventory/log-source';
import { ParsedInventory } from './model';
import { Problems, Where } from '../../src/inventory/problems';
import {
  AssetInput,
  assetSchema,
  AssetsRef,
  check,
  CollectionInput,
  collectionSchema,
  ControlInput,
  controlSchema,
  documentSchema,
  LogSourceInput,
  logSourceSchema,
} from '../../src/inventory/schema';
import { rankOf, State, STATES } from '../../src/inventory/states';

type Locate = (path: (string | number)[]) => Where;

/** Files read into an inventory: what the snapshot records. */
export interface SourceFile {
  file: string;
  sha256: string;
}

const distinct = <T>(values: T[]) => [...new Set(values)];

/**
 * Reads inventory items into a ParsedInventory, checking each against the contract and the
 * loaded ATT&CK releases; every problem goes to `problems`, nothing stops at the first.
 * The inventory file reader and the DeTT&CT reader share it.
 */
export class InventoryReader {
  readonly model = new ParsedInventory();
  readonly sources: SourceFile[] = [];
  private readonly assetWhere: Where[] = [];
  private readonly logSourceWhere = new Map<string, Where>();
  private readonly controlWhere = new Map<string, Where>();
  private readonly deployments: { control: number; assets: AssetsRef; state: State; where: Locate }[] = [];

  constructor(
    readonly catalog: AttackCatalog,
    readonly problems: Problems,
    readonly allowUnknown = false,
  ) {}

  // ---- assets

  /** Platforms in stored spelling, sorted; an unknown one is an error at its path. */
  private platforms(names: string[], locate: Locate, path: (string | number)[]): string[] | undefined {
    let ok = true;
    const out = names.map((name, i) => {
      const canonical = this.catalog.platforms.canonical(name);
      if (!canonical) {
        ok = false;
        this.problems.error(
          locate([...path, i]),
          `unknown platform "${name}" (the loaded ATT&CK releases know ${this.catalog.platforms.known().join(', ')}, and the aliases AWS, Azure, GCP, Office 365, Google Workspace, Azure AD, Entra ID)`,
        );
      }
      return canonical ?? name;
    });
    return ok ? distinct(out).sort() : undefined;
  }

  addAsset(value: unknown, locate: Locate, path: (string | number)[] = []) {
    const input = check<AssetInput>(assetSchema, value, path, locate, this.problems);
    if (!input) return;
    const platforms = this.platforms(input.platforms, locate, [...path, 'platforms']);
    if (!platforms) return;
    this.addAssetRecord(assetRecord(input, platforms), locate([...path, 'id']));
  }

  addAssetRecord(asset: AssetRecord, where: Where) {
    if (this.model.addAsset(asset)) this.assetWhere.push(where);
    else this.problems.error(where, `duplicate asset id "${asset.id}" (first at ${this.assetWhere[this.model.asset(asset.id)!]})`);
  }

  // ---- log sources

  /** Data component references: unknown ones are errors (warnings with --allow-unknown), case-only matches warnings. */
  private checkComponents(refs: string[], locate: Locate, path: (string | number)[]) {
    refs.forEach((ref, i) => {
      const match = this.catalog.resolveComponent(ref);
      const where = locate([...path, i]);
      if (!match) {
        const message = `data component "${ref}" is not in the loaded ATT&CK releases (${this.catalog.describeReleases()})`;
        if (this.allowUnknown) this.problems.warn(where, `${message}; kept (--allow-unknown)`);
        else this.problems.error(where, `${message}; --allow-unknown imports it anyway`);
      } else if (match.caseDiffers) {
        this.problems.warn(where, `data component "${ref}" matched ATT&CK's "${match.caseDiffers}" ignoring case`);
      }
    });
  }

  addLogSource(value: unknown, locate: Locate, path: (string | number)[] = [], origin: Origin = 'inventory') {
    const input = check<LogSourceInput>(logSourceSchema, value, path, locate, this.problems);
    if (!input) return;
    this.checkComponents(input.dataComponents ?? [], locate, [...path, 'dataComponents']);
    const record = logSourceRecord(input, origin);
    if (record.channel && !record.name)
      this.problems.error(locate([...path, 'channel']), 'a channel needs the log source name it belongs to');
    const where = locate([...path, 'id']);
    this.addLogSourceRecord(record, where);
    if (!record.dataComponents.length && !record.dataSources.length && !this.catalog.provides(record).size) {
      const why = record.channel
        ? 'no ATT&CK (name, channel) of the loaded releases names this log with one of its channel members'
        : 'no ATT&CK log source of the loaded releases has this name';
      this.problems.warn(where, `log source "${record.id}" resolves to no ATT&CK data component (${why}; no dataComponents)`);
    }
  }

  addLogSourceRecord(record: LogSourceRecord, where: Where) {
    if (this.model.addLogSource(record)) this.logSourceWhere.set(record.id, where);
    else this.problems.error(where, `duplicate log source id "${record.id}" (first at ${this.logSourceWhere.get(record.id)})`);
  }

  // ---- controls (their deployments apply once every asset is known)

  /** A control already checked (read back from the graph); `produces` are log source ids known to the model. */
  addControlRecord(control: { id: string; name: string; type: string | null; produces: string[] }) {
    this.model.addControl({ ...control, produces: control.produces.map((id) => this.model.logSource(id)!) });
  }

  addControl(value: unknown, locate: Locate, path: (string | number)[] = []) {
    const input = check<ControlInput>(controlSchema, value, path, locate, this.problems);
    if (!input) return;
    const produces: number[] = [];
    (input.produces ?? []).forEach((id, i) => {
      const ls = this.model.logSource(id);
      if (ls === undefined) this.problems.error(locate([...path, 'produces', i]), `unknown log source "${id}"`);
      else if (!produces.includes(ls)) produces.push(ls);
    });
    const where = locate([...path, 'id']);
    if (!this.model.addControl({ id: input.id, name: input.name ?? input.id, type: input.type ?? null, produces })) {
      this.problems.error(where, `duplicate control id "${input.id}" (first at ${this.controlWhere.get(input.id)})`);
      return;
    }
    this.controlWhere.set(input.id, where);
    const control = this.model.control(input.id)!;
    (input.deployments ?? []).forEach((d, i) => {
      this.deployments.push({ control, assets: d.assets, state: d.state, where: (p) => locate([...path, 'deployments', i, ...p]) });
    });
  }

  /** Assets and log sources are complete. */
  seal() {
    this.model.seal();
    for (const d of this.deployments) {
      const rank = rankOf(d.state);
      for (const a of this.selectAssets(d.assets, d.where, ['assets'])) this.model.deploy(d.control, a, rank);
    }
  }

  // ---- selectors and collection

  /** The assets a reference names; unknown ids and platforms are errors, a selector matching nothing a warning. */
  selectAssets(ref: AssetsRef, locate: Locate, path: (string | number)[]): number[] {
    if (Array.isArray(ref)) {
      const out: number[] = [];
      ref.forEach((id, i) => {
        const a = this.model.asset(id);
        if (a === undefined) this.problems.error(locate([...path, i]), `unknown asset "${id}"`);
        else out.push(a);
      });
      return out;
    }
    if (ref !== '*') {
      const selector = ref;
      (selector.platforms ?? []).forEach((p, i) => {
        if (!this.catalog.platforms.canonical(p)) this.problems.error(locate([...path, 'platforms', i]), `unknown platform "${p}"`);
      });
      (selector.ids ?? []).forEach((id, i) => {
        if (this.model.asset(id) === undefined) this.problems.error(locate([...path, 'ids', i]), `unknown asset "${id}"`);
      });
    }
    const selected = this.model.select(ref);
    if (!selected.length && this.model.assets.length) this.problems.warn(locate(path), 'matches no asset');
    return selected;
  }

  private knownLogSource(id: unknown, where: Where): number | undefined {
    const ls = typeof id === 'string' ? this.model.logSource(id) : undefined;
    if (ls === undefined && typeof id === 'string') this.problems.error(where, `unknown log source "${id}"`);
    return ls;
  }

  addCollection(value: unknown, locate: Locate, path: (string | number)[] = []) {
    const input = check<CollectionInput>(collectionSchema, value, path, locate, this.problems);
    // A bad item still has its reference checked: one run reports all.
    const ls = this.knownLogSource((value as { logSource?: unknown } | null)?.logSource, locate([...path, 'logSource']));
    if (!input) return;
    const since = dayNumber(input.since);
    if (since < 0) this.problems.error(locate([...path, 'since']), `"${input.since}" is not a date between 1970 and 2149`);
    const assets = this.selectAssets(input.assets, locate, [...path, 'assets']);
    if (ls === undefined || since < 0) return;
    const rank = rankOf(input.state);
    this.model.collectionRows += 1;
    for (const a of assets) this.model.collect(a, ls, rank, since);
  }

  /** A collection CSV row: one asset id, checked by hand (2M rows do not go through zod). */
  addCollectionRow(row: Record<string, string>, where: (column: string) => Where) {
    const asset = row.asset === undefined ? undefined : this.model.asset(row.asset);
    const ls = row.logSource === undefined ? undefined : this.model.logSource(row.logSource);
    const rank = STATES.indexOf(row.state as State) + 1;
    const since = dayNumber(row.since);
    let ok = true;
    const fail = (column: string, message: string) => {
      ok = false;
      this.problems.error(where(column), message);
    };
    if (asset === undefined) fail('asset', row.asset === undefined ? 'missing asset' : `unknown asset "${row.asset}"`);
    if (ls === undefined) fail('logSource', row.logSource === undefined ? 'missing logSource' : `unknown log source "${row.logSource}"`);
    if (!rank) fail('state', row.state === undefined ? 'missing state' : `unknown state "${row.state}" (expected ${STATES.join(', ')})`);
    if (since < 0) fail('since', `"${row.since}" is not a date like 2026-03-01 (1970 to 2149)`);
    if (!ok) return;
    this.model.collectionRows += 1;
    this.model.collect(asset!, ls!, rank, since);
  }

  finish() {
    this.model.applyControls();
  }
}

/** What one `import inventory` reads: the document, then asset CSVs, then collection CSVs. */
export interface InventoryFiles {
  document: string;
  csv: string[];
}

export interface ReadInventory {
  reader: InventoryReader;
  organization: string | null;
}

const sections = (data: unknown, key: string): unknown[] => {
  const value = (data as Record<string, unknown> | null)?.[key];
  return Array.isArray(value) ? value : [];
};

/** Reads and checks an inventory's files; errors are in `reader.problems` (the caller throws). */
export async function readInventory(
  files: InventoryFiles,
  catalog: AttackCatalog,
  problems: Problems,
  allowUnknown: boolean,
): Promise<ReadInventory> {
  const reader = new InventoryReader(catalog, problems, allowUnknown);
  const doc: SourceDocument | undefined = await readDocument(resolve(files.document), problems);
  if (!doc) return { reader, organization: null };
  reader.sources.push({ file: doc.file, sha256: doc.sha256 });
  const top = check<{ organization?: string; include?: string[] }>(documentSchema, doc.data, [], doc.locate, problems);
  const include = Array.isArray((doc.data as { include?: unknown })?.include) ? (doc.data as { include: unknown[] }).include : [];
  const csvFiles = distinct([
    ...include.filter((f): f is string => typeof f === 'string').map((f) => resolve(dirname(doc.file), f)),
    ...files.csv.map((f) => resolve(f)),
  ]);
  const headers = [];
  for (const file of csvFiles) {
    const header = await readCsvHeader(file, problems);
    if (header) headers.push(header);
  }

  sections(doc.data, 'assets').forEach((a, i) => reader.addAsset(a, doc.locate, ['assets', i]));
  for (const header of headers.filter((h) => h.kind === 'assets')) {
    const sha256 = await streamCsv(header, problems, (row, line) => {
      const at = (path: (string | number)[]) => `${header.file}:${line}${path.length ? `: ${path[0]}` : ''}`;
      reader.addAsset({ ...row, platforms: listCell(row.platforms) ?? [], tags: listCell(row.tags) }, at);
    });
    reader.sources.push({ file: header.file, sha256 });
  }
  sections(doc.data, 'logSources').forEach((l, i) => reader.addLogSource(l, doc.locate, ['logSources', i]));
  sections(doc.data, 'controls').forEach((c, i) => reader.addControl(c, doc.locate, ['controls', i]));
  reader.seal();
  sections(doc.data, 'collection').forEach((c, i) => reader.addCollection(c, doc.locate, ['collection', i]));
  for (const header of headers.filter((h) => h.kind === 'collection')) {
    const sha256 = await streamCsv(header, problems, (row, line) =>
      reader.addCollectionRow(row, (column) => `${header.file}:${line}: ${column}`),
    );
    reader.sources.push({ file: header.file, sha256 });
  }
  reader.finish();
  return { reader, organization: top?.organization ?? null };
}
