/**
 * @module cli/output-file
 * Files the user asks the CLI to write (`--report`, `--out`). The path is checked before any work starts, so a typo
 * in a folder name costs a second, not a long measurement; the file is written to a temporary name and renamed, so
 * a failure never leaves a partial file that looks complete. Failures are the user's to fix: {@link InputError}s
 * naming the option and the file, never an internal error.
 */
import { statSync } from 'node:fs';
import { rename, rm, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { ErrorCode, InputError } from '../errors/index.js';

function refuse(file: string, field: string, message: string): InputError {
  return new InputError(ErrorCode.InvalidOption, { file, field, message });
}

/** Throws when `file` cannot be an output file: its folder is missing or not a folder, or it is a folder itself. */
export function checkOutputPath(file: string, field: string): void {
  const folder = dirname(resolve(file));
  const dir = statSync(folder, { throwIfNoEntry: false });
  if (!dir)
    throw refuse(file, field, `folder ${folder} does not exist (expected a path in an existing folder)`);
  if (!dir.isDirectory())
    throw refuse(file, field, `${folder} is not a folder (expected a path in a folder)`);
  if (statSync(file, { throwIfNoEntry: false })?.isDirectory())
    throw refuse(file, field, 'is a folder (expected a file name)');
}

/** Writes `content` to `file` atomically; a failure to write is reported as the user's (disk full, permissions). */
export async function writeOutputFile(file: string, content: string, field: string): Promise<void> {
  checkOutputPath(file, field);
  const tmp = `${file}.tmp-${process.pid}`;
  try {
    await writeFile(tmp, content);
    await rename(tmp, file);
  } catch (e) {
    await rm(tmp, { force: true });
    throw refuse(file, field, `cannot write: ${(e as Error).message}`);
  }
}
