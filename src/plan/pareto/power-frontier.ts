/**
 * @module plan/pareto/power-frontier
 * The Pareto frontier of total cost against facility power: what each MW of site power is worth. The programme is
 * solved without a power cap (the cheapest plan, and the most power it ever wants), then with a cap of 0 to learn the
 * least power any plan needs (the infeasibility analysis relaxes the cap and reports what it must be), then at caps
 * spread evenly between the two. Cost can only fall as the cap rises; a point is on the frontier because every plan
 * at a lower power costs more. Budget and supply limits stay as they are, so the frontier is the one this site can
 * actually reach.
 */
import type { PlanModel } from '../optimiser/plan-model.js';
import type { PlanResult } from '../optimiser/plan-result.js';

export interface ParetoPoint {
  readonly powerCapMW: number;
  readonly status: PlanResult['status'];
  readonly objectiveUsd: number | null;
  readonly capitalUsd: number | null;
  readonly energyUsd: number | null;
  /** The most facility MW the plan draws in any quarter (≤ the cap). */
  readonly peakFacilityMW: number | null;
  /** Nodes owned per chip in the last quarter. */
  readonly nodesOwned: Readonly<Record<string, number>>;
}

export interface ParetoFrontier {
  readonly method: string;
  /** The least facility MW any plan meeting the demand needs (null: even an unlimited cap does not help). */
  readonly minFeasibleMW: number | null;
  /** The peak facility MW of the cheapest plan with no power cap. */
  readonly uncappedMW: number | null;
  /** The demand's own cap, for reference. */
  readonly siteCapMW: number | null;
  /** By increasing cap; the last is the uncapped optimum. */
  readonly points: readonly ParetoPoint[];
}

/** A cap this much above the least power needed: the analysis' figure is exact to the solver's tolerance only. */
const ABOVE_MINIMUM = 1e-6;
/** Powers this close (relative) are one point: the solver's tolerance, not a trade-off. */
const SAME_POWER = 1e-4;

export async function powerFrontier(
  model: PlanModel,
  solve: (model: PlanModel) => Promise<PlanResult>,
  points: number,
  /** The caller's own solve of `model` when it has no power cap: the frontier's last point, not solved again. */
  uncapped?: PlanResult,
): Promise<ParetoFrontier> {
  const { powerCapMW: siteCap, ...free } = model;
  const method =
    `${points} caps evenly spread from the least facility power any plan needs to the peak of the cheapest ` +
    'uncapped plan, each solved to the same gap with the same capacities (those the simulation check settled on, ' +
    'not checked again per point); budget and supply limits as in the demand.';
  const cheapest = uncapped !== undefined && siteCap === undefined ? uncapped : await solve(free);
  const base = { method, siteCapMW: siteCap ?? null };
  if (cheapest.status !== 'optimal') return { ...base, minFeasibleMW: null, uncappedMW: null, points: [] };
  const uncappedMW = Math.max(...cheapest.facilityMW);
  const zero = await solve({ ...free, powerCapMW: 0 });
  const minimum =
    zero.status === 'optimal' ? 0 : (zero.reasons.find((r) => r.constraint === 'powerCap')?.needs ?? null);
  // No trade-off to show when the cheapest plan already draws the least power: one point.
  if (minimum === null || uncappedMW - minimum <= uncappedMW * SAME_POWER)
    return { ...base, minFeasibleMW: minimum, uncappedMW, points: [point(uncappedMW, cheapest)] };
  const low = Math.min(uncappedMW, minimum * (1 + ABOVE_MINIMUM));
  const n = Math.max(points, 2);
  const caps = Array.from({ length: n - 1 }, (_, k) => low + ((uncappedMW - low) * k) / (n - 1));
  const out: ParetoPoint[] = [];
  for (const cap of caps) out.push(point(cap, await solve({ ...free, powerCapMW: cap })));
  out.push(point(uncappedMW, cheapest));
  return { ...base, minFeasibleMW: minimum, uncappedMW, points: out };
}

function point(cap: number, r: PlanResult): ParetoPoint {
  const last = r.quarters - 1;
  return {
    powerCapMW: cap,
    status: r.status,
    objectiveUsd: r.objectiveUsd,
    capitalUsd: r.capitalUsd,
    energyUsd: r.energyUsd,
    peakFacilityMW: r.status === 'optimal' ? Math.max(...r.facilityMW) : null,
    nodesOwned: Object.fromEntries(r.chips.map((c) => [c.accelerator, c.nodesOwned[last] ?? 0])),
  };
}
