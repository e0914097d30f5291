/**
 * The Plan page's pure helpers on real plans (the planner run on the example demand): the form's example equals
 * the example file; the request carries the demand and only the options filled in, and says which field is wrong;
 * the series drawn are the plan's own per-chip and per-quarter figures, and the cost per quarter adds up to the
 * plan's capital, energy and total; the frontier drawn is the optimal points by cap with the site cap marked.
 * (Here rather than beside the code: web/src may not import the planner these tests run.)
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLE_DEMAND } from '../../web/src/pages/plan/example-demand.js';
import { costOption, mixOption, paretoOption } from '../../web/src/pages/plan/plan-charts.js';
import { INITIAL_PLAN_VALUES, planRequest, type PlanOption } from '../../web/src/pages/plan/plan-request.js';
import {
  costPerQuarter,
  finalNodes,
  mixSeries,
  paretoPoints,
  peakFacilityMW,
  quarterLabels,
} from '../../web/src/pages/plan/plan-series.js';
import type { Plan } from '../../web/src/pages/plan/plan-types.js';
import {
  demandWith,
  FIXTURE_SITE_CAP_MW,
  planOf,
  planWithScenariosAndPareto,
  smallDemand,
} from '../support/plan-fixture.js';

let plan: Plan;
let withExtras: Plan;

beforeAll(async () => {
  plan = await planOf(smallDemand());
  withExtras = (await planWithScenariosAndPareto()).plan;
}, 120_000);

describe('the plan form', () => {
  it('starts with examples/plans/small.yaml as JSON', () => {
    expect(JSON.parse(EXAMPLE_DEMAND)).toEqual(smallDemand());
  });

  it('sends the demand and the options filled in, as numbers', () => {
    const request = planRequest(INITIAL_PLAN_VALUES);
    // The form starts at the CLI's defaults: a checked plan with a 5-point frontier.
    expect(request).toEqual({
      body: { demand: smallDemand(), gap: 0.001, timeLimitSec: 60, check: true, seed: 42, paretoPoints: 5 },
    });
    const blank = planRequest({ ...INITIAL_PLAN_VALUES, options: { gap: ' ', timeLimitSec: '30' } });
    expect(blank).toEqual({ body: { demand: smallDemand(), timeLimitSec: 30, check: false } });
  });

  it('says which field is wrong instead of sending it', () => {
    const json = planRequest({ ...INITIAL_PLAN_VALUES, demandText: '{ "quarters": 2,' });
    expect('error' in json && json.error).toMatch(/^demand: not valid JSON \(/);
    const gap = planRequest({ ...INITIAL_PLAN_VALUES, options: { gap: '0,1', timeLimitSec: '60' } });
    expect(gap).toEqual({ error: 'gap: expected a number, got "0,1"' });
  });

  it('sends a box option as a boolean: a new option is one entry of the table', () => {
    const options: PlanOption[] = [{ field: 'check', label: 'Check', initial: 'true', kind: 'boolean' }];
    const on = planRequest({ demandText: '{}', options: { check: 'true' } }, options);
    const off = planRequest({ demandText: '{}', options: { check: 'false' } }, options);
    expect([on, off]).toEqual([
      { body: { demand: {}, check: true } },
      { body: { demand: {}, check: false } },
    ]);
  });
});

describe('the series of a real plan', () => {
  it('draws the nodes each chip owns per quarter, stacked, in the plan’s numbers', () => {
    expect(plan.status).toBe('optimal');
    expect(mixSeries(plan)).toEqual(plan.chips.map((c) => ({ name: c.accelerator, data: c.nodesOwned })));
    const option = mixOption(plan);
    expect(option.xAxis.data).toEqual(['Q0', 'Q1']);
    expect(option.series.map((s) => [s.name, s.data, s.stack])).toEqual(
      plan.chips.map((c) => [c.accelerator, c.nodesOwned, 'total']),
    );
    // Some chip is bought: the figures are not all zero.
    expect(plan.chips.some((c) => c.nodesOwned.some((n) => n > 0))).toBe(true);
  });

  it('splits the cost per quarter into capital and energy that add up to the plan’s totals', () => {
    const cost = costPerQuarter(plan);
    const sum = (xs: number[]) => xs.reduce((s, x) => s + x, 0);
    expect(cost.capital).toEqual(plan.capitalSpentUsd);
    expect(sum(cost.capital)).toBeCloseTo(plan.capitalUsd!, 4);
    expect(sum(cost.energy)).toBeCloseTo(plan.energyUsd!, 4);
    expect(sum(cost.capital) + sum(cost.energy)).toBeCloseTo(plan.objectiveUsd!, 4);
    expect(costOption(plan).series.map((s) => s.data)).toEqual([cost.capital, cost.energy]);
  });

  it('reads the peak power and the final mix, and has none for an infeasible plan', async () => {
    expect(peakFacilityMW(plan)).toBe(Math.max(...plan.facilityMW));
    expect(peakFacilityMW(plan)).toBeGreaterThan(0);
    expect(finalNodes(plan)).toEqual(
      Object.fromEntries(plan.chips.map((c) => [c.accelerator, c.nodesOwned[plan.quarters - 1]])),
    );
    const infeasible = await planOf(demandWith((d) => (d.site.powerCapMW = 0.1)));
    expect(infeasible.status).toBe('infeasible');
    expect(peakFacilityMW(infeasible)).toBeNull();
    expect(quarterLabels(3)).toEqual(['Q0', 'Q1', 'Q2']);
  });

  it('draws the frontier’s optimal points by cap, and the site cap as a vertical line', () => {
    const pareto = withExtras.pareto!;
    const { frontier, infeasibleMW } = paretoPoints({ ...pareto, points: [...pareto.points].reverse() });
    const optimal = pareto.points.filter((p) => p.status === 'optimal');
    expect(optimal.length).toBeGreaterThan(1);
    expect(frontier).toEqual(optimal.map((p) => [p.powerCapMW, p.objectiveUsd]));
    expect(frontier.map(([mw]) => mw)).toEqual([...frontier.map(([mw]) => mw)].sort((a, b) => a - b));
    expect(infeasibleMW).toEqual(
      pareto.points.filter((p) => p.status === 'infeasible').map((p) => p.powerCapMW),
    );
    expect(infeasibleMW.length).toBeGreaterThan(0);
    const option = paretoOption(pareto);
    expect(option.series[0].data).toEqual(frontier);
    expect(option.series[0].markLine?.data).toEqual([{ xAxis: FIXTURE_SITE_CAP_MW }]);
    expect(option.series[0].markLine?.label.formatter).toBe(`site cap ${FIXTURE_SITE_CAP_MW.toFixed(2)} MW`);
    // The axis reaches the cap even beyond the frontier's last point.
    const far = paretoOption({ ...pareto, siteCapMW: 20 }).xAxis as { max: (e: { max: number }) => number };
    expect(far.max({ max: 0.5 })).toBe(20);
    expect(paretoOption({ ...pareto, siteCapMW: null }).series[0].markLine).toBeUndefined();
  });
});
