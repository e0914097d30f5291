/**
 * @module plan/check/training-coverage
 * The check of a plan's training lines: a capacity sum, not a run of the time simulator. For each quarter and
 * line, the reference device-hours the chips given to it deliver are recomputed from the catalog
 * ({@link trainingCapacity}: devices × 2190 h × `relativeSpeed` for the line's kind × utilisation, the time
 * simulator's speed model) and compared with the demand; and no chip may give its lines more nodes' worth of time
 * than it owns. What it does not check: queueing and placement of individual jobs (gang scheduling, fragmentation)
 * — device-hours are treated as divisible across the owned nodes; the replay through the time simulator
 * (training-simulation, combined with this sum in training-check) checks those.
 */
import type { Catalog } from '../../catalog/index.js';
import type { TrainingLine } from '../demand/demand.js';
import type { PlanResult } from '../optimiser/plan-result.js';
import { trainingCapacity } from '../optimiser/training-capacity.js';

export interface TrainingCoverage {
  readonly quarter: number;
  readonly line: string;
  readonly demandDeviceHours: number;
  /** Reference device-hours the plan's share of nodes delivers, recomputed from the catalog. */
  readonly deliveredDeviceHours: number;
  /** delivered / demand (1 when there is no demand). */
  readonly coverage: number;
  readonly verdict: 'meets' | 'fails';
}

/** Slack for the solver's feasibility tolerance on shares (a relative 1e-6). */
const TOLERANCE = 1e-6;

export function trainingCoverage(
  lines: readonly TrainingLine[],
  plan: PlanResult,
  catalog: Catalog,
): TrainingCoverage[] {
  const chipOf = new Map(plan.chips.map((c) => [c.accelerator, c]));
  const out: TrainingCoverage[] = [];
  for (let q = 0; q < plan.quarters; q++) {
    // Every line's share of a chip counts against what it owns, inference lines included.
    const used = new Map<string, number>();
    for (const a of plan.assignment)
      for (const c of a.chips) used.set(c.accelerator, (used.get(c.accelerator) ?? 0) + c.nodes[q]);
    const overdrawn = [...used].some(
      ([id, nodes]) => nodes > (chipOf.get(id)?.nodesOwned[q] ?? 0) * (1 + TOLERANCE) + TOLERANCE,
    );
    for (const line of lines) {
      const demand = line.deviceHours[q];
      const shares = plan.assignment.find((a) => a.line === line.name)?.chips ?? [];
      const delivered = shares.reduce((s, c) => {
        const chip = chipOf.get(c.accelerator);
        return chip ? s + c.nodes[q] * trainingCapacity(catalog, chip, line) : s;
      }, 0);
      const coverage = demand > 0 ? delivered / demand : 1;
      out.push({
        quarter: q,
        line: line.name,
        demandDeviceHours: demand,
        deliveredDeviceHours: delivered,
        coverage,
        verdict: coverage >= 1 - TOLERANCE && !overdrawn ? 'meets' : 'fails',
      });
    }
  }
  return out;
}
