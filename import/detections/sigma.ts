import { Document, isMap, isNode, LineCounter, parseAllDocuments } from 'yaml';
import { DetectionRuleRecord } from '../../src/detections/rule';
import { sigmaNeeds } from '../../src/detections/sigma-logsource';

/**
 * Sigma rules from one YAML file (DETECTIONS.md, "Rules it reads"): one rule per document;
 * correlation rules, filters and `action` helpers are skipped and counted; a document `action:
 * global` introduces is merged into the documents after it (until `action: reset`), and `action:
 * repeat` repeats the previous document with its own keys on top, as Sigma's multi-document
 * rules say. A document without `id` or `logsource`, or that is not YAML, is *broken*: reported
 * with its file and line (the caller decides whether that refuses the import).
 */
export interface SkippedCounts {
  correlation: number;
  filter: number;
  global: number;
}

export interface SigmaFile {
  rules: { rule: DetectionRuleRecord; where: string }[];
  skipped: SkippedCounts;
  /** "file:line: what is wrong". */
  broken: string[];
}

type Plain = Record<string, unknown>;
const isPlain = (v: unknown): v is Plain => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Sigma's merge of a global document: maps merge key by key, anything else is replaced. */
function merge(base: Plain, over: Plain): Plain {
  const out: Plain = { ...base };
  for (const [k, v] of Object.entries(over)) out[k] = isPlain(v) && isPlain(out[k]) ? merge(out[k], v) : v;
  return out;
}

const ATTACK_TAG = /^attack\.(t\d{4}(?:\.\d{3})?)$/i;
const text = (v: unknown): string | null => (typeof v === 'string' && v.trim() ? v.trim() : typeof v === 'number' ? String(v) : null);

/** Every EventID value in any selection of `detection` (a value or a list; a selection a map or a list of maps). */
export function eventIdsOf(detection: unknown): number[] {
  const ids = new Set<number>();
  const take = (v: unknown) => {
    for (const item of Array.isArray(v) ? v : [v]) {
      const s = typeof item === 'number' ? String(item) : typeof item === 'string' ? item.trim() : '';
      if (/^\d+$/.test(s)) ids.add(Number(s));
    }
  };
  const walk = (selection: unknown) => {
    if (Array.isArray(selection)) return selection.forEach(walk);
    if (!isPlain(selection)) return;
    for (const [field, value] of Object.entries(selection)) {
      if (field.split('|')[0] === 'EventID') take(value);
      else if (isPlain(value) || (Array.isArray(value) && value.some(isPlain))) walk(value);
    }
  };
  if (isPlain(detection))
    for (const [name, selection] of Object.entries(detection)) if (name !== 'condition' && name !== 'timeframe') walk(selection);
  return [...ids].sort((a, b) => a - b);
}

/** A Sigma rule document as attack-kg keeps it; a string saying what is wrong when it is broken. */
export function sigmaRule(doc: Plain, path: string): DetectionRuleRecord | string {
  const id = text(doc.id);
  if (!id) return 'a rule without id';
  if (!isPlain(doc.logsource)) return `rule ${id} has no logsource`;
  const logsource = {
    product: text(doc.logsource.product)?.toLowerCase() ?? null,
    category: text(doc.logsource.category)?.toLowerCase() ?? null,
    service: text(doc.logsource.service)?.toLowerCase() ?? null,
  };
  const tags = (Array.isArray(doc.tags) ? doc.tags : []).map(text).filter((t): t is string => t !== null);
  const attackIds = [...new Set(tags.flatMap((t) => ATTACK_TAG.exec(t)?.[1].toUpperCase() ?? []))];
  const eventIds = eventIdsOf(doc.detection);
  const needs = sigmaNeeds(logsource, eventIds);
  return {
    id,
    title: text(doc.title) ?? id,
    status: text(doc.status)?.toLowerCase() ?? null,
    level: text(doc.level)?.toLowerCase() ?? null,
    path,
    source: 'sigma',
    ...logsource,
    tags,
    attackIds,
    requirements: needs.requirements,
    logSources: [],
    platforms: needs.platforms,
    mapped: needs.mapped,
    eventIds,
  };
}

/** `file`: where messages say it is; `path`: the rule path it is stored with. */
export function readSigmaText(textOfFile: string, file: string, path: string): SigmaFile {
  const out: SigmaFile = { rules: [], skipped: { correlation: 0, filter: 0, global: 0 }, broken: [] };
  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(textOfFile, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const list: Document[] = Array.isArray(docs) ? docs : [];
  const lineOf = (doc: Document) => (isNode(doc.contents) && doc.contents.range ? lineCounter.linePos(doc.contents.range[0]).line : 1);
  let global: Plain | null = null;
  let previous: Plain | null = null;
  for (const doc of list) {
    if (doc.errors.length) {
      for (const e of doc.errors)
        out.broken.push(`${file}:${lineCounter.linePos(e.pos[0]).line}: not valid YAML (${e.message.split('\n')[0]})`);
      continue;
    }
    if (doc.contents === null) continue;
    const where = `${file}:${lineOf(doc)}`;
    if (!isMap(doc.contents)) {
      out.broken.push(`${where}: not a Sigma rule (expected a map of keys such as title, id, logsource, detection)`);
      continue;
    }
    let data = doc.toJS({ maxAliasCount: 1000 }) as Plain;
    const action = text(data.action)?.toLowerCase();
    if (action === 'global') {
      const { action: _, ...rest } = data;
      global = global ? merge(global, rest) : rest;
      out.skipped.global += 1;
      continue;
    }
    if (action === 'reset') {
      global = null;
      out.skipped.global += 1;
      continue;
    }
    if (action === 'repeat') {
      const { action: _, ...rest } = data;
      if (!previous) {
        out.broken.push(`${where}: action: repeat with no rule before it`);
        continue;
      }
      data = merge(previous, rest);
    } else if (global) data = merge(global, data);
    if ('correlation' in data) {
      out.skipped.correlation += 1;
      continue;
    }
    if ('filter' in data && !('detection' in data)) {
      out.skipped.filter += 1;
      continue;
    }
    previous = data;
    const rule = sigmaRule(data, path);
    if (typeof rule === 'string') out.broken.push(`${where}: ${rule}`);
    else out.rules.push({ rule, where });
  }
  return out;
}
