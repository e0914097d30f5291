/**
 * @module report/plan-pareto
 * The frontier of total cost against facility power: the cheapest plan under each power cap, drawn at the power
 * it actually draws (points joined in order of power, infeasible caps left out) with the site's cap marked, and a
 * table of every cap tried, infeasible ones included, with the mix each buys in the last quarter.
 */
import { type ChartIds, figureHtml } from './experiment-figure.js';
import { dataTable } from './html-table.js';
import { formatGrouped, formatMW, formatUsd } from './number-format.js';
import type { ParetoPoint, PlanPareto } from './plan-report-input.js';
import { renderLineChartSvg } from './svg-chart.js';

type FeasiblePoint = ParetoPoint & { objectiveUsd: number; peakFacilityMW: number };

const feasible = (p: ParetoPoint): p is FeasiblePoint =>
  p.status === 'optimal' && p.objectiveUsd !== null && p.peakFacilityMW !== null;

export function paretoFigure(pareto: PlanPareto, ids: ChartIds): string {
  const id = ids.next();
  const points = pareto.points.filter(feasible).sort((a, b) => a.peakFacilityMW - b.peakFacilityMW);
  const svg = renderLineChartSvg({
    id,
    ariaLabel: 'Total cost of ownership against peak facility power, one point per power cap',
    describedBy: `${id}-cap`,
    width: 720,
    height: 340,
    xAxis: { name: 'Peak facility power (MW)' },
    yAxis: { name: 'Total cost (million USD)' },
    series: [
      {
        name: 'cheapest plan',
        color: '#0b57a4',
        symbols: true,
        points: points.map((p) => [p.peakFacilityMW, p.objectiveUsd / 1e6] as const),
      },
    ],
    markers:
      pareto.siteCapMW === null
        ? []
        : [{ x: pareto.siteCapMW, label: `site cap ${formatMW(pareto.siteCapMW)}` }],
    legend: false,
  });
  const left = pareto.points.length - points.length;
  const caption =
    `${formatGrouped(points.length)} feasible plan${points.length === 1 ? '' : 's'}` +
    (left > 0 ? ` (${formatGrouped(left)} infeasible cap${left === 1 ? '' : 's'} left out)` : '') +
    `; the least power any plan needs is ${formatMW(pareto.minFeasibleMW)}, the cheapest plan with no cap ` +
    `draws ${formatMW(pareto.uncappedMW)}` +
    (pareto.siteCapMW === null ? '; the site has no cap.' : `; the dashed line is the site’s cap.`);
  return figureHtml(
    { svg, caption, captionId: `${id}-cap`, heading: 'Total cost against facility power' },
    true,
  );
}

export function paretoTable(pareto: PlanPareto, chips: readonly string[]): string {
  return dataTable(
    ['Power cap', 'Status', 'Total cost', 'Capital', 'Energy', 'Peak facility power', ...chips],
    pareto.points.map((p) => [
      formatMW(p.powerCapMW),
      p.status,
      formatUsd(p.objectiveUsd),
      formatUsd(p.capitalUsd),
      formatUsd(p.energyUsd),
      formatMW(p.peakFacilityMW),
      ...chips.map((c) => (p.status === 'optimal' ? formatGrouped(p.nodesOwned[c] ?? 0) : '—')),
    ]),
    `Every power cap tried (${pareto.method}); the chip columns are nodes owned in the last quarter.`,
  );
}
