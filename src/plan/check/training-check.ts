/**
 * @module plan/check/training-check
 * The check of a plan's training lines, quarter by quarter: the capacity sum ({@link trainingCoverage}) and the
 * replay of the line's jobs through the time simulator on the nodes the plan gives it ({@link simulateTraining}).
 * An entry meets when both do. Where the simulation misses the quarter, each chip's capacity for the line is lowered
 * to what one of its nodes delivered within the quarter in the simulation, for the plan to be solved again.
 *
 * The nodes a line is replayed on: its nodes' worth of each chip in the plan's assignment, plus its share of the
 * chip's spare time — the whole nodes bought beyond what all lines are assigned (the solver buys whole nodes but
 * assigns fractions), split among the chip's training lines in proportion to their assignment. Inference keeps
 * exactly its assigned share; the simulation then rounds each share to whole devices.
 */
import { getAccelerator, type Catalog } from '../../catalog/index.js';
import type { PaperPolicyName } from '../../policies/index.js';
import type { TrainingLine } from '../demand/demand.js';
import type { PlanModel } from '../optimiser/plan-model.js';
import type { PlanResult } from '../optimiser/plan-result.js';
import { trainingSpeed } from '../perf/training-speed.js';
import { trainingCoverage, type TrainingCoverage } from './training-coverage.js';
import { simulateTraining, type TrainingSimulation } from './training-simulation.js';

/** The placement policy training jobs are replayed with unless told otherwise (see docs/cli.md). */
export const DEFAULT_TRAINING_POLICY: PaperPolicyName = 'bestfit';

export interface TrainingCheck extends TrainingCoverage {
  /** The capacity sum's verdict alone (`verdict` asks the simulation too). */
  readonly capacityVerdict: 'meets' | 'fails';
  readonly simulation: TrainingSimulation;
}

/** A chip's capacity for a training line lowered to what one node delivered in the simulation. */
export interface TrainingCapacityChange {
  readonly line: string;
  readonly accelerator: string;
  readonly fromDeviceHours: number;
  readonly toDeviceHours: number;
}

export interface TrainingCheckInput {
  readonly lines: readonly TrainingLine[];
  readonly catalog: Catalog;
  readonly result: PlanResult;
  readonly policy: PaperPolicyName;
  readonly seed: number;
}

export function checkTraining(input: TrainingCheckInput): TrainingCheck[] {
  const { lines, catalog, result } = input;
  const spare = spareTraining(lines, result);
  return trainingCoverage(lines, result, catalog).map((coverage) => {
    const l = lines.findIndex((x) => x.name === coverage.line);
    const line = lines[l];
    const q = coverage.quarter;
    const reference = getAccelerator(catalog, line.reference);
    const shares = (result.assignment.find((a) => a.line === line.name)?.chips ?? [])
      .filter((c) => c.nodes[q] > 1e-9)
      .map((c) => ({
        accelerator: c.accelerator,
        devicesPerNode: result.chips.find((r) => r.accelerator === c.accelerator)?.devicesPerNode ?? 0,
        nodes: c.nodes[q] * (1 + (spare.get(`${q}\u0000${c.accelerator}`) ?? 0)),
        speed: trainingSpeed(getAccelerator(catalog, c.accelerator), reference, line.kind),
      }))
      .filter((s) => s.devicesPerNode > 0);
    const simulation = simulateTraining({
      line: line.name,
      quarter: q,
      demandDeviceHours: coverage.demandDeviceHours,
      shares,
      policy: input.policy,
      // Its own stream per (quarter, line), the same every run.
      seed: input.seed + 7919 * (q * lines.length + l) + 1,
    });
    return {
      ...coverage,
      verdict: coverage.verdict === 'meets' && simulation.verdict === 'meets' ? 'meets' : 'fails',
      capacityVerdict: coverage.verdict,
      simulation,
    };
  });
}

/**
 * Per (quarter, chip): the spare nodes (owned − assigned to any line) over the nodes assigned to training lines —
 * the factor by which each training line's share of the chip grows when it takes its part of the spare time.
 */
function spareTraining(lines: readonly TrainingLine[], result: PlanResult): Map<string, number> {
  const training = new Set(lines.map((l) => l.name));
  const out = new Map<string, number>();
  for (const chip of result.chips) {
    for (let q = 0; q < result.quarters; q++) {
      let assigned = 0;
      let toTraining = 0;
      for (const a of result.assignment) {
        const nodes = a.chips.find((c) => c.accelerator === chip.accelerator)?.nodes[q] ?? 0;
        assigned += nodes;
        if (training.has(a.line)) toTraining += nodes;
      }
      const spare = chip.nodesOwned[q] - assigned;
      if (spare > 1e-9 && toTraining > 1e-9) out.set(`${q}\u0000${chip.accelerator}`, spare / toTraining);
    }
  }
  return out;
}

/**
 * For each (line, chip) whose simulation missed a quarter: the lowest reference device-hours one node delivered
 * within a missed quarter, where it is below the capacity the solve used.
 */
export function trainingShortages(
  checks: readonly TrainingCheck[],
  model: PlanModel,
): TrainingCapacityChange[] {
  const lowest = new Map<string, TrainingCapacityChange>();
  for (const t of checks) {
    if (t.simulation.verdict === 'meets') continue;
    for (const c of t.simulation.chips) {
      const from = model.chips.find((m) => m.accelerator === c.accelerator)?.capacity[t.line] ?? 0;
      const key = `${t.line}\u0000${c.accelerator}`;
      const before = lowest.get(key);
      if (
        c.simulatedDevices > 0 &&
        c.deliveredPerNode < from * (1 - 1e-6) &&
        (!before || c.deliveredPerNode < before.toDeviceHours)
      )
        lowest.set(key, {
          line: t.line,
          accelerator: c.accelerator,
          fromDeviceHours: from,
          toDeviceHours: c.deliveredPerNode,
        });
    }
  }
  return [...lowest.values()];
}
