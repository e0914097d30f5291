/**
 * @module server/simulations/locations
 * Where the inputs of simulation runs are found on this machine: the openb traces (download cache, then the
 * shared copy), the built-in synthetic trace, the example fleets and the shared GenAI telemetry trace.
 */
import { existsSync, readdirSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  OPENB_NODE_FILE,
  openbCacheDir,
  openbDir,
  openbPodFile,
  projectRoot,
  sharedTracesDir,
} from '../../traces/index.js';

/** The folder holding both the openb node list and `workload`'s pod list (download cache, then shared copy). */
export function openbTraceDir(workload: string): string | undefined {
  const files = [OPENB_NODE_FILE, openbPodFile(workload)];
  return [openbCacheDir(), openbDir()].find(
    (dir): dir is string => dir !== undefined && files.every((f) => existsSync(join(dir, f))),
  );
}

let syntheticDir: Promise<string> | undefined;
/** The demo's built-in synthetic openb-like trace (seed 1), written once to a temporary folder. */
export function syntheticTraceDir(): Promise<string> {
  syntheticDir ??= (async () => {
    const { syntheticOpenbTrace, formatOpenbNodes, formatOpenbPods } = await import('../../traces/index.js');
    const dir = await mkdtemp(join(tmpdir(), 'hyperfleet-synthetic-'));
    const { nodes, pods } = syntheticOpenbTrace(1);
    await writeFile(join(dir, OPENB_NODE_FILE), formatOpenbNodes(nodes));
    await writeFile(join(dir, openbPodFile('synthetic')), formatOpenbPods(pods));
    return dir;
  })();
  return syntheticDir;
}

export const SYNTHETIC_TRACE_NOTE =
  'built-in synthetic openb-like trace (seed 1): results are NOT comparable with the paper';

/** The shared copy of the Alibaba GenAI telemetry trace (for the Efficiency page's default), if present. */
export function genaiDir(): string | undefined {
  const shared = sharedTracesDir();
  const dir = shared ? join(shared, 'alibaba-genai-v2026') : undefined;
  return dir && existsSync(dir) ? dir : undefined;
}

export function examplesDir(): string {
  return join(projectRoot(), 'examples', 'fleets');
}

/** The example fleets' names (file names without extension), sorted. */
export function exampleFleets(): string[] {
  try {
    return readdirSync(examplesDir())
      .filter((f) => /\.(ya?ml|json)$/.test(f))
      .map((f) => f.replace(/\.(ya?ml|json)$/, ''))
      .sort();
  } catch {
    return [];
  }
}

/** The example fleet's file, if there is one of that name. */
export function exampleFleetFile(name: string): string | undefined {
  return ['.yaml', '.yml', '.json'].map((ext) => join(examplesDir(), name + ext)).find((f) => existsSync(f));
}
