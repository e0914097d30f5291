/**
 * @module report/experiment-line-figures
 * The line charts of one workload in the experiment report: GPU allocation over the whole arrived-workload range
 * and zoomed on x ∈ [75, 120] (Fig. 9(a) of the FGD paper), fragmentation amount and ratio (Fig. 7). Each policy
 * is one median line with its 25–75 % band over seeds; each caption ranks the policies at the point it names.
 */
import { escapeHtml } from './page.js';
import { renderLineChartSvg, type LineSeriesSpec } from './svg-chart.js';
import { byteCompare, type BandKey, type PolicyAgg, type WorkloadAgg } from './experiment-aggregate.js';
import { ChartIds, type Figure } from './experiment-figure.js';
import { X_FINAL, X_MID } from './experiment-input.js';
import { formatPercent } from './number-format.js';

/** Zoom window of the Fig. 9(a) analogue. */
export const ZOOM_X: readonly [number, number] = [75, 120];

const X_AXIS_NAME = 'Arrived workload (% of cluster GPU capacity)';
const LINE_W = 660;
const LINE_H = 380;

function lineSeries(
  policies: readonly PolicyAgg[],
  key: BandKey,
  xFrom: number,
  xTo: number,
): LineSeriesSpec[] {
  return policies.map((p) => {
    const b = p[key];
    const points: [number, number | null][] = [];
    const band: [number, number | null, number | null][] = [];
    const end = Math.min(xTo, b.median.length - 1);
    for (let x = Math.max(0, xFrom); x <= end; x++) {
      points.push([x, b.median[x]]);
      band.push([x, b.lower[x], b.upper[x]]);
    }
    return {
      name: p.display,
      color: p.color,
      points,
      band: p.runs.length > 1 ? band : undefined,
      lineWidth: p.display === 'FGD' ? 2.4 : 1.7,
    };
  });
}

function medianAt(p: PolicyAgg, key: BandKey, x: number): number | null {
  return p[key].median[x] ?? null;
}

/** "FGD 95.2 %, BestFit 92.9 %, …" ordered best first. */
function ranking(policies: readonly PolicyAgg[], key: BandKey, x: number, higherIsBetter: boolean): string {
  const items = policies
    .map((p) => ({ p, v: medianAt(p, key, x) }))
    .filter((e): e is { p: PolicyAgg; v: number } => e.v !== null)
    .sort((a, b) => (higherIsBetter ? b.v - a.v : a.v - b.v) || byteCompare(a.p.label, b.p.label));
  if (items.length === 0) return 'no data';
  return items.map((e) => `${escapeHtml(e.p.display)} ${formatPercent(e.v)}`).join(', ');
}

function seedCountText(policies: readonly PolicyAgg[]): string {
  const counts = [...new Set(policies.map((p) => p.runs.length))].sort((a, b) => a - b);
  if (counts.length === 0) return '0 runs';
  const c = counts.length === 1 ? String(counts[0]) : `${counts[0]}–${counts[counts.length - 1]}`;
  return `${c} seed${c === '1' ? '' : 's'}`;
}

function bandExtent(
  policies: readonly PolicyAgg[],
  key: BandKey,
  xFrom: number,
  xTo: number,
): [number, number] | null {
  let lo = Infinity;
  let hi = -Infinity;
  for (const p of policies) {
    const b = p[key];
    for (let x = xFrom; x <= Math.min(xTo, b.median.length - 1); x++) {
      for (const v of [b.lower[x], b.median[x], b.upper[x]]) {
        if (v === null) continue;
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
      }
    }
  }
  return Number.isFinite(lo) && Number.isFinite(hi) ? [lo, hi] : null;
}

/** Axis range covering [lo, hi] with a 1/2/5 × 10^k tick interval and about `ticks` ticks. */
export function niceRange(lo: number, hi: number, ticks = 6): { min: number; max: number; interval: number } {
  if (!(hi > lo)) {
    const c = Number.isFinite(lo) ? lo : 0;
    return { min: Math.floor(c) - 1, max: Math.floor(c) + 1, interval: 1 };
  }
  const raw = (hi - lo) / Math.max(1, ticks - 1);
  const pow = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * pow).find((s) => s >= raw) ?? 10 * pow;
  const min = Math.floor(lo / step + 1e-9) * step;
  const max = Math.ceil(hi / step - 1e-9) * step;
  const round = (v: number) => Number(v.toPrecision(12));
  return { min: round(min), max: round(max), interval: round(step) };
}

/** One line chart of a workload: which curve, over which x range, with which y axis and words. */
interface LineFigureSpec {
  heading: string;
  ariaLabel: string;
  caption: string;
  key: BandKey;
  xFrom: number;
  xTo: number;
  xInterval: number;
  yAxis: { name: string; min?: number; max?: number; interval?: number };
}

function lineFigure(w: WorkloadAgg, ids: ChartIds, spec: LineFigureSpec): Figure {
  const id = ids.next();
  const captionId = `${id}-desc`;
  const svg = renderLineChartSvg({
    id,
    ariaLabel: spec.ariaLabel,
    describedBy: captionId,
    width: LINE_W,
    height: LINE_H,
    xAxis: { name: X_AXIS_NAME, min: spec.xFrom, max: spec.xTo, interval: spec.xInterval },
    yAxis: { ...spec.yAxis, unit: '%' },
    series: lineSeries(w.policies, spec.key, spec.xFrom, spec.xTo),
    markers: [{ x: X_MID, label: `x = ${X_MID}` }],
  });
  return { svg, caption: spec.caption, captionId, heading: spec.heading };
}

/** What every caption and label of a workload's charts says about it. */
function wording(w: WorkloadAgg): { name: string; nPol: number; seeds: string; bandNote: string } {
  const seeds = seedCountText(w.policies);
  return {
    name: w.short,
    nPol: w.policies.length,
    seeds,
    bandNote: `Lines: median over ${seeds}; shaded bands: 25th–75th percentile (50 % interval).`,
  };
}

/** Allocation over the full range, then zoomed on {@link ZOOM_X} with a y axis fitted to the curves there. */
export function allocationFigures(w: WorkloadAgg, ids: ChartIds): Figure[] {
  const { name, nPol, seeds, bandNote } = wording(w);
  const zoomExt = bandExtent(w.policies, 'allocation', ZOOM_X[0], ZOOM_X[1]);
  const zoomAxis = zoomExt
    ? niceRange(Math.max(0, zoomExt[0] - 0.5), Math.min(100, zoomExt[1] + 0.5))
    : undefined;
  const zoomTo = ZOOM_X[1];
  return [
    lineFigure(w, ids, {
      heading: 'GPU allocation vs arrived workload',
      ariaLabel: `Line chart: GPU allocation (%) versus arrived workload (%) on ${name}, ${nPol} policies, median over ${seeds} with 25–75 % band.`,
      caption: `${bandNote} Median allocation at x = ${X_MID} (highest first): ${ranking(w.policies, 'allocation', X_MID, true)}.`,
      key: 'allocation',
      xFrom: 0,
      xTo: X_FINAL,
      xInterval: 10,
      yAxis: { name: 'GPU allocation (% of capacity)', min: 0, max: 100 },
    }),
    lineFigure(w, ids, {
      heading: `GPU allocation, zoom on x ∈ [${ZOOM_X[0]}, ${ZOOM_X[1]}]`,
      ariaLabel: `Line chart: GPU allocation (%) versus arrived workload from ${ZOOM_X[0]} to ${ZOOM_X[1]} % on ${name}, ${nPol} policies.`,
      caption: `Zoom of the full-range allocation chart (as in Fig. 9(a) of the paper). Median allocation at x = ${zoomTo} (highest first): ${ranking(w.policies, 'allocation', zoomTo, true)}.`,
      key: 'allocation',
      xFrom: ZOOM_X[0],
      xTo: ZOOM_X[1],
      xInterval: 5,
      yAxis: { name: 'GPU allocation (% of capacity)', ...zoomAxis },
    }),
  ];
}

/** How a fragmentation chart names its curve: in its heading, its label, its caption and on its y axis. */
interface FragmentationWords {
  heading: string;
  measure: string;
  caption: string;
  yAxisName: string;
}

/** One fragmentation curve over the full range; lower is better. */
function fragmentationFigure(
  w: WorkloadAgg,
  ids: ChartIds,
  key: 'fragAmount' | 'fragRatio',
  words: FragmentationWords,
): Figure {
  const { name, nPol, bandNote } = wording(w);
  return lineFigure(w, ids, {
    heading: words.heading,
    ariaLabel: `Line chart: ${words.measure} versus arrived workload (%) on ${name}, ${nPol} policies, median with 25–75 % band.`,
    caption: `${bandNote} Median ${words.caption} at x = ${X_MID} (lowest first): ${ranking(w.policies, key, X_MID, false)}.`,
    key,
    xFrom: 0,
    xTo: X_FINAL,
    xInterval: 10,
    yAxis: { name: words.yAxisName, min: 0 },
  });
}

/** Fragmentation amount and ratio over the full range. */
export function fragmentationFigures(w: WorkloadAgg, ids: ChartIds): Figure[] {
  return [
    fragmentationFigure(w, ids, 'fragAmount', {
      heading: 'Fragmentation amount vs arrived workload',
      measure: 'fragmented GPU capacity (% of cluster capacity)',
      caption: 'fragmentation amount',
      yAxisName: 'Fragmented GPU (% of capacity)',
    }),
    fragmentationFigure(w, ids, 'fragRatio', {
      heading: 'Fragmentation ratio vs arrived workload',
      measure: 'fragmentation ratio (fragmented / idle GPU, %)',
      caption: 'fragmentation ratio',
      yAxisName: 'Fragmented / idle GPU (%)',
    }),
  ];
}
