/**
 * The simulation REST API through Fastify's `inject`: a paper run gives the engine's numbers (`runPaper`, what
 * `hyperfleet simulate --json` prints) and the paper's CSV layout; a time run on an inline fleet gives the
 * time simulator's summary and a CSV; bad bodies are 400s naming the field; the dashboard is served (or says how
 * to build it).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { runPaper } from '../../sim/paper-run.js';
import { formatPaperCsv } from '../../sim/paper-csv.js';
import { syntheticOpenbTrace } from '../../traces/synthetic-openb.js';
import { writeTimedOpenbCache } from '../../../test/support/browser.js';
import { finishedRun, runsApp } from '../../../test/support/simulation-runs.js';

let app: FastifyInstance;

beforeAll(() => {
  process.env.HYPERFLEET_CACHE_DIR = writeTimedOpenbCache(
    mkdtempSync(join(tmpdir(), 'hyperfleet-sim-routes-')),
  );
  app = runsApp();
});
afterAll(async () => {
  await app.close();
});

async function submit(body: unknown) {
  const res = await app.inject({ method: 'POST', url: '/v1/simulations', payload: body as object });
  return { status: res.statusCode, body: res.json() };
}

const finished = (id: string) => finishedRun(app, id);

const FLEET = {
  site: { pue: 1.3, electricityUsdPerKWh: 0.08 },
  pools: [
    {
      name: 'h20',
      accelerator: 'nvidia-h20',
      nodes: 3,
      devicesPerNode: 8,
      cpuMilli: 128000,
      memoryMiB: 1048576,
    },
    {
      name: 'a100',
      accelerator: 'nvidia-a100',
      nodes: 3,
      devicesPerNode: 8,
      cpuMilli: 128000,
      memoryMiB: 1048576,
    },
  ],
};

describe('POST /v1/simulations, kind paper', () => {
  it('runs the grid with the engine and gives its numbers, summary and CSV', async () => {
    const sub = await submit({
      kind: 'paper',
      workload: 'synthetic',
      policies: ['fgd', 'packing'],
      seeds: '42',
      tune: 1.3,
    });
    expect(sub.status).toBe(202);
    const run = await finished(sub.body.id);
    expect(run.status).toBe('done');
    expect(run.progress).toBe(1);
    const trace = syntheticOpenbTrace(1);
    for (const policy of ['fgd', 'packing'] as const) {
      const { elapsedMs: _e, ...expected } = runPaper({ ...trace, policy, tune: 1.3, seed: 42 });
      const got = run.result.runs.find((r: { policy: string }) => r.policy === policy);
      expect({ ...got, elapsedMs: undefined }).toEqual({
        ...expected,
        elapsedMs: undefined,
        workload: 'synthetic',
      });
      const summary = run.result.summary.find((s: { policy: string }) => s.policy === policy);
      expect(summary.allocationAt100).toBe(expected.allocation[100]);
      expect(summary.curves.fragRatio).toEqual(expected.fragRatio);
      expect(summary.paperAt100).toBeUndefined(); // synthetic: no published means apply
    }
    expect(run.result.synthetic).toBe(true);

    const csv = await app.inject({ url: `/v1/simulations/${sub.body.id}/csv?kind=frag` });
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    const rows = run.result.runs.map((r: ReturnType<typeof runPaper> & { workload: string }) => ({
      workload: 'openb_pod_list_synthetic',
      scPolicy: r.policy === 'fgd' ? '06-FGD' : '04-GpuPacking',
      tune: r.tune,
      seed: r.seed,
      totalGpus: r.totalGpus,
      allocation: r.allocation,
      fragAmount: r.fragAmount,
      fragRatio: r.fragRatio,
    }));
    expect(csv.body).toBe(formatPaperCsv('frag', rows));
    const json = await app.inject({ url: `/v1/simulations/${sub.body.id}/json` });
    expect(json.headers['content-disposition']).toMatch(/attachment/);
    expect(json.json().result.runs).toHaveLength(2);

    const list = (await app.inject({ url: '/v1/simulations' })).json();
    expect(list.simulations[0]).toMatchObject({ id: sub.body.id, status: 'done' });
    expect(list.simulations[0].result).toBeUndefined();
  });

  it('answers 400 naming the field for bad bodies', async () => {
    const cases: [unknown, RegExp][] = [
      [{ kind: 'paper', seeds: 'x' }, /^seeds: expected seeds/],
      [{ kind: 'paper', policies: ['nope'] }, /^policies\.0: /],
      [{ kind: 'paper', policies: [] }, /^policies: expected at least one policy/],
      [{ kind: 'paper', tune: -1 }, /^tune: /],
      [{ kind: 'paper', workload: 'nosuchtrace' }, /^workload: openb trace "nosuchtrace" not found/],
      [{ kind: 'paper', seeds: '1-300' }, /^seeds: .* more than 200 runs/],
      [{ kind: 'nope' }, /^kind: /],
      [
        { kind: 'time', fleet: 'no-such-fleet', workload: { pods: 10, days: 1 } },
        /^fleet: no example fleet "no-such-fleet"/,
      ],
      [{ kind: 'time', fleet: FLEET, workload: { pods: 0, days: 1 } }, /^workload/],
      [
        {
          kind: 'time',
          fleet: { pools: [{ ...FLEET.pools[0], accelerator: 'nvidia-h2000' }] },
          workload: { pods: 10, days: 1 },
        },
        /pools\[0\]\.accelerator: unknown accelerator/,
      ],
    ];
    for (const [body, message] of cases) {
      const res = await submit(body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error).toMatch(message);
    }
  });

  it('answers 404 for an unknown run and 409 for a download before the result', async () => {
    expect((await app.inject({ url: '/v1/simulations/nope' })).statusCode).toBe(404);
    expect((await app.inject({ url: '/v1/simulations/nope/csv' })).statusCode).toBe(404);
  });
});

describe('POST /v1/simulations, kind time', () => {
  it('simulates a fleet over time for each policy, with per-model and per-team figures and a CSV', async () => {
    const sub = await submit({
      kind: 'time',
      fleet: FLEET,
      workload: { pods: 400, days: 1 },
      policies: ['fgd', 'bestfit'],
      seed: 7,
    });
    expect(sub.status).toBe(202);
    const run = await finished(sub.body.id);
    expect(run.error).toBeUndefined();
    expect(run.result.runs.map((r: { policy: string }) => r.policy)).toEqual(['fgd', 'bestfit']);
    for (const r of run.result.runs) {
      expect(r).toMatchObject({ seed: 7, devices: 48, pods: 400 });
      expect(r.placed + r.rejected).toBe(400);
      const dh = r.deviceHours;
      expect(dh.allocated + dh.stranded + dh.idle).toBeCloseTo(dh.total, 6);
      expect(Object.keys(r.perModel).sort()).toEqual(['nvidia-a100', 'nvidia-h20']);
      expect(Object.keys(r.perTeam).length).toBeGreaterThan(0);
      expect(r.timeline.tSec.length).toBeGreaterThan(0);
    }
    const csv = (await app.inject({ url: `/v1/simulations/${sub.body.id}/csv` })).body.trim().split('\n');
    expect(csv[0]).toMatch(/^policy,seed,devices,pods,placed,/);
    expect(csv.slice(1).map((l) => l.split(',')[0])).toEqual(['fgd', 'bestfit']);
  });

  // Issue 14 item 7: a pool priced nowhere (the catalog's Zhenwu) runs; its cost is unknown, never 0.
  const UNPRICED = {
    ...FLEET,
    pools: [FLEET.pools[0], { ...FLEET.pools[1], name: 'zw', accelerator: 't-head-zhenwu-810e' }],
  };

  it('runs a fleet with a pool priced nowhere: costs that include it are null, one warning names it', async () => {
    const body = { kind: 'time', workload: { pods: 200, days: 1 }, policies: ['bestfit'], seed: 3 };
    const [sub, ref] = await Promise.all([
      submit({ ...body, fleet: UNPRICED }),
      submit({
        ...body,
        fleet: {
          ...UNPRICED,
          pools: [FLEET.pools[0], { ...UNPRICED.pools[1], capex: { usdPerDevice: 12000 } }],
        },
      }),
    ]);
    expect(sub.status).toBe(202);
    const [run, priced] = [await finished(sub.body.id), await finished(ref.body.id)];
    expect(run.error).toBeUndefined();
    const [r] = run.result.runs;
    const [p] = priced.result.runs;
    expect(r).toMatchObject({ capitalUsd: null, costUsd: null, unpricedPools: ['zw'] });
    expect(r.perModel['t-head-zhenwu-810e'].costUsd).toBeNull();
    expect(r.perModel['nvidia-h20'].costUsd).toBeCloseTo(p.perModel['nvidia-h20'].costUsd, 6);
    // Everything but price is as on the priced fleet.
    for (const key of ['placed', 'deviceHours', 'energyKWh', 'energyUsd', 'queueDelaySec'])
      expect(r[key], key).toEqual(p[key]);
    expect(p.capitalUsd).toBeGreaterThan(0);
    const warnings = run.result.assumptions.filter((a: string) => /has no price/.test(a));
    expect(warnings).toEqual([expect.stringMatching(/^Pool zw \(t-head-zhenwu-810e\).*capex\.usdPerDevice/)]);
    // The CSV leaves the unknown costs empty (missing), not 0.
    const csv = (await app.inject({ url: `/v1/simulations/${sub.body.id}/csv` })).body.trim().split('\n');
    const header = csv[0].split(',');
    const row = csv[1].split(',');
    expect(row[header.indexOf('cost_usd')]).toBe('');
    expect(row[header.indexOf('capital_usd')]).toBe('');
    expect(Number(row[header.indexOf('energy_usd')])).toBeGreaterThan(0);
  });

  it('refuses fgd-cost and hetero on it with a 400 naming the pool, before queueing a run', async () => {
    for (const policy of ['fgd-cost', 'hetero']) {
      const res = await submit({
        kind: 'time',
        fleet: UNPRICED,
        workload: { pods: 10, days: 1 },
        policies: ['fgd', policy],
      });
      expect(res.status, policy).toBe(400);
      expect(res.body.error).toMatch(
        new RegExp(`pools\\[1\\] \\(zw\\): ${policy} weighs each device's price`),
      );
    }
  });
});

describe('options and dashboard', () => {
  it('lists what can be run here', async () => {
    const o = (await app.inject({ url: '/v1/simulations/options' })).json();
    expect(o.policies.paper).toContain('fgd');
    expect(o.workloads.map((w: { name: string }) => w.name)).toContain('synthetic');
    expect(o.fleets).toContain('mixed-10k');
    expect(o.timeWorkloadAvailable).toBe(true);
  });

  it('serves the dashboard at / when built, else says how to build it', async () => {
    const res = await app.inject({ url: '/', headers: { accept: 'text/html' } });
    if (res.statusCode === 200) expect(res.body).toMatch(/<div id="root">/);
    else {
      expect(res.statusCode).toBe(503);
      expect(res.body).toMatch(/npm run build:web/);
    }
  });

  it('POST /v1/measurements validates its body', async () => {
    const res = await app.inject({ method: 'POST', url: '/v1/measurements', payload: {} });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatch(/genai|prometheus/);
    const bad = await app.inject({
      method: 'POST',
      url: '/v1/measurements',
      payload: { prometheus: 'not a url', from: 'x', to: 1 },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toMatch(/^prometheus: /);
  });
});
