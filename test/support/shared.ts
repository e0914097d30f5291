/**
 * Test helpers for the offline copy of the public traces (`../shared/traces`, see src/traces/locate.ts).
 * Tests that need it use `describe.skipIf(!sharedOpenbDir())` and log {@link SHARED_SKIP_MESSAGE}, so the suite
 * still passes on a machine without the copy.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { openbDir, sharedTracesDir } from '../../src/traces/locate.js';

export const SHARED_SKIP_MESSAGE =
  'skipped: ../shared/traces not found (set HYPERFLEET_SHARED_TRACES to the folder holding the public traces)';

/** The shared traces folder, or undefined when absent. */
export function sharedDir(): string | undefined {
  return sharedTracesDir();
}

/** The shared openb folder (`alibaba-gpu-v2023`) when it holds at least the node list and the default pod list. */
export function sharedOpenbDir(): string | undefined {
  const dir = openbDir();
  if (!dir) return undefined;
  const ok = ['openb_node_list_gpu_node.csv', 'openb_pod_list_default.csv'].every((f) =>
    existsSync(join(dir, f)),
  );
  return ok ? dir : undefined;
}

/** Logs the skip reason once when `dir` is undefined; returns `dir` unchanged (for `describe.skipIf(!…)`). */
export function announceSkip<T>(dir: T, what = 'shared-trace tests'): T {
  if (!dir) console.warn(`${what} ${SHARED_SKIP_MESSAGE}`);
  return dir;
}
