/**
 * A grid cell reuses the trace its thread parsed only while the trace's files are unchanged: a long-lived thread (a
 * queue worker's, the server's) runs on a trace rewritten in place as a fresh process would, not on its first copy.
 */
import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PAPER_POLICIES } from '../policies/index.js';
import {
  formatOpenbNodes,
  formatOpenbPods,
  loadOpenbTraceTable,
  OPENB_NODE_FILE,
  openbPodFile,
  syntheticOpenbTrace,
} from '../traces/index.js';
import runGridTask, { type GridTask } from './grid-task.js';
import { runPaper } from './paper-run.js';

const dir = mkdtempSync(join(tmpdir(), 'hyperfleet-grid-task-'));
const nodeFile = join(dir, OPENB_NODE_FILE);
const podFile = join(dir, openbPodFile('default'));
const task: GridTask = {
  tracesDir: dir,
  workload: 'default',
  policy: PAPER_POLICIES[5],
  seed: 42,
  tune: 1.3,
};

/** Writes trace `seed` (nodes and pods) with the given modification time (seconds). */
function writeTrace(seed: number, mtimeSec: number): void {
  const trace = syntheticOpenbTrace(seed, 60);
  writeFileSync(nodeFile, formatOpenbNodes(trace.nodes));
  writeFileSync(podFile, formatOpenbPods(trace.pods));
  for (const file of [nodeFile, podFile]) utimesSync(file, mtimeSec, mtimeSec);
}

/** What a fresh process computes for `task` on the files as they are now. */
async function fresh() {
  const trace = await loadOpenbTraceTable(nodeFile, podFile);
  return runPaper({ ...trace, policy: task.policy, tune: task.tune, seed: task.seed });
}

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a grid cell', () => {
  it('reads a trace again once its files changed, and runs on the new one', async () => {
    writeTrace(1, 1_000_000);
    const first = await runGridTask(task);
    expect(first.allocation).toEqual((await fresh()).allocation);

    writeTrace(2, 2_000_000);
    const second = await runGridTask(task);
    const expected = await fresh();
    expect(second.allocation).not.toEqual(first.allocation);
    expect(second.allocation).toEqual(expected.allocation);
    expect(second.pods).toBe(expected.pods);
  });
});
