/**
 * @module plan/check/plan-check
 * Proof of a plan by simulation, iterated: simulate every inference service in every quarter on the chosen fleet
 * ({@link checkService}) and check the training lines' coverage ({@link trainingCoverage}); if a service misses
 * its SLO on a chip, find by simulation the highest requests/s one node of that chip serves within the SLO (a
 * bisection on the same seeded node), lower the chip's capacity for the service to it, and solve again — until
 * every check holds or {@link MAX_CHECK_ITERATIONS} solves were made. Every iteration is reported: the capacities
 * it used, each service's attainment, percentiles and p-value, and the nodes it added over the one before.
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
import { trainingCoverage, type TrainingCoverage } from './training-coverage.js';

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
  readonly training: readonly TrainingCoverage[];
  /** Capacities lowered for the next solve (empty when every check held, or at the last iteration). */
  readonly changes: readonly CapacityChange[];
}

export interface PlanCheck {
  readonly verdict: 'meets' | 'fails';
  readonly seed: number;
  readonly windowSec: number;
  readonly maxRequestsPerNode: number;
  /** The last iteration's checks: the plan returned. */
  readonly services: readonly ServiceCheck[];
  readonly training: readonly TrainingCoverage[];
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
  readonly maxIterations?: number;
}

export const CHECK_METHOD: readonly string[] = [
  `Inference: each chip's share of a service's peak requests/s replayed as Poisson arrivals on one representative node (an even split across its nodes), ${SERVING_WINDOW.seconds} simulated seconds or ${SERVING_WINDOW.maxRequests} requests per node, continuous batching per replica with join-shortest-queue dispatch, every request run to completion.`,
  'Training: a capacity sum (device-hours the assigned nodes deliver at the catalog speed), not a run of the time simulator; jobs are treated as divisible across owned nodes.',
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
      result.status === 'optimal' ? trainingCoverage(input.demand.training, result, input.catalog) : [];
    const holds =
      result.status === 'optimal' &&
      services.every((s) => s.verdict === 'meets') &&
      training.every((t) => t.verdict === 'meets');
    const changes =
      holds || it >= max || result.status !== 'optimal' ? [] : shortages(input, model, services);
    iterations.push({
      iteration: it,
      status: result.status,
      objectiveUsd: result.objectiveUsd,
      capacity: inferenceCapacities(input.demand, model),
      nodesAdded: nodesAdded(result, previous),
      services,
      training,
      changes,
    });
    if (changes.length === 0) {
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
          iterations,
          method: CHECK_METHOD,
        },
      };
    }
    model = withCapacities(model, changes);
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

function withCapacities(model: PlanModel, changes: readonly CapacityChange[]): PlanModel {
  return {
    ...model,
    chips: model.chips.map((chip) => {
      const mine = changes.filter((c) => c.accelerator === chip.accelerator);
      if (mine.length === 0) return chip;
      const capacity = { ...chip.capacity };
      for (const c of mine) capacity[c.service] = c.toRequestsPerSec;
      return { ...chip, capacity };
    }),
  };
}

function inferenceCapacities(demand: Demand, model: PlanModel): Record<string, Record<string, number>> {
  return Object.fromEntries(
    demand.inference.map((line) => [
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
