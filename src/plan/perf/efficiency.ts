/**
 * @module plan/perf/efficiency
 * Which efficiency factors a (chip, engine, precision) runs at, and the words that say where they come from.
 *
 * The factors are fitted once (plan/perf/calibration, `node scripts/calibrate-perf.mjs`) on TensorRT-LLM figures
 * measured on H100, H200, L40S and A100: one decode-bandwidth and one prefill-compute factor, pooled over those
 * chips. Everything else is an explicit assumption, shown in every output: a chip with no measured figure runs at
 * the pooled fit (the mean of its class, the only class measured), and an engine with no measured figure runs
 * as TensorRT-LLM does. An `--efficiency` file replaces either factor for a chip, optionally per engine and
 * precision (the most specific matching entry wins; among equals the last).
 */
import * as z from 'zod';
import { closest, isRecord, type PathIssue } from '../../input/index.js';
import { PRECISIONS, type Precision } from './chip-figures.js';
import { MEASUREMENTS } from './measurements.js';
import type { EfficiencyFactors } from './roofline.js';
import { readPerfFile } from './user-file.js';

/** Engine families a query may name; `generic` means "as efficient as the fitted engine". */
export const ENGINES = ['generic', 'trtllm', 'vllm', 'sglang', 'mindie'] as const;
export type Engine = (typeof ENGINES)[number];

/** The fit's result, pinned: plan/perf/calibration.test.ts checks the fit still lands on these values. */
export const TRTLLM_FIT: EfficiencyFactors = { decodeBandwidth: 0.659, prefillCompute: 0.422 };

/** Chips with at least one measured figure in the fit. */
export const MEASURED_CHIPS: ReadonlySet<string> = new Set(MEASUREMENTS.map((m) => m.accelerator));

const FACTOR = 'a share of the roofline, > 0 and ≤ 1';
const factor = z.number({ error: FACTOR }).gt(0, { error: FACTOR }).max(1, { error: FACTOR });
const OverrideSchema = z.strictObject({
  accelerator: z
    .string({ error: 'an accelerator catalog id' })
    .min(1, { error: 'an accelerator catalog id' }),
  engine: z.enum(ENGINES, { error: `one of ${ENGINES.join(', ')}` }).optional(),
  precision: z.enum(PRECISIONS, { error: `one of ${PRECISIONS.join(', ')}` }).optional(),
  decodeBandwidth: factor.optional(),
  prefillCompute: factor.optional(),
});
export type EfficiencyOverride = z.output<typeof OverrideSchema>;
const EfficiencyFileSchema = z.strictObject({
  efficiency: z
    .array(OverrideSchema, { error: 'a list of efficiency entries' })
    .min(1, { error: 'at least one entry' }),
});

/** The entries of an `--efficiency` file (YAML, or JSON for a `.json` name); accelerators must be `knownIds`. */
export function loadEfficiencyFile(file: string, knownIds: readonly string[]): EfficiencyOverride[] {
  const unknownAccelerators = (data: unknown): PathIssue[] => {
    const entries = isRecord(data) && Array.isArray(data.efficiency) ? data.efficiency : [];
    return entries.flatMap((entry: unknown, i): PathIssue[] => {
      const id = isRecord(entry) ? entry.accelerator : undefined;
      if (typeof id !== 'string' || id === '' || knownIds.includes(id)) return [];
      const near = closest(id, knownIds, 3);
      return [
        {
          path: ['efficiency', i, 'accelerator'],
          message: 'unknown accelerator',
          expected: `an accelerator catalog id${near.length > 0 ? ` (closest: ${near.join(', ')})` : ''}`,
        },
      ];
    });
  };
  return readPerfFile(
    file,
    EfficiencyFileSchema,
    'an efficiency file such as efficiency: [ { accelerator: t-head-zhenwu-810e, decodeBandwidth: 0.6 } ]',
    unknownAccelerators,
  ).efficiency;
}

export interface ResolvedEfficiency {
  readonly factors: EfficiencyFactors;
  readonly assumptions: readonly string[];
}

const show = (f: EfficiencyFactors) =>
  `decode bandwidth ${f.decodeBandwidth}, prefill compute ${f.prefillCompute}`;

export function resolveEfficiency(
  accelerator: string,
  engine: Engine,
  precision: Precision,
  overrides: readonly EfficiencyOverride[] = [],
): ResolvedEfficiency {
  const assumptions: string[] = [];
  const fitted = MEASURED_CHIPS.has(accelerator);
  assumptions.push(
    `Efficiency ${show(TRTLLM_FIT)}: least-squares fit on ${MEASUREMENTS.length} TensorRT-LLM figures ` +
      `(${[...MEASURED_CHIPS].join(', ')}), pooled over chips (docs/perf.md).`,
  );
  if (!fitted) {
    assumptions.push(
      `${accelerator} has no measured figure: its efficiency is assumed equal to the pooled fit ` +
        '(the mean of its class); set it with --efficiency FILE.',
    );
  }
  if (engine !== 'trtllm' && engine !== 'generic') {
    assumptions.push(`Engine ${engine} has no measured figure: it is assumed as efficient as TensorRT-LLM.`);
  }
  let factors = TRTLLM_FIT;
  const matching = overrides
    .map((o, i) => ({ o, i, rank: (o.engine ? 2 : 0) + (o.precision ? 1 : 0) }))
    .filter(
      ({ o }) =>
        o.accelerator === accelerator &&
        (o.engine === undefined || o.engine === engine) &&
        (o.precision === undefined || o.precision === precision),
    )
    .sort((a, b) => a.rank - b.rank || a.i - b.i);
  for (const { o } of matching) {
    factors = {
      decodeBandwidth: o.decodeBandwidth ?? factors.decodeBandwidth,
      prefillCompute: o.prefillCompute ?? factors.prefillCompute,
    };
  }
  if (matching.length > 0)
    assumptions.push(`${accelerator}: efficiency set by --efficiency file: ${show(factors)}.`);
  return { factors, assumptions };
}
