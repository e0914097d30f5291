/**
 * @module plan/perf/calibration
 * Fits the two efficiency factors (decode bandwidth, prefill compute) to the measured figures and says how well
 * the model predicts figures it was not fitted on.
 *
 * - The fit minimises Σ (ln predicted − ln measured)² — relative errors, so an 800 and a 15,000 tok/s figure weigh
 *   the same — by a grid search (step 0.01 over (0, 1]) refined by a finer grid (step 0.001) around the best
 *   point: deterministic, and no tuning knob per figure.
 * - Leave-one-out: each figure is predicted by a fit on all the others; the median and worst absolute % error per
 *   chip are what to expect on a setting not measured.
 * `scripts/calibrate-perf.mjs` prints the result and rewrites docs/perf.md's tables; a test checks both.
 */
import type { Catalog } from '../../catalog/index.js';
import { getAccelerator } from '../../catalog/index.js';
import { quantileSorted } from '../../stats/index.js';
import { BUILTIN_MODELS } from './builtin-models.js';
import { chipFigures } from './chip-figures.js';
import { MEASUREMENTS, UNPREDICTED_MEASUREMENTS, type Measurement } from './measurements.js';
import { maxBatch, servingPoint, type Deployment, type EfficiencyFactors } from './roofline.js';

/** A measurement's prediction as a function of the factors (everything else fixed). */
type Predictor = (f: EfficiencyFactors) => number;

function predictor(m: Measurement, catalog: Catalog): Predictor {
  const model = BUILTIN_MODELS.find((x) => x.id === m.model);
  if (!model) throw new Error(`calibration: unknown model ${m.model}`);
  const chip = chipFigures(getAccelerator(catalog, m.accelerator), m.precision);
  return (efficiency) => {
    const d: Deployment = { chip, devices: m.devices, model, precision: m.precision, efficiency };
    const batch = m.batch === 'max' ? maxBatch(d, m.inputTokens + m.outputTokens) : m.batch;
    const perDeployment = servingPoint(d, m.inputTokens, m.outputTokens, batch).outputTokensPerSec;
    return m.metric === 'outputTokensPerSecPerDevice' ? perDeployment / m.devices : perDeployment;
  };
}

function logLoss(fs: readonly { p: Predictor; measured: number }[], f: EfficiencyFactors): number {
  let s = 0;
  for (const { p, measured } of fs) s += (Math.log(p(f)) - Math.log(measured)) ** 2;
  return s;
}

function gridMin(
  fs: readonly { p: Predictor; measured: number }[],
  lo: EfficiencyFactors,
  hi: EfficiencyFactors,
  step: number,
): EfficiencyFactors {
  let best: EfficiencyFactors = lo;
  let bestLoss = Infinity;
  const round = (x: number) => Math.round(x / step) * step;
  for (let d = round(lo.decodeBandwidth); d <= hi.decodeBandwidth + 1e-12; d += step) {
    for (let c = round(lo.prefillCompute); c <= hi.prefillCompute + 1e-12; c += step) {
      const f = { decodeBandwidth: Number(d.toFixed(6)), prefillCompute: Number(c.toFixed(6)) };
      if (f.decodeBandwidth <= 0 || f.prefillCompute <= 0) continue;
      const loss = logLoss(fs, f);
      if (loss < bestLoss) {
        bestLoss = loss;
        best = f;
      }
    }
  }
  return best;
}

/** The factors minimising the squared log error over `fs`, to three decimals. */
function fit(fs: readonly { p: Predictor; measured: number }[]): EfficiencyFactors {
  const coarse = gridMin(
    fs,
    { decodeBandwidth: 0.01, prefillCompute: 0.01 },
    { decodeBandwidth: 1, prefillCompute: 1 },
    0.01,
  );
  const clamp = (x: number) => Math.min(1, Math.max(0.001, x));
  return gridMin(
    fs,
    {
      decodeBandwidth: clamp(coarse.decodeBandwidth - 0.01),
      prefillCompute: clamp(coarse.prefillCompute - 0.01),
    },
    {
      decodeBandwidth: clamp(coarse.decodeBandwidth + 0.01),
      prefillCompute: clamp(coarse.prefillCompute + 0.01),
    },
    0.001,
  );
}

/** The fit's objective at `factors`: Σ (ln predicted − ln measured)² over `measurements`. */
export function squaredLogError(
  catalog: Catalog,
  factors: EfficiencyFactors,
  measurements: readonly Measurement[] = MEASUREMENTS,
): number {
  return logLoss(
    measurements.map((m) => ({ p: predictor(m, catalog), measured: m.measured })),
    factors,
  );
}

export interface CalibrationRow {
  readonly measurement: Measurement;
  /** With the factors fitted on every figure. */
  readonly predicted: number;
  readonly errorPct: number;
  /** With the factors fitted on every other figure (leave-one-out). */
  readonly looPredicted: number;
  readonly looErrorPct: number;
}

export interface ChipError {
  readonly accelerator: string;
  readonly figures: number;
  readonly looMedianAbsPct: number;
  readonly looWorstAbsPct: number;
}

export interface Calibration {
  readonly factors: EfficiencyFactors;
  readonly rows: readonly CalibrationRow[];
  readonly perChip: readonly ChipError[];
}

const pct = (predicted: number, measured: number) => ((predicted - measured) / measured) * 100;

export function calibrate(
  catalog: Catalog,
  measurements: readonly Measurement[] = MEASUREMENTS,
): Calibration {
  const fs = measurements.map((m) => ({ m, p: predictor(m, catalog), measured: m.measured }));
  const factors = fit(fs);
  const rows = fs.map(({ m, p }, i) => {
    const looFactors = fit(fs.filter((_, j) => j !== i));
    const predicted = p(factors);
    const looPredicted = p(looFactors);
    return {
      measurement: m,
      predicted,
      errorPct: pct(predicted, m.measured),
      looPredicted,
      looErrorPct: pct(looPredicted, m.measured),
    };
  });
  const chips = [...new Set(measurements.map((m) => m.accelerator))];
  const perChip = chips.map((accelerator) => {
    const errs = rows
      .filter((r) => r.measurement.accelerator === accelerator)
      .map((r) => Math.abs(r.looErrorPct));
    return {
      accelerator,
      figures: errs.length,
      looMedianAbsPct: quantileSorted(
        [...errs].sort((a, b) => a - b),
        0.5,
      ),
      looWorstAbsPct: Math.max(...errs),
    };
  });
  return { factors, rows, perChip };
}

const n0 = (x: number) => Math.round(x).toLocaleString('en-US');
const p1 = (x: number) => `${x >= 0 ? '+' : ''}${x.toFixed(1)} %`;

/** docs/perf.md's generated part: the fitted factors, every figure with its predictions, the per-chip errors. */
export function calibrationMarkdown(c: Calibration): string {
  const out = [
    `Fitted factors: decode bandwidth **${c.factors.decodeBandwidth}**, prefill compute **${c.factors.prefillCompute}** ` +
      `(${c.rows.length} figures).`,
    '',
    '| Source (reference table, row) | Chip | N | Model | Precision | Batch | Measured | Predicted | Error | Leave-one-out | LOO error |',
    '|---|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const r of c.rows) {
    const m = r.measurement;
    const unit = m.metric === 'outputTokensPerSecPerDevice' ? ' /device' : '';
    out.push(
      `| ${m.source} | ${m.accelerator} | ${m.devices} | ${m.model} | ${m.precision} | ${m.batch} | ${n0(m.measured)}${unit} | ` +
        `${n0(r.predicted)} | ${p1(r.errorPct)} | ${n0(r.looPredicted)} | ${p1(r.looErrorPct)} |`,
    );
  }
  out.push('', '| Chip | Figures | LOO median abs. error | LOO worst abs. error |', '|---|---|---|---|');
  for (const e of c.perChip) {
    out.push(
      `| ${e.accelerator} | ${e.figures} | ${e.looMedianAbsPct.toFixed(1)} % | ${e.looWorstAbsPct.toFixed(1)} % |`,
    );
  }
  out.push(
    '',
    'Figures in the reference the model does not predict:',
    '',
    '| Source | What | Measured | Why not |',
    '|---|---|---|---|',
  );
  for (const u of UNPREDICTED_MEASUREMENTS)
    out.push(`| ${u.source} | ${u.what} | ${u.measured} | ${u.why} |`);
  return out.join('\n') + '\n';
}

/** Markers around the generated part of docs/perf.md. */
export const GENERATED_BEGIN = '<!-- calibration: generated by scripts/calibrate-perf.mjs, do not edit -->';
export const GENERATED_END = '<!-- end of calibration -->';
