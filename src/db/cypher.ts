import { readdirSync, readFileSync } from 'node:fs';
import { join, sep } from 'node:path';
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
  for (const [i, line] of text.split('\n').entries()) {
    const header = /^\/\/\s*name:\s*(\S+)\s*$/.exec(line);
    if (header) {
      flush();
      name = header[1];
      if (statements.has(name)) throw new Error(`line ${i + 1}: a second statement named "${name}"`);
      body = [];
    } else if (name) {
      body.push(line);
    }
  }
  flush();
  return statements;
}

/** The statement files under cypher/, by the name code uses for them (`attack/import`), sorted. */
export function statementFiles(root = projectRoot): string[] {
  return (readdirSync(join(root, 'cypher'), { recursive: true }) as string[])
    .filter((path) => path.endsWith('.cypher'))
    .map((path) => path.slice(0, -'.cypher'.length).split(sep).join('/'))
    .sort();
}

export function readStatementFile(path: string, root = projectRoot): Map<string, string> {
  try {
    return parseCypherFile(readFileSync(join(root, 'cypher', `${path}.cypher`), 'utf8'));
  } catch (error) {
    throw new Error(`cypher/${path}.cypher: ${(error as Error).message}`);
  }
}

function file(path: string): Map<string, string> {
  let statements = cache.get(path);
  if (!statements) {
    statements = readStatementFile(path);
    cache.set(path, statements);
  }
  return statements;
}

/** `cypher('attack/import', 'createNodes')` returns that statement's text. */
export function cypher(path: string, name: string): string {
  const statement = file(path).get(name);
  if (statement === undefined) throw new Error(`no statement "${name}" in cypher/${path}.cypher`);
  return statement;
}

/** All statements of a file in order (schema files apply every one of them). */
export function cypherAll(path: string): string[] {
  return [...file(path).values()];
}
