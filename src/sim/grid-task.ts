/**
 * @module sim/grid-task
 * One cell of an experiment grid (trace × policy × seed), as run on a worker thread. Traces and their typical
 * pods are loaded once per thread and reused by every cell of the same trace while its files are unchanged.
 */
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { type PolicyName, typicalPods, type TypicalPods } from '../policies/index.js';
import { loadOpenbTraceTable, OPENB_NODE_FILE, openbPodFile, type OpenbTraceTable } from '../traces/index.js';
import type { PaperDefragOptions, PaperDefragSummary } from './paper-defrag.js';
import { runPaper, type PaperRunResult } from './paper-run.js';

export interface GridTask {
  readonly tracesDir: string;
  readonly workload: string;
  readonly policy: PolicyName;
  readonly seed: number;
  readonly tune: number;
  /** The opt-in defrag variant (a series beside the paper's): a plan of at most k moves for each failed pod. */
  readonly defrag?: PaperDefragOptions;
}

export interface GridResult extends PaperRunResult {
  readonly workload: string;
}

/** A cell's result, with what the defrag variant did when the cell ran it. */
export interface VariantGridResult extends GridResult {
  readonly defrag?: PaperDefragSummary;
}

type LoadedTrace = OpenbTraceTable & { typical: TypicalPods };

/** The parsed traces of this thread, by files, with the files' stamps when they were read. */
const loaded = new Map<string, { readonly stamp: string; readonly trace: Promise<LoadedTrace> }>();

/**
 * What identifies a file's content cheaply: its modification time and size (missing: a stamp of its own, so that
 * the file appearing later is read, and until then the loader reports it). A long-lived thread — a queue worker's,
 * the server's — sees a trace rewritten in place, instead of running on the copy it parsed first.
 */
async function stampOf(file: string): Promise<string> {
  const s = await stat(file).catch(() => undefined);
  return s ? `${s.mtimeMs}:${s.size}` : 'missing';
}

async function traceFor(dir: string, workload: string): Promise<LoadedTrace> {
  const nodeFile = join(dir, OPENB_NODE_FILE);
  const podFile = join(dir, openbPodFile(workload));
  const key = `${nodeFile}\0${podFile}`;
  const stamp = (await Promise.all([stampOf(nodeFile), stampOf(podFile)])).join('\0');
  let entry = loaded.get(key);
  if (entry?.stamp !== stamp) {
    const trace = loadOpenbTraceTable(nodeFile, podFile).then((t) => ({
      ...t,
      typical: typicalPods(t.pods),
    }));
    entry = { stamp, trace };
    loaded.set(key, entry);
  }
  return entry.trace;
}

/** Runs one grid cell (the worker entry point). */
export default async function runGridTask(task: GridTask): Promise<VariantGridResult> {
  const trace = await traceFor(task.tracesDir, task.workload);
  const { policy, tune, seed, defrag } = task;
  return { workload: task.workload, ...runPaper({ ...trace, policy, tune, seed, defrag }) };
}
