/**
 * Test helper: the {@link InputError} a call throws, as its code and message — the text users read, which tests
 * pin with inline snapshots.
 */
import { InputError } from '../../src/errors/index.js';

/** `code` + newline + message of the InputError `run` throws; throws itself when `run` throws nothing or another error. */
export function inputErrorText(run: () => unknown): string {
  try {
    run();
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    return `${e.code}\n${e.message}`;
  }
  throw new Error('expected an InputError');
}
