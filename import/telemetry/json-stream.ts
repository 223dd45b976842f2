import { StringDecoder } from 'node:string_decoder';

/** JSON that does not parse, at the line where it stopped. */
export class JsonSyntaxError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message);
  }
}

export interface EsqlHandlers {
  /** The top-level `columns` value, whole (it is small). */
  columns(value: unknown, line: number): void;
  /** Each element of the top-level `values` array, as soon as it is complete; false stops the reading. */
  row(value: unknown, index: number, line: number): boolean | void;
}

type Token = { t: '{' | '}' | '[' | ']' | ':' | ',' } | { t: 'value'; v: unknown };

interface Frame {
  kind: 'object' | 'array';
  /** The container being built; undefined when its content is skipped or streamed. */
  value?: Record<string, unknown> | unknown[];
  key?: string;
  state: 'key-or-end' | 'key' | 'colon' | 'comma-or-end' | 'value-or-end' | 'value';
  /** What each child is: built whole, a streamed row, or skipped. */
  role: 'root' | 'build' | 'rows' | 'skip';
  index: number;
  line: number;
}

const NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

/**
 * A streaming reader for the JSON an ES|QL query returns, `{"columns": [...], "values": [[...],
 * ...]}`: `values` rows are handed over one at a time and dropped, so an export of millions of
 * rows is never held whole; `columns` and the other (small) top-level keys are read as usual.
 * Full JSON syntax is checked.
 */
export async function readEsqlJson(
  bytes: AsyncIterable<Buffer>,
  handlers: EsqlHandlers,
): Promise<{ sawColumns: boolean; sawValues: boolean }> {
  const decoder = new StringDecoder('utf8');
  let text = '';
  let pos = 0;
  let line = 1;
  let first = true;
  let stopped = false;
  const stack: Frame[] = [];
  let done = false;
  let sawColumns = false;
  let sawValues = false;

  const fail = (message: string): never => {
    throw new JsonSyntaxError(line, message);
  };

  /** Raw string text between escapes: JSON allows no control character in it (a line break must be \\n). */
  // eslint-disable-next-line no-control-regex -- the control characters are what JSON forbids here
  const segment = (raw: string) => (/[\u0000-\u001f]/.test(raw) ? fail('a control character inside a string') : raw);

  /** The next token from pos, or undefined when the text ends inside one (more may come). */
  const token = (end: boolean): Token | undefined => {
    for (;;) {
      while (pos < text.length) {
        const c = text.charCodeAt(pos);
        if (c === 0x0a) line += 1;
        else if (c !== 0x20 && c !== 0x09 && c !== 0x0d) break;
        pos += 1;
      }
      if (pos >= text.length) return undefined;
      const ch = text[pos];
      if ('{}[]:,'.includes(ch)) {
        pos += 1;
        return { t: ch as '{' };
      }
      if (ch === '"') {
        let i = pos + 1;
        let value = '';
        let from = i;
        for (;;) {
          const q = text.indexOf('"', i);
          const b = text.indexOf('\\', i);
          if (q < 0 && b < 0) {
            if (end) fail('a string is not closed');
            return undefined;
          }
          if (b >= 0 && (q < 0 || b < q)) {
            if (b + 1 >= text.length) {
              if (end) fail('a string is not closed');
              return undefined;
            }
            value += segment(text.slice(from, b));
            const e = text[b + 1];
            const simple: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
            if (e in simple) {
              value += simple[e];
              i = from = b + 2;
            } else if (e === 'u') {
              if (b + 6 > text.length) {
                if (end) fail('a string is not closed');
                return undefined;
              }
              const hex = text.slice(b + 2, b + 6);
              if (!/^[0-9a-fA-F]{4}$/.test(hex)) fail(`bad escape \\u${hex}`);
              value += String.fromCharCode(parseInt(hex, 16));
              i = from = b + 6;
            } else fail(`bad escape \\${e}`);
            continue;
          }
          value += segment(text.slice(from, q));
          pos = q + 1;
          return { t: 'value', v: value };
        }
      }
      let stop = pos;
      while (stop < text.length && !' \t\r\n{}[]:,"'.includes(text[stop])) stop += 1;
      if (stop >= text.length && !end) return undefined;
      const word = text.slice(pos, stop);
      pos = stop;
      if (word === 'true') return { t: 'value', v: true };
      if (word === 'false') return { t: 'value', v: false };
      if (word === 'null') return { t: 'value', v: null };
      if (NUMBER.test(word)) return { t: 'value', v: Number(word) };
      return fail(`unexpected "${word.slice(0, 20)}"`);
    }
  };

  /** A finished value, given to its parent frame. */
  const complete = (value: unknown) => {
    const parent = stack[stack.length - 1];
    if (!parent) {
      done = true;
      return;
    }
    if (parent.role === 'root' && parent.key === 'columns') {
      sawColumns = true;
      handlers.columns(value, parent.line);
    } else if (parent.role === 'rows') {
      if (handlers.row(value, parent.index, parent.line) === false) stopped = true;
    } else if (parent.value) {
      if (parent.kind === 'array') (parent.value as unknown[]).push(value);
      else (parent.value as Record<string, unknown>)[parent.key!] = value;
    }
    parent.index += 1;
    parent.state = 'comma-or-end';
  };

  /** The role of a value starting in the top frame. */
  const childRole = (): Frame['role'] => {
    const parent = stack[stack.length - 1];
    if (!parent) return 'root';
    if (parent.role === 'root') {
      if (parent.key === 'columns') return 'build';
      if (parent.key === 'values') return 'rows';
      return 'skip';
    }
    if (parent.role === 'rows' || parent.role === 'build') return 'build';
    return 'skip';
  };

  const open = (kind: 'object' | 'array') => {
    const role = childRole();
    if (role === 'root' && kind !== 'object') fail('expected an ES|QL response: an object with "columns" and "values"');
    if (role === 'rows' && kind !== 'array') fail('"values" must be an array of rows');
    if (role === 'rows') sawValues = true;
    const parent = stack[stack.length - 1];
    if (parent?.role === 'rows') parent.line = line;
    stack.push({
      kind,
      role,
      index: 0,
      line,
      value: role === 'build' ? (kind === 'array' ? [] : {}) : undefined,
      state: kind === 'object' ? 'key-or-end' : 'value-or-end',
    });
  };

  const step = (tok: Token) => {
    if (done) fail('text after the end of the JSON value');
    const top = stack[stack.length - 1];
    if (!top) {
      if (tok.t === '{') return open('object');
      return fail('expected an ES|QL response: an object with "columns" and "values"');
    }
    switch (top.state) {
      case 'key-or-end':
      case 'key':
        if (tok.t === '}' && top.state === 'key-or-end') return close();
        if (tok.t !== 'value' || typeof tok.v !== 'string') return fail('expected a key (a string)');
        top.key = tok.v;
        top.state = 'colon';
        return;
      case 'colon':
        if (tok.t !== ':') return fail('expected ":"');
        top.line = line;
        top.state = 'value';
        return;
      case 'value-or-end':
      case 'value':
        if (tok.t === ']' && top.state === 'value-or-end' && top.kind === 'array') return close();
        if (tok.t === '{') return open('object');
        if (tok.t === '[') return open('array');
        if (tok.t === 'value') {
          if (top.role === 'rows') top.line = line;
          return complete(tok.v);
        }
        return fail(`unexpected "${tok.t}"`);
      case 'comma-or-end':
        if (tok.t === ',') {
          top.state = top.kind === 'object' ? 'key' : 'value';
          return;
        }
        if ((tok.t === '}' && top.kind === 'object') || (tok.t === ']' && top.kind === 'array')) return close();
        return fail(`expected "," or "${top.kind === 'object' ? '}' : ']'}"`);
    }
  };

  const close = () => {
    const frame = stack.pop()!;
    complete(frame.value);
  };

  const drain = (end: boolean) => {
    while (!stopped) {
      const before = pos;
      const beforeLine = line;
      const tok = token(end);
      if (!tok) {
        // Keep the unfinished token for the next chunk.
        pos = before;
        line = beforeLine;
        break;
      }
      step(tok);
    }
    text = text.slice(pos);
    pos = 0;
  };

  for await (const chunk of bytes) {
    text += decoder.write(chunk);
    if (first && text.length) {
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      first = false;
    }
    drain(false);
    if (stopped) return { sawColumns, sawValues };
  }
  text += decoder.end();
  drain(true);
  if (!stopped && (stack.length || !done)) fail('the JSON ends early');
  return { sawColumns, sawValues };
}
