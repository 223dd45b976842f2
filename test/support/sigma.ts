import { readdirSync, readFileSync } from 'node:fs';
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
