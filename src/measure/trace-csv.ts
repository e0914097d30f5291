/**
 * @module measure/trace-csv
 * One CSV of a telemetry trace: found as `<base>.csv` or inside `<base>.tar.gz` (the form the traces ship in),
 * then read row by row against declared columns, as the openb loaders do (input's csv-columns): bad input is one
 * InputError with `file:line: column: expected …, got "…"` per problem (at most MAX_ISSUES).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { ErrorCode, InputError } from '../errors/index.js';
import { csvKind, csvRecords, CsvRows, type CsvTableKind } from '../input/index.js';

/** One CSV's text with the name to show in messages. */
export interface CsvText {
  name: string;
  text: string;
}

/** Reads `<base>.csv`, else the first .csv member of `<base>.tar.gz`; undefined when neither exists. */
export function readTraceCsv(dir: string, base: string): CsvText | undefined {
  const csv = join(dir, `${base}.csv`);
  if (existsSync(csv)) return { name: csv, text: readFileSync(csv, 'utf8') };
  const archive = join(dir, `${base}.tar.gz`);
  if (!existsSync(archive)) return undefined;
  let tar: Buffer;
  try {
    tar = gunzipSync(readFileSync(archive));
  } catch (e) {
    throw new InputError(ErrorCode.NotCsv, {
      file: archive,
      message: `not a gzip archive: ${(e as Error).message}`,
    });
  }
  const member = firstCsvMember(tar);
  if (!member)
    throw new InputError(ErrorCode.NotCsv, { file: archive, message: 'no .csv file in the archive' });
  return { name: `${archive}:${member.name}`, text: member.text };
}

/**
 * The first regular .csv file of a tar archive (ustar headers of 512 bytes, bodies padded to 512), skipping
 * macOS `._` resource forks; undefined when there is none.
 */
function firstCsvMember(tar: Buffer): CsvText | undefined {
  for (let off = 0; off + 512 <= tar.length;) {
    const header = tar.subarray(off, off + 512);
    if (header.every((b) => b === 0)) break;
    const name = header.subarray(0, 100).toString('utf8').replace(/\0.*$/s, '');
    const size = parseInt(header.subarray(124, 136).toString('utf8').replace(/\0.*$/s, '').trim() || '0', 8);
    const type = String.fromCharCode(header[156] || 48);
    const body = off + 512;
    if ((type === '0' || type === '\0') && name.endsWith('.csv') && !name.split('/').pop()!.startsWith('._'))
      return { name, text: tar.subarray(body, body + size).toString('utf8') };
    off = body + Math.ceil(size / 512) * 512;
  }
  return undefined;
}

/**
 * Reads a trace CSV against its declared columns and calls `onRow` with each valid row (one object, refilled for
 * every row: copy what you keep); throws the issues of bad rows, and with `needsRows` a file without rows.
 */
export function parseTraceCsv<Row>(
  csv: CsvText,
  table: CsvTableKind<Row>,
  onRow: (row: Row) => void,
  needsRows = false,
): void {
  const kind = csvKind(table);
  const { count, record, lineOf } = csvRecords(csv.text, csv.name, kind);
  const rows = new CsvRows(csv.name, table, record(0));
  const row = {} as Record<string, unknown>;
  for (let r = 1; r < count; r++) {
    if (rows.read(record(r), lineOf(r), row) === true) onRow(row as Row);
  }
  rows.finish(needsRows);
}
