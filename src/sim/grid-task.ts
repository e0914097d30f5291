/**
 * @module sim/grid-task
 * One cell of an experiment grid (trace × policy × seed), as run on a worker thread. Traces and their typical
 * pods are loaded once per worker and reused by every cell of the same trace.
 */
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

const loaded = new Map<string, Promise<OpenbTraceTable & { typical: TypicalPods }>>();

function traceFor(dir: string, workload: string) {
  const key = `${dir}\0${workload}`;
  let entry = loaded.get(key);
  if (!entry) {
    entry = loadOpenbTraceTable(join(dir, OPENB_NODE_FILE), join(dir, openbPodFile(workload))).then((t) => ({
      ...t,
      typical: typicalPods(t.pods),
    }));
    loaded.set(key, entry);
  }
  return entry;
}

/** Runs one grid cell (the worker entry point). */
export default async function runGridTask(task: GridTask): Promise<VariantGridResult> {
  const trace = await traceFor(task.tracesDir, task.workload);
  const { policy, tune, seed, defrag } = task;
  return { workload: task.workload, ...runPaper({ ...trace, policy, tune, seed, defrag }) };
}
