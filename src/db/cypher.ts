import { readdirSync, readFileSync } from 'node:fs';
import { join, sep } from 'node:path';
import { Statements } from '../generated/statements';
import { projectRoot } from '../config';

/**
 * Every Cypher statement lives in cypher/*.cypher. A file holds named statements, each
 * introduced by a `// name: <name>` line; statements are always parameterised. A rule several
 * statements share (the asset selector) is a `// fragment: <name>` block: Cypher cannot include
 * files, so a statement line `// include: [<file>#]<fragment>` is replaced by the fragment's text
 * (its leading comment lines left out) when the file is read. Everything that reads statements
 * (the run-time cache below, the statements codegen, the statements test) reads them through
 * `readStatementFile`, so each sees them with their includes applied: an included fragment's
 * `$parameters` are the statement's. A fragment is not a statement: it is never run on its own,
 * has no entry in src/generated/statements.ts, and is used where a statement includes it.
 */
/** A block's text and the file line its text starts on. */
interface Block {
  text: string;
  line: number;
}
interface CypherFile {
  statements: Map<string, Block>;
  fragments: Map<string, Block>;
}

const HEADER = /^\/\/\s*(name|fragment):\s*(\S+)\s*$/;
const INCLUDE = /^(\s*)\/\/\s*include:\s*(?:(\S+)#)?(\S+)\s*$/;

function parseBlocks(text: string): CypherFile {
  const out: CypherFile = { statements: new Map(), fragments: new Map() };
  let current: { kind: 'name' | 'fragment'; name: string; line: number; body: string[] } | undefined;
  const flush = () => {
    if (!current) return;
    const body = current.body.join('\n').trim().replace(/;\s*$/, '');
    const blank = Math.max(
      0,
      current.body.findIndex((l) => l.trim() !== ''),
    );
    (current.kind === 'name' ? out.statements : out.fragments).set(current.name, { text: body, line: current.line + blank });
  };
  text.split('\n').forEach((line, i) => {
    const header = HEADER.exec(line);
    if (header) {
      flush();
      const kind = header[1] as 'name' | 'fragment';
      const name = header[2];
      if ((kind === 'name' ? out.statements : out.fragments).has(name)) {
        throw new Error(`line ${i + 1}: a second ${kind === 'name' ? 'statement' : 'fragment'} named "${name}"`);
      }
      current = { kind, name, line: i + 2, body: [] };
    } else if (current) {
      current.body.push(line);
    }
  });
  flush();
  return out;
}

/** The statements of a file's text by name, as written (includes not applied). */
export function parseCypherFile(text: string): Map<string, string> {
  return new Map([...parseBlocks(text).statements].map(([name, block]) => [name, block.text]));
}

/** The statement files under cypher/, by the name code uses for them (`attack/import`), sorted. */
export function statementFiles(root = projectRoot): string[] {
  return (readdirSync(join(root, 'cypher'), { recursive: true }) as string[])
    .filter((path) => path.endsWith('.cypher'))
    .map((path) => path.slice(0, -'.cypher'.length).split(sep).join('/'))
    .sort();
}

/** One reading of a cypher/ tree: each file parsed once, however many includes name it. */
function reader(root: string): (path: string) => CypherFile {
  const files = new Map<string, CypherFile>();
  return (path) => {
    let blocks = files.get(path);
    if (!blocks) {
      try {
        blocks = parseBlocks(readFileSync(join(root, 'cypher', `${path}.cypher`), 'utf8'));
      } catch (error) {
        throw new Error(`cypher/${path}.cypher: ${(error as Error).message}`, { cause: error });
      }
      files.set(path, blocks);
    }
    return blocks;
  };
}

/** A fragment's text, without its leading comment lines; `from` says who asked (file:line). */
function fragmentText(read: (path: string) => CypherFile, path: string, name: string, from: string): string {
  let fragment: Block | undefined;
  try {
    fragment = read(path).fragments.get(name);
  } catch (error) {
    throw new Error(`${from}: ${(error as Error).message}`, { cause: error });
  }
  if (!fragment) throw new Error(`${from}: no fragment "${name}" in cypher/${path}.cypher`);
  const lines = fragment.text.split('\n');
  while (lines.length && /^\s*\/\//.test(lines[0])) lines.shift();
  if (lines.some((l) => INCLUDE.test(l))) throw new Error(`cypher/${path}.cypher:${fragment.line}: a fragment cannot include another`);
  return lines.join('\n');
}

/** A statement with each include line replaced by its fragment, indented like the line. */
function applyIncludes(read: (path: string) => CypherFile, path: string, block: Block): string {
  return block.text
    .split('\n')
    .map((line, i) => {
      const include = INCLUDE.exec(line);
      if (!include) return line;
      const [, indent, file, name] = include;
      const text = fragmentText(read, file ?? path, name, `cypher/${path}.cypher:${block.line + i}`);
      return text
        .split('\n')
        .map((l) => indent + l)
        .join('\n');
    })
    .join('\n');
}

/** A file's statements by name, each with its includes applied: what runs, and what the codegen types. */
export function readStatementFile(path: string, root = projectRoot): Map<string, string> {
  const read = reader(root);
  return new Map([...read(path).statements].map(([name, block]) => [name, applyIncludes(read, path, block)]));
}

/** Every fragment of the tree by `file#name`, and the statements (`file name`) that include it. */
export function fragmentUses(root = projectRoot): Map<string, string[]> {
  const read = reader(root);
  const uses = new Map<string, string[]>();
  for (const path of statementFiles(root)) for (const name of read(path).fragments.keys()) uses.set(`${path}#${name}`, []);
  for (const path of statementFiles(root)) {
    for (const [name, block] of read(path).statements) {
      for (const line of block.text.split('\n')) {
        const include = INCLUDE.exec(line);
        if (include) uses.get(`${include[2] ?? path}#${include[3]}`)?.push(`${path} ${name}`);
      }
    }
  }
  return uses;
}

const cache = new Map<string, Map<string, string>>();

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
type Shape<F extends StatementFile, N extends StatementName<F>> = Statements[F][N] extends {
  params: infer P extends string;
  columns: infer C extends string;
}
  ? { params: P; columns: C }
  : never;
/** Every `$name` of the statement, each required (Neo4j refuses to run a statement without one); values unchecked. */
export type ParamsOf<F extends StatementFile, N extends StatementName<F>> = N extends unknown
  ? { [K in Shape<F, N>['params']]: unknown }
  : never;
/** One row: its keys are the RETURN's columns (any key where they cannot be read from the text); values unchecked. */
export type RowOf<F extends StatementFile, N extends StatementName<F>> = N extends unknown
  ? { [K in Shape<F, N>['columns']]: unknown }
  : never;
/** Statements a relation loader can batch: they take $keys and return (key, items). */
export type RelationName<F extends StatementFile> = {
  [N in StatementName<F>]: [Shape<F, N>['columns'], 'keys'] extends ['key' | 'items', Shape<F, N>['params']]
    ? ['key' | 'items'] extends [Shape<F, N>['columns']]
      ? N
      : never
    : never;
}[StatementName<F>];

/** `cypher('attack/import', 'writeRelease')` returns that statement's text. */
export function cypher<F extends StatementFile>(path: F, name: StatementName<F>): string {
  const statement = file(path).get(name);
  if (statement === undefined) throw new Error(`no statement "${name}" in cypher/${path}.cypher`);
  return statement;
}

/** A fragment's text, as statements include it (tests run it on its own). */
export const cypherFragment = (path: StatementFile, name: string): string =>
  fragmentText(reader(projectRoot), path, name, 'cypherFragment');

/** All statements of a file in order (schema files apply every one of them). */
export function cypherAll(path: StatementFile): string[] {
  return [...file(path).values()];
}
