/**
 * @module plan/check/plan-check
 * Proof of a plan by simulation, iterated: simulate every inference service in every quarter on the chosen fleet
 * ({@link checkService}) and replay every training line's jobs through the time simulator on the nodes the plan
 * gives it ({@link checkTraining}); if a service misses its SLO on a chip, find by simulation the highest
 * requests/s one node of that chip serves within the SLO (a bisection on the same seeded node) and lower the chip's
 * capacity for the service to it; if a training line misses its quarter, lower each chip's capacity for the line to
 * what one node delivered within the quarter; and solve again — until every check holds or
 * {@link MAX_CHECK_ITERATIONS} solves were made. Every iteration is reported: the capacities it used, each
 * service's attainment, percentiles and p-value, each training line's delivery, makespan and waits, and the nodes
 * it added over the one before.
 */
import type { Catalog } from '../../catalog/index.js';
import type { Demand, InferenceLine } from '../demand/demand.js';
import type { NodeServingModel } from '../inference-capacity.js';
import type { PlanModel } from '../optimiser/plan-model.js';
import type { PlanResult } from '../optimiser/plan-result.js';
import {
  checkService,
  SERVING_WINDOW,
  simulateNode,
  type ChipServiceCheck,
  type ServiceCheck,
} from './service-check.js';
import type { PaperPolicyName } from '../../policies/index.js';
import {
  checkTraining,
  DEFAULT_TRAINING_POLICY,
  trainingShortages,
  type TrainingCapacityChange,
  type TrainingCheck,
} from './training-check.js';
import { SLICE_DEVICES } from './training-simulation.js';

/** Solves made at most, the first included. */
export const MAX_CHECK_ITERATIONS = 5;
/** Halvings of the bisection for a node's simulated capacity: within 1/2^6 < 2 % of the rate that failed. */
const BISECTION_STEPS = 6;

/** A chip's capacity for a service lowered to what the simulation showed one node serves. */
export interface CapacityChange {
  readonly service: string;
  readonly accelerator: string;
  readonly fromRequestsPerSec: number;
  readonly toRequestsPerSec: number;
}

export interface CheckIteration {
  /** 1 for the plan as first solved. */
  readonly iteration: number;
  readonly status: PlanResult['status'];
  readonly objectiveUsd: number | null;
  /** Requests/s per node the solve used, per service and chip. */
  readonly capacity: Readonly<Record<string, Readonly<Record<string, number>>>>;
  /** Nodes bought over the horizon per chip, minus the iteration before (all of them for the first). */
  readonly nodesAdded: Readonly<Record<string, number>>;
  readonly services: readonly ServiceCheck[];
  readonly training: readonly TrainingCheck[];
  /** Capacities lowered for the next solve (empty when every check held, or at the last iteration). */
  readonly changes: readonly CapacityChange[];
  /** Reference device-hours per node the solve used, per training line and chip. */
  readonly trainingCapacity: Readonly<Record<string, Readonly<Record<string, number>>>>;
  /** Training capacities lowered for the next solve, as `changes` for services. */
  readonly trainingChanges: readonly TrainingCapacityChange[];
}

export interface PlanCheck {
  readonly verdict: 'meets' | 'fails';
  readonly seed: number;
  readonly windowSec: number;
  readonly maxRequestsPerNode: number;
  /** The last iteration's checks: the plan returned. */
  readonly services: readonly ServiceCheck[];
  readonly training: readonly TrainingCheck[];
  /** The placement policy training jobs were replayed with. */
  readonly trainingPolicy: PaperPolicyName;
  /** Devices a training slice holds at most (larger shares are simulated scaled down, see `scale`). */
  readonly trainingSliceDevices: number;
  readonly iterations: readonly CheckIteration[];
  /** What the check simplifies, in words. */
  readonly method: readonly string[];
}

export interface PlanCheckInput {
  readonly demand: Demand;
  readonly catalog: Catalog;
  readonly model: PlanModel;
  readonly result: PlanResult;
  /** The chosen layout of a chip for a service as the simulation runs it (undefined: it serves none). */
  readonly servingModel: (
    chip: { accelerator: string; devicesPerNode: number },
    line: InferenceLine,
  ) => NodeServingModel | undefined;
  readonly solve: (model: PlanModel) => Promise<PlanResult>;
  readonly seed: number;
  /** Placement policy of the training replay (default {@link DEFAULT_TRAINING_POLICY}). */
  readonly policy?: PaperPolicyName;
  readonly maxIterations?: number;
}

export const CHECK_METHOD: readonly string[] = [
  `Inference: each chip's share of a service's peak requests/s replayed as Poisson arrivals on one representative node (an even split across its nodes), ${SERVING_WINDOW.seconds} simulated seconds or ${SERVING_WINDOW.maxRequests} requests per node, continuous batching per replica with join-shortest-queue dispatch, every request run to completion.`,
  `Training: each line's share of each chip per quarter, rounded to whole devices (full nodes plus one partial node), replayed through the time simulator with a seeded synthetic backlog submitted at the quarter's start — whole-device jobs of 1 to one node's devices (probability proportional to size; gangs larger than a node are not modelled), log-uniform 12–168 h on the reference chip (at most a quarter of the quarter on the slowest chip given), totalling the line's demand (for a line given as a workload, its per-quarter device-hours: the workload's own pods are not replayed) — placed by the chosen policy with backfill at the catalog speed for the line's kind; the quarter holds when every job ends within 2190 h. Shares over ${SLICE_DEVICES} devices are simulated as a proportional slice (every chip's devices and the demand times the factor given as scale), figures scaled back. The capacity sum (devices × 2190 h × speed × utilisation) must hold too.`,
];

/**
 * Checks `input.result` by simulation, re-solving with simulated capacities until it holds; returns the last plan
 * and the programme it solved.
 */
export async function checkPlan(
  input: PlanCheckInput,
): Promise<{ result: PlanResult; model: PlanModel; check: PlanCheck }> {
  const max = input.maxIterations ?? MAX_CHECK_ITERATIONS;
  const iterations: CheckIteration[] = [];
  let model = input.model;
  let result = input.result;
  let previous: PlanResult | undefined;
  for (let it = 1; ; it++) {
    const services = result.status === 'optimal' ? checkServices(input, model, result) : [];
    const training =
      result.status === 'optimal'
        ? checkTraining({
            lines: input.demand.training,
            catalog: input.catalog,
            result,
            policy: input.policy ?? DEFAULT_TRAINING_POLICY,
            seed: input.seed,
          })
        : [];
    const holds =
      result.status === 'optimal' &&
      services.every((s) => s.verdict === 'meets') &&
      training.every((t) => t.verdict === 'meets');
    const stop = holds || it >= max || result.status !== 'optimal';
    const changes = stop ? [] : shortages(input, model, services);
    const trainingChanges = stop ? [] : trainingShortages(training, model);
    iterations.push({
      iteration: it,
      status: result.status,
      objectiveUsd: result.objectiveUsd,
      capacity: lineCapacities(input.demand.inference, model),
      nodesAdded: nodesAdded(result, previous),
      services,
      training,
      changes,
      trainingCapacity: lineCapacities(input.demand.training, model),
      trainingChanges,
    });
    if (changes.length === 0 && trainingChanges.length === 0) {
      return {
        result,
        model,
        check: {
          verdict: holds ? 'meets' : 'fails',
          seed: input.seed,
          windowSec: SERVING_WINDOW.seconds,
          maxRequestsPerNode: SERVING_WINDOW.maxRequests,
          services,
          training,
          trainingPolicy: input.policy ?? DEFAULT_TRAINING_POLICY,
          trainingSliceDevices: SLICE_DEVICES,
          iterations,
          method: CHECK_METHOD,
        },
      };
    }
    model = withCapacities(model, [
      ...changes.map((c) => ({ line: c.service, accelerator: c.accelerator, to: c.toRequestsPerSec })),
      ...trainingChanges.map((c) => ({ line: c.line, accelerator: c.accelerator, to: c.toDeviceHours })),
    ]);
    previous = result;
    result = await input.solve(model);
  }
}

function checkServices(input: PlanCheckInput, model: PlanModel, result: PlanResult): ServiceCheck[] {
  const out: ServiceCheck[] = [];
  input.demand.inference.forEach((line, s) => {
    const assignment = result.assignment.find((a) => a.line === line.name);
    for (let q = 0; q < result.quarters; q++) {
      const shares = (assignment?.chips ?? [])
        .filter((c) => c.nodes[q] > 1e-9)
        .flatMap((c) => {
          const chip = model.chips.find((m) => m.accelerator === c.accelerator);
          const serving = chip && input.servingModel(chip, line);
          if (!chip || !serving) return [];
          const capacityPerNode = chip.capacity[line.name] ?? 0;
          return [
            { accelerator: c.accelerator, nodes: c.nodes[q], served: c.served[q], capacityPerNode, serving },
          ];
        });
      out.push(checkService(line, q, shares, (a) => seedFor(input, model, q, s, a)));
    }
  });
  return out;
}

/** A seed per (quarter, service, chip), so each simulation has its own stream and the same one every run. */
function seedFor(
  input: PlanCheckInput,
  model: PlanModel,
  q: number,
  service: number,
  accelerator: string,
): number {
  const chip = model.chips.findIndex((c) => c.accelerator === accelerator);
  return input.seed + 1009 * (q * input.demand.inference.length + service) + chip;
}

/**
 * For each (service, chip) that failed in some quarter: the highest requests/s one node serves within the SLO, by
 * bisection below the lowest rate that failed (with the seed of that run), once per pair whatever the quarters.
 */
function shortages(
  input: PlanCheckInput,
  model: PlanModel,
  services: readonly ServiceCheck[],
): CapacityChange[] {
  const worst = new Map<string, { check: ServiceCheck; chip: ChipServiceCheck }>();
  for (const s of services) {
    for (const c of s.chips) {
      const key = `${s.service}\u0000${c.accelerator}`;
      const before = worst.get(key);
      if (!c.meets && (!before || c.requestsPerSecPerNode < before.chip.requestsPerSecPerNode))
        worst.set(key, { check: s, chip: c });
    }
  }
  return [...worst.values()].flatMap(({ check, chip: c }) => {
    const s = input.demand.inference.findIndex((l) => l.name === check.service);
    const line = input.demand.inference[s];
    const chip = model.chips.find((m) => m.accelerator === c.accelerator);
    const serving = chip && input.servingModel(chip, line);
    if (!serving) return [];
    const seed = seedFor(input, model, check.quarter, s, c.accelerator);
    let lo = 0;
    let hi = c.requestsPerSecPerNode;
    for (let k = 0; k < BISECTION_STEPS; k++) {
      const mid = (lo + hi) / 2;
      if (simulateNode(serving, line, mid, seed).meets) lo = mid;
      else hi = mid;
    }
    return [
      {
        service: check.service,
        accelerator: c.accelerator,
        fromRequestsPerSec: c.capacityPerNode,
        toRequestsPerSec: Math.min(lo, c.capacityPerNode),
      },
    ];
  });
}

/** `model` with the capacity of each (line, chip) in `changes` set to `to`. */
function withCapacities(
  model: PlanModel,
  changes: readonly { line: string; accelerator: string; to: number }[],
): PlanModel {
  return {
    ...model,
    chips: model.chips.map((chip) => {
      const mine = changes.filter((c) => c.accelerator === chip.accelerator);
      if (mine.length === 0) return chip;
      const capacity = { ...chip.capacity };
      for (const c of mine) capacity[c.line] = c.to;
      return { ...chip, capacity };
    }),
  };
}

/** What one node of each chip serves of each of `lines` in the solve of `model`. */
function lineCapacities(
  lines: readonly { readonly name: string }[],
  model: PlanModel,
): Record<string, Record<string, number>> {
  return Object.fromEntries(
    lines.map((line) => [
      line.name,
      Object.fromEntries(model.chips.map((c) => [c.accelerator, c.capacity[line.name] ?? 0])),
    ]),
  );
}

function nodesAdded(result: PlanResult, previous: PlanResult | undefined): Record<string, number> {
  const total = (r: PlanResult | undefined, id: string) =>
    r?.chips.find((c) => c.accelerator === id)?.nodesBought.reduce((a, b) => a + b, 0) ?? 0;
  return Object.fromEntries(
    result.chips.map((c) => [c.accelerator, total(result, c.accelerator) - total(previous, c.accelerator)]),
  );
}
