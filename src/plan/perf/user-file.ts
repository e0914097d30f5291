/**
 * @module plan/perf/user-file
 * Reads a perf input file (`--model-file`, `--efficiency`) with the project's one user-document reader: YAML, or
 * JSON for a `.json` name, every problem located at file:line:field.
 */
import type * as z from 'zod';
import { parseUserDocument, readInputText, type PathIssue } from '../../input/index.js';

export function readPerfFile<S extends z.ZodType>(
  file: string,
  schema: S,
  what: string,
  check?: (data: unknown) => readonly PathIssue[],
): z.output<S> {
  const json = file.toLowerCase().endsWith('.json');
  const text = readInputText(file, { what });
  return parseUserDocument(text, file, schema, { syntax: json ? 'json' : 'yaml', what, check });
}
