/**
 * @module server/routes/simulations
 * REST routes for simulation runs, used by the web dashboard (and anyone with curl):
 *
 * - `GET  /v1/simulations/options` — what can be run here: openb traces found on this machine, example fleets,
 *   policies;
 * - `POST /v1/simulations` — `{ kind: 'paper', workload, policies, seeds, tune }` (the FGD paper protocol, as
 *   `hyperfleet experiment`) or `{ kind: 'time', fleet, workload, policies, seed, queue, preemption, reference }`
 *   (a fleet over time, as `hyperfleet run`) → `202 { id }`; a bad body is a 400 whose issues name the fields;
 * - `GET  /v1/simulations` — every run kept (newest first, without results);
 * - `GET  /v1/simulations/{id}` — `{ id, status, progress, error?, result? }`;
 * - `GET  /v1/simulations/{id}/json`, `/csv` — downloads (CSV: the paper's layout, `?kind=allo|frag|fragratio`, for
 *   paper runs; one row per policy for time runs).
 *
 * Runs execute one at a time, in submission order, with the same engine functions the CLI calls (paper grid cells
 * through `sim/grid-task`, fleets through `sim/time/time-task`): the numbers are the CLI's numbers. Both run on
 * worker threads (`sim/off-thread`, all cores but one), so the live scheduler on this event loop keeps answering;
 * only under a test runner on the TypeScript sources do they run in this thread. Sizes are capped all the same.
 * A run that fails on bad input keeps that message; one that fails otherwise is logged, and keeps a neutral one.
 */
import { existsSync, readdirSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { randomUUID } from 'node:crypto';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import { z } from 'zod';
import { ErrorCode, InputError, isInputError, refuse, RefusedError } from '../../errors/index.js';
import {
  PAPER_POLICIES,
  paperLabel,
  type PaperPolicyName,
  POLICY_NAMES,
  type PolicyName,
} from '../../policies/index.js';
import {
  formatPaperCsv,
  type GridResult,
  OffThread,
  type PaperCsvKind,
  type PaperRow,
  paperRowOf,
  parseSeeds,
  publishedMeans,
  runTimeTaskOffThread,
  type TimeSimResult,
} from '../../sim/index.js';
import {
  findOpenbFile,
  OPENB_NODE_FILE,
  openbCacheDir,
  openbDir,
  openbPodFile,
  PAPER_WORKLOADS,
  projectRoot,
  sharedTracesDir,
} from '../../traces/index.js';
import { parseBody, parseParameters } from '../rest-schemas.js';
import { measurementRoutes } from './measurements.js';

// ---------------------------------------------------------------------------------------------------------------
// Request bodies.

/** Most grid cells one request may ask for (a paper run is ~0.1–1 s per cell on the openb trace). */
export const MAX_PAPER_CELLS = 200;
/** Largest synthetic workload and fleet a time run may ask for (it runs on the service's thread). */
export const MAX_TIME_PODS = 200_000;
export const MAX_TIME_DEVICES = 200_000;
/** Runs kept in memory; the oldest finished ones are dropped first. */
export const MAX_KEPT_RUNS = 50;

const seedsField = z
  .union([z.string(), z.array(z.number().int()).min(1)])
  .default('42')
  .transform((value, ctx) => {
    if (Array.isArray(value)) return [...new Set(value)];
    try {
      return parseSeeds(value);
    } catch {
      ctx.addIssue({ code: 'custom', message: `expected seeds like 42, 42-51 or 42,45, got "${value}"` });
      return z.NEVER;
    }
  });

const PaperBody = z.object({
  kind: z.literal('paper'),
  /** An openb pod list name (`default`, `gpushare40`, …) or `synthetic` (the built-in openb-like trace). */
  workload: z
    .string()
    .regex(/^[a-z0-9]+$/, 'expected a trace name such as default or synthetic')
    .default('default'),
  policies: z
    .array(z.enum(PAPER_POLICIES))
    .min(1, 'expected at least one policy')
    .default([...PAPER_POLICIES]),
  seeds: seedsField,
  tune: z.number().positive().max(10).default(1.3),
});

const SyntheticWorkload = z.object({
  pods: z.number().int().min(1).max(MAX_TIME_PODS),
  days: z.number().positive().max(365),
  seed: z.number().int().optional(),
});

const TimeBody = z.object({
  kind: z.literal('time'),
  /** An example fleet's name (`mixed-10k`) or an inline fleet document (the fleet-file schema). */
  fleet: z.union([
    z.string().regex(/^[A-Za-z0-9._-]+$/, 'expected an example fleet name'),
    z.record(z.string(), z.unknown()),
  ]),
  /** A synthetic workload fitted to the openb default trace, as `hyperfleet run --workload synthetic:…`. */
  workload: z.union([
    SyntheticWorkload,
    z.string().startsWith('synthetic:', 'expected synthetic:pods=N,days=D'),
  ]),
  policies: z.array(z.enum(POLICY_NAMES)).min(1, 'expected at least one policy').default(['fgd']),
  seed: z.number().int().default(42),
  queue: z.enum(['fifo', 'backfill']).default('backfill'),
  backfillDepth: z.number().int().min(1).default(64),
  preemption: z.boolean().default(false),
  reference: z.string().default('nvidia-a100'),
  fgdWeight: z.number().min(0).max(1).default(0.5),
});

export const SimulationBody = z.discriminatedUnion('kind', [PaperBody, TimeBody]);
export type SimulationRequest = z.output<typeof SimulationBody>;
type PaperRequest = z.output<typeof PaperBody>;
type TimeRequest = z.output<typeof TimeBody>;

const CsvQuery = z.object({ kind: z.enum(['allo', 'frag', 'fragratio']).optional() });

// ---------------------------------------------------------------------------------------------------------------
// Results.

export interface PaperPolicySummary {
  policy: PaperPolicyName;
  label: string;
  seeds: number;
  /** Means over seeds. */
  allocationAt100: number;
  allocationAt130: number;
  fragAmountAt100: number;
  fragRatioAt100: number;
  failedPods: number;
  /** The paper's published means for this trace and policy, when the trace is the real one. */
  paperAt100?: number;
  paperAt130?: number;
  /** Mean curves over seeds, index = arrived workload in % of GPU capacity (0..130). */
  curves: { allocation: number[]; fragAmount: number[]; fragRatio: number[] };
}

export interface PaperSimulationResult {
  kind: 'paper';
  workload: string;
  trace: string;
  synthetic: boolean;
  tune: number;
  seeds: number[];
  policies: PaperPolicyName[];
  summary: PaperPolicySummary[];
  /** Every grid cell: the CLI's `simulate --json` object plus its workload. */
  runs: GridResult[];
  wallMs: number;
}

export type TimeRunSummary = TimeSimResult & { workload: string };

export interface TimeSimulationResult {
  kind: 'time';
  fleet: string;
  workload: string;
  assumptions: string[];
  runs: TimeRunSummary[];
  wallMs: number;
}

export type SimulationResult = PaperSimulationResult | TimeSimulationResult;

export type RunStatus = 'queued' | 'running' | 'done' | 'failed';

export interface SimulationRun {
  id: string;
  kind: 'paper' | 'time';
  /** Short text for lists: `paper synthetic: fgd, bestfit × seeds 42`. */
  title: string;
  status: RunStatus;
  progress: number;
  /** What is running now, in words. */
  stage?: string;
  createdAt: string;
  finishedAt?: string;
  request: SimulationRequest;
  error?: string;
  result?: SimulationResult;
}

// ---------------------------------------------------------------------------------------------------------------
// Where things are.

/** The folder holding both the openb node list and `workload`'s pod list (download cache, then shared copy). */
function openbTraceDir(workload: string): string | undefined {
  const files = [OPENB_NODE_FILE, openbPodFile(workload)];
  return [openbCacheDir(), openbDir()].find(
    (dir): dir is string => dir !== undefined && files.every((f) => existsSync(join(dir, f))),
  );
}

let syntheticDir: Promise<string> | undefined;
/** The demo's built-in synthetic openb-like trace (seed 1), written once to a temporary folder. */
function syntheticTraceDir(): Promise<string> {
  syntheticDir ??= (async () => {
    const { syntheticOpenbTrace, formatOpenbNodes, formatOpenbPods } = await import('../../traces/index.js');
    const dir = await mkdtemp(join(tmpdir(), 'hyperfleet-synthetic-'));
    const { nodes, pods } = syntheticOpenbTrace(1);
    await writeFile(join(dir, OPENB_NODE_FILE), formatOpenbNodes(nodes));
    await writeFile(join(dir, openbPodFile('synthetic')), formatOpenbPods(pods));
    return dir;
  })();
  return syntheticDir;
}

export const SYNTHETIC_TRACE_NOTE =
  'built-in synthetic openb-like trace (seed 1): results are NOT comparable with the paper';

/** The shared copy of the Alibaba GenAI telemetry trace (for the Efficiency page's default), if present. */
function genaiDir(): string | undefined {
  const shared = sharedTracesDir();
  const dir = shared ? join(shared, 'alibaba-genai-v2026') : undefined;
  return dir && existsSync(dir) ? dir : undefined;
}

function examplesDir(): string {
  return join(projectRoot(), 'examples', 'fleets');
}

function exampleFleets(): string[] {
  try {
    return readdirSync(examplesDir())
      .filter((f) => /\.(ya?ml|json)$/.test(f))
      .map((f) => f.replace(/\.(ya?ml|json)$/, ''))
      .sort();
  } catch {
    return [];
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Running.

/** A bad request found before the run is queued (answered 400). */
function badSimulation(field: string, message: string): InputError {
  return new InputError(ErrorCode.InvalidBody, { field, message });
}

interface Prepared {
  title: string;
  run: (report: (progress: number, stage: string) => void) => Promise<SimulationResult>;
}

async function preparePaper(req: PaperRequest, offThread: OffThread): Promise<Prepared> {
  if (req.seeds.length * req.policies.length > MAX_PAPER_CELLS) {
    throw badSimulation(
      'seeds',
      `${req.policies.length} policies × ${req.seeds.length} seeds is more than ${MAX_PAPER_CELLS} runs`,
    );
  }
  let dir = req.workload === 'synthetic' ? undefined : openbTraceDir(req.workload);
  let workload = req.workload;
  let synthetic = false;
  if (!dir) {
    // As `hyperfleet demo`: the default trace falls back to the built-in synthetic one, and says so.
    if (req.workload !== 'default' && req.workload !== 'synthetic') {
      throw badSimulation(
        'workload',
        `openb trace "${req.workload}" not found (run hyperfleet traces fetch openb --files all); ` +
          'use default or synthetic',
      );
    }
    dir = await syntheticTraceDir();
    workload = 'synthetic';
    synthetic = true;
  }
  const traceDir = dir;
  const trace = synthetic ? SYNTHETIC_TRACE_NOTE : `openb ${openbPodFile(workload)} from ${traceDir}`;
  return {
    title: `paper · ${req.workload}${synthetic && req.workload !== 'synthetic' ? ' (synthetic)' : ''} · ${req.policies.join(', ')} · seeds ${seedText(req.seeds)} · tune ${req.tune}`,
    run: async (report) => {
      const t0 = performance.now();
      const { gridTasks, runGridCellOffThread } = await import('../../sim/index.js');
      const spec = {
        tracesDir: traceDir,
        workloads: [workload],
        policies: req.policies,
        seeds: req.seeds,
        tune: req.tune,
      };
      const tasks = gridTasks(spec);
      let done = 0;
      // Off the service's thread: the live scheduler keeps answering while the grid runs.
      const runs: GridResult[] = await Promise.all(
        tasks.map((task) =>
          runGridCellOffThread(offThread, task).then((r) => {
            report(++done / tasks.length, `${r.policy} seed ${r.seed} done`);
            return r;
          }),
        ),
      );
      return {
        kind: 'paper',
        workload,
        trace,
        synthetic,
        tune: req.tune,
        seeds: req.seeds,
        policies: req.policies,
        summary: summarizePaper(`openb_pod_list_${workload}`, req.policies, runs, synthetic),
        runs,
        wallMs: Math.round(performance.now() - t0),
      };
    },
  };
}

function seedText(seeds: readonly number[]): string {
  if (seeds.length > 2 && seeds.every((s, i) => i === 0 || s === seeds[i - 1] + 1))
    return `${seeds[0]}-${seeds[seeds.length - 1]}`;
  return seeds.join(',');
}

function mean(values: readonly number[]): number {
  return values.reduce((s, v) => s + v, 0) / Math.max(1, values.length);
}

/** Pointwise mean of equally long curves. */
function meanCurve(curves: readonly number[][]): number[] {
  if (curves.length === 1) return curves[0];
  return (curves[0] ?? []).map((_, i) => mean(curves.map((c) => c[i])));
}

export function summarizePaper(
  workloadLabel: string,
  policies: readonly PaperPolicyName[],
  runs: readonly GridResult[],
  synthetic: boolean,
): PaperPolicySummary[] {
  const published = synthetic ? undefined : publishedMeans()[workloadLabel];
  return policies.map((policy) => {
    const mine = runs.filter((r) => r.policy === policy);
    const paper = published?.[paperLabel(policy)];
    return {
      policy,
      label: paperLabel(policy),
      seeds: mine.length,
      allocationAt100: mean(mine.map((r) => r.allocation[100])),
      allocationAt130: mean(mine.map((r) => r.allocation[130])),
      fragAmountAt100: mean(mine.map((r) => r.fragAmount[100])),
      fragRatioAt100: mean(mine.map((r) => r.fragRatio[100])),
      failedPods: mean(mine.map((r) => r.failedPods)),
      curves: {
        allocation: meanCurve(mine.map((r) => r.allocation)),
        fragAmount: meanCurve(mine.map((r) => r.fragAmount)),
        fragRatio: meanCurve(mine.map((r) => r.fragRatio)),
      },
      ...(paper ? { paperAt100: paper.at100, paperAt130: paper.at130 } : {}),
    };
  });
}

async function prepareTime(req: TimeRequest, offThread: OffThread): Promise<Prepared> {
  const [{ loadCatalog }, { loadFleetFile, parseFleetText, stringifyFleet, expandFleet }, { fleetSetup }] =
    await Promise.all([
      import('../../catalog/index.js'),
      import('../../fleet/index.js'),
      import('../../sim/index.js'),
    ]);
  const catalog = loadCatalog();
  let fleetName: string;
  let fleet;
  if (typeof req.fleet === 'string') {
    const file = ['.yaml', '.yml', '.json']
      .map((ext) => join(examplesDir(), req.fleet + ext))
      .find((f) => existsSync(f));
    if (!file) {
      throw badSimulation(
        'fleet',
        `no example fleet "${req.fleet}" (have ${exampleFleets().join(', ') || 'none'}); or send a fleet document`,
      );
    }
    fleetName = basename(file);
    fleet = await loadFleetFile(file, catalog);
  } else {
    fleetName = 'inline fleet';
    fleet = parseFleetText(JSON.stringify(req.fleet), 'fleet.json', catalog);
  }
  const expanded = expandFleet(fleet);
  const devices = expanded.pools.reduce((sum, p) => sum + p.nodes * p.devicesPerNode, 0);
  if (devices > MAX_TIME_DEVICES) {
    throw badSimulation(
      'fleet',
      `${devices} devices is more than the ${MAX_TIME_DEVICES} a run here may simulate`,
    );
  }
  const setup = fleetSetup(fleet, expanded, catalog, req.reference, fleetName);
  const synthetic = await import('../../workload/index.js');
  const spec =
    typeof req.workload === 'string'
      ? synthetic.parseSyntheticSpec(req.workload, { seed: req.seed })
      : synthetic.parseSyntheticSpec(
          `synthetic:pods=${req.workload.pods},days=${req.workload.days},seed=${req.workload.seed ?? req.seed}`,
        );
  if (spec.pods > MAX_TIME_PODS) {
    throw badSimulation(
      'workload',
      `${spec.pods} pods is more than the ${MAX_TIME_PODS} a run here may simulate`,
    );
  }
  const statsFile = findOpenbFile(openbPodFile('default'));
  if (!statsFile) {
    throw badSimulation(
      'workload',
      'a synthetic workload is fitted to the openb default trace, which was not found on the server ' +
        '(run hyperfleet traces fetch openb)',
    );
  }
  return {
    title: `time · ${fleetName} · ${spec.pods} pods / ${spec.days} d · ${req.policies.join(', ')} · seed ${req.seed}`,
    run: async (report) => {
      const t0 = performance.now();
      const fleetText = stringifyFleet(fleet);
      const workloadSpec = `synthetic:pods=${spec.pods},days=${spec.days},seed=${spec.seed}`;
      let done = 0;
      report(0, `simulating ${req.policies.join(', ')}`);
      // Off the service's thread, one task per policy (each generates the same seeded workload).
      const results = await Promise.all(
        req.policies.map((policy) =>
          runTimeTaskOffThread(offThread, {
            fleet: fleetText,
            fleetName,
            reference: req.reference,
            workload: workloadSpec,
            statsFile,
            policy: policy as PolicyName,
            seed: req.seed,
            queue: req.queue,
            backfillDepth: req.backfillDepth,
            preemption: req.preemption,
            fgdWeight: req.fgdWeight,
          }).then((r) => {
            report(++done / req.policies.length, `${policy} done`);
            return r;
          }),
        ),
      );
      const workload = results[0]?.workloadDescription ?? workloadSpec;
      const runs: TimeRunSummary[] = results.map(
        ({ workloadDescription: _w, assumptions: _a, ...result }) => ({ ...result, workload }),
      );
      return {
        kind: 'time',
        fleet: fleetName,
        workload,
        assumptions: setup.assumptions,
        runs,
        wallMs: Math.round(performance.now() - t0),
      };
    },
  };
}

/** Runs in memory, one at a time. */
export class SimulationQueue {
  constructor(
    private readonly offThread: OffThread,
    /** Where a run's internal failure is logged (the run itself keeps a neutral message). */
    private readonly log: Pick<FastifyBaseLogger, 'error'>,
  ) {}

  private readonly runs = new Map<string, SimulationRun>();
  private readonly jobs = new Map<string, Prepared>();
  private chain: Promise<void> = Promise.resolve();

  async submit(request: SimulationRequest): Promise<SimulationRun> {
    const prepared =
      request.kind === 'paper'
        ? await preparePaper(request, this.offThread)
        : await prepareTime(request, this.offThread);
    const run: SimulationRun = {
      id: randomUUID().slice(0, 8),
      kind: request.kind,
      title: prepared.title,
      status: 'queued',
      progress: 0,
      createdAt: new Date().toISOString(),
      request,
    };
    this.runs.set(run.id, run);
    this.jobs.set(run.id, prepared);
    this.prune();
    this.chain = this.chain.then(() => this.execute(run));
    return run;
  }

  private async execute(run: SimulationRun): Promise<void> {
    const job = this.jobs.get(run.id);
    if (!job) return;
    run.status = 'running';
    try {
      run.result = await job.run((progress, stage) => {
        run.progress = progress;
        run.stage = stage;
      });
      run.status = 'done';
      run.progress = 1;
      run.stage = undefined;
    } catch (e) {
      run.status = 'failed';
      if (isInputError(e)) run.error = e.message;
      else {
        this.log.error({ err: e, runId: run.id }, `simulation run ${run.id} failed`);
        run.error = `internal error; see the server log (run ${run.id})`;
      }
    } finally {
      run.finishedAt = new Date().toISOString();
      this.jobs.delete(run.id);
    }
  }

  private prune(): void {
    for (const [id, r] of this.runs) {
      if (this.runs.size <= MAX_KEPT_RUNS) break;
      if (r.status === 'done' || r.status === 'failed') this.runs.delete(id);
    }
  }

  get(id: string): SimulationRun | undefined {
    return this.runs.get(id);
  }

  list(): SimulationRun[] {
    return [...this.runs.values()].reverse();
  }

  /** Resolves when every run submitted so far has finished (tests). */
  idle(): Promise<void> {
    return this.chain;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Downloads.

export function paperRows(result: PaperSimulationResult): PaperRow[] {
  return result.runs.map(paperRowOf);
}

const TIME_CSV_COLUMNS: ReadonlyArray<readonly [string, (r: TimeRunSummary) => number | string]> = [
  ['policy', (r) => r.policy],
  ['seed', (r) => r.seed],
  ['devices', (r) => r.devices],
  ['pods', (r) => r.pods],
  ['placed', (r) => r.placed],
  ['rejected', (r) => r.rejected],
  ['preemptions', (r) => r.preemptions],
  ['horizon_h', (r) => r.horizonSec / 3600],
  ['device_hours_total', (r) => r.deviceHours.total],
  ['device_hours_allocated', (r) => r.deviceHours.allocated],
  ['device_hours_stranded', (r) => r.deviceHours.stranded],
  ['device_hours_idle', (r) => r.deviceHours.idle],
  ['energy_kwh', (r) => r.energyKWh],
  ['cost_usd', (r) => r.costUsd],
  ['capital_usd', (r) => r.capitalUsd],
  ['energy_usd', (r) => r.energyUsd],
  ['queue_delay_p50_s', (r) => r.queueDelaySec.p50],
  ['queue_delay_p95_s', (r) => r.queueDelaySec.p95],
  ['queue_delay_p99_s', (r) => r.queueDelaySec.p99],
  ['jct_p50_s', (r) => r.jctSec.p50],
  ['jct_p95_s', (r) => r.jctSec.p95],
  ['jct_p99_s', (r) => r.jctSec.p99],
];

export function timeCsv(result: TimeSimulationResult): string {
  const cell = (v: number | string) =>
    typeof v === 'number' ? String(v) : /[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
  return (
    [
      TIME_CSV_COLUMNS.map(([name]) => name).join(','),
      ...result.runs.map((r) => TIME_CSV_COLUMNS.map(([, get]) => cell(get(r))).join(',')),
    ].join('\n') + '\n'
  );
}

// ---------------------------------------------------------------------------------------------------------------
// Routes.

function publicRun(run: SimulationRun, withResult: boolean) {
  const { result, ...rest } = run;
  return withResult && result ? { ...rest, result } : rest;
}

export async function simulationRoutes(app: FastifyInstance): Promise<void> {
  const offThread = new OffThread();
  app.addHook('onClose', async () => offThread.close());
  const queue = new SimulationQueue(offThread, app.log);
  await app.register(measurementRoutes);

  /** The run of the URL's id, or a not-found refusal. */
  const runOf = (id: string): SimulationRun => {
    const run = queue.get(id);
    if (!run) throw new RefusedError(refuse('not-found', `id: no simulation "${id}"`));
    return run;
  };
  /** A finished run's result, or a conflict refusal while it has none. */
  const resultOf = (run: SimulationRun): SimulationResult => {
    if (run.result) return run.result;
    throw new RefusedError(
      refuse('conflict', `status: simulation ${run.id} is ${run.status}, no result yet`),
    );
  };

  app.get('/v1/simulations/options', { schema: { tags: ['simulations'] } }, async () => ({
    policies: { paper: PAPER_POLICIES, time: POLICY_NAMES },
    workloads: [
      ...PAPER_WORKLOADS.filter((w) => openbTraceDir(w) !== undefined).map((w) => ({
        name: w,
        synthetic: false,
      })),
      { name: 'synthetic', synthetic: true },
    ],
    defaultTraceIsSynthetic: openbTraceDir('default') === undefined,
    fleets: exampleFleets(),
    timeWorkloadAvailable: findOpenbFile(openbPodFile('default')) !== undefined,
    limits: { paperCells: MAX_PAPER_CELLS, timePods: MAX_TIME_PODS, timeDevices: MAX_TIME_DEVICES },
    genaiDir: genaiDir(),
  }));

  app.post('/v1/simulations', { schema: { tags: ['simulations'] } }, async (request, reply) => {
    const run = await queue.submit(parseBody(SimulationBody, request.body ?? {}));
    return reply
      .code(202)
      .header('location', `/v1/simulations/${run.id}`)
      .send({ id: run.id, status: run.status });
  });

  app.get('/v1/simulations', { schema: { tags: ['simulations'] } }, async () => ({
    simulations: queue.list().map((r) => publicRun(r, false)),
  }));

  app.get<{ Params: { id: string } }>(
    '/v1/simulations/:id',
    { schema: { tags: ['simulations'] } },
    async (request) => publicRun(runOf(request.params.id), true),
  );

  app.get<{ Params: { id: string } }>(
    '/v1/simulations/:id/json',
    { schema: { tags: ['simulations'] } },
    async (request, reply) => {
      const run = runOf(request.params.id);
      resultOf(run);
      return reply
        .header('content-disposition', `attachment; filename="simulation-${run.id}.json"`)
        .type('application/json')
        .send(JSON.stringify(publicRun(run, true), null, 1));
    },
  );

  app.get<{ Params: { id: string }; Querystring: { kind?: string } }>(
    '/v1/simulations/:id/csv',
    { schema: { tags: ['simulations'] } },
    async (request, reply) => {
      // Parameters first: a wrong `kind` is the caller's mistake whichever run the id names.
      const kind: PaperCsvKind = parseParameters(CsvQuery, request.query).kind ?? 'allo';
      const run = runOf(request.params.id);
      const result = resultOf(run);
      let csv: string;
      let name: string;
      if (result.kind === 'paper') {
        csv = formatPaperCsv(kind, paperRows(result));
        name = `simulation-${run.id}-${kind}.csv`;
      } else {
        csv = timeCsv(result);
        name = `simulation-${run.id}.csv`;
      }
      return reply
        .header('content-disposition', `attachment; filename="${name}"`)
        .type('text/csv; charset=utf-8')
        .send(csv);
    },
  );
}
