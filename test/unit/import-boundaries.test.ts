import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';
import { projectRoot } from '../../src/config';

/**
 * bench/ and test/ sit outside the product: nothing imports bench/ but bench itself, and nothing
 * imports test/ but test and bench (benches reuse test/support, e.g. the seeded generator).
 * Type-only imports, re-exports, require() and import() all count.
 */
const SOURCE = /\.(ts|tsx|mts|cts|js|mjs|cjs)$/;

function sourceFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    if (e.name === 'node_modules' || e.name === 'generated') return [];
    const path = join(dir, e.name);
    return e.isDirectory() ? sourceFiles(path) : SOURCE.test(e.name) ? [path] : [];
  });
}

/** "file:line -> specifier" for each relative import of a file under `from` that lands in one of `forbidden` (top-level folders). */
function crossings(root: string, from: string, forbidden: string[]): string[] {
  const out: string[] = [];
  for (const file of sourceFiles(join(root, from))) {
    const text = readFileSync(file, 'utf8');
    const { importedFiles } = ts.preProcessFile(text, true, true);
    for (const { fileName, pos } of importedFiles) {
      if (!fileName.startsWith('.')) continue;
      const top = relative(root, resolve(dirname(file), fileName)).split(sep)[0];
      if (forbidden.includes(top)) {
        const line = text.slice(0, pos).split('\n').length;
        out.push(`${relative(root, file).split(sep).join('/')}:${line} -> ${fileName}`);
      }
    }
  }
  return out;
}

describe('import boundaries', () => {
  test('no test imports code from bench/', () => {
    expect(crossings(projectRoot, 'test', ['bench'])).toEqual([]);
  });

  test('the product (src, import, cli, playground) imports neither bench/ nor test/', () => {
    const product = ['src', 'import', 'cli', 'playground'];
    expect(product.flatMap((dir) => crossings(projectRoot, dir, ['bench', 'test']))).toEqual([]);
  });

  test('the check sees every import form, with file and line', () => {
    const root = mkdtempSync(join(tmpdir(), 'attack-kg-imports-'));
    mkdirSync(join(root, 'test', 'deep'), { recursive: true });
    mkdirSync(join(root, 'bench'));
    writeFileSync(
      join(root, 'test', 'a.test.ts'),
      [
        "import { x } from '../bench/x';",
        "import type { Y } from '../bench/y';",
        "export { z } from '../bench/z';",
        "const w = require('../bench/w');",
        "const v = import('../bench/v');",
        "import { ok } from './support/ok';",
        "import { pkg } from 'bench';",
      ].join('\n'),
    );
    writeFileSync(join(root, 'test', 'deep', 'b.ts'), "import '../../bench/side-effect';\nimport '../../src/fine';\n");
    expect(crossings(root, 'test', ['bench']).sort()).toEqual([
      'test/a.test.ts:1 -> ../bench/x',
      'test/a.test.ts:2 -> ../bench/y',
      'test/a.test.ts:3 -> ../bench/z',
      'test/a.test.ts:4 -> ../bench/w',
      'test/a.test.ts:5 -> ../bench/v',
      'test/deep/b.ts:1 -> ../../bench/side-effect',
    ]);
  });
});
