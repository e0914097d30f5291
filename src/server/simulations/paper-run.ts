/**
 * @module server/simulations/paper-run
 * Preparing a paper run (`{ kind: "paper" }`): the FGD paper protocol on one openb trace, policies × seeds, each
 * grid cell through `sim/grid-task` off the service's thread — the numbers `hyperfleet experiment` gives. Without
 * the real default trace it falls back to the built-in synthetic one, as `hyperfleet demo` does, and says so.
 */
import { type GridResult, type TaskPool } from '../../sim/index.js';
import { openbPodFile } from '../../traces/index.js';
import type { PaperRequest } from '../api/index.js';
import { MAX_PAPER_CELLS } from './limits.js';
import { openbTraceDir, SYNTHETIC_TRACE_NOTE, syntheticTraceDir } from './locations.js';
import { summarizePaper } from './paper-summary.js';
import { badSimulation, type PreparedRun } from './prepared-run.js';

/** `42-51` for a run of consecutive seeds, else the list. */
function seedText(seeds: readonly number[]): string {
  if (seeds.length > 2 && seeds.every((s, i) => i === 0 || s === seeds[i - 1] + 1))
    return `${seeds[0]}-${seeds[seeds.length - 1]}`;
  return seeds.join(',');
}

export async function preparePaperRun(req: PaperRequest, offThread: TaskPool): Promise<PreparedRun> {
  if (req.seeds.length * req.policies.length > MAX_PAPER_CELLS) {
    throw badSimulation(
      'seeds',
      `${req.policies.length} policies × ${req.seeds.length} seeds is more than ${MAX_PAPER_CELLS} runs`,
    );
  }
  let dir = req.workload === 'synthetic' ? undefined : openbTraceDir(req.workload);
  let workload = req.workload;
  let synthetic = false;
  if (!dir) {
    if (req.workload !== 'default' && req.workload !== 'synthetic') {
      throw badSimulation(
        'workload',
        `openb trace "${req.workload}" not found (run hyperfleet traces fetch openb --files all); ` +
          'use default or synthetic',
      );
    }
    dir = await syntheticTraceDir();
    workload = 'synthetic';
    synthetic = true;
  }
  const traceDir = dir;
  const trace = synthetic ? SYNTHETIC_TRACE_NOTE : `openb ${openbPodFile(workload)} from ${traceDir}`;
  return {
    title: `paper · ${req.workload}${synthetic && req.workload !== 'synthetic' ? ' (synthetic)' : ''} · ${req.policies.join(', ')} · seeds ${seedText(req.seeds)} · tune ${req.tune}`,
    run: async (report) => {
      const t0 = performance.now();
      const { gridTasks, runGridCellOffThread } = await import('../../sim/index.js');
      const spec = {
        tracesDir: traceDir,
        workloads: [workload],
        policies: req.policies,
        seeds: req.seeds,
        tune: req.tune,
      };
      const tasks = gridTasks(spec);
      let done = 0;
      // Off the service's thread: the live scheduler keeps answering while the grid runs.
      const runs: GridResult[] = await Promise.all(
        tasks.map((task) =>
          runGridCellOffThread(offThread, task).then((r) => {
            report(++done / tasks.length, `${r.policy} seed ${r.seed} done`);
            return r;
          }),
        ),
      );
      return {
        kind: 'paper',
        workload,
        trace,
        synthetic,
        tune: req.tune,
        seeds: req.seeds,
        policies: req.policies,
        summary: summarizePaper(`openb_pod_list_${workload}`, req.policies, runs, synthetic),
        runs,
        wallMs: Math.round(performance.now() - t0),
      };
    },
  };
}
