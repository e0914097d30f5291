/**
 * The CSV column rules every CSV loader shares, on a small table of its own: header checks, reading rows, and
 * the issues of bad rows (the loaders' own tests pin their messages on real formats).
 */
import { describe, expect, it } from 'vitest';
import { ErrorCode, InputError } from '../errors/index.js';
import { csvKind, CsvRows, INVALID, type CsvTableKind } from './csv-columns.js';
import { csvRecords } from './csv-records.js';

interface Row {
  id: string;
  count: number;
  note: string;
}

const TABLE: CsvTableKind<Row> = {
  what: 'a test table',
  columns: {
    id: { required: true, expected: 'an id', parse: (raw) => raw || INVALID },
    count: {
      required: true,
      expected: 'a digit',
      parse: (raw) => (/^\d$/.test(raw) ? Number(raw) : INVALID),
    },
    note: { required: false, expected: 'text', parse: (raw) => raw },
  },
};

/** Reads `text` as the test table: the rows read, or the error as code + message. */
function read(text: string): Row[] | string {
  try {
    const { count, record, lineOf } = csvRecords(text, 't.csv', csvKind(TABLE));
    const rows = new CsvRows('t.csv', TABLE, record(0));
    const out: Row[] = [];
    for (let r = 1; r < count; r++) {
      const row = {} as Record<string, unknown>;
      if (rows.read(record(r), lineOf(r), row)) out.push(row as unknown as Row);
    }
    rows.finish();
    return out;
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    return `${e.code}\n${e.message}`;
  }
}

describe('CsvRows', () => {
  it('reads declared columns by name, an absent optional column as empty, blank lines skipped', () => {
    expect(read('count,id,extra\n1,a,x\n\n2,b,y\n')).toEqual([
      { id: 'a', count: 1, note: '' },
      { id: 'b', count: 2, note: '' },
    ]);
  });

  it('names the header line kind by its required columns', () => {
    expect(csvKind(TABLE)).toEqual({ what: 'a test table', header: 'id,count' });
  });

  it('reports bad fields and malformed rows with their lines; only malformed rows make it HF_NOT_CSV', () => {
    expect(read('id,count\na,x\n,1\nb,2,3\n')).toMatchInlineSnapshot(`
      "HF_INVALID_FIELD
      t.csv:2: count: expected a digit, got "x"
      t.csv:3: id: expected an id, got ""
      t.csv:4: malformed CSV row: 3 field(s), the header has 2, got "b,2,3""
    `);
    expect((read('id,count\nb,2,3\n') as string).split('\n')[0]).toBe(ErrorCode.NotCsv);
  });

  it('checks the header: close names, a column twice, nothing recognisable', () => {
    expect(read('ID,cnt\na,1\n')).toMatchInlineSnapshot(`
      "HF_MISSING_COLUMN
      t.csv:1: missing required column(s) id (did you mean "ID"?), count (did you mean "cnt"?) of a test table (found: ID, cnt)"
    `);
    expect(read('id,count,id\na,1,b\n')).toMatchInlineSnapshot(`
      "HF_NOT_CSV
      t.csv:1: column id appears twice in the header"
    `);
    expect(read('x,y\n1,2\n')).toMatchInlineSnapshot(`
      "HF_MISSING_COLUMN
      t.csv:1: missing required column(s) id (did you mean "x"?), count of a test table (found: x, y)"
    `);
  });

  it('says when there is no row after the header', () => {
    expect(read('id,count\n\n')).toMatchInlineSnapshot(`
      "HF_FILE_EMPTY
      t.csv: no rows after the header (expected a test table)"
    `);
  });

  it('gives a field of a record without reporting, INVALID for rows it would skip', () => {
    const rows = new CsvRows('t.csv', TABLE, ['id', 'count']);
    expect(rows.valueOf(['a', '1'], 'count')).toBe(1);
    expect(rows.valueOf(['a', 'x'], 'count')).toBe(INVALID);
    expect(rows.valueOf(['a'], 'id')).toBe(INVALID);
    expect(rows.valueOf([''], 'id')).toBe(INVALID);
    expect(() => rows.finish(false)).not.toThrow();
  });
});
