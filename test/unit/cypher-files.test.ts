import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cypherFragment, parseCypherFile, readStatementFile, statementFiles } from '../../src/db/cypher';

/** Every cypher/**.cypher file loads: statements parse and each include names a fragment that exists. No database. */
describe('cypher files', () => {
  test.each(statementFiles())('%s: every statement loads with its includes applied', (path) => {
    for (const statement of readStatementFile(path).values()) {
      expect(statement).not.toMatch(/\/\/\s*include:/);
      expect(statement.trim()).not.toBe('');
    }
  });

  test('parseCypherFile lists statements only; an included fragment brings no comment lines', () => {
    const text = '// name: a\nMATCH (a) WHERE\n  // include: f\nRETURN a;\n\n// fragment: f\n// about f\na.x = 1\n';
    expect([...parseCypherFile(text).keys()]).toEqual(['a']);
    expect(cypherFragment('inventory/filter', 'assetSelector')).not.toMatch(/^\s*\/\//m);
  });

  test('a bad include or a second block of one name is an error naming the file and line', () => {
    const root = mkdtempSync(join(tmpdir(), 'cypher-files-'));
    const load = (text: string) => {
      mkdirSync(join(root, 'cypher'), { recursive: true });
      writeFileSync(join(root, 'cypher', 'x.cypher'), text);
      return () => readStatementFile('x', root);
    };
    try {
      expect(load('// name: a\nMATCH (a) WHERE\n  // include: g\nRETURN a\n')).toThrow(
        'cypher/x.cypher:3: no fragment "g" in cypher/x.cypher',
      );
      expect(load('// name: a\nMATCH (a) WHERE\n  // include: nowhere#g\nRETURN a\n')).toThrow(
        /^cypher\/x\.cypher:3: cypher\/nowhere\.cypher: ENOENT/,
      );
      expect(load('// fragment: f\na.x = 1\n// include: f\n\n// name: a\nMATCH (a) WHERE\n  // include: f\nRETURN a\n')).toThrow(
        'cypher/x.cypher:2: a fragment cannot include another',
      );
      expect(load('// name: a\nRETURN 1\n// name: a\nRETURN 2\n')).toThrow('cypher/x.cypher: line 3: a second statement named "a"');
      expect(load('// fragment: f\na.x = 1\n// fragment: f\na.x = 2\n')).toThrow('cypher/x.cypher: line 3: a second fragment named "f"');
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
