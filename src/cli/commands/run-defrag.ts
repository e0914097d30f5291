/**
 * @module cli/commands/run-defrag
 * `hyperfleet run --defrag on-pending|periodic:D [--migration-cost 5m] [--defrag-max-moves k]`: reading the
 * options into the simulator's defragmenter settings, and showing what the defragmenter changed against the same
 * run without it (the command runs both when `--defrag` is given).
 */
import { ErrorCode, InputError } from '../../errors/index.js';
import type { DefragFigures, TimeDefragSettings, TimeSimResult } from '../../sim/index.js';

/** The figures of a run the comparison reads. */
type RunFigures = Pick<TimeSimResult, 'placed' | 'horizonSec' | 'queueDelaySec' | 'jctSec' | 'deviceHours'>;
import { checkOption, numberOption } from '../options.js';

export interface DefragOptionTexts {
  defrag?: string;
  migrationCost?: string;
  defragMaxMoves?: string;
}

/** The defragmenter asked for, or undefined; refuses its options without `--defrag`. */
export async function defragSettings(opts: DefragOptionTexts): Promise<TimeDefragSettings | undefined> {
  if (opts.defrag === undefined) {
    const stray =
      opts.migrationCost !== undefined
        ? '--migration-cost'
        : opts.defragMaxMoves !== undefined
          ? '--defrag-max-moves'
          : undefined;
    if (stray !== undefined) {
      throw new InputError(ErrorCode.InvalidOption, {
        field: stray,
        message: 'only with --defrag on-pending or --defrag periodic:D',
        got: stray === '--migration-cost' ? opts.migrationCost! : opts.defragMaxMoves!,
      });
    }
    return undefined;
  }
  const [{ DefragMaxMoves, DefragPeriodSec, MigrationCostSec }, { parseDuration }] = await Promise.all([
    import('../../sim/index.js'),
    import('../../measure/index.js'),
  ]);
  const text = opts.defrag.trim();
  let trigger: TimeDefragSettings['trigger'];
  if (text === 'on-pending') trigger = { kind: 'on-pending' };
  else if (text.startsWith('periodic:')) {
    const period = text.slice('periodic:'.length);
    const everySec = checkOption(DefragPeriodSec, '--defrag', parseDuration('--defrag', period), opts.defrag);
    trigger = { kind: 'periodic', everySec };
  } else {
    throw new InputError(ErrorCode.InvalidOption, {
      field: '--defrag',
      expected: 'on-pending, or periodic:D with a duration D such as 1h',
      got: opts.defrag,
    });
  }
  const costText = opts.migrationCost ?? '5m';
  // parseDuration takes positive durations only; a free migration is written 0.
  const cost = costText.trim() === '0' ? 0 : parseDuration('--migration-cost', costText);
  const migrationCostSec = checkOption(MigrationCostSec, '--migration-cost', cost, costText);
  const maxMoves =
    opts.defragMaxMoves === undefined
      ? undefined
      : numberOption(DefragMaxMoves, '--defrag-max-moves', opts.defragMaxMoves);
  return { trigger, migrationCostSec, ...(maxMoves === undefined ? {} : { maxMoves }) };
}

/** The figures the defragmenter may change, as the run without it gave them (`defrag.withoutDefrag` in JSON). */
export function comparedFigures(r: RunFigures) {
  const dh = r.deviceHours;
  const share = (x: number) => (dh.total > 0 ? (100 * x) / dh.total : 0);
  return {
    placed: r.placed,
    horizonSec: r.horizonSec,
    queueDelaySec: r.queueDelaySec,
    jctSec: r.jctSec,
    deviceHours: r.deviceHours,
    allocatedPct: share(dh.allocated),
    strandedPct: share(dh.stranded),
  };
}

export type ComparedFigures = ReturnType<typeof comparedFigures>;

/** The text summary's lines on the defragmenter: what it did, and each figure without → with it. */
export function defragLines(r: RunFigures, d: DefragFigures, without: ComparedFigures): string[] {
  const h = (s: number) => (s / 3600).toFixed(2);
  const withIt = comparedFigures(r);
  const arrow = (a: string, b: string) => `${a} → ${b}`;
  return [
    `defrag ${d.trigger}, migration cost ${d.migrationCostSec} s, ≤ ${d.maxMoves} moves per plan, a pod moves at most once per ${d.cooldownSec} s:`,
    `  plans tried ${d.plansTried}, applied ${d.plansApplied}; ${d.moves} moves of ${d.podsMoved} pods; ${d.migrationGpuHours.toFixed(2)} GPU-hours held by restarting pods`,
    '  against the same run without defrag (without → with):',
    `  queueing delay (h)   mean ${arrow(h(without.queueDelaySec.mean), h(withIt.queueDelaySec.mean))}  p95 ${arrow(h(without.queueDelaySec.p95), h(withIt.queueDelaySec.p95))}`,
    `  completion time (h)  mean ${arrow(h(without.jctSec.mean), h(withIt.jctSec.mean))}  p95 ${arrow(h(without.jctSec.p95), h(withIt.jctSec.p95))}`,
    `  allocated ${arrow(without.allocatedPct.toFixed(1), withIt.allocatedPct.toFixed(1))} %, stranded ${arrow(without.strandedPct.toFixed(1), withIt.strandedPct.toFixed(1))} % of device-hours`,
  ];
}
