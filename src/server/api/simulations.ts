/**
 * @module server/api/simulations
 * Simulation runs over REST: what can be run here, submitting a run (the FGD paper protocol or a fleet over time,
 * with the same option schemas as `hyperfleet experiment` and `hyperfleet run`), the runs kept, one run with its
 * result, and its downloads (JSON, CSV). The result schemas are the wire shape of the simulator's results; a
 * compile-time check keeps them equal to sim's interfaces.
 */
import { z } from 'zod';
import { PAPER_POLICIES, PaperPolicy, POLICY_NAMES } from '../../policies/index.js';
import {
  type GridResult as SimGridResult,
  PaperExperimentOptions,
  SyntheticWorkload,
  type TimeSimResult,
  TimeRunOptions,
} from '../../sim/index.js';
import { apiRoute } from './route-contract.js';
import type { Expect, SameShape } from './type-equality.js';

// ---------------------------------------------------------------------------------------------------------------
// Requests.

/** A paper run: the options of `hyperfleet experiment` on one workload. */
export const PaperBody = PaperExperimentOptions.extend({
  kind: z.literal('paper'),
  workload: z
    .string()
    .regex(/^[a-z0-9]+$/, 'expected a trace name such as default or synthetic')
    .default('default')
    .describe('an openb pod list name (default, gpushare40, …) or synthetic (the built-in openb-like trace)'),
});

/** A time run: the options of `hyperfleet run` on an example or inline fleet and a synthetic workload. */
export const TimeBody = TimeRunOptions.extend({
  kind: z.literal('time'),
  fleet: z
    .union([
      z.string().regex(/^[A-Za-z0-9._-]+$/, 'expected an example fleet name'),
      z.record(z.string(), z.unknown()),
    ])
    .describe("an example fleet's name (mixed-10k) or an inline fleet document (the fleet-file schema)"),
  workload: z
    .union([SyntheticWorkload, z.string().startsWith('synthetic:', 'expected synthetic:pods=N,days=D')])
    .describe(
      'a synthetic workload fitted to the openb default trace, as hyperfleet run --workload synthetic:…',
    ),
});

export const SimulationBody = z.discriminatedUnion('kind', [PaperBody, TimeBody]);
export type SimulationRequest = z.output<typeof SimulationBody>;
export type PaperRequest = z.output<typeof PaperBody>;
export type TimeRequest = z.output<typeof TimeBody>;

export const IdParam = z.object({ id: z.string() });
export const CsvQuery = z.object({ kind: z.enum(['allo', 'frag', 'fragratio']).optional() });

// ---------------------------------------------------------------------------------------------------------------
// Results.

const curve = z.array(z.number()).describe('index = arrived workload in % of GPU capacity (0..130)');

/** One grid cell: what `hyperfleet simulate --json` prints, plus its workload. */
export const GridResult = z.strictObject({
  workload: z.string(),
  policy: z.enum(POLICY_NAMES),
  seed: z.number().int(),
  tune: z.number(),
  totalGpus: z.number().int(),
  pods: z.number().int(),
  placedPods: z.number().int(),
  failedPods: z.number().int(),
  neverFitPods: z.number().int(),
  allocation: curve,
  fragAmount: curve,
  fragRatio: curve,
  elapsedMs: z.number(),
});

export const PaperPolicySummary = z.strictObject({
  policy: PaperPolicy,
  label: z.string(),
  seeds: z.number().int(),
  allocationAt100: z.number().describe('means over seeds'),
  allocationAt130: z.number(),
  fragAmountAt100: z.number(),
  fragRatioAt100: z.number(),
  failedPods: z.number(),
  paperAt100: z.number().optional().describe("the paper's published mean, when the trace is the real one"),
  paperAt130: z.number().optional(),
  curves: z.strictObject({ allocation: curve, fragAmount: curve, fragRatio: curve }),
});
export type PaperPolicySummary = z.output<typeof PaperPolicySummary>;

export const PaperSimulationResult = z.strictObject({
  kind: z.literal('paper'),
  workload: z.string(),
  trace: z.string(),
  synthetic: z.boolean(),
  tune: z.number(),
  seeds: z.array(z.number().int()),
  policies: z.array(PaperPolicy),
  summary: z.array(PaperPolicySummary),
  runs: z.array(GridResult).describe('every grid cell'),
  wallMs: z.number(),
});
export type PaperSimulationResult = z.output<typeof PaperSimulationResult>;

export const Percentiles = z.strictObject({
  p50: z.number(),
  p95: z.number(),
  p99: z.number(),
  mean: z.number(),
  count: z.number().int(),
});

export const DeviceHours = z.strictObject({
  total: z.number(),
  allocated: z.number(),
  stranded: z.number().describe('free but unusable by the typical workload (fragmented)'),
  idle: z.number().describe('free and usable'),
});

/** One policy's run of a time simulation (sim's TimeSimResult) and its workload's description. */
export const TimeRunSummary = z.strictObject({
  policy: z.enum(POLICY_NAMES),
  seed: z.number().int(),
  devices: z.number().int(),
  pods: z.number().int(),
  placed: z.number().int(),
  rejected: z.number().int(),
  rejections: z.record(z.string(), z.number()),
  preemptions: z.number().int(),
  horizonSec: z.number(),
  deviceHours: DeviceHours,
  energyKWh: z.number(),
  costUsd: z.number().nullable().describe('capital + energy, USD; null when a pool has no price (unknown)'),
  capitalUsd: z
    .number()
    .nullable()
    .describe('amortised capital and rent over the span, USD; null when a pool has no price (unknown)'),
  energyUsd: z.number(),
  unpricedPools: z
    .array(z.string())
    .describe('pools priced neither by the fleet file nor the catalog: the costs including them are null'),
  queueDelaySec: Percentiles,
  jctSec: Percentiles,
  perModel: z.record(
    z.string(),
    z.strictObject({
      devices: z.number().int(),
      deviceHours: DeviceHours,
      energyKWh: z.number(),
      costUsd: z.number().nullable().describe('null when a pool of this model has no price'),
    }),
  ),
  perTeam: z.record(z.string(), z.strictObject({ deviceHours: z.number(), pods: z.number().int() })),
  timeline: z.strictObject({
    sampleSec: z.number(),
    tSec: z.array(z.number()),
    allocationPct: z.record(z.string(), z.array(z.number())),
  }),
  elapsedMs: z.number(),
  workload: z.string(),
});
export type TimeRunSummary = z.output<typeof TimeRunSummary>;

export const TimeSimulationResult = z.strictObject({
  kind: z.literal('time'),
  fleet: z.string(),
  workload: z.string(),
  assumptions: z.array(z.string()),
  runs: z.array(TimeRunSummary),
  wallMs: z.number(),
});
export type TimeSimulationResult = z.output<typeof TimeSimulationResult>;

export const SimulationResult = z.discriminatedUnion('kind', [PaperSimulationResult, TimeSimulationResult]);
export type SimulationResult = z.output<typeof SimulationResult>;

export const RunStatus = z.enum(['queued', 'running', 'done', 'failed']);
export type RunStatus = z.output<typeof RunStatus>;

/** The state of a long run of this service (a simulation, a plan), as the run queue keeps it. */
export const RUN_STATE_FIELDS = {
  id: z.string(),
  status: RunStatus,
  progress: z.number().min(0).max(1),
  stage: z.string().optional().describe('what is running now, in words'),
  createdAt: z.string(),
  finishedAt: z.string().optional(),
};

/** A run as listed: without its result. */
export const SimulationRun = z.strictObject({
  ...RUN_STATE_FIELDS,
  kind: z.enum(['paper', 'time']),
  title: z.string().describe('short text for lists'),
  request: SimulationBody.describe('the request, with every default filled in'),
  error: z.string().optional(),
});

/** One run with its result, once it has one. */
export const SimulationRunDetail = SimulationRun.extend({ result: SimulationResult.optional() });
export type SimulationRunDetail = z.output<typeof SimulationRunDetail>;

export const SimulationOptions = z.strictObject({
  policies: z.strictObject({ paper: z.array(z.enum(PAPER_POLICIES)), time: z.array(z.enum(POLICY_NAMES)) }),
  workloads: z.array(z.strictObject({ name: z.string(), synthetic: z.boolean() })),
  defaultTraceIsSynthetic: z.boolean(),
  fleets: z.array(z.string()).describe('example fleets'),
  timeWorkloadAvailable: z
    .boolean()
    .describe('whether the openb default trace a synthetic workload is fitted to is here'),
  limits: z.strictObject({
    paperCells: z.number().int(),
    timePods: z.number().int(),
    timeDevices: z.number().int(),
  }),
  genaiDir: z.string().optional().describe('the shared Alibaba GenAI trace, if present'),
});

// The wire shapes equal the simulator's interfaces: a field added, removed or retyped on either side fails here.
export type GridResultMatchesSim = Expect<SameShape<z.output<typeof GridResult>, SimGridResult>>;
export type TimeRunMatchesSim = Expect<
  SameShape<z.output<typeof TimeRunSummary>, TimeSimResult & { workload: string }>
>;

// ---------------------------------------------------------------------------------------------------------------
// Routes.

export const simulationRoutes = {
  options: apiRoute({
    method: 'GET',
    url: '/v1/simulations/options',
    tag: 'simulations',
    summary: 'What can be run here: traces found on this machine, example fleets, policies, limits',
    responses: { 200: SimulationOptions },
  }),
  submit: apiRoute({
    method: 'POST',
    url: '/v1/simulations',
    tag: 'simulations',
    summary: 'Queue a paper run or a time run (its Location is the run)',
    body: SimulationBody,
    responses: { 202: z.strictObject({ id: z.string(), status: RunStatus }) },
  }),
  list: apiRoute({
    method: 'GET',
    url: '/v1/simulations',
    tag: 'simulations',
    summary: 'Every run kept, newest first, without results',
    responses: { 200: z.strictObject({ simulations: z.array(SimulationRun) }) },
  }),
  get: apiRoute({
    method: 'GET',
    url: '/v1/simulations/:id',
    tag: 'simulations',
    summary: 'One run: status, progress and, once done, its result',
    params: IdParam,
    responses: { 200: SimulationRunDetail },
    refusals: [404],
  }),
  json: apiRoute({
    method: 'GET',
    url: '/v1/simulations/:id/json',
    tag: 'simulations',
    summary: 'Download a finished run with its result (JSON)',
    params: IdParam,
    responses: { 200: { contentType: 'application/json', schema: SimulationRunDetail } },
    refusals: [404, 409],
  }),
  csv: apiRoute({
    method: 'GET',
    url: '/v1/simulations/:id/csv',
    tag: 'simulations',
    summary:
      "Download a finished run as CSV: the paper's layout (?kind=allo|frag|fragratio), or one row per policy",
    params: IdParam,
    querystring: CsvQuery,
    responses: { 200: { contentType: 'text/csv; charset=utf-8', schema: z.string() } },
    refusals: [404, 409],
  }),
};
