import { readdirSync, readFileSync } from 'node:fs';
import { join, sep } from 'node:path';
import type { Statements } from '../generated/statements';
import { projectRoot } from '../config';

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

/**
 * Statement references, checked by tsc against src/generated/statements.ts (built from cypher/ by
 * src/db/statements-codegen.ts): a file or statement that does not exist fails the build.
 */
export type StatementFile = keyof Statements;
export type StatementName<F extends StatementFile> = keyof Statements[F] & string;
type Shape<F extends StatementFile, N extends StatementName<F>> = Statements[F][N] extends { params: infer P extends string; columns: infer C extends string }
  ? { params: P; columns: C }
  : never;
/** Every `$name` of the statement, each required (Neo4j refuses to run a statement without one); values unchecked. */
export type ParamsOf<F extends StatementFile, N extends StatementName<F>> = N extends unknown ? { [K in Shape<F, N>['params']]: unknown } : never;
/** One row: its keys are the RETURN's columns (any key where they cannot be read from the text); values unchecked. */
export type RowOf<F extends StatementFile, N extends StatementName<F>> = N extends unknown ? { [K in Shape<F, N>['columns']]: unknown } : never;
/** Statements a relation loader can batch: they take $keys and return (key, items). */
export type RelationName<F extends StatementFile> = {
  [N in StatementName<F>]: [Shape<F, N>['columns'], 'keys'] extends ['key' | 'items', Shape<F, N>['params']]
    ? ['key' | 'items'] extends [Shape<F, N>['columns']] ? N : never
    : never;
}[StatementName<F>];

/** `cypher('attack/import', 'createNodes')` returns that statement's text. */
export function cypher<F extends StatementFile>(path: F, name: StatementName<F>): string {
  const statement = file(path).get(name);
  if (statement === undefined) throw new Error(`no statement "${name}" in cypher/${path}.cypher`);
  return statement;
}

/** All statements of a file in order (schema files apply every one of them). */
export function cypherAll(path: StatementFile): string[] {
  return [...file(path).values()];
}
