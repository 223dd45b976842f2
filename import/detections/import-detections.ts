import { readdir, readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, relative, sep } from 'node:path';
import { resolveAttackIds } from '../../src/attack/replacements';
import { listReleases } from '../../src/attack/releases';
import { Caches } from '../../src/cache/caches';
import { releaseModel } from '../../src/coverage/release-data';
import { DetectionImportOptions, DetectionSummary } from '../../src/detections/importer';
import {
  DEFAULT_DEPLOYED_STATUSES,
  DeploymentEntry,
  DeploymentPlan,
  DetectionRuleRecord,
  NEVER_DEPLOYED_STATUSES,
  SIGMA_STATUSES,
} from '../../src/detections/rule';
import { inventoryLogSourceIds } from '../../src/detections/store';
import { InputError } from '../../src/errors';
import { PlatformVocabulary } from '../../src/inventory/platforms';
import { Problems } from '../../src/inventory/problems';
import { isRulesHeader, readRulesCsv } from './csv';
import { isDetectionsDocument, readDetectionsDocument } from './document';
import { readSigmaText } from './sigma';
import { newRuleSetId, writeRuleSet } from './write';

/** Files read at a time: enough to keep the disk busy, few enough for the file descriptor limit. */
const READ_AHEAD = 64;
const EXAMPLES = 20;
const RULE_FILE = /\.(ya?ml|csv)$/i;

interface InputFile {
  file: string;
  /** The rule path stored: relative to the directory it was found under, or the argument as given. */
  path: string;
  /** Found in a directory (community rules: broken ones are skipped unless --strict) or named. */
  inDirectory: boolean;
}

async function listInputs(inputs: string[], problems: Problems): Promise<InputFile[]> {
  const out: InputFile[] = [];
  for (const input of inputs) {
    let info;
    try {
      info = await stat(input);
    } catch (error) {
      problems.error(input, `cannot read it (${(error as NodeJS.ErrnoException).code})`);
      continue;
    }
    if (info.isDirectory()) {
      const entries = (await readdir(input, { recursive: true, withFileTypes: true }))
        .filter((e) => e.isFile() && RULE_FILE.test(e.name))
        .map((e) => join(e.parentPath, e.name))
        .sort();
      for (const file of entries) out.push({ file, path: relative(input, file).split(sep).join('/'), inDirectory: true });
    } else if (RULE_FILE.test(input)) out.push({ file: input, path: normalize(input).split(sep).join('/'), inDirectory: false });
    else problems.error(input, 'not a rule file (expected Sigma .yml/.yaml, a rules .csv or a directory of them)');
  }
  return out;
}

async function readAll(files: InputFile[], problems: Problems): Promise<(string | undefined)[]> {
  const texts: (string | undefined)[] = new Array(files.length);
  let next = 0;
  const lane = async () => {
    for (let i = next++; i < files.length; i = next++) {
      try {
        texts[i] = await readFile(files[i].file, 'utf8');
      } catch (error) {
        problems.error(files[i].file, `cannot read the file (${(error as NodeJS.ErrnoException).code})`);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(READ_AHEAD, files.length) }, lane));
  return texts;
}

function checkStatuses(statuses: string[] | null | undefined): string[] | null {
  if (!statuses) return null;
  const list = statuses.map((s) => s.trim().toLowerCase()).filter(Boolean);
  const unknown = list.filter((s) => !(SIGMA_STATUSES as readonly string[]).includes(s));
  if (unknown.length) throw new InputError(`--status: unknown status ${unknown.join(', ')} (expected ${SIGMA_STATUSES.join(', ')})`);
  const never = list.filter((s) => (NEVER_DEPLOYED_STATUSES as readonly string[]).includes(s));
  if (never.length) throw new InputError(`--status: ${never.join(', ')} rules are never deployed (DETECTIONS.md)`);
  if (!list.length) throw new InputError('--status: name at least one status');
  return [...new Set(list)];
}

/**
 * One detections import (shared/spec/DETECTIONS.md): every file is read and checked before
 * anything is written; any error refuses the import (exit 1) and the rule set in force stays.
 * Broken community rules (in a directory) are reported and skipped, unless `strict`. The new set
 * replaces the previous one in one transaction.
 */
export async function importDetections(inputs: string[], options: DetectionImportOptions = {}): Promise<DetectionSummary> {
  const started = Date.now();
  if (!inputs.length) throw new InputError('name at least one rule file or directory');
  const statuses = checkStatuses(options.statuses);
  const releases = await listReleases();
  if (!releases.length)
    throw new InputError('no ATT&CK release is imported yet; run `attack-kg import attack` first (rules are read against it)');
  const caches = new Caches();
  const models = await Promise.all(releases.map((r) => releaseModel(caches, r.generation)));
  const vocabulary = new PlatformVocabulary(new Map(releases.map((r, i) => [r.key, models[i].platforms])));

  const problems = new Problems();
  const files = await listInputs(inputs, problems);
  const texts = await readAll(files, problems);
  const rules: { rule: DetectionRuleRecord; where: string }[] = [];
  const skipped = { correlation: 0, filter: 0, global: 0, broken: 0 };
  const broken: string[] = [];
  let document: { file: string; entries: DeploymentEntry[] } | null = null;
  const warnings: string[] = [];
  for (let i = 0; i < files.length; i += 1) {
    const { file, path, inDirectory } = files[i];
    const text = texts[i];
    if (text === undefined) continue;
    if (extname(file).toLowerCase() === '.csv') {
      // A directory may hold other CSVs (test data, lookups): only one with a rules header is read there.
      if (inDirectory && !isRulesHeader(text.replace(/^\uFEFF/, '').split('\n', 1)[0])) {
        warnings.push(`${file}: not a rules CSV (its header has no requires column), skipped`);
        continue;
      }
      rules.push(...(await readRulesCsv(text, file, path, (p) => vocabulary.canonical(p), problems)));
      continue;
    }
    if (isDetectionsDocument(text)) {
      if (document) {
        problems.error(file, `a second detections document (the first is ${document.file}): deployments come from one document`);
        continue;
      }
      const entries = await readDetectionsDocument(file, problems);
      if (entries) document = { file, entries };
      continue;
    }
    const read = readSigmaText(text, file, path);
    skipped.correlation += read.skipped.correlation;
    skipped.filter += read.skipped.filter;
    skipped.global += read.skipped.global;
    rules.push(...read.rules);
    for (const b of read.broken) {
      if (!inDirectory || options.strict) problems.error(b.slice(0, b.indexOf(': ')), b.slice(b.indexOf(': ') + 2));
      else {
        skipped.broken += 1;
        broken.push(b);
      }
    }
  }

  const seen = new Map<string, string>();
  for (const { rule, where } of rules) {
    const first = seen.get(rule.id);
    if (first) problems.error(where, `duplicate rule id ${rule.id} (first at ${first})`);
    else seen.set(rule.id, where);
  }
  if (document && statuses) problems.error(document.file, '--status and a detections document both say where rules run: give one of them');
  if (!rules.length && !problems.errorCount) problems.error(inputs.join(', '), 'no detection rules found');
  problems.throwIfAny('detections');

  // Warnings: ids no loaded release knows, and `@id` requirements the current inventory lacks.
  const ids = [...new Set(rules.flatMap((r) => r.rule.attackIds))];
  const known = new Set<string>();
  for (const r of releases) for (const [id, to] of await resolveAttackIds(caches, r.generation, ids)) if (to) known.add(id);
  const carriers = new Map<string, string[]>();
  for (const { rule } of rules)
    for (const id of rule.attackIds) if (!known.has(id)) carriers.set(id, [...(carriers.get(id) ?? []), rule.id]);
  const unknownTechniques = [...carriers].sort(([a], [b]) => (a < b ? -1 : 1)).map(([id, list]) => ({ id, rules: list }));
  const referenced = rules.filter((r) => r.rule.logSources.length);
  if (referenced.length) {
    const present = await inventoryLogSourceIds();
    for (const { rule, where } of referenced)
      for (const ls of rule.logSources)
        if (!present.has(ls))
          warnings.push(`${where}: rule ${rule.id} requires log source @${ls}, which the current inventory does not declare`);
  }

  const byStatus: Record<string, number> = {};
  for (const { rule } of rules) byStatus[rule.status ?? 'none'] = (byStatus[rule.status ?? 'none'] ?? 0) + 1;
  const mapped = rules.filter((r) => r.rule.mapped).length;
  const plan: DeploymentPlan = document
    ? { kind: 'document', file: document.file, entries: document.entries }
    : { kind: 'statuses', statuses: statuses ?? [...DEFAULT_DEPLOYED_STATUSES] };
  const id = newRuleSetId();
  const readMs = Date.now() - started;
  const summary: Omit<DetectionSummary, 'timings'> = {
    id,
    inputs,
    files: files.length,
    rules: rules.length,
    byStatus,
    mapped,
    unmapped: rules.length - mapped,
    skipped,
    broken: broken.slice(0, EXAMPLES),
    unknownTechniques,
    deployment: {
      document: document?.file ?? null,
      statuses: plan.kind === 'statuses' ? plan.statuses : null,
      entries: document?.entries.length ?? 0,
    },
    warnings,
  };
  const written = await writeRuleSet(
    id,
    { inputs, plan: JSON.stringify(plan), summary: JSON.stringify(summary), rules: rules.length },
    rules.map((r) => r.rule),
  );
  return { ...summary, timings: { readMs, ...written } };
}
