/**
 * The plan REST API through Fastify's `inject`: the example demand sent as JSON gives the object `hyperfleet plan
 * --json` gives for the file (apart from the solver's timing and the demand's name), proven by simulation with the
 * request's seed or not (`check: false`), with the phases the plan went through; a demand that cannot be met
 * is a finished plan with its reasons; bad bodies are 400s whose issues name JSON paths; unknown ids are 404s.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { parse as parseYaml } from 'yaml';
import { loadCatalog } from '../../catalog/index.js';
import {
  demandRequest,
  loadModels,
  PLAN_RUN_DEFAULTS,
  PLAN_SOLVE_DEFAULTS,
  runPlan,
  type PlanPhase,
  type PlanRunInput,
} from '../../plan/index.js';
import { finishedRun, runsApp } from '../../../test/support/simulation-runs.js';

const SMALL = 'examples/plans/small.yaml';
const DEMAND = parseYaml(readFileSync(SMALL, 'utf8')) as Record<string, unknown>;

let app: FastifyInstance;

beforeAll(() => {
  app = runsApp();
});
afterAll(async () => {
  await app.close();
});

async function submit(body: unknown) {
  const res = await app.inject({ method: 'POST', url: '/v1/plans', payload: body as object });
  return { status: res.statusCode, body: res.json(), location: res.headers.location };
}

const finished = (id: string) => finishedRun(app, id, '/v1/plans');

/**
 * What the CLI runs for `hyperfleet plan --demand small.yaml --json` with its default options but `options`, and
 * the phases it reports.
 */
async function cliPlan(
  options: Pick<PlanRunInput, 'check' | 'scenarios' | 'paretoPoints'>,
  demand?: Record<string, unknown>,
) {
  const phases: PlanPhase[] = [];
  const plan = await runPlan({
    ...(demand ? { demandRequest: demandRequest(demand, 'demand') } : { demandFile: SMALL }),
    catalog: loadCatalog(),
    models: loadModels(),
    mipRelGap: PLAN_SOLVE_DEFAULTS.mipRelGap,
    timeLimitSec: PLAN_SOLVE_DEFAULTS.timeLimitSec,
    paretoPoints: PLAN_RUN_DEFAULTS.paretoPoints,
    ...options,
    onPhase: (phase) => phases.push(phase),
  });
  return { json: JSON.parse(JSON.stringify(plan)) as Record<string, unknown>, phases };
}

/** A plan without what differs between two runs of one demand: the solver's times and the demand's name. */
function comparable(plan: Record<string, unknown>): Record<string, unknown> {
  const {
    solver,
    demandFile: _d,
    scenarios,
    ...rest
  } = plan as {
    solver: Record<string, unknown>;
    demandFile: string;
    scenarios?: Record<string, unknown>[];
  };
  const { seconds: _s, ...solverRest } = solver;
  // Each scenario is a whole plan, timed too.
  return { ...rest, solver: solverRest, ...(scenarios ? { scenarios: scenarios.map(comparable) } : {}) };
}

/** The parts of the example demand the tests change. */
interface ExampleDemand {
  site: { powerCapMW: number };
  chips: { accelerator: string }[];
  inference: {
    model: string;
    peakRequestsPerSec?: number | number[];
    peakTokensPerSec?: number[];
    slo: { ttftSec: number };
  }[];
  training: { deviceHours?: number[]; workload?: string }[];
  quarters: number;
}

/** The example demand with `change` applied to a copy. */
function demandWith(change: (d: ExampleDemand) => void): Record<string, unknown> {
  const d = structuredClone(DEMAND);
  change(d as unknown as ExampleDemand);
  return d;
}

describe('POST /v1/plans', () => {
  it('plans the example demand as hyperfleet plan --no-check --json plans the file', async () => {
    const sub = await submit({ demand: DEMAND, check: false });
    expect(sub.status).toBe(202);
    expect(sub.location).toBe(`/v1/plans/${sub.body.id}`);
    const run = await finished(sub.body.id);
    expect(run.error).toBeUndefined();
    expect(run.status).toBe('done');
    expect(run.request).toMatchObject({
      gap: PLAN_SOLVE_DEFAULTS.mipRelGap,
      timeLimitSec: 60,
      check: false,
      seed: PLAN_RUN_DEFAULTS.checkSeed,
      checkPolicy: 'bestfit',
      paretoPoints: PLAN_RUN_DEFAULTS.paretoPoints,
    });
    const cli = await cliPlan({});
    expect(run.result.status).toBe('optimal');
    expect(run.result.demandFile).toBe('demand.json');
    expect(run.result.check).toBeUndefined();
    // The frontier by default, as the CLI's (points at the same power are one).
    expect(run.result.pareto.points.length).toBeGreaterThan(0);
    expect(comparable(run.result)).toEqual(comparable(cli.json));
    // Every phase the plan went through, in order, each with its time; none runs once it is done.
    expect(run.phase).toBeUndefined();
    expect(run.phases.map((p: { phase: string }) => p.phase)).toEqual(cli.phases);
    for (const p of run.phases) expect(p.seconds).toBeGreaterThanOrEqual(0);
  }, 120_000);

  it('plans a service given in tokens/s as the same service in requests/s', async () => {
    const tokens = demandWith((d) => {
      const chat = d.inference[0];
      chat.peakTokensPerSec = (chat.peakRequestsPerSec as number[]).map((r) => r * (1000 + 300));
      delete chat.peakRequestsPerSec;
    });
    expect((tokens.inference as { inputTokens: number; outputTokens: number }[])[0]).toMatchObject({
      inputTokens: 1000,
      outputTokens: 300,
    });
    const sub = await submit({ demand: tokens, check: false, paretoPoints: 0 });
    expect(sub.status).toBe(202);
    const run = await finished(sub.body.id);
    expect(run.status).toBe('done');
    const cli = await cliPlan({ paretoPoints: 0 });
    expect(comparable(run.result)).toEqual(comparable(cli.json));
  }, 120_000);

  it('proves the plan by simulation by default, with the seed asked, as hyperfleet plan --seed', async () => {
    const seed = 7;
    const sub = await submit({ demand: DEMAND, seed });
    expect(sub.status).toBe(202);
    const run = await finished(sub.body.id);
    expect(run.error).toBeUndefined();
    // check was not given: true, as hyperfleet plan without --no-check.
    expect(run.request).toMatchObject({ check: true, seed });
    const cli = await cliPlan({ check: { seed } });
    expect(run.result.check.seed).toBe(seed);
    expect(run.result.check.verdict).toBe('meets');
    expect(comparable(run.result)).toEqual(comparable(cli.json));
    expect(run.phases.map((p: { phase: string }) => p.phase)).toEqual(cli.phases);
    expect(cli.phases).toContain('checking');
  }, 240_000);

  it('finishes a demand that cannot be met with status infeasible and its reasons', async () => {
    const sub = await submit({
      demand: demandWith((d) => {
        d.site.powerCapMW = 0.05;
      }),
    });
    expect(sub.status).toBe(202);
    const run = await finished(sub.body.id);
    expect(run.status).toBe('done');
    expect(run.result.status).toBe('infeasible');
    expect(run.result.objectiveUsd).toBeNull();
    expect(run.result.reasons.map((r: { constraint: string }) => r.constraint)).toContain('powerCap');
  }, 120_000);

  it('plans the scenarios named and the frontier asked, as hyperfleet plan --scenario --pareto', async () => {
    const demand = {
      ...DEMAND,
      scenarios: [
        { name: 'no-h100', description: 'the H100 is not sold', supply: { 'nvidia-h100': 0 } },
        { name: 'cheap-power', site: { electricityUsdPerKWh: 0.04 } },
      ],
    };
    const sub = await submit({ demand, check: false, scenarios: ['no-h100'], paretoPoints: 3 });
    expect(sub.status).toBe(202);
    const run = await finished(sub.body.id);
    expect(run.error).toBeUndefined();
    expect(run.result.scenarios.map((x: { name: string }) => x.name)).toEqual(['no-h100']);
    expect(run.result.pareto.method).toMatch(/^3 caps/);
    const cli = await cliPlan({ scenarios: ['no-h100'], paretoPoints: 3 }, demand);
    expect(comparable(run.result)).toEqual(comparable(cli.json));
    // The scenario's own phases are named by it.
    expect(run.phases).toContainEqual(expect.objectContaining({ phase: 'scenario', detail: 'no-h100' }));
    expect(run.phases.map((p: { phase: string }) => p.phase)).toEqual(cli.phases);
    // None, and no frontier: the plan as written alone.
    const alone = await finished(
      (await submit({ demand, check: false, scenarios: [], paretoPoints: 0 })).body.id,
    );
    expect(alone.result.scenarios).toBeUndefined();
    expect(alone.result.pareto).toBeUndefined();
    // A name the demand does not have is refused before queueing, naming the field and the names it has.
    const unknown = await submit({ demand, scenarios: ['no-h10'] });
    expect(unknown.status).toBe(400);
    expect(unknown.body.issues.map((i: { field: string }) => i.field)).toEqual(['scenarios']);
    expect(unknown.body.error).toContain('no-h100');
  }, 240_000);

  it('counts an inline existing fleet as nodes owned', async () => {
    const existing = {
      pools: [
        {
          name: 'h20',
          accelerator: 'nvidia-h20',
          nodes: 3,
          devicesPerNode: 8,
          cpuMilli: 128000,
          memoryMiB: 1048576,
          nodePowerOverheadW: 1500, // as the demand's H20 nodes: the same node type
        },
      ],
    };
    const run = await finished((await submit({ demand: { ...DEMAND, existing }, check: false })).body.id);
    expect(run.status).toBe('done');
    const h20 = run.result.chips.find((c: { accelerator: string }) => c.accelerator === 'nvidia-h20');
    expect(h20.existingNodes).toBe(3);
    expect(h20.nodesOwned[0]).toBe(3 + h20.nodesBought[0]);
  }, 120_000);

  /** The fields of a 400's issues. */
  async function refusedFields(body: unknown): Promise<string[]> {
    const res = await submit(body);
    expect(res.status).toBe(400);
    expect(res.body.code).toMatch(/^HF_/);
    return res.body.issues.map((i: { field?: string }) => i.field);
  }

  it('refuses bad bodies with 400s whose issues name JSON paths', async () => {
    expect(await refusedFields({})).toEqual(['demand']);
    expect(await refusedFields({ demand: DEMAND, gap: 1 })).toEqual(['gap']);
    expect(await refusedFields({ demand: DEMAND, timeLimitSec: 0 })).toEqual(['timeLimitSec']);
    expect(await refusedFields({ demand: DEMAND, timeLimitSec: 1e6 })).toEqual(['timeLimitSec']);
    expect(await refusedFields({ demand: DEMAND, check: 'yes' })).toEqual(['check']);
    for (const seed of [-1, 1.5, '42', 2 ** 53]) {
      expect(await refusedFields({ demand: DEMAND, seed })).toEqual(['seed']);
    }
    expect(await refusedFields({ demand: DEMAND, checkPolicy: 'fastest' })).toEqual(['checkPolicy']);
    for (const paretoPoints of [1, -1, 101, 2.5]) {
      expect(await refusedFields({ demand: DEMAND, paretoPoints })).toEqual(['paretoPoints']);
    }
    expect(await refusedFields({ demand: DEMAND, scenarios: 'no-h100' })).toEqual(['scenarios']);
    expect(await refusedFields({ demand: DEMAND, scenarios: [''] })).toEqual(['scenarios.0']);
    const unknown = await submit({ demand: DEMAND, seeds: 1 });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error).toContain('seeds');
    expect(
      await refusedFields({
        demand: demandWith((d) => {
          d.quarters = 0;
          d.inference[0].peakRequestsPerSec = [-1, 2];
        }),
      }),
    ).toEqual(expect.arrayContaining(['demand.quarters', 'demand.inference.0.peakRequestsPerSec.0']));
    // A path on the server is never read for a client: existing is an inline fleet.
    expect(await refusedFields({ demand: { ...DEMAND, existing: '/etc/passwd' } })).toEqual([
      'demand.existing',
    ]);
    // Nor is a training workload file: a request may name only a synthetic workload.
    expect(
      await refusedFields({
        demand: demandWith((d) => {
          delete d.training[0].deviceHours;
          d.training[0].workload = '/etc/passwd';
        }),
      }),
    ).toEqual(['demand.training.0.workload']);
  });

  it('refuses what only the catalog, the models or the fleet reader know, located by JSON path', async () => {
    expect(
      await refusedFields({
        demand: demandWith((d) => {
          d.chips[1].accelerator = 'nvidia-h2000';
          d.inference[1].model = 'llama-9';
        }),
      }),
    ).toEqual(['demand.chips.1.accelerator', 'demand.inference.1.model']);
    const fields = await refusedFields({
      demand: { ...DEMAND, existing: { pools: [{ name: 'p', accelerator: 'nvidia-h20', nodes: -1 }] } },
    });
    expect(fields.length).toBeGreaterThan(0);
    for (const f of fields) expect(f).toMatch(/^demand\.existing\.pools\.0/);
  });

  it('refuses a service no chip can serve before queueing it, naming the service', async () => {
    const res = await submit({
      demand: demandWith((d) => {
        d.inference[0].slo.ttftSec = 0.0001;
      }),
    });
    expect(res.status).toBe(400);
    expect(res.body.issues[0].field).toMatch(/^demand\.inference\.0/);
    expect(res.body.error).not.toMatch(/demand\.json:\d/);
  });
});

describe('GET /v1/plans/:id', () => {
  it('answers 404 for an unknown plan', async () => {
    const res = await app.inject({ url: '/v1/plans/nosuch' });
    expect(res.statusCode).toBe(404);
    expect(res.json().error).toContain('nosuch');
  });
});
