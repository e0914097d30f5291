/**
 * The REST API against its own schemas (server/api), through Fastify's `inject` on an app with data (nodes,
 * placed pods, typical pods, finished paper and time runs, a GenAI measurement):
 *
 * - every route of the app is called, and every answer — success and error — is checked against the schema of
 *   its status with the strict schemas (an undocumented field fails too); a route added without a contract, or
 *   not called here, fails the coverage check;
 * - every route of the app has a documented answer in /docs: a 2xx with its schema, the error body under 400 and
 *   500, a request body for those that take one. Only /docs itself and the dashboard's static files are hidden.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { parse as parseYaml } from 'yaml';
import type { NodeSpec } from '../../model/node.js';
import type { PodSpec } from '../../model/pod.js';
import { createPolicy } from '../../policies/registry.js';
import { typicalPods } from '../../policies/typical-pods.js';
import type { Pod } from '../../schedule/kube-pod.js';
import { tempDir } from '../../../test/support/cli.js';
import { writeTimedOpenbCache } from '../../../test/support/browser.js';
import { writeGenaiTrace } from '../../../test/support/genai-fixture.js';
import { wirePod } from '../../../test/support/kube-scheduler-client.js';
import { buildApp } from '../app.js';
import { ExtenderBindingResult, ExtenderFilterResult, HostPriorityList } from '../extender/wire.js';
import { ExtenderPreemptionResult } from '../extender/preemption-wire.js';
import { API_ROUTES, ErrorBody, schemaOfResponse } from './index.js';
import { finishedRun } from '../../../test/support/simulation-runs.js';

const NODES: NodeSpec[] = [
  { name: 'big', cpuMilli: 96000, memMiB: 393216, gpuCount: 8, gpuModel: 'V100M32' },
  { name: 'small', cpuMilli: 32000, memMiB: 131072, gpuCount: 2, gpuModel: 'T4' },
];
const TYPICAL: PodSpec[] = [
  { name: 'a', cpuMilli: 4000, memMiB: 8192, gpuCount: 1, gpuMilli: 1000, gpuTypes: [] },
  { name: 'b', cpuMilli: 2000, memMiB: 4096, gpuCount: 1, gpuMilli: 500, gpuTypes: [] },
];
const FLEET = {
  pools: [
    {
      name: 'a100',
      accelerator: 'nvidia-a100',
      nodes: 2,
      devicesPerNode: 8,
      cpuMilli: 128000,
      memoryMiB: 1048576,
    },
  ],
};

/** The answers of every route by `METHOD url-pattern` and status: the API's contracts and the extender's wire. */
const RESPONSES = new Map<string, Readonly<Record<number, z.ZodType>>>([
  ...API_ROUTES.map((r): [string, Record<number, z.ZodType>] => [
    `${r.method} ${r.url}`,
    Object.fromEntries(Object.entries(r.responses).map(([s, spec]) => [s, schemaOfResponse(spec)])),
  ]),
  ['POST /extender/filter', { 200: ExtenderFilterResult }],
  ['POST /extender/prioritize', { 200: HostPriorityList }],
  ['POST /extender/bind', { 200: ExtenderBindingResult }],
  ['POST /extender/preempt', { 200: ExtenderPreemptionResult }],
]);

/** Routes the app has (from Fastify's onRoute), `METHOD url`, and those hidden from the document. */
const routes: { key: string; method: string; url: string; hidden: boolean }[] = [];
/** Routes called by the test, `METHOD url-pattern`, and the statuses seen. */
const called = new Map<string, Set<number>>();

let app: FastifyInstance;

/** A Kubernetes pod `ml/pod-<uid>` asking for `gpus` whole devices. */
function podOf(uid: string, gpus: number): Pod {
  const spec = {
    name: `pod-${uid}`,
    cpuMilli: 4000,
    memMiB: 8192,
    gpuCount: gpus,
    gpuMilli: 1000,
    gpuTypes: [],
  };
  return wirePod(spec, uid, 'ml');
}

/**
 * Calls a route and checks its answer against the schema of the status it got (a documented success status, or
 * the error body for 4xx/5xx). `pattern` is the route's URL pattern, `url` the URL called.
 */
async function call(
  method: 'GET' | 'POST' | 'PUT' | 'DELETE',
  pattern: string,
  url = pattern,
  payload?: unknown,
) {
  const res = await app.inject({ method, url, payload: payload as object });
  const key = `${method} ${pattern}`;
  const schemas = RESPONSES.get(key);
  expect(schemas, `${key} has no contract`).toBeDefined();
  const text = res.headers['content-type']?.toString().startsWith('application/json') !== true;
  const body = text ? res.body : res.json();
  const schema = res.statusCode >= 400 ? ErrorBody : schemas![res.statusCode];
  expect(schema, `${key} answered ${res.statusCode}, which it does not document: ${res.body}`).toBeDefined();
  const checked = schema.safeParse(body);
  expect(checked.error?.issues ?? [], `${key} → ${res.statusCode}`).toEqual([]);
  if (!called.has(key)) called.set(key, new Set());
  called.get(key)!.add(res.statusCode);
  return { status: res.statusCode, body };
}

const finished = (id: string) => finishedRun(app, id);

beforeAll(async () => {
  process.env.HYPERFLEET_CACHE_DIR = writeTimedOpenbCache(mkdtempSync(join(tmpdir(), 'hyperfleet-api-')));
  app = buildApp({
    nodes: NODES,
    policy: createPolicy('bestfit'),
    typical: typicalPods(TYPICAL),
    // A cluster that accepts every eviction, so that a defrag execution starts.
    evictor: { evict: async () => {} },
  });
  app.addHook('onRoute', (r) => {
    for (const method of [r.method].flat()) {
      if (method === 'HEAD') continue; // Fastify's automatic HEAD of each GET
      const hidden = (r.schema as { hide?: boolean } | undefined)?.hide === true;
      routes.push({ key: `${method} ${r.url}`, method, url: r.url, hidden });
    }
  });
  await app.ready();
});
afterAll(async () => {
  await app.close();
});

describe('every answer matches its schema', () => {
  it('operations, the extender protocol and the fleet', async () => {
    await call('GET', '/healthz');
    await call('GET', '/readyz');
    expect(
      (
        await call('POST', '/v1/nodes', undefined, {
          nodes: [{ name: 'spare', model: 'T4', gpuCount: 1, cpuMilli: 1000, memMiB: 1024 }],
        })
      ).status,
    ).toBe(201);
    expect(
      (
        await call('POST', '/v1/nodes', undefined, {
          nodes: [{ name: 'spare', model: 'T4', gpuCount: 1, cpuMilli: 2000, memMiB: 1024 }],
        })
      ).status,
    ).toBe(200);
    expect((await call('POST', '/v1/nodes', undefined, { nodes: [{ name: '', gpuCount: 1 }] })).status).toBe(
      400,
    );

    // Both pods go to the big node (its 8 devices hold them both): a node with two placements.
    const names = ['big'];
    /** Filter and bind of one pod (prioritize between them, as kube-scheduler may call it); its node. */
    const place = async (uid: string, gpus: number) => {
      const pod = podOf(uid, gpus);
      const node = (await call('POST', '/extender/filter', undefined, { Pod: pod, NodeNames: names })).body
        .NodeNames[0];
      await call('POST', '/extender/prioritize', undefined, { Pod: pod, NodeNames: names });
      const bind = { PodName: `pod-${uid}`, PodNamespace: 'ml', PodUID: uid, Node: node };
      expect((await call('POST', '/extender/bind', undefined, bind)).body.Error).toBe('');
      return node;
    };
    const node = await place('u1', 2);
    expect(await place('u2', 1)).toBe(node);
    await call('POST', '/extender/preempt', undefined, {
      Pod: podOf('hi', 8),
      NodeNameToMetaVictims: { [node]: { Pods: [{ UID: 'u1' }], NumPDBViolations: 0 } },
    });

    await call('GET', '/metrics');
    expect((await call('GET', '/v1/nodes')).body.nodes).toHaveLength(3);
    expect((await call('GET', '/v1/nodes/:name', `/v1/nodes/${node}`)).body.placements).toHaveLength(2);
    expect((await call('GET', '/v1/nodes/:name', '/v1/nodes/nosuch')).status).toBe(404);
    expect((await call('GET', '/v1/placements')).body.placements).toHaveLength(2);
    expect((await call('GET', '/v1/snapshot')).body.placements).toHaveLength(2);
    expect((await call('DELETE', '/v1/placements/:namespace/:name', '/v1/placements/ml/pod-u2')).status).toBe(
      200,
    );
    expect((await call('DELETE', '/v1/placements/:namespace/:name', '/v1/placements/ml/pod-u2')).status).toBe(
      404,
    );
    expect((await call('DELETE', '/v1/nodes/:name', `/v1/nodes/${node}`)).status).toBe(409);
    expect((await call('DELETE', '/v1/nodes/:name', '/v1/nodes/spare')).status).toBe(200);
    await call('GET', '/v1/policy');
    expect((await call('PUT', '/v1/policy', undefined, { name: 'fgd' })).body).toEqual({
      name: 'fgd',
      previous: 'bestfit',
    });
    expect((await call('PUT', '/v1/policy', undefined, { name: 'tetris' })).status).toBe(400);
    const summary = await call('GET', '/v1/fleet/summary');
    expect(summary.body.fragAmountGpus).toEqual(expect.any(Number));
    expect((await call('GET', '/v1/fleet/history')).body.points.length).toBeGreaterThan(0);
    const occupancy = await call('GET', '/v1/fleet/occupancy', '/v1/fleet/occupancy?state=free,partial');
    expect(occupancy.body.nodes).toBe(2);
    const page = await call('GET', '/v1/nodes', '/v1/nodes?limit=1&state=partial');
    expect(page.body).toMatchObject({ total: 1, next: null, nodes: [{ name: node, state: 'partial' }] });
    const whatIf = await call('POST', '/v1/what-if', undefined, {
      pods: [
        { cpuMilli: 1000, memMiB: 1024, gpuCount: 1 },
        { cpuMilli: 1000, memMiB: 1024, gpuCount: 64 },
      ],
    });
    expect(whatIf.body.allFit).toBe(false);
    const defrag = await call('POST', '/v1/defrag', undefined, {
      pod: { cpuMilli: 1000, memMiB: 1024, gpuCount: 8 },
      maxMoves: 2,
    });
    expect(typeof defrag.body.feasible).toBe('boolean');
    expect((await call('POST', '/v1/defrag', undefined, { pod: { cpuMilli: -1 } })).status).toBe(400);
    const id = defrag.body.id as string;
    expect((await call('GET', '/v1/defrag/:id', `/v1/defrag/${id}`)).body.status).toBe('planned');
    expect((await call('GET', '/v1/defrag/:id', '/v1/defrag/nope')).status).toBe(404);
    const fits = await call('POST', '/v1/defrag', undefined, {
      pod: { cpuMilli: 1000, memMiB: 1024, gpuCount: 1 },
    });
    const execute = `/v1/defrag/${fits.body.id}/execute`;
    expect((await call('POST', '/v1/defrag/:id/execute', execute)).status).toBe(202);
    expect((await call('POST', '/v1/defrag/:id/execute', execute)).status).toBe(409);
    expect((await call('POST', '/v1/defrag/:id/execute', '/v1/defrag/nope/execute')).status).toBe(404);
  });

  it('simulations: options, a paper run and a time run with their downloads', async () => {
    await call('GET', '/v1/simulations/options');
    const paper = await call('POST', '/v1/simulations', undefined, {
      kind: 'paper',
      workload: 'synthetic',
      policies: ['fgd'],
      seeds: '42',
    });
    expect(paper.status).toBe(202);
    expect((await finished(paper.body.id)).status).toBe('done');
    const time = await call('POST', '/v1/simulations', undefined, {
      kind: 'time',
      fleet: FLEET,
      workload: { pods: 200, days: 1 },
      policies: ['fgd', 'bestfit'],
    });
    expect(time.status).toBe(202);
    expect((await finished(time.body.id)).status).toBe('done');
    expect((await call('POST', '/v1/simulations', undefined, { kind: 'paper', tune: 11 })).status).toBe(400);

    expect((await call('GET', '/v1/simulations')).body.simulations).toHaveLength(2);
    for (const id of [paper.body.id, time.body.id]) {
      expect((await call('GET', '/v1/simulations/:id', `/v1/simulations/${id}`)).body.result).toBeDefined();
      const json = await call('GET', '/v1/simulations/:id/json', `/v1/simulations/${id}/json`);
      expect(json.body.id).toBe(id);
      expect((await call('GET', '/v1/simulations/:id/csv', `/v1/simulations/${id}/csv`)).body).toMatch(
        /^\w+,/,
      );
    }
    expect((await call('GET', '/v1/simulations/:id', '/v1/simulations/nosuch')).status).toBe(404);
  });

  it('plans: the example demand checked and not, an infeasible one, a bad one, an unknown id', async () => {
    const demand = parseYaml(readFileSync('examples/plans/small.yaml', 'utf8')) as Record<string, unknown>;
    const plan = await call('POST', '/v1/plans', undefined, { demand });
    expect(plan.status).toBe(202);
    // Every state a client polls (queued, running with its phase, done) has the documented shape.
    let state: { status: string; phase?: string };
    do {
      state = (await call('GET', '/v1/plans/:id', `/v1/plans/${plan.body.id}`)).body;
      await new Promise((r) => setTimeout(r, 20));
    } while (state.status === 'queued' || state.status === 'running');
    expect(state.status).toBe('done');
    const answer = await call('GET', '/v1/plans/:id', `/v1/plans/${plan.body.id}`);
    expect(answer.body.result.status).toBe('optimal');
    // Checked by default: the proof by simulation and its phases are in the documented answer.
    expect(answer.body.result.check.iterations.length).toBeGreaterThan(0);
    expect(answer.body.phases.map((p: { phase: string }) => p.phase)).toContain('checking');
    expect(answer.body.result.pareto.points.length).toBeGreaterThan(0);
    // A scenario's plan has the documented shape too.
    const scenarios = [{ name: 'no-h100', supply: { 'nvidia-h100': 0 } }];
    const unchecked = await call('POST', '/v1/plans', undefined, {
      demand: { ...demand, scenarios },
      check: false,
      seed: 3,
      paretoPoints: 0,
    });
    await finishedRun(app, unchecked.body.id, '/v1/plans');
    const plain = await call('GET', '/v1/plans/:id', `/v1/plans/${unchecked.body.id}`);
    expect(plain.body.request).toMatchObject({ check: false, seed: 3 });
    expect(plain.body.result.check).toBeUndefined();
    expect(plain.body.result.scenarios.map((x: { name: string }) => x.name)).toEqual(['no-h100']);
    expect(plain.body.phases).toContainEqual(
      expect.objectContaining({ phase: 'scenario', detail: 'no-h100' }),
    );
    const site = { ...(demand.site as object), powerCapMW: 0.05 };
    const infeasible = await call('POST', '/v1/plans', undefined, { demand: { ...demand, site } });
    await finishedRun(app, infeasible.body.id, '/v1/plans');
    const reasons = await call('GET', '/v1/plans/:id', `/v1/plans/${infeasible.body.id}`);
    expect(reasons.body.result.reasons.length).toBeGreaterThan(0);
    expect((await call('POST', '/v1/plans', undefined, { demand: { ...demand, quarters: 0 } })).status).toBe(
      400,
    );
    expect((await call('GET', '/v1/plans/:id', '/v1/plans/nosuch')).status).toBe(404);
  }, 120_000);

  it('a measurement of the GenAI trace', async () => {
    const dir = join(tempDir('hyperfleet-genai-'), 'genai');
    writeGenaiTrace(dir);
    const res = await call('POST', '/v1/measurements', undefined, { genai: dir });
    expect(res.status).toBe(200);
    expect(res.body.rightSizing).not.toBeNull();
    expect((await call('POST', '/v1/measurements', undefined, { genai: dir, pue: 0.5 })).status).toBe(400);
  });

  it('every route of the app was called, with a success answer', () => {
    const documented = routes.filter((r) => !r.hidden).map((r) => r.key);
    expect(documented.length).toBeGreaterThan(20);
    for (const key of documented) {
      expect(
        [...(called.get(key) ?? [])].some((s) => s < 300),
        `${key} was not called successfully`,
      ).toBe(true);
    }
  });
});

describe('/docs documents every route', () => {
  it('each route has a success answer with its schema, the error body for 4xx/5xx and its request body', async () => {
    const doc = (await app.inject({ url: '/docs' })).json();
    /** An answer's schema without its description (which says why that status is answered), `$ref` resolved. */
    const schemaAt = (
      operation: { responses: Record<string, { content?: Record<string, { schema?: object }> }> },
      status: string,
    ) => {
      const { description: _why, ...schema } = (operation.responses[status]?.content?.['application/json']
        ?.schema ?? {}) as Record<string, unknown>;
      const ref = /^#\/components\/schemas\/(\w+)$/.exec(String(schema.$ref ?? ''));
      return ref ? (doc.components.schemas[ref[1]] as Record<string, unknown>) : schema;
    };
    // The error body is written once, under components, and referenced from every error answer.
    expect(doc.paths['/v1/nodes'].get.responses['400'].content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/ErrorBody',
    });
    const errorBody = schemaAt(doc.paths['/v1/nodes'].get, '400') as { properties: object };
    expect(Object.keys(errorBody.properties).sort()).toEqual([
      'code',
      'error',
      'issues',
      'message',
      'requestId',
    ]);
    for (const route of routes.filter((r) => !r.hidden)) {
      const path = route.url.replace(/:(\w+)/g, '{$1}');
      const operation = doc.paths[path]?.[route.method.toLowerCase()];
      expect(operation, `${route.key} is not in /docs`).toBeDefined();
      const success = Object.entries(operation.responses).filter(([s]) => /^2\d\d$/.test(s));
      expect(success.length, `${route.key} documents no success answer`).toBeGreaterThan(0);
      for (const [status, answer] of success) {
        const content = Object.values((answer as { content: Record<string, { schema?: object }> }).content);
        expect(
          content.length > 0 && content.every((c) => c.schema !== undefined),
          `${route.key} ${status}`,
        ).toBe(true);
      }
      for (const status of ['400', '500']) {
        expect(schemaAt(operation, status), `${route.key} ${status}`).toEqual(errorBody);
      }
      if (route.method === 'POST' || route.method === 'PUT') {
        expect(operation.requestBody?.content['application/json'].schema, `${route.key} body`).toBeDefined();
      }
    }
    // A plan's options and progress, as a client of the document sees them.
    const plans = doc.paths['/v1/plans'].post.requestBody.content['application/json'].schema;
    expect(plans.properties.check).toMatchObject({ type: 'boolean', default: true });
    expect(plans.properties.seed).toMatchObject({ type: 'integer', minimum: 0, default: 42 });
    expect(plans.properties.checkPolicy).toMatchObject({ default: 'bestfit' });
    expect(plans.properties.checkPolicy.enum).toContain('fgd');
    expect(plans.properties.scenarios).toMatchObject({ type: 'array', items: { type: 'string' } });
    expect(plans.properties.paretoPoints).toMatchObject({ type: 'integer', default: 5, maximum: 100 });
    const run = schemaAt(doc.paths['/v1/plans/{id}'].get, '200') as {
      properties: Record<string, { enum?: string[]; items?: { properties: object } }>;
    };
    expect(run.properties.phase.enum).toContain('checking');
    expect(Object.keys(run.properties.phases.items!.properties).sort()).toEqual([
      'detail',
      'phase',
      'seconds',
    ]);
    const result = run.properties.result as { properties: Record<string, unknown> };
    for (const field of ['check', 'scenarios', 'pareto']) expect(result.properties[field]).toBeDefined();
    expect(run.properties.phase.enum).toEqual(expect.arrayContaining(['scenario', 'pareto']));
  });

  it('only /docs and the dashboard’s files are hidden; every /v1 route is documented', () => {
    expect(
      routes
        .filter((r) => r.hidden)
        .map((r) => r.key)
        .sort(),
    ).toEqual(['GET /*', 'GET /docs']);
    const v1 = routes.filter((r) => r.url.startsWith('/v1/'));
    expect(v1.every((r) => !r.hidden)).toBe(true);
    expect(v1).toHaveLength(API_ROUTES.filter((r) => r.url.startsWith('/v1/')).length);
  });
});
