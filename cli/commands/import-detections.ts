import { applySchema, closeDriver, verifyConnectivity } from '../../src/db/neo4j';
import { DetectionSummary } from '../../src/detections/importer';
import { InputError } from '../../src/errors';
import { importDetections } from '../../import/detections/import-detections';
import { Command, parse } from '../command';

const usage = `Usage: attack-kg import detections <file|dir>... [--status stable,test,...] [--strict]

Imports detection rules (format: docs/detections.md): Sigma rules (.yml/.yaml, directories read
recursively, several documents a file), attack-kg's rules CSV (id,title,techniques,requires,
platforms,status,level) and at most one detections document (version: 1, deployments: ...). The
rules replace the previous set in one step; any error refuses the import and changes nothing.
Broken rules in a directory (no id, no logsource, not YAML) are reported and skipped.
  --status  statuses deployed on every asset of a rule's platforms (default stable,test);
            not with a detections document, which says where rules run itself
  --strict  refuse the import on any broken rule instead of skipping it`;

const list = (items: string[]) => items.map((i) => `    ${i}`).join('\n');

/** What an import prints: counts, then the findings. */
export function report(s: DetectionSummary): string {
  const statuses = Object.entries(s.byStatus)
    .sort(([, a], [, b]) => b - a)
    .map(([k, n]) => `${n} ${k}`)
    .join(', ');
  const skipped = s.skipped;
  const lines = [
    `Imported ${s.rules} detection rules from ${s.files} files as ${s.id}:`,
    `  by status: ${statuses}`,
    `  ${s.mapped} mapped to log sources, ${s.unmapped} unmapped (they fire nowhere)`,
    `  skipped: ${skipped.correlation} correlation rules, ${skipped.filter} filters, ${skipped.global} action documents, ${skipped.broken} broken rules`,
    s.deployment.document
      ? `  deployed as ${s.deployment.document} says (${s.deployment.entries} entries)`
      : `  deployed: ${s.deployment.statuses!.join(', ')} rules on every asset of their platforms`,
    `  read in ${s.timings.readMs} ms, written in ${s.timings.writeMs} ms, previous set deleted in ${s.timings.deleteMs} ms`,
  ];
  if (s.broken.length) lines.push(`  broken rules skipped (first ${s.broken.length}):`, list(s.broken));
  if (s.unknownTechniques.length) {
    lines.push(
      `  warning: ${s.unknownTechniques.length} ATT&CK ids no loaded release knows:`,
      list(
        s.unknownTechniques.map(
          (u) => `${u.id}: ${u.rules.length > 5 ? `${u.rules.slice(0, 5).join(', ')} and ${u.rules.length - 5} more` : u.rules.join(', ')}`,
        ),
      ),
    );
  }
  if (s.warnings.length) lines.push(`  warnings:`, list(s.warnings));
  return lines.join('\n');
}

export const importDetectionsCommand: Command = {
  name: 'import detections',
  summary: 'import detection rules (Sigma, rules CSV) and where they are deployed',
  usage,
  async run(argv) {
    const { positionals, values } = parse(argv, { status: { type: 'string' }, strict: { type: 'boolean' } }, usage);
    if (!positionals.length) throw new InputError(`name at least one rule file or directory\n\n${usage}`);
    await verifyConnectivity();
    await applySchema();
    try {
      const statuses = values.status === undefined ? null : values.status.split(',');
      console.log(report(await importDetections(positionals, { statuses, strict: values.strict ?? false })));
    } finally {
      await closeDriver();
    }
  },
};
