import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import YAML from 'yaml';
import { sharedDir } from './shared';

/** SigmaHQ's rules in ../shared/sigma (never copied into the repo). */
export const SIGMA = join(sharedDir, 'sigma');

export interface OracleSigmaRule {
  id: string;
  path: string;
  status: string | null;
  product: string | null;
  category: string | null;
  service: string | null;
  /** ATT&CK ids of its `attack.tNNNN[.NNN]` tags, upper case. */
  techniques: string[];
}

/** The test's own reading of the rules: every .yml document with an id and a logsource, its tags read plainly. */
export function readSigmaTree(dir = SIGMA): OracleSigmaRule[] {
  const rules: OracleSigmaRule[] = [];
  const files = readdirSync(dir, { recursive: true })
    .map(String)
    .filter((f) => /\.ya?ml$/.test(f));
  for (const f of files) {
    for (const doc of YAML.parseAllDocuments(readFileSync(join(dir, f), 'utf8')) as YAML.Document[]) {
      const d = doc.toJS() as Record<string, any> | null;
      if (!d?.id || !d.logsource) continue;
      const tags: string[] = d.tags ?? [];
      rules.push({
        id: String(d.id),
        path: relative(dir, join(dir, f)),
        status: d.status ?? null,
        product: d.logsource.product ?? null,
        category: d.logsource.category ?? null,
        service: d.logsource.service ?? null,
        techniques: [...new Set(tags.filter((t) => /^attack\.t\d{4}(\.\d{3})?$/i.test(t)).map((t) => t.slice(7).toUpperCase()))],
      });
    }
  }
  return rules;
}

/** `copies` copies of a Sigma tree in a new temporary directory, each rule's id suffixed with its copy's number: a tree of SigmaHQ's whole size. */
export function sigmaCopies(dir: string, copies: number): string {
  const out = mkdtempSync(join(tmpdir(), 'attack-kg-sigma-copies-'));
  const files = readdirSync(dir, { recursive: true })
    .map(String)
    .filter((f) => /\.ya?ml$/i.test(f));
  for (let n = 0; n < copies; n += 1) {
    const root = join(out, `copy-${n}`);
    cpSync(dir, root, { recursive: true });
    for (const f of files) {
      const path = join(root, f);
      writeFileSync(path, readFileSync(path, 'utf8').replace(/^id:\s*(\S+)/m, `id: $1-${n}`));
    }
  }
  return out;
}
