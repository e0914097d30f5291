/**
 * @module report/experiment-bar-figure
 * The experiment report's overview bar chart (analogue of Figs. 11–14 of the FGD paper): per workload and
 * policy the GPU capacity left unallocated at x = 100, mean ± SD over seeds, and a caption saying which policy
 * leaves the least on how many workloads.
 */
import { escapeHtml } from './page.js';
import { renderBarChartSvg, type BarSeriesSpec } from './svg-chart.js';
import { byteCompare, type PolicyAgg, type PolicyStyle, type WorkloadAgg } from './experiment-aggregate.js';
import { ChartIds, type Figure } from './experiment-figure.js';
import { X_MID } from './experiment-input.js';

/** One bar series per policy: 100 − mean allocation at x = 100 per workload, the SD as whiskers. */
function unallocatedSeries(
  workloads: readonly WorkloadAgg[],
  policies: readonly PolicyStyle[],
): BarSeriesSpec[] {
  return policies.map((style) => {
    const values: (number | null)[] = [];
    const errors: (number | null)[] = [];
    for (const w of workloads) {
      const p = w.policies.find((q) => q.label === style.label);
      values.push(p && p.at100.n > 0 ? 100 - p.at100.mean : null);
      errors.push(p && p.at100.n > 1 ? p.at100.sd : null);
    }
    return { name: style.display, color: style.color, values, errors };
  });
}

/** "FGD on 5 of 7, BestFit on 2 of 7": which policy leaves the least capacity unallocated on how many workloads. */
function winsText(workloads: readonly WorkloadAgg[]): string {
  const wins = new Map<string, number>();
  for (const w of workloads) {
    let best: PolicyAgg | null = null;
    for (const p of w.policies)
      if (p.at100.n > 0 && (best === null || p.at100.mean > best.at100.mean)) best = p;
    if (best) wins.set(best.display, (wins.get(best.display) ?? 0) + 1);
  }
  return [...wins.entries()]
    .sort((a, b) => b[1] - a[1] || byteCompare(a[0], b[0]))
    .map(([d, n]) => `${escapeHtml(d)} on ${n} of ${workloads.length}`)
    .join(', ');
}

export function crossBarFigure(
  workloads: readonly WorkloadAgg[],
  policies: readonly PolicyStyle[],
  ids: ChartIds,
): Figure {
  const id = ids.next();
  const captionId = `${id}-desc`;
  const width = Math.max(900, Math.min(1360, 160 + workloads.length * policies.length * 12));
  const svg = renderBarChartSvg({
    id,
    ariaLabel: `Grouped bar chart: unallocated GPU capacity (100 − allocation at x = ${X_MID}, %) for ${workloads.length} workloads and ${policies.length} policies, mean ± SD over seeds.`,
    describedBy: captionId,
    width,
    height: 440,
    categories: workloads.map((w) => w.short),
    categoryLabelRotate: workloads.length > 6 ? 30 : 0,
    xAxisName: 'Workload',
    yAxis: { name: `Unallocated GPU at x = ${X_MID} (%)`, min: 0, unit: '%' },
    series: unallocatedSeries(workloads, policies),
  });
  return {
    svg,
    captionId,
    heading: `Unallocated GPU capacity at x = ${X_MID} per workload (Figs. 11–14 analogue)`,
    caption:
      `Bars: mean over seeds of (100 − GPU allocation at x = ${X_MID}), whiskers: ± sample SD; lower is better. ` +
      `Lowest bar: ${winsText(workloads) || 'no data'}.`,
  };
}
