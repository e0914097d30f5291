/**
 * @module server/api/plans
 * Plans over REST (issue 14): submitting a demand — the demand file's fields as JSON, validated by the plan
 * pillar's own schema, with `existing` as an inline fleet document — and one plan with, once done, the object
 * `hyperfleet plan --json` prints. A compile-time check keeps the result schema equal to the plan pillar's
 * interface.
 */
import { z } from 'zod';
import { DemandRequestSchema, PLAN_SOLVE_DEFAULTS, type PlanRun as PlanRunResult } from '../../plan/index.js';
import { apiRoute } from './route-contract.js';
import { IdParam, RUN_STATE_FIELDS, RunStatus } from './simulations.js';
import type { Expect, SameShape } from './type-equality.js';

/** Longest a solve may run here: the CLI takes any positive limit, this service its own share of the cores. */
export const MAX_PLAN_TIME_LIMIT_SEC = 600;

// ---------------------------------------------------------------------------------------------------------------
// Requests.

const GAP = 'a fraction between 0 and 1 (exclusive; 0.1 % is 0.001)';
const TIME_LIMIT = `seconds per solve, more than 0 and at most ${MAX_PLAN_TIME_LIMIT_SEC}`;

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
});
export type PlanRequest = z.output<typeof PlanBody>;

// ---------------------------------------------------------------------------------------------------------------
// Results: the object `hyperfleet plan --json` prints.

const perQuarter = z.array(z.number()).describe('one entry per quarter');
const kind = z.enum(['powerCap', 'budgetTotal', 'budgetQuarter', 'supply', 'racks', 'price', 'capacity']);

export const PlanResult = z.strictObject({
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
});

// The wire shape equals the plan pillar's interface: a field added, removed or retyped on either side fails here.
export type PlanResultMatchesPlan = Expect<SameShape<z.output<typeof PlanResult>, PlanRunResult>>;

/** One plan: its state and, once done, its result. */
export const PlanRun = z.strictObject({
  ...RUN_STATE_FIELDS,
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
