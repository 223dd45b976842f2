import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { projectRoot } from '../../src/config';
import { fragmentUses, readStatementFile, statementFiles } from '../../src/db/cypher';
import { statementShape } from '../../src/db/statement-shape';
import { generatedPath, renderStatements } from '../../src/db/statements-codegen';

/**
 * Statements and the code that runs them agree: every statement in cypher/ is referenced by some
 * TypeScript (no dead ones), and every reference names a statement that exists. tsc checks the
 * references in src/, import/ and bench/ through src/generated/statements.ts; test/ is not
 * type-checked (ts-jest only transpiles), so the scan below covers it too. Needs no database.
 * Statements are read with their includes applied (src/db/cypher.ts); a fragment is no statement:
 * it is used by being included, so it is dead when no statement includes it.
 */

/** The db layer's functions: the file is the argument before the statement name (`run` takes a transaction first). */
const API = new Set(['read', 'write', 'run', 'autoCommit', 'cypher', 'cypherAll', 'relationLoader', 'related']);
const SELF = __filename;

const defined = new Map(statementFiles().map((file) => [file, [...readStatementFile(file).keys()]]));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory())
      return ['node_modules', 'dist', 'generated'].includes(entry.name) || entry.name.startsWith('.') ? [] : sourceFiles(path);
    return /\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts') && path !== SELF ? [path] : [];
  });
}

interface Reference {
  file: string;
  name: string;
  at: string;
}

/**
 * (file, statement) pairs in one source: a call to the db layer with a file (literal or a const
 * such as `const FILE = 'attack/import'`) followed by a literal name; `cypherAll(file)`; and calls
 * of a local helper that passes one of its parameters on as the name (`related('tacticsOf')`).
 * A name that is none of these cannot be checked and is reported.
 */
function references(path: string): { found: Reference[]; unresolved: string[] } {
  const source = ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.Latest, true);
  const at = (node: ts.Node) => `${relative(projectRoot, path)}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
  const constants = new Map<string, string>();
  const calls: ts.CallExpression[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.initializer && ts.isStringLiteralLike(node.initializer)) {
      constants.set(node.name.text, node.initializer.text);
    }
    if (ts.isCallExpression(node)) calls.push(node);
    ts.forEachChild(node, visit);
  };
  visit(source);
  const text = (node: ts.Node | undefined) =>
    node && ts.isStringLiteralLike(node) ? node.text : node && ts.isIdentifier(node) ? constants.get(node.text) : undefined;
  /** The statement names an argument can be: a literal, a constant, or either branch of `c ? 'a' : 'b'`. */
  const names = (node: ts.Node | undefined): string[] | undefined => {
    if (node && ts.isConditionalExpression(node)) {
      const [a, b] = [names(node.whenTrue), names(node.whenFalse)];
      return a && b ? [...a, ...b] : undefined;
    }
    const one = text(node);
    return one === undefined ? undefined : [one];
  };
  const calleeName = (call: ts.CallExpression) =>
    ts.isIdentifier(call.expression)
      ? call.expression.text
      : ts.isPropertyAccessExpression(call.expression)
        ? call.expression.name.text
        : undefined;

  /** The named function that declares `name` as a parameter, nearest first, and its position. */
  const parameterOf = (node: ts.Node, name: string): { fn: string; index: number } | undefined => {
    for (let n: ts.Node | undefined = node.parent; n; n = n.parent) {
      if (!ts.isFunctionLike(n)) continue;
      const index = n.parameters.findIndex((p) => ts.isIdentifier(p.name) && p.name.text === name);
      if (index < 0) continue;
      const fn =
        n.name && ts.isIdentifier(n.name)
          ? n.name.text
          : ts.isVariableDeclaration(n.parent) && ts.isIdentifier(n.parent.name)
            ? n.parent.name.text
            : undefined;
      return fn ? { fn, index } : undefined;
    }
    return undefined;
  };

  const found: Reference[] = [];
  const unresolved: string[] = [];
  const helpers = new Map<string, { index: number; file: string }>();
  for (const call of calls) {
    const callee = calleeName(call);
    if (!callee || !API.has(callee)) continue;
    call.arguments.forEach((arg, i) => {
      const file = text(arg);
      if (file === undefined || !(defined.has(file) || /^[a-z][\w-]*(\/[\w-]+)*$/.test(file))) return;
      const nameArg = call.arguments[i + 1];
      if (callee === 'cypherAll') {
        for (const name of defined.get(file) ?? ['(any)']) found.push({ file, name, at: at(call) });
      } else if (nameArg && names(nameArg)) {
        for (const name of names(nameArg)!) found.push({ file, name, at: at(call) });
      } else if (nameArg && ts.isIdentifier(nameArg) && parameterOf(call, nameArg.text)) {
        const { fn, index } = parameterOf(call, nameArg.text)!;
        helpers.set(fn, { index, file });
      } else if (defined.has(file)) {
        unresolved.push(`${at(call)}: ${call.getText(source).slice(0, 80)}`);
      }
    });
  }
  for (const call of calls) {
    const helper = ts.isIdentifier(call.expression) ? helpers.get(call.expression.text) : undefined;
    if (!helper || !call.arguments[helper.index]) continue;
    const named = names(call.arguments[helper.index]);
    if (named === undefined) unresolved.push(`${at(call)}: ${call.getText(source).slice(0, 80)}`);
    else for (const name of named) found.push({ file: helper.file, name, at: at(call) });
  }
  return { found, unresolved };
}

const scanned = sourceFiles(projectRoot).map(references);
const found = scanned.flatMap((s) => s.found);

describe('named Cypher statements', () => {
  it('the scan sees the references (it finds a few hundred)', () => {
    expect(found.length).toBeGreaterThan(150);
    expect(found).toContainEqual(expect.objectContaining({ file: 'attack/queries', name: 'tacticsOf' }));
    expect(found).toContainEqual(expect.objectContaining({ file: 'attack/import', name: 'writeRelease' }));
  });

  it('every statement name is one the scan can follow', () => {
    expect(scanned.flatMap((s) => s.unresolved)).toEqual([]);
  });

  it('every reference names a statement that exists', () => {
    const missing = found.filter((r) => !defined.get(r.file)?.includes(r.name)).map((r) => `${r.at}: ${r.file} ${r.name}`);
    expect(missing).toEqual([]);
  });

  it('every statement is referenced somewhere (none dead)', () => {
    const used = new Set(found.map((r) => `${r.file} ${r.name}`));
    const dead = [...defined].flatMap(([file, names]) => names.map((name) => `${file} ${name}`)).filter((s) => !used.has(s));
    expect(dead).toEqual([]);
  });

  it('every fragment is included by some statement (none dead)', () => {
    const uses = fragmentUses();
    expect([...uses].filter(([, statements]) => !statements.length).map(([fragment]) => fragment)).toEqual([]);
    expect(uses.get('inventory/filter#assetSelector')).toEqual(
      expect.arrayContaining(['inventory/filter matchAssets', 'coverage/inventory assetsInProfiles']),
    );
  });

  it("a statement's parameters include those of the fragments it includes", () => {
    // assetsInProfiles names $f only inside inventory/filter#assetSelector.
    expect(statementShape(readStatementFile('coverage/inventory').get('assetsInProfiles')!).params).toEqual(
      expect.arrayContaining(['profiles', 'f']),
    );
    expect(renderStatements()).toContain("'assetsInProfiles': { params: 'profiles' | 'f' | 'skip' | 'limit'; columns: 'node' };");
  });

  it('src/generated/statements.ts is what the generator makes of cypher/ now (else: npm run codegen)', () => {
    expect(existsSync(generatedPath()) && readFileSync(generatedPath(), 'utf8')).toBe(renderStatements());
  });

  it('tsc rejects a missing file, a missing statement, a wrong column and a wrong parameter', () => {
    const probe = join(projectRoot, 'test', '__statements_probe.ts');
    const lines = [
      "import { read, write } from '../src/db/neo4j';",
      'export async function probe() {',
      "  const [row] = await read('admin', 'countAll');",
      "  await write('auth', 'revokeKey', { id: 'k' });",
      '  return [row.nodes,',
      "    await read('admin', 'noSuchStatement'),",
      "    await read('no/such/file', 'countAll'),",
      '    row.nodez,',
      "    await write('auth', 'revokeKey', { idd: 'k' })];",
      '}',
    ];
    const options: ts.CompilerOptions = {
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.CommonJS,
      moduleResolution: ts.ModuleResolutionKind.Node10,
      types: ['node'],
    };
    const host = ts.createCompilerHost(options);
    const generated = renderStatements();
    const served = (path: string) => (path === probe ? lines.join('\n') : path === generatedPath() ? generated : undefined);
    const [getSourceFile, fileExists, readFile] = [host.getSourceFile.bind(host), host.fileExists.bind(host), host.readFile.bind(host)];
    host.getSourceFile = (path, ...rest) =>
      served(path) !== undefined ? ts.createSourceFile(path, served(path)!, ts.ScriptTarget.ES2022) : getSourceFile(path, ...rest);
    host.fileExists = (path) => served(path) !== undefined || fileExists(path);
    host.readFile = (path) => served(path) ?? readFile(path);
    const diagnostics = ts.getPreEmitDiagnostics(ts.createProgram([probe], options, host));
    const failing = diagnostics.map((d) =>
      d.file?.fileName === probe
        ? d.file.getLineAndCharacterOfPosition(d.start!).line + 1
        : ts.flattenDiagnosticMessageText(d.messageText, '\n'),
    );
    expect(failing.sort()).toEqual([6, 7, 8, 9]);
  });
});
