import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from './config';

/**
 * Every Cypher statement lives in cypher/*.cypher. A file holds named statements, each
 * introduced by a `// name: <name>` line; statements are always parameterised.
 */
const cache = new Map<string, Map<string, string>>();

export function parseCypherFile(text: string): Map<string, string> {
  const statements = new Map<string, string>();
  let name: string | undefined;
  let body: string[] = [];
  const flush = () => {
    if (name) statements.set(name, body.join('\n').trim().replace(/;\s*$/, ''));
  };
  for (const line of text.split('\n')) {
    const header = /^\/\/\s*name:\s*(\S+)\s*$/.exec(line);
    if (header) {
      flush();
      name = header[1];
      body = [];
    } else if (name) {
      body.push(line);
    }
  }
  flush();
  return statements;
}

function file(path: string): Map<string, string> {
  let statements = cache.get(path);
  if (!statements) {
    statements = parseCypherFile(readFileSync(join(projectRoot, 'cypher', `${path}.cypher`), 'utf8'));
    cache.set(path, statements);
  }
  return statements;
}

/** `cypher('attack/import', 'createTechniques')` returns that statement's text. */
export function cypher(path: string, name: string): string {
  const statement = file(path).get(name);
  if (statement === undefined) throw new Error(`no statement "${name}" in cypher/${path}.cypher`);
  return statement;
}

/** All statements of a file in order (schema files apply every one of them). */
export function cypherAll(path: string): string[] {
  return [...file(path).values()];
}
