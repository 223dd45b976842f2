import { InputError } from '../../src/errors';
import { ImportedInventory, importInventory } from '../../import/inventory/import-inventory';
import { Command, parse } from '../command';
import { withDatabase } from '../database';
import { withProgress } from '../progress';

const usage = `Usage: attack-kg import inventory <inventory.yaml|inventory.json> [assets.csv|collection.csv ...] [--allow-unknown]

Imports the organisation's inventory (format: docs/inventory.md): assets, log sources, controls
and which assets collect which log sources in which state. CSV files (a CMDB or SIEM export) add
assets or collection rows, told apart by their header; the document may also name them under
\`include:\` (paths relative to it). Everything is checked first, against the ATT&CK releases
imported: any problem is reported (file, line or path, and what is wrong) and nothing is written.
The new inventory replaces the previous one in one step.
  --allow-unknown  data components the loaded releases do not know are warnings, not errors`;

/** What an import prints: counts, then warnings (the first 20; all are kept on the snapshot). */
export function report(what: string, result: ImportedInventory) {
  const c = result.counts;
  const t = result.timings;
  console.log(
    `Imported ${what} as snapshot ${result.id}: ${c.assets} assets, ${c.logSources} log sources, ${c.controls} controls, ${c.collects} collected (asset, log source) pairs from ${c.collectionRows} collection rows, ${c.deployedOn} deployments, ${c.profiles} coverage profiles (checked in ${result.readMs} ms, written in ${t.writeMs} ms${result.previous ? `, previous snapshot deleted in ${t.deleteMs} ms` : ''}).`,
  );
  if (result.warnings.length) {
    console.log(`${result.warnings.length} warning${result.warnings.length === 1 ? '' : 's'}:`);
    for (const w of result.warnings.slice(0, 20)) console.log(`  - ${w}`);
    if (result.warnings.length > 20) console.log(`  ... and ${result.warnings.length - 20} more (see inventorySnapshots in GraphQL)`);
  }
}

export const importInventoryCommand: Command = {
  name: 'import inventory',
  summary: "import the organisation's assets, log sources, controls and collection",
  usage,
  async run(argv) {
    const { positionals, values } = parse(argv, { 'allow-unknown': { type: 'boolean' } }, usage);
    const [document, ...csv] = positionals;
    if (!document) throw new InputError(`an inventory document is required\n\n${usage}`);
    const notCsv = csv.filter((f) => !/\.csv$/i.test(f));
    if (notCsv.length) throw new InputError(`${notCsv.join(', ')}: only CSV files may follow the inventory document\n\n${usage}`);
    await withDatabase(async () => {
      const allowUnknown = values['allow-unknown'] ?? false;
      report(document, await withProgress((progress) => importInventory({ document, csv }, { allowUnknown, progress })));
    });
  },
};
