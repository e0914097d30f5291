/**
 * @module server/api/plans
 * Plans over REST (issue 14): submitting a demand — the demand file's fields as JSON, validated by the plan
 * pillar's own schema, with `existing` as an inline fleet document — and one plan with, once done, the object
 * `hyperfleet plan --json` prints. A compile-time check keeps the result schema equal to the plan pillar's
 * interface.
 */
import { z } from 'zod';
import { PAPER_POLICIES } from '../../policies/index.js';
import {
  DEFAULT_TRAINING_POLICY,
  DemandRequestSchema,
  PLAN_RUN_DEFAULTS,
  PLAN_SOLVE_DEFAULTS,
  type PlanCheck as PillarPlanCheck,
  type PlanPhase as PillarPlanPhase,
  type PlanRun as PlanRunResult,
} from '../../plan/index.js';
import { apiRoute } from './route-contract.js';
import { IdParam, RUN_STATE_FIELDS, RunStatus } from './simulations.js';
import type { Expect, SameShape } from './type-equality.js';

/** Longest a solve may run here: the CLI takes any positive limit, this service its own share of the cores. */
export const MAX_PLAN_TIME_LIMIT_SEC = 600;
/** The check's seed and the frontier's points unless a request sets them: the pillar's, as the CLI's defaults. */
const {
  checkSeed: PLAN_CHECK_SEED,
  paretoPoints: PLAN_PARETO_POINTS,
  maxParetoPoints: MAX_PARETO_POINTS,
} = PLAN_RUN_DEFAULTS;

// ---------------------------------------------------------------------------------------------------------------
// Requests.

const GAP = 'a fraction between 0 and 1 (exclusive; 0.1 % is 0.001)';
const TIME_LIMIT = `seconds per solve, more than 0 and at most ${MAX_PLAN_TIME_LIMIT_SEC}`;
const SEED = 'a whole number ≥ 0';
const PARETO = `0 (no frontier) or a whole number of points between 2 and ${MAX_PARETO_POINTS}`;

export const PlanBody = z.strictObject({
  demand: DemandRequestSchema.describe(
    'the demand and constraints, as a demand file (docs/cli.md#demand-files) in JSON; existing is an inline fleet',
  ),
  gap: z
    .number({ error: GAP })
    .gt(0, { error: GAP })
    .lt(1, { error: GAP })
    .default(PLAN_SOLVE_DEFAULTS.mipRelGap)
    .describe('relative MIP gap at which a plan counts as optimal, as hyperfleet plan --gap'),
  timeLimitSec: z
    .number({ error: TIME_LIMIT })
    .gt(0, { error: TIME_LIMIT })
    .max(MAX_PLAN_TIME_LIMIT_SEC, { error: TIME_LIMIT })
    .default(PLAN_SOLVE_DEFAULTS.timeLimitSec)
    .describe('seconds the solver may spend on each solve, as hyperfleet plan --time-limit'),
  check: z
    .boolean({ error: 'true or false' })
    .default(true)
    .describe(
      'prove the plan by simulation (serving SLOs, training coverage), solving again until it holds; false ' +
        'skips it, as hyperfleet plan --no-check',
    ),
  seed: z
    .int({ error: SEED })
    .min(0, { error: SEED })
    .default(PLAN_CHECK_SEED)
    .describe('seed of the simulation check, as hyperfleet plan --seed'),
  checkPolicy: z
    .enum(PAPER_POLICIES, { error: `one of ${PAPER_POLICIES.join(', ')}` })
    .default(DEFAULT_TRAINING_POLICY)
    .describe('placement policy of the check’s training replay, as hyperfleet plan --check-policy'),
  scenarios: z
    .array(z.string({ error: 'a scenario name' }).min(1, { error: 'a scenario name' }), {
      error: "a list of the demand's scenario names",
    })
    .max(100, { error: 'at most 100 scenario names' })
    .optional()
    .describe(
      "the demand's scenarios to plan too, by name (absent: all of them; []: none), as hyperfleet plan --scenario",
    ),
  paretoPoints: z
    .int({ error: PARETO })
    .min(0, { error: PARETO })
    .max(MAX_PARETO_POINTS, { error: PARETO })
    .refine((n) => n !== 1, { error: PARETO })
    .default(PLAN_PARETO_POINTS)
    .describe('points of the frontier of cost against facility power (0: none), as hyperfleet plan --pareto'),
});
export type PlanRequest = z.output<typeof PlanBody>;

// ---------------------------------------------------------------------------------------------------------------
// Results: the object `hyperfleet plan --json` prints.

const perQuarter = z.array(z.number()).describe('one entry per quarter');
const kind = z.enum(['powerCap', 'budgetTotal', 'budgetQuarter', 'supply', 'racks', 'price', 'capacity']);
const verdict = z.enum(['meets', 'fails']);

/** A service simulated in one quarter (and on each chip serving it). */
const ServiceCheck = z.strictObject({
  quarter: z.number().int(),
  service: z.string(),
  peakRequestsPerSec: z.number(),
  percentile: z.number(),
  requests: z.number().int().describe('requests simulated'),
  attainment: z.number().describe('share of requests meeting both TTFT and TPOT, 0..1'),
  ttftSec: z.number().describe("worst chip's TTFT at the percentile"),
  tpotSec: z.number().describe("worst chip's TPOT at the percentile"),
  pValue: z.number(),
  verdict,
  chips: z.array(
    z.strictObject({
      accelerator: z.string(),
      nodes: z.number(),
      requestsPerSecPerNode: z.number(),
      capacityPerNode: z.number(),
      requests: z.number().int(),
      attainment: z.number(),
      ttftSec: z.number(),
      tpotSec: z.number(),
      pValue: z.number(),
      meets: z.boolean(),
    }),
  ),
});

/** A training line in one quarter: the capacity sum, and its jobs replayed in the time simulator. */
const TrainingCheck = z.strictObject({
  quarter: z.number().int(),
  line: z.string(),
  demandDeviceHours: z.number(),
  deliveredDeviceHours: z.number(),
  coverage: z.number(),
  verdict: verdict.describe('the capacity sum and the simulation both'),
  capacityVerdict: verdict,
  simulation: z.strictObject({
    verdict,
    policy: z.enum(PAPER_POLICIES),
    seed: z.number().int(),
    scale: z.number().describe('share of the plan the slice simulated is (1: all of it)'),
    jobs: z.number().int(),
    rejected: z.number().int(),
    deliveredDeviceHours: z.number(),
    makespanHours: z.number(),
    waitHours: z.strictObject({ mean: z.number(), p95: z.number() }),
    utilisation: z.number(),
    chips: z.array(
      z.strictObject({
        accelerator: z.string(),
        devices: z.number(),
        simulatedDevices: z.number(),
        deliveredDeviceHours: z.number(),
        deliveredPerNode: z.number(),
      }),
    ),
  }),
});

/** The proof of a plan by simulation: the last plan's checks and every solve that led to it. */
const PlanCheck = z.strictObject({
  verdict,
  seed: z.number().int(),
  windowSec: z.number(),
  maxRequestsPerNode: z.number().int(),
  services: z.array(ServiceCheck),
  training: z.array(TrainingCheck),
  trainingPolicy: z.enum(PAPER_POLICIES),
  trainingSliceDevices: z.number().int(),
  iterations: z.array(
    z.strictObject({
      iteration: z.number().int(),
      status: z.enum(['optimal', 'infeasible']),
      objectiveUsd: z.number().nullable(),
      capacity: z
        .record(z.string(), z.record(z.string(), z.number()))
        .describe('service → chip → requests/s per node the solve used'),
      nodesAdded: z.record(z.string(), z.number()),
      services: z.array(ServiceCheck),
      training: z.array(TrainingCheck),
      changes: z.array(
        z.strictObject({
          service: z.string(),
          accelerator: z.string(),
          fromRequestsPerSec: z.number(),
          toRequestsPerSec: z.number(),
        }),
      ),
      trainingCapacity: z
        .record(z.string(), z.record(z.string(), z.number()))
        .describe('training line → chip → reference device-hours per node the solve used'),
      trainingChanges: z.array(
        z.strictObject({
          line: z.string(),
          accelerator: z.string(),
          fromDeviceHours: z.number(),
          toDeviceHours: z.number(),
        }),
      ),
    }),
  ),
  method: z.array(z.string()).describe('what the check simplifies, in words'),
});
export type PlanCheckMatchesPlan = Expect<SameShape<z.output<typeof PlanCheck>, PillarPlanCheck>>;

/** The fields of one plan: the plan as written, and each scenario's. */
const PLAN_FIELDS = {
  status: z.enum(['optimal', 'infeasible']),
  objectiveUsd: z
    .number()
    .nullable()
    .describe('total cost of ownership over the horizon; null when infeasible'),
  capitalUsd: z.number().nullable(),
  energyUsd: z.number().nullable(),
  quarters: z.number().int(),
  chips: z.array(
    z.strictObject({
      accelerator: z.string(),
      devicesPerNode: z.number().int(),
      existingNodes: z.number().int(),
      nodesBought: perQuarter,
      nodesOwned: perQuarter,
      perNode: z.strictObject({
        capitalUsd: z.number().nullable().describe('null: no price known, so the plan did not buy it'),
        energyUsdPerQuarter: z.number(),
        facilityKw: z.number(),
        capacity: z
          .record(z.string(), z.number())
          .describe('demand line → what one node serves, in its unit'),
      }),
    }),
  ),
  assignment: z.array(
    z.strictObject({
      line: z.string(),
      unit: z.string(),
      demand: perQuarter,
      chips: z.array(z.strictObject({ accelerator: z.string(), nodes: perQuarter, served: perQuarter })),
    }),
  ),
  facilityMW: perQuarter,
  capitalSpentUsd: perQuarter,
  racksUsed: perQuarter
    .nullable()
    .describe('racks the owned nodes fill per quarter; null without site.racks'),
  amortisedCostUsdPerQuarter: perQuarter
    .nullable()
    .describe(
      'capital of the nodes bought so far written off over 4 × site.amortisationYears quarters, + energy; null when infeasible',
    ),
  amortisedCostUsd: z.number().nullable().describe('Σ of amortisedCostUsdPerQuarter; null when infeasible'),
  binding: z.array(
    z.strictObject({
      constraint: kind,
      quarter: z.number().int().optional(),
      accelerator: z.string().optional(),
      limit: z.number(),
      unit: z.string(),
      step: z.number(),
      priceUsd: z.number(),
      description: z.string(),
    }),
  ),
  reasons: z
    .array(
      z.strictObject({
        constraint: kind,
        quarter: z.number().int().optional(),
        accelerator: z.string().optional(),
        line: z.string().optional(),
        limit: z.number(),
        needs: z.number(),
        unit: z.string(),
        message: z.string(),
      }),
    )
    .describe('with status infeasible: the constraints that make it so, and by how much'),
  unpriced: z.array(z.strictObject({ accelerator: z.string(), field: z.string(), message: z.string() })),
  solver: z.strictObject({
    name: z.literal('HiGHS'),
    version: z.string(),
    mipRelGap: z.number(),
    seconds: z.number(),
  }),
  demandFile: z.string().describe('demand.json for a demand sent over REST'),
  existingFile: z.string().optional(),
  inference: z.array(
    z.strictObject({
      line: z.string(),
      accelerator: z.string(),
      devicesPerNode: z.number().int(),
      requestsPerSecPerNode: z.number(),
      perfModelRequestsPerSecPerNode: z
        .number()
        .optional()
        .describe("set when the simulation check lowered the capacity: the performance model's figure"),
      tensorParallel: z.number().int().optional(),
      replicas: z.number().int().optional(),
      batch: z.number().optional(),
      ttftSec: z.number().optional(),
      tpotSec: z.number().optional(),
      best: z.strictObject({ ttftSec: z.number(), tpotSec: z.number() }).optional(),
      reason: z.string().optional(),
    }),
  ),
  assumptions: z.array(z.string()),
  check: PlanCheck.optional().describe('the proof by simulation, unless the request set check: false'),
};

const ParetoFrontier = z.strictObject({
  method: z.string(),
  minFeasibleMW: z.number().nullable().describe('the least facility MW any plan meeting the demand needs'),
  uncappedMW: z.number().nullable().describe('the peak facility MW of the cheapest plan with no power cap'),
  siteCapMW: z.number().nullable(),
  points: z
    .array(
      z.strictObject({
        powerCapMW: z.number(),
        status: z.enum(['optimal', 'infeasible']),
        objectiveUsd: z.number().nullable(),
        capitalUsd: z.number().nullable(),
        energyUsd: z.number().nullable(),
        peakFacilityMW: z.number().nullable(),
        nodesOwned: z.record(z.string(), z.number()).describe('per chip, in the last quarter'),
      }),
    )
    .describe('by increasing cap; the last is the uncapped optimum'),
});

export const PlanResult = z.strictObject({
  ...PLAN_FIELDS,
  scenarios: z
    .array(
      z.strictObject({
        ...PLAN_FIELDS,
        name: z.string(),
        description: z.string().optional(),
        changes: z
          .array(z.string())
          .describe('what the scenario changed from the demand as written, in words'),
      }),
    )
    .optional()
    .describe("the demand's scenarios (those the request names), each planned and checked as the plan is"),
  pareto: ParetoFrontier.optional().describe('total cost against facility power, when paretoPoints is not 0'),
});

// The wire shape equals the plan pillar's interface: a field added, removed or retyped on either side fails here.
export type PlanResultMatchesPlan = Expect<SameShape<z.output<typeof PlanResult>, PlanRunResult>>;

// ---------------------------------------------------------------------------------------------------------------
// Progress: the phases `hyperfleet plan` prints a line for.

export const PlanPhase = z.enum([
  'reading',
  'performance model',
  'solving',
  'pricing',
  'explaining',
  'checking',
  're-solving',
  'scenario',
  'pareto',
]);
const phaseDetail = z
  .string()
  .optional()
  .describe("the phase's detail: the scenario's name of a scenario phase");
export type PlanPhaseMatchesPlan = Expect<SameShape<z.output<typeof PlanPhase>, PillarPlanPhase>>;

/** One plan: its state and, once done, its result. */
export const PlanRun = z.strictObject({
  ...RUN_STATE_FIELDS,
  phase: PlanPhase.optional().describe('the phase running now (while running)'),
  phaseDetail,
  phases: z
    .array(z.strictObject({ phase: PlanPhase, detail: phaseDetail, seconds: z.number().min(0) }))
    .describe(
      'the phases finished so far, in order, with the seconds each took (the check repeats re-solving and ' +
        'solving); all of them once the plan is done',
    ),
  request: PlanBody.describe('the request, with every default filled in'),
  error: z
    .string()
    .optional()
    .describe('why the run failed: a demand refused while planning (no chip meets an SLO, a missing price)'),
  result: PlanResult.optional().describe('once done; an infeasible demand is done, with status infeasible'),
});
export type PlanRun = z.output<typeof PlanRun>;

// ---------------------------------------------------------------------------------------------------------------
// Routes.

export const planRoutes = {
  submit: apiRoute({
    method: 'POST',
    url: '/v1/plans',
    tag: 'plans',
    summary: 'Queue a plan of a demand (its Location is the plan)',
    body: PlanBody,
    responses: { 202: z.strictObject({ id: z.string(), status: RunStatus }) },
    refusals: [503],
  }),
  get: apiRoute({
    method: 'GET',
    url: '/v1/plans/:id',
    tag: 'plans',
    summary: 'One plan: status and, once done, the object hyperfleet plan --json prints',
    params: IdParam,
    responses: { 200: PlanRun },
    refusals: [404],
  }),
};
