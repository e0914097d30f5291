/**
 * @module report/plan-quarter-figures
 * The plan's two charts over quarters: the mix (nodes owned per chip, stacked, so the height is the fleet and each
 * colour a chip) and the money (capital spent and energy, stacked, so the height is what the quarter costs). Chips
 * keep one colour across the page, in the order the plan lists them.
 */
import type { PlanRun } from '../plan/index.js';
import { type ChartIds, figureHtml } from './experiment-figure.js';
import { seriesColor } from './palette.js';
import { energyUsdPerQuarter } from './plan-report-input.js';
import { renderBarChartSvg } from './svg-chart.js';

/** One colour per chip: the plan's chips in order, then any other a scenario or the frontier names. */
export function chipColours(plans: readonly PlanRun[], more: readonly string[] = []): Map<string, string> {
  const ids = [...new Set([...plans.flatMap((p) => p.chips.map((c) => c.accelerator)), ...more])];
  return new Map(ids.map((id, i) => [id, seriesColor(i)]));
}

/** A coloured square before a chip's name, matching its colour in the charts. */
export function chipSwatch(colour: string | undefined): string {
  return colour ? `<span class="swatch" style="background:${colour}" aria-hidden="true"></span>` : '';
}

export const quarterNames = (plan: PlanRun) => Array.from({ length: plan.quarters }, (_, q) => `Q${q}`);

export function mixFigure(plan: PlanRun, colours: Map<string, string>, ids: ChartIds): string {
  const id = ids.next();
  const svg = renderBarChartSvg({
    id,
    ariaLabel: 'Nodes owned per chip in each quarter (stacked)',
    describedBy: `${id}-cap`,
    width: 720,
    height: 320,
    categories: quarterNames(plan),
    xAxisName: 'Quarter',
    yAxis: { name: 'Nodes owned', min: 0 },
    series: plan.chips.map((c) => ({
      name: c.accelerator,
      color: colours.get(c.accelerator) ?? seriesColor(0),
      // No bar (not a zero-height one) where a chip owns nothing.
      values: c.nodesOwned.map((n) => (n > 0 ? n : null)),
    })),
    legend: true,
    stacked: true,
  });
  const caption =
    'Each bar is the fleet owned in a quarter (existing nodes and every node bought so far), split by chip; ' +
    'the table below gives the counts.';
  return figureHtml({ svg, caption, captionId: `${id}-cap`, heading: 'Nodes owned per quarter' });
}

export function costFigure(plan: PlanRun, ids: ChartIds): string {
  const id = ids.next();
  const million = (v: number) => v / 1e6;
  const svg = renderBarChartSvg({
    id,
    ariaLabel: 'Capital spent and energy cost per quarter, million USD (stacked)',
    describedBy: `${id}-cap`,
    width: 720,
    height: 320,
    categories: quarterNames(plan),
    xAxisName: 'Quarter',
    yAxis: { name: 'Million USD', min: 0 },
    series: [
      { name: 'capital', color: '#0b57a4', values: plan.capitalSpentUsd.map(million) },
      { name: 'energy', color: '#d55e00', values: energyUsdPerQuarter(plan).map(million) },
    ],
    legend: true,
    stacked: true,
  });
  const caption =
    'Capital is cash at purchase (as budgets count it); energy is every owned node’s power for the quarter at ' +
    'the site’s PUE and electricity price.';
  return figureHtml({ svg, caption, captionId: `${id}-cap`, heading: 'Cost per quarter' });
}
