import { parse } from 'csv-parse/sync';
import { Readable } from 'node:stream';
import { CsvSyntaxError, readCsvRecords } from '../../import/inventory/csv-records';
import { random } from '../support/random';

/** The records of `text` fed in chunks of `size` bytes (a chunk may split a record, a quote, a CRLF or a UTF-8 character). */
async function records(text: string, size: number) {
  const bytes = Buffer.from(text, 'utf8');
  const chunks = Array.from({ length: Math.ceil(bytes.length / size) }, (_, i) => bytes.subarray(i * size, (i + 1) * size));
  const out: { fields: string[]; line: number }[] = [];
  await readCsvRecords(Readable.from(chunks), (fields, line) => {
    out.push({ fields, line });
  });
  return out;
}

/** Random RFC 4180 text: plain cells, quoted cells with commas, doubled quotes and line breaks, LF or CRLF, a BOM. */
function randomCsv(rand: () => number): string {
  const cell = () => {
    const plain = ['', 'WS-1', 'Windows;Linux', 'é ü 漢', 'a b', '2026-03-01'][Math.floor(rand() * 6)];
    if (rand() < 0.7) return plain;
    const inner = ['x,y', 'say ""hi""', 'two\nlines', 'crlf\r\nin', '', plain][Math.floor(rand() * 6)];
    return `"${inner}"`;
  };
  const eol = rand() < 0.5 ? '\n' : '\r\n';
  const rows = Array.from({ length: 1 + Math.floor(rand() * 12) }, () =>
    Array.from({ length: 1 + Math.floor(rand() * 4) }, cell).join(','),
  );
  return `${rand() < 0.2 ? '\ufeff' : ''}${rows.join(eol)}${rand() < 0.7 ? eol : ''}`;
}

describe('CSV records', () => {
  test('agree with csv-parse on 2,000 random files, whatever the chunk size', async () => {
    const rand = random(7);
    for (let i = 0; i < 2000; i += 1) {
      const text = randomCsv(rand);
      const expected = parse(text, { bom: true, relax_column_count: true, skip_empty_lines: false }) as string[][];
      for (const size of [1, 3, 64 * 1024]) {
        const got = await records(text, size);
        expect({ text, fields: got.map((r) => r.fields) }).toEqual({ text, fields: expected });
      }
    }
  });

  test('give each record the line it starts on, counting line breaks inside quotes', async () => {
    const got = await records('id,note\r\nA,"one\r\ntwo"\r\n\r\nB,"x\ny\nz"\nC,plain', 5);
    expect(got).toEqual([
      { fields: ['id', 'note'], line: 1 },
      { fields: ['A', 'one\r\ntwo'], line: 2 },
      { fields: [''], line: 4 },
      { fields: ['B', 'x\ny\nz'], line: 5 },
      { fields: ['C', 'plain'], line: 8 },
    ]);
  });

  test.each([
    ['id\n"open\n', 2, 'a quoted field is not closed'],
    ['id\nA\nB"C\n', 3, 'a quote inside an unquoted field ("B"")'],
    ['id,x\n"A"B,1\n', 2, 'text after the closing quote of field 1'],
    ['id,x\n"multi\nline" ,1\n', 3, 'text after the closing quote of field 1'],
  ])('refuse %j at line %i: %s', async (text, line, message) => {
    const error = await records(text, 4).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CsvSyntaxError);
    expect(error).toMatchObject({ line, message });
  });

  test('stop when the callback says so', async () => {
    const seen: string[][] = [];
    await readCsvRecords(Readable.from([Buffer.from('a,b\nc,d\ne,f\n')]), (fields) => {
      seen.push(fields);
      return seen.length < 2;
    });
    expect(seen).toEqual([
      ['a', 'b'],
      ['c', 'd'],
    ]);
  });
});
