import { StringDecoder } from 'node:string_decoder';

/** A CSV file that is not RFC 4180, at the line where the reading stopped. */
export class CsvSyntaxError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message);
  }
}

/** Receives each record and the line it starts on; returning false stops the reading. */
export type OnRecord = (fields: string[], line: number) => boolean | void;

/**
 * RFC 4180 records from a byte stream (UTF-8, optional BOM, LF or CRLF line ends). A line with
 * no quote, which is nearly every line of an inventory export, is split on commas as it is; a
 * quoted field, which may hold commas, doubled quotes and line breaks, takes the slower path
 * character by character. Several times faster than csv-parse on a 2M-row collection file.
 */
export async function readCsvRecords(bytes: AsyncIterable<Buffer>, onRecord: OnRecord): Promise<void> {
  const decoder = new StringDecoder('utf8');
  let text = '';
  let line = 1;
  let first = true;
  let stopped = false;
  const take = (end: boolean) => {
    let pos = 0;
    // The next quote at or after pos, found once and moved past as lines go by (not once a line).
    let quote = text.indexOf('"');
    while (!stopped) {
      const newline = text.indexOf('\n', pos);
      if (newline < 0 && !end) break;
      const stop = newline < 0 ? text.length : newline;
      if (newline < 0 && pos >= stop) break;
      if (quote >= 0 && quote < pos) quote = text.indexOf('"', pos);
      if (quote < 0 || quote > stop) {
        const raw = text.slice(pos, stop);
        stopped = onRecord((raw.endsWith('\r') ? raw.slice(0, -1) : raw).split(','), line) === false;
        line += 1;
        pos = stop + 1;
        continue;
      }
      const record = readQuotedRecord(text, pos, line, end);
      if (!record) break;
      stopped = onRecord(record.fields, line) === false;
      line += record.lines;
      pos = record.next;
    }
    text = text.slice(pos);
  };
  for await (const chunk of bytes) {
    text += decoder.write(chunk);
    if (first && text.length) {
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      first = false;
    }
    take(false);
    if (stopped) return;
  }
  text += decoder.end();
  take(true);
}

/**
 * One record holding a quote, from `start`. Undefined when the text ends inside it and more may
 * come; at the end of the input an open quote is an error.
 */
function readQuotedRecord(
  text: string,
  start: number,
  line: number,
  end: boolean,
): { fields: string[]; next: number; lines: number } | undefined {
  const fields: string[] = [];
  let lines = 1;
  let pos = start;
  for (;;) {
    let field: string;
    if (text.charCodeAt(pos) === 0x22) {
      let value = '';
      let from = pos + 1;
      for (;;) {
        const quote = text.indexOf('"', from);
        if (quote < 0) {
          if (!end) return undefined;
          throw new CsvSyntaxError(line, 'a quoted field is not closed');
        }
        value += text.slice(from, quote);
        if (text.charCodeAt(quote + 1) === 0x22) {
          value += '"';
          from = quote + 2;
          continue;
        }
        if (quote + 1 === text.length && !end) return undefined;
        pos = quote + 1;
        break;
      }
      for (let i = value.indexOf('\n'); i >= 0; i = value.indexOf('\n', i + 1)) lines += 1;
      field = value;
    } else {
      let stop = pos;
      while (stop < text.length && !',\n"'.includes(text[stop])) stop += 1;
      if (text[stop] === '"')
        throw new CsvSyntaxError(line + lines - 1, `a quote inside an unquoted field ("${text.slice(pos, stop + 1)}")`);
      if (stop === text.length && !end) return undefined;
      field = text.slice(pos, stop);
      pos = stop;
      if (text[pos] === '\n' || pos === text.length) field = field.endsWith('\r') ? field.slice(0, -1) : field;
    }
    fields.push(field);
    const next = text[pos];
    if (next === ',') {
      pos += 1;
      continue;
    }
    if (next === '\r' && text[pos + 1] === '\n') pos += 1;
    else if (next === '\r' && pos + 1 === text.length && !end) return undefined;
    if (pos >= text.length) return end ? { fields, next: pos, lines } : undefined;
    if (text[pos] !== '\n') throw new CsvSyntaxError(line + lines - 1, `text after the closing quote of field ${fields.length}`);
    return { fields, next: pos + 1, lines };
  }
}
