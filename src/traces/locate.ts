/**
 * @module traces/locate
 * Where trace files live on this machine: the offline copy of the public traces next to the project
 * (`<project root>/../shared/traces`, used by tests and benchmarks) and the user cache that
 * `hyperfleet traces fetch` downloads into.
 *
 * Environment overrides:
 * - `HYPERFLEET_SHARED_TRACES` — the shared traces folder (replaces `<project root>/../shared/traces`);
 * - `HYPERFLEET_CACHE_DIR` — the hyperfleet cache root (replaces `$XDG_CACHE_HOME/hyperfleet`, by default
 *   `~/.cache/hyperfleet`); downloaded traces go to `<cache root>/traces/<dataset>`.
 */
import { existsSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Folder name of the openb trace, both in the shared copy and in the cache. */
export const OPENB_DATASET = 'alibaba-gpu-v2023';

/** The directory holding the project's package.json, found upwards from this module (works from src/ and dist/). */
export function projectRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${fileURLToPath(import.meta.url)}`);
    dir = parent;
  }
}

function isDir(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** The offline copy of the public traces, or undefined when there is none. */
export function sharedTracesDir(): string | undefined {
  const env = process.env.HYPERFLEET_SHARED_TRACES;
  const dir = env ? resolve(env) : resolve(projectRoot(), '..', 'shared', 'traces');
  return isDir(dir) ? dir : undefined;
}

/** The shared copy of the openb trace (`…/shared/traces/alibaba-gpu-v2023`), or undefined when absent. */
export function openbDir(): string | undefined {
  const shared = sharedTracesDir();
  if (!shared) return undefined;
  const dir = join(shared, OPENB_DATASET);
  return isDir(dir) ? dir : undefined;
}

/** The hyperfleet cache root: `$HYPERFLEET_CACHE_DIR`, else `$XDG_CACHE_HOME/hyperfleet`, else `~/.cache/hyperfleet`. */
export function cacheRoot(): string {
  const env = process.env.HYPERFLEET_CACHE_DIR;
  if (env) return resolve(env);
  const xdg = process.env.XDG_CACHE_HOME;
  return join(xdg ? resolve(xdg) : join(homedir(), '.cache'), 'hyperfleet');
}

/** Where `hyperfleet traces fetch openb` puts the openb files by default (may not exist yet). */
export function openbCacheDir(): string {
  return join(cacheRoot(), 'traces', OPENB_DATASET);
}

/**
 * Finds an openb file by name (e.g. `openb_pod_list_default.csv`): first in the download cache, then in the shared
 * copy. Undefined when neither has it.
 */
export function findOpenbFile(fileName: string): string | undefined {
  for (const dir of [openbCacheDir(), openbDir()]) {
    if (dir && existsSync(join(dir, fileName))) return join(dir, fileName);
  }
  return undefined;
}
