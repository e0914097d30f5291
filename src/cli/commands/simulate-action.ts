/**
 * @module cli/commands/simulate-action
 * What `hyperfleet simulate` does once its options are read: check them, load the openb lists, run one experiment
 * of the FGD paper's protocol and print it (JSON or a short table).
 */
import { numberOption, parsePolicy } from '../options.js';
import { loadOpenbTraceTable } from '../../traces/index.js';
import {
  DefragMoves,
  DefragWorkLimit,
  type PaperDefragOptions,
  type PaperVariantRunResult,
  runPaper,
  Seed,
  Tune,
} from '../../sim/index.js';
import { ErrorCode, InputError } from '../../errors/index.js';
import { writeStdoutSync } from '../stdout-sync.js';

/** The options as commander hands them over. */
export interface SimulateCliOptions {
  nodes: string;
  pods: string;
  policy: string;
  tune: string;
  seed: string;
  defragMoves?: string;
  defragWorkLimit?: string;
  json?: boolean;
}

export async function simulate(opts: SimulateCliOptions): Promise<void> {
  const t0 = performance.now();
  const policy = parsePolicy(opts.policy);
  const tune = numberOption(Tune, '--tune', opts.tune);
  const seed = numberOption(Seed, '--seed', opts.seed);
  const defrag = defragOption(opts);
  const trace = await loadOpenbTraceTable(opts.nodes, opts.pods);
  const result = runPaper({ ...trace, policy, tune, seed, defrag });
  const elapsedMs = Math.round((performance.now() - t0) * 10) / 10;
  writeStdoutSync(
    opts.json ? JSON.stringify({ ...result, elapsedMs }) + '\n' : summaryText(result, elapsedMs),
  );
}

/** `--defrag-moves` and `--defrag-work-limit`, checked; undefined for the paper's protocol itself. */
function defragOption(opts: SimulateCliOptions): PaperDefragOptions | undefined {
  if (opts.defragMoves === undefined) {
    if (opts.defragWorkLimit === undefined) return undefined;
    throw new InputError(ErrorCode.InvalidOption, {
      field: '--defrag-work-limit',
      message: 'only applies with --defrag-moves',
      got: opts.defragWorkLimit,
    });
  }
  const maxMoves = numberOption(DefragMoves, '--defrag-moves', opts.defragMoves);
  if (opts.defragWorkLimit === undefined) return { maxMoves };
  return { maxMoves, workLimit: numberOption(DefragWorkLimit, '--defrag-work-limit', opts.defragWorkLimit) };
}

const POINTS = [50, 80, 90, 100, 110, 130];

/** The human-readable summary of one run. */
export function summaryText(r: PaperVariantRunResult, elapsedMs: number): string {
  const d = r.defrag;
  const lines = [
    `policy ${r.policy}${d ? ` (series ${d.series})` : ''}, seed ${r.seed}, tune ${r.tune}: ` +
      `${r.pods} pods submitted to ${r.totalGpus} GPUs`,
    `placed ${r.placedPods}, failed ${r.failedPods}` +
      (r.neverFitPods > 0
        ? ` (${r.neverFitPods} could never fit any node)`
        : ' (all of them fit an empty node)'),
    ...(d
      ? [
          `defrag: ${d.placedByPlan} of ${d.planned} pods that fit nowhere were placed after a plan of at most ` +
            `${d.maxMoves} move(s): ${d.moves} moves, cost ${d.moveCost}; planner p50 ${d.planMsP50} ms, ` +
            `p99 ${d.planMsP99} ms; ${d.unproven} plans unproven (work limit ${d.workLimit})`,
        ]
      : []),
    '',
    'arrived workload (% of GPU capacity)  ' + POINTS.map((x) => String(x).padStart(7)).join(''),
    'GPU allocation (%)                    ' +
      POINTS.map((x) => r.allocation[x].toFixed(2).padStart(7)).join(''),
    'fragmented GPU (% of capacity)        ' +
      POINTS.map((x) => r.fragAmount[x].toFixed(2).padStart(7)).join(''),
    'fragmented / idle GPU (%)             ' +
      POINTS.map((x) => r.fragRatio[x].toFixed(2).padStart(7)).join(''),
    '',
    `elapsed ${(elapsedMs / 1000).toFixed(2)} s`,
  ];
  return lines.join('\n') + '\n';
}
