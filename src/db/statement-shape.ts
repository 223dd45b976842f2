/**
 * What a statement's text says about its use: the parameters it takes (`$name`) and the columns
 * its final RETURN yields. Read at build time (src/db/statements-codegen.ts turns it into types)
 * and by test/statements.test.ts; never at run time.
 */
export interface StatementShape {
  params: string[];
  /** Column names in order; null when they cannot be read from the text (then any row). */
  columns: string[] | null;
}

/**
 * The text with comments and the contents of string literals and backquoted names blanked
 * (same length, quotes kept), so `$`, brackets and keywords inside them are not mistaken for code.
 */
export function codeOnly(text: string): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '/' && text[i + 1] === '/') {
      const end = text.indexOf('\n', i);
      const stop = end < 0 ? text.length : end;
      out += ' '.repeat(stop - i);
      i = stop;
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      const stop = end < 0 ? text.length : end + 2;
      out += text.slice(i, stop).replace(/[^\n]/g, ' ');
      i = stop;
    } else if (c === "'" || c === '"' || c === '`') {
      let j = i + 1;
      while (j < text.length && text[j] !== c) j += text[j] === '\\' && c !== '`' ? 2 : 1;
      out += c + ' '.repeat(Math.min(j, text.length) - i - 1) + (j < text.length ? c : '');
      i = j + 1;
    } else {
      out += c;
      i += 1;
    }
  }
  return out;
}

/** `$name` (and the name inside a dynamic label `$($name)`); bound variables never carry a `$`. */
export function parameters(text: string): string[] {
  return [...new Set([...codeOnly(text).matchAll(/\$([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => m[1]))];
}

/** Start offsets of `keyword` outside any (), [] or {} (subqueries, COLLECT/EXISTS, maps, lists). */
function topLevel(code: string, keyword: string): number[] {
  const found: number[] = [];
  const at = new RegExp(`(?:${keyword})\\b`, 'iy');
  let depth = 0;
  for (let i = 0; i < code.length; i += 1) {
    const c = code[i];
    if (c === '(' || c === '[' || c === '{') depth += 1;
    else if (c === ')' || c === ']' || c === '}') depth -= 1;
    else if (depth === 0 && !/\w/.test(code[i - 1] ?? '')) {
      at.lastIndex = i;
      if (at.test(code)) found.push(i);
    }
  }
  return found;
}

/** Splits at commas outside brackets. */
function items(code: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < code.length; i += 1) {
    const c = code[i];
    if (c === '(' || c === '[' || c === '{') depth += 1;
    else if (c === ')' || c === ']' || c === '}') depth -= 1;
    else if (c === ',' && depth === 0) {
      parts.push(code.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(code.slice(start));
  return parts.map((p) => p.trim());
}

/**
 * The columns of the last top-level RETURN (after a UNION, every part has the same ones): each item's
 * `AS alias`, or the variable it returns as is. No RETURN: no rows, unless the statement calls a
 * procedure, whose columns are the procedure's (unknown here).
 */
export function returnedColumns(text: string): string[] | null {
  const code = codeOnly(text);
  const returns = topLevel(code, 'RETURN');
  if (!returns.length) return /\bCALL\s+[A-Za-z_][\w.]*\s*\(/i.test(code) ? null : [];
  const start = returns[returns.length - 1] + 'RETURN'.length;
  const ends = topLevel(code.slice(start), 'ORDER\\s+BY|SKIP|LIMIT|UNION');
  const clause = code
    .slice(start, ends.length ? start + ends[0] : undefined)
    .replace(/;\s*$/, '')
    .replace(/^\s*DISTINCT\b/i, '');
  const columns: string[] = [];
  for (const item of items(clause)) {
    const alias = /\bAS\s+([A-Za-z_]\w*)$/i.exec(item)?.[1] ?? /^[A-Za-z_]\w*$/.exec(item)?.[0];
    if (!alias) return null;
    columns.push(alias);
  }
  return columns;
}

export const statementShape = (text: string): StatementShape => ({ params: parameters(text), columns: returnedColumns(text) });
