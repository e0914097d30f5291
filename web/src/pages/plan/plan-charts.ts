/**
 * The Plan page's charts as ECharts options: nodes owned per chip and quarter (stacked bars), capital and energy
 * per quarter (stacked bars), and the Pareto frontier of total cost against the facility power cap, with the
 * site's cap marked as a vertical line.
 */
import { categoryColor, COST_COLORS } from '../../charts/colors.js';
import { fmt, fmtInt } from '../../components/format.js';
import { costPerQuarter, mixSeries, paretoPoints, quarterLabels } from './plan-series.js';
import type { Plan, PlanPareto } from './plan-types.js';

/** The site's power cap on the frontier. */
const SITE_CAP_COLOR = '#c0392b';

/** Vertical bars, one stack per quarter. */
function quarterBars(
  quarters: string[],
  series: { name: string; color: string; data: number[] }[],
  axis: string,
  format: (v: number) => string,
) {
  return {
    tooltip: { trigger: 'axis', valueFormatter: format },
    legend: { top: 0, type: 'scroll' },
    grid: { left: 72, right: 16, top: 36, bottom: 28 },
    xAxis: { type: 'category', data: quarters },
    yAxis: { type: 'value', name: axis },
    series: series.map((s) => ({ ...s, type: 'bar', stack: 'total' })),
  };
}

export function mixOption(plan: Plan) {
  return quarterBars(
    quarterLabels(plan.quarters),
    mixSeries(plan).map((s, i) => ({ ...s, color: categoryColor(i) })),
    'nodes owned',
    (v) => fmtInt(v),
  );
}

export function costOption(plan: Plan) {
  const cost = costPerQuarter(plan);
  return quarterBars(
    quarterLabels(plan.quarters),
    [
      { name: 'capital', color: COST_COLORS.capital, data: cost.capital },
      { name: 'energy', color: COST_COLORS.energy, data: cost.energy },
    ],
    'USD',
    (v) => `${fmtInt(v)} USD`,
  );
}

/** Cost against the power cap; the site's cap (when the demand has one) as a vertical dashed line. */
export function paretoOption(pareto: PlanPareto) {
  const { frontier } = paretoPoints(pareto);
  const cap = pareto.siteCapMW;
  return {
    tooltip: { trigger: 'item', valueFormatter: (v: number) => fmtInt(v) },
    legend: { top: 0 },
    grid: { left: 96, right: 24, top: 36, bottom: 40 },
    xAxis: {
      type: 'value',
      name: 'facility power cap (MW)',
      nameLocation: 'middle',
      nameGap: 26,
      scale: true,
      // The axis reaches the site's cap even where the frontier stops short of it.
      ...(cap === null
        ? {}
        : {
            min: (extent: { min: number }) => Math.min(extent.min, cap),
            max: (extent: { max: number }) => Math.max(extent.max, cap),
          }),
    },
    yAxis: { type: 'value', name: 'total cost (USD)', scale: true },
    series: [
      {
        name: 'total cost',
        type: 'line',
        color: categoryColor(0),
        symbolSize: 7,
        data: frontier,
        // A mark line spans the whole plot, however flat the frontier.
        ...(cap === null
          ? {}
          : {
              markLine: {
                symbol: 'none',
                silent: true,
                lineStyle: { type: 'dashed', color: SITE_CAP_COLOR },
                label: { formatter: `site cap ${fmt(cap, 2)} MW` },
                data: [{ xAxis: cap }],
              },
            }),
      },
    ],
  };
}
