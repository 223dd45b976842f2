import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { isNode, LineCounter, parseDocument } from 'yaml';
import { formatPath, Problems, Where } from '../../src/inventory/problems';

/** A parsed YAML or JSON document, and how to say where a value of it is. */
export interface SourceDocument {
  file: string;
  sha256: string;
  data: unknown;
  /** "file:line: path" for YAML, "file: $.path" for JSON. */
  locate: (path: readonly (string | number)[]) => Where;
}

const isJson = (file: string, text: string) => /\.json$/i.test(file) || (!/\.ya?ml$/i.test(file) && text.trimStart().startsWith('{'));

/** The line of a JSON syntax error: V8 does not always say, YAML's parser (JSON is YAML) does. */
function jsonErrorLine(text: string): string {
  const lineCounter = new LineCounter();
  const [error] = parseDocument(text, { lineCounter, prettyErrors: false }).errors;
  return error ? `:${lineCounter.linePos(error.pos[0]).line}` : '';
}

/**
 * Reads one document. Malformed YAML/JSON is reported to `problems` (file, line, reason) and
 * gives undefined; an unreadable file too.
 */
export async function readDocument(file: string, problems: Problems): Promise<SourceDocument | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    problems.error(file, `cannot read the file (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
    return undefined;
  }
  const sha256 = createHash('sha256').update(text).digest('hex');

  if (isJson(file, text)) {
    try {
      const data = JSON.parse(text);
      return { file, sha256, data, locate: (path) => `${file}: ${formatPath(['$', ...path])}` };
    } catch (error) {
      const message = (error as Error).message;
      problems.error(`${file}${jsonErrorLine(text)}`, `not valid JSON (${message})`);
      return undefined;
    }
  }

  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false });
  if (doc.errors.length) {
    for (const e of doc.errors) {
      const line = lineCounter.linePos(e.pos[0]).line;
      problems.error(`${file}:${line}`, `not valid YAML (${e.message.split('\n')[0]})`);
    }
    return undefined;
  }
  const locate = (path: readonly (string | number)[]) => {
    // The nearest node that exists: a missing key is reported at the object that lacks it.
    for (let n = path.length; n >= 0; n -= 1) {
      const node = n === 0 ? doc.contents : doc.getIn(path.slice(0, n), true);
      if (isNode(node) && node.range) {
        const line = lineCounter.linePos(node.range[0]).line;
        return path.length ? `${file}:${line}: ${formatPath(path)}` : `${file}:${line}`;
      }
    }
    return path.length ? `${file}: ${formatPath(path)}` : file;
  };
  return { file, sha256, data: doc.toJS({ maxAliasCount: 1000 }), locate };
}
