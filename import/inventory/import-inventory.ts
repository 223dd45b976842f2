import { InputError } from '../../src/errors';
import { AttackCatalog, loadCatalog } from '../../src/inventory/catalog';
import { Problems } from '../../src/inventory/problems';
import { Progress } from '../../src/progress';
import { InventoryFiles, readInventory } from './reader';
import { writeSnapshot, WrittenSnapshot } from './write';

export interface ImportOptions {
  /** Unknown data components become warnings instead of errors. */
  allowUnknown?: boolean;
  /** The assets written, for inventories over PROGRESS_FROM_ASSETS (write.ts). */
  progress?: Progress;
}

export interface ImportedInventory extends WrittenSnapshot {
  warnings: string[];
  readMs: number;
}

/** The inventory resolves against ATT&CK: without a release, no platform or data component can be checked. */
export async function requireCatalog(): Promise<AttackCatalog> {
  const catalog = await loadCatalog();
  if (!catalog.releases.length) {
    throw new InputError(
      'no ATT&CK release is imported: inventory platforms and data components are checked against ATT&CK; run `attack-kg import attack` first',
    );
  }
  return catalog;
}

/**
 * Read and check every file, then write: a single problem anywhere (up to the report cap, all
 * of them listed) means nothing is written and the current snapshot stays as it was.
 */
export async function importInventory(files: InventoryFiles, options: ImportOptions = {}): Promise<ImportedInventory> {
  const started = Date.now();
  const catalog = await requireCatalog();
  const problems = new Problems();
  const { reader, organization } = await readInventory(files, catalog, problems, options.allowUnknown ?? false);
  problems.throwIfAny(files.document);
  const readMs = Date.now() - started;
  const meta = { organization, sources: reader.sources, warnings: problems.warnings };
  const written = await writeSnapshot(reader.model, meta, catalog, options.progress);
  return { ...written, warnings: problems.warnings, readMs };
}
