import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../config';

/** The schema is the .graphql files under src/, each area extending Query with its own fields. */
export function loadTypeDefs(): string[] {
  const src = join(projectRoot, 'src');
  return readdirSync(src, { recursive: true })
    .map(String)
    .filter((f) => f.endsWith('.graphql'))
    .sort()
    .map((f) => readFileSync(join(src, f), 'utf8'));
}
