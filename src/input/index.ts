/**
 * @module input
 * Reading what users hand in: files (with the one set of messages for a missing or unreadable file), YAML and JSON
 * files checked against a zod schema with every problem located at its line, CSV tables with declared columns, the
 * capped list of issues a loader reports, and "did you mean …?" suggestions.
 */
export {
  csvKind,
  CsvRows,
  INVALID,
  type CsvColumn,
  type CsvColumns,
  type CsvTableKind,
} from './csv-columns.js';
export {
  csvRecords,
  parseCsvRecords,
  readCsvFile,
  splitPlainCsv,
  type CsvKind,
  type CsvRecords,
} from './csv-records.js';
export { readInputFile, readInputText } from './input-file.js';
export { clip, IssueList, MAX_ISSUES } from './issue-list.js';
export {
  crossFieldRule,
  formatPath,
  isRecord,
  pathIssuesOf,
  type DocumentPath,
  type PathIssue,
} from './schema-issues.js';
export { closest } from './suggest.js';
export { parseUserDocument, UserDocument, type UserDocumentOptions } from './user-document.js';
