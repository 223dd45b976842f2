import { Readable } from 'node:stream';
import { DetectionRuleRecord, RequirementRecord, SIGMA_STATUSES } from '../../src/detections/rule';
import { Problems } from '../../src/inventory/problems';
import { CsvSyntaxError, readCsvRecords } from '../inventory/csv-records';
import { listCell } from '../inventory/csv';

/**
 * The in-house rules CSV (DETECTIONS.md): `id,title,techniques,requires,platforms,status,level`,
 * lists separated by `;`; each requirement `NAME`, `NAME|CHANNEL` (ATT&CK's spelling) or
 * `@<inventory log source id>`. Every problem is reported with its file and line.
 */
export const RULE_COLUMNS = ['id', 'title', 'techniques', 'requires', 'platforms', 'status', 'level'] as const;
type Column = (typeof RULE_COLUMNS)[number];
export const SIGMA_LEVELS = ['informational', 'low', 'medium', 'high', 'critical'] as const;
const TECHNIQUE = /^T\d{4}(\.\d{3})?$/i;

/** Whether a file's first line is this CSV's header (how a .csv among rule files is told apart). */
export const isRulesHeader = (line: string) => line.split(',').some((c) => c.trim().toLowerCase() === 'requires');

/** `platform` -> the spelling to store, undefined when no loaded release knows it. */
export type PlatformCheck = (platform: string) => string | undefined;

export async function readRulesCsv(text: string, file: string, path: string, platforms: PlatformCheck, problems: Problems) {
  const rules: { rule: DetectionRuleRecord; where: string }[] = [];
  let columns: (Column | null)[] | null = null;
  try {
    await readCsvRecords(Readable.from([Buffer.from(text)]), (fields, line) => {
      const where = `${file}:${line}`;
      if (fields.length === 1 && !fields[0].trim()) return true;
      if (!columns) {
        const header = fields.map((h) => h.trim());
        columns = header.map((h) => RULE_COLUMNS.find((c) => c.toLowerCase() === h.toLowerCase()) ?? null);
        const unknown = header.filter((_, i) => !columns![i]);
        const missing = RULE_COLUMNS.filter((c) => c !== 'title' && c !== 'status' && c !== 'level' && !columns!.includes(c));
        if (unknown.length)
          problems.error(`${file}:1`, `unknown column(s) ${unknown.map((c) => `"${c}"`).join(', ')} (columns: ${RULE_COLUMNS.join(',')})`);
        if (missing.length) problems.error(`${file}:1`, `missing column(s) ${missing.join(', ')} (columns: ${RULE_COLUMNS.join(',')})`);
        return !unknown.length && !missing.length;
      }
      const cell: Partial<Record<Column, string>> = {};
      columns.forEach((c, i) => {
        if (c) cell[c] = fields[i]?.trim() ?? '';
      });
      if (fields.length > columns.length) problems.error(where, `${fields.length} fields, the header has ${columns.length}`);
      const id = cell.id;
      if (!id) {
        problems.error(where, 'missing id');
        return true;
      }
      const attackIds: string[] = [];
      for (const t of listCell(cell.techniques) ?? []) {
        if (TECHNIQUE.test(t)) attackIds.push(t.toUpperCase());
        else problems.error(where, `techniques: "${t}" is not an ATT&CK technique id (T1059 or T1059.001)`);
      }
      const requirements: RequirementRecord[] = [];
      const logSources: string[] = [];
      for (const r of listCell(cell.requires) ?? []) {
        if (r.startsWith('@')) {
          if (r.length > 1) logSources.push(r.slice(1).trim());
          else problems.error(where, 'requires: "@" needs an inventory log source id after it');
          continue;
        }
        const bar = r.indexOf('|');
        const name = (bar < 0 ? r : r.slice(0, bar)).trim();
        const channel = bar < 0 ? null : r.slice(bar + 1).trim() || null;
        if (!name) problems.error(where, `requires: "${r}" has no log source name (NAME, NAME|CHANNEL or @id)`);
        else requirements.push({ name, channel });
      }
      const stored: string[] = [];
      for (const p of listCell(cell.platforms) ?? []) {
        const spelling = platforms(p);
        if (spelling) stored.push(spelling);
        else problems.error(where, `platforms: unknown platform "${p}"`);
      }
      const status = cell.status ? cell.status.toLowerCase() : null;
      if (status && !(SIGMA_STATUSES as readonly string[]).includes(status))
        problems.error(where, `unknown status "${cell.status}" (expected ${SIGMA_STATUSES.join(', ')})`);
      const level = cell.level ? cell.level.toLowerCase() : null;
      if (level && !(SIGMA_LEVELS as readonly string[]).includes(level))
        problems.error(where, `unknown level "${cell.level}" (expected ${SIGMA_LEVELS.join(', ')})`);
      rules.push({
        where,
        rule: {
          id,
          title: cell.title || id,
          status,
          level,
          path,
          source: 'csv',
          product: null,
          category: null,
          service: null,
          tags: attackIds.map((a) => `attack.${a.toLowerCase()}`),
          attackIds: [...new Set(attackIds)],
          requirements,
          logSources,
          platforms: [...new Set(stored)],
          mapped: requirements.length + logSources.length > 0,
          eventIds: [],
        },
      });
      return true;
    });
  } catch (error) {
    if (error instanceof CsvSyntaxError) problems.error(`${file}:${error.line}`, `not valid CSV: ${error.message}`);
    else throw error;
  }
  if (!columns) problems.error(file, `empty CSV: a header row is required (${RULE_COLUMNS.join(',')})`);
  return rules;
}
