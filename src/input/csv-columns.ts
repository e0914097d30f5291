/**
 * @module input/csv-columns
 * The columns of a CSV table, each declared once — name, whether the header must have it, and the rule a field
 * must pass with its "expected" text — and the checks every CSV loader makes with them: the header (missing
 * required columns, with the closest name found; a column twice; no recognised header at all), and every row
 * (its width, each field's rule), reported as `file:line: column: expected …, got "…"` with the physical line, up
 * to {@link MAX_ISSUES} at once.
 */
import { ErrorCode, InputError, type InputIssue } from '../errors/index.js';
import { notCsvHeader, type CsvKind } from './csv-records.js';
import { clip, IssueList } from './issue-list.js';
import { closest, editDistance } from './suggest.js';

/** Returned by a column's `parse` for a field that breaks the column's rule. */
export const INVALID: unique symbol = Symbol('invalid');

export interface CsvColumn<T> {
  /** Required columns must be in the header; a missing optional column reads as an empty field. */
  readonly required: boolean;
  /** What a valid field looks like, shown to the user. */
  readonly expected: string;
  readonly parse: (raw: string) => T | typeof INVALID;
}

/** The columns of a row type: one declaration per field, the field's name being the column's. */
export type CsvColumns<Row> = { readonly [K in keyof Row]: CsvColumn<Row[K]> };

/** A declared CSV table: what it is (for messages) and its columns. */
export interface CsvTableKind<Row> {
  /** With its article, without "CSV": `an openb pod list`. */
  readonly what: string;
  readonly columns: CsvColumns<Row>;
}

/** The header line of a table kind: its required columns. */
export function csvKind<Row>(table: CsvTableKind<Row>): CsvKind {
  const required = Object.entries(table.columns as Record<string, CsvColumn<unknown>>)
    .filter(([, c]) => c.required)
    .map(([name]) => name);
  return { what: table.what, header: required.join(',') };
}

/**
 * The rows of one CSV file read against a table kind: checks the header on construction (throwing an
 * {@link InputError}), then reads rows into row objects, collecting the issues of malformed rows and bad fields.
 */
export class CsvRows<Row> {
  /** The declared columns, in declaration order. */
  readonly names: readonly (keyof Row & string)[];
  private readonly rules: readonly CsvColumn<unknown>[];
  /** Index of each declared column in the file's header (-1: an optional column the file lacks). */
  private readonly index: readonly number[];
  private readonly width: number;
  private readonly issues: IssueList;
  private malformed = 0;
  private rowsRead = 0;

  constructor(
    private readonly file: string,
    private readonly table: CsvTableKind<Row>,
    headerRecord: readonly string[],
  ) {
    const header = headerRecord.map((h) => h.trim());
    this.names = Object.keys(table.columns) as (keyof Row & string)[];
    this.rules = this.names.map((n) => table.columns[n] as CsvColumn<unknown>);
    this.index = this.names.map((n) => header.indexOf(n));
    this.width = header.length;
    this.issues = new IssueList(file);
    this.checkHeader(header, headerRecord.join(','));
  }

  private checkHeader(header: readonly string[], firstLine: string): void {
    const required = this.names.filter((_, c) => this.rules[c].required);
    const missing = required.filter((n) => this.index[this.names.indexOf(n)] < 0);
    const unused = header.filter((h) => h !== '' && !this.names.includes(h as keyof Row & string));
    const near = missing.map((n) => closest(n, unused, 1).find((h) => similarColumns(n, h)));
    // Not one required column, nor a column close to one: this is not a header of this kind at all.
    if (missing.length === required.length && near.every((n) => n === undefined)) {
      throw notCsvHeader(this.file, csvKind(this.table), firstLine);
    }
    if (missing.length > 0) {
      const list = missing.map((n, i) => (near[i] ? `${n} (did you mean "${near[i]}"?)` : n));
      throw new InputError(ErrorCode.MissingColumn, {
        file: this.file,
        line: 1,
        message: `missing required column(s) ${list.join(', ')} of ${this.table.what} (found: ${header.join(', ')})`,
      });
    }
    const dup = header.find((h, i) => h !== '' && header.indexOf(h) !== i);
    if (dup !== undefined) {
      throw new InputError(ErrorCode.NotCsv, {
        file: this.file,
        line: 1,
        message: `column ${dup} appears twice in the header`,
      });
    }
  }

  /**
   * Reads record `rec`, at physical line `line`, into `into` (every declared column set, a field that breaks its
   * rule to undefined). Returns undefined for a blank line and a malformed row (which is reported), else whether
   * every field passed (each one that did not is reported).
   */
  read(rec: readonly string[], line: number, into: Record<string, unknown>): boolean | undefined {
    if (rec.length === 1 && rec[0].trim() === '') return undefined;
    if (rec.length !== this.width) {
      this.malformed++;
      this.issues.add({
        line,
        message: `malformed CSV row: ${rec.length} field(s), the header has ${this.width}`,
        got: clip(rec.join(',')),
      });
      return undefined;
    }
    this.rowsRead++;
    return this.fill(rec, into, line);
  }

  /** Fills `into` from a well-formed record; with `line`, reports each field that breaks its rule. */
  fill(rec: readonly string[], into: Record<string, unknown>, line?: number): boolean {
    let ok = true;
    const { names, rules, index } = this;
    for (let c = 0; c < names.length; c++) {
      const raw = index[c] >= 0 ? rec[index[c]] : '';
      const v = rules[c].parse(raw);
      if (v === INVALID) {
        if (line !== undefined)
          this.issues.add({ line, field: names[c], expected: rules[c].expected, got: raw });
        ok = false;
        into[names[c]] = undefined;
      } else into[names[c]] = v;
    }
    return ok;
  }

  /**
   * The value of `column` in record `rec`, or {@link INVALID} when the field breaks its rule or the record is one
   * {@link read} skips (a blank line, a malformed row). Nothing is reported.
   */
  valueOf(rec: readonly string[], column: keyof Row & string): unknown {
    if (rec.length !== this.width || (rec.length === 1 && rec[0].trim() === '')) return INVALID;
    const c = this.names.indexOf(column);
    return this.rules[c].parse(this.index[c] >= 0 ? rec[this.index[c]] : '');
  }

  /** Adds an issue found beyond the column rules (a duplicate name, a rule across fields). */
  report(issue: Omit<InputIssue, 'file'>): void {
    this.issues.add(issue);
  }

  /**
   * Throws the issues found (`HF_NOT_CSV` when all are malformed rows, else `HF_INVALID_FIELD`), or, without any,
   * when the file had no row after the header and `needsRows`.
   */
  finish(needsRows = true): void {
    const onlyMalformed = this.malformed === this.issues.count;
    this.issues.throwIfAny(onlyMalformed ? ErrorCode.NotCsv : ErrorCode.InvalidField);
    if (needsRows && this.rowsRead === 0) {
      throw new InputError(ErrorCode.FileEmpty, {
        file: this.file,
        message: `no rows after the header (expected ${this.table.what})`,
      });
    }
  }
}

/**
 * Whether header column `found` may be a misspelling of `wanted`: a few edits apart, or one most of the other
 * (`timestamp` for `timestamp_anon`). A short substring (`gpu` in `num_gpu`) is no evidence that one was meant.
 */
function similarColumns(wanted: string, found: string): boolean {
  const [a, b] = [wanted.toLowerCase(), found.toLowerCase()];
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  if (long.includes(short)) return short.length >= 0.6 * long.length;
  return editDistance(a, b) <= Math.max(2, Math.floor(a.length / 3));
}
