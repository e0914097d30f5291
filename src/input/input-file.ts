/**
 * @module input/input-file
 * Reading a file the user named, with the one set of messages every loader gives when it cannot:
 * `file not found (expected …)`, `is a directory, expected …`, `cannot read: …` — as an {@link InputError}
 * naming the file (and the option, when given). Synchronous: these are small files read before anything else.
 */
import { readFileSync } from 'node:fs';
import { ErrorCode, InputError } from '../errors/index.js';

export interface InputFileOptions {
  /** What the file should be, e.g. `a fleet file, YAML or JSON`. */
  readonly what: string;
  /** The option that named it (`--mapping`). */
  readonly field?: string;
  /** Said after `what` when the file is missing, e.g. how to get it. */
  readonly hint?: string;
  /** The name to show for the file (default: `file`). */
  readonly shownAs?: string;
}

export function readInputFile(file: string, o: InputFileOptions): Buffer {
  try {
    return readFileSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const message =
      code === 'ENOENT'
        ? `file not found (expected ${o.what}${o.hint ? `; ${o.hint}` : ''})`
        : code === 'EISDIR'
          ? `is a directory, expected ${o.what}`
          : `cannot read: ${(e as Error).message}`;
    throw new InputError(ErrorCode.FileNotFound, { file: o.shownAs ?? file, field: o.field, message });
  }
}

/** {@link readInputFile} as UTF-8 text. */
export function readInputText(file: string, o: InputFileOptions): string {
  return readInputFile(file, o).toString('utf8');
}
