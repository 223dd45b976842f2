import { InputError } from '../../src/errors';
import { importDettect } from '../../import/inventory/dettect';
import { Command, parse } from '../command';
import { withDatabase } from '../database';
import { withProgress } from '../progress';
import { report } from './import-inventory';

const usage = `Usage: attack-kg import dettect <data-source-administration.yaml> [--systems mapping.yaml] [--allow-unknown]

Layers a DeTT&CT data source administration file (file format 1.1) on the current inventory:
each data source entry becomes a log source collected on the assets of its systems. DeTT&CT has
no hosts, so each system maps to assets: by default those tagged with the system's name, or as
the mapping file says:
  systems:
    Windows workstations: { platforms: [Windows], tags: [workstation] }
    Linux servers: [SRV-0001, SRV-0002]
State: data quality all 0 = not collected; available_for_data_analytics = monitored; else
configured. DeTT&CT's own data sources ("Web [DeTT&CT data source]", ...) provide the ATT&CK
data components DeTT&CT says they stand for. A previous DeTT&CT layer is replaced; the rest of
the inventory is kept. The file's exceptions are kept on the snapshot (inventorySnapshots
{ exceptions }). See docs/inventory.md.
  --allow-unknown  data components the loaded releases do not know are warnings, not errors`;

export const importDettectCommand: Command = {
  name: 'import dettect',
  summary: 'layer a DeTT&CT data source administration file on the inventory',
  usage,
  async run(argv) {
    const { positionals, values } = parse(argv, { systems: { type: 'string' }, 'allow-unknown': { type: 'boolean' } }, usage);
    if (positionals.length !== 1) throw new InputError(`one DeTT&CT file\n\n${usage}`);
    await withDatabase(async () => {
      const options = { systems: values.systems, allowUnknown: values['allow-unknown'] ?? false };
      const result = await withProgress((progress) => importDettect(positionals[0], { ...options, progress }));
      report(positionals[0], result);
      for (const s of result.layer.systems) console.log(`  system "${s.name}" -> ${s.assets} assets (${JSON.stringify(s.selector)})`);
      if (result.layer.exceptions.length) console.log(`  exceptions kept: ${result.layer.exceptions.map((e) => e.techniqueId).join(', ')}`);
    });
  },
};
