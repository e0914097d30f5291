/**
 * The server's one error model through Fastify's `inject`: a user mistake (REST body, query parameter, extender
 * pod) is a 400 with `code`, `message`, `issues` (field paths) and `error`; refusals and Fastify's own client
 * errors have the same body with their status; an internal failure is a bare 500 with no internal text, logged
 * once (captured from the logger) with the request id and the real error; a simulation run that fails inside
 * keeps a neutral message and is logged.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { ErrorCode } from '../errors/index.js';
import type { NodeSpec } from '../model/node.js';
import { createPolicy } from '../policies/registry.js';
import { OffThread } from '../sim/off-thread.js';
import { buildApp, type AppOptions } from './app.js';

const NODES: NodeSpec[] = [
  { name: 'big', cpuMilli: 96000, memMiB: 393216, gpuCount: 8, gpuModel: 'V100M32' },
  { name: 'small', cpuMilli: 32000, memMiB: 131072, gpuCount: 2, gpuModel: 'T4' },
];
const TOKEN = 'test-token-0123456789';
/** Internal text that must never reach a client: a message as Node writes it for a typical bug. */
const SECRET = "Cannot read properties of undefined (reading 'gpuLeft') at /srv/hyperfleet/secret.js";

interface LogLine {
  level: number;
  reqId?: string;
  runId?: string;
  msg: string;
  err?: { type: string; message: string; stack: string };
}

let app: FastifyInstance;
let lines: LogLine[];

function start(options: Partial<AppOptions> = {}): FastifyInstance {
  lines = [];
  app = buildApp({
    nodes: NODES,
    policy: createPolicy('bestfit'),
    logger: { stream: { write: (line: string) => lines.push(JSON.parse(line) as LogLine) } },
    ...options,
  });
  return app;
}

afterEach(async () => {
  vi.restoreAllMocks();
  await app?.close();
});

async function send(
  method: 'GET' | 'POST' | 'PUT' | 'DELETE',
  url: string,
  payload?: unknown,
  headers: Record<string, string> = {},
) {
  const res = await app.inject({ method, url, payload: payload as object, headers });
  return { status: res.statusCode, body: res.json(), headers: res.headers, text: res.body };
}

function wirePod(uid: string, requests: Record<string, string>) {
  return {
    metadata: { name: `pod-${uid}`, namespace: 'ml', uid },
    spec: { containers: [{ name: 'main', resources: { requests } }] },
  };
}

/** The common error body: every field present, `error` one line, the request id a non-empty string. */
function expectErrorBody(body: Record<string, unknown>, code: string): void {
  expect(Object.keys(body).sort()).toEqual(['code', 'error', 'issues', 'message', 'requestId']);
  expect(body.code).toBe(code);
  expect(body.error).not.toMatch(/\n/);
  expect(typeof body.requestId).toBe('string');
  expect(body.requestId).not.toBe('');
}

describe('a user mistake is a 400 with code, message, issues and error', () => {
  it('a REST body: every wrong field, by its path', async () => {
    start();
    const res = await send('POST', '/v1/nodes', {
      nodes: [
        { name: 'x', model: 'T4', gpuCount: -1, cpuMilli: 1000, memMiB: 1024 },
        { name: 'y', gpuCount: 0, cpuMilli: '8' },
      ],
    });
    expect(res.status).toBe(400);
    expectErrorBody(res.body, ErrorCode.InvalidBody);
    expect(res.body.issues).toEqual([
      { field: 'nodes.0.gpuCount', message: expect.stringMatching(/>=0/) },
      { field: 'nodes.1.cpuMilli', message: 'Invalid input: expected number, received string' },
      { field: 'nodes.1.memMiB', message: 'missing', expected: 'number' },
    ]);
    // `message` has one line per issue, `error` the same on one line (what the dashboard shows).
    expect(res.body.message.split('\n')).toHaveLength(3);
    expect(res.body.error).toBe(res.body.message.split('\n').join('; '));
    expect(res.body.error).toMatch(/^nodes\.0\.gpuCount: .*; nodes\.1\.memMiB: missing, expected number$/);
    expect(app.live.state.nodeCount).toBe(2);
  });

  it('a query parameter', async () => {
    start();
    const res = await send('GET', '/v1/simulations/any/csv?kind=everything');
    expect(res.status).toBe(400);
    expectErrorBody(res.body, ErrorCode.InvalidParameter);
    expect(res.body.issues).toEqual([
      { field: 'kind', message: expect.stringMatching(/allo.*frag.*fragratio/) },
    ]);
    expect(res.body.error).toMatch(/^kind: /);
  });

  it('an unreadable pod in prioritize (and preempt): the field inside the request body', async () => {
    start();
    const Pod = wirePod('p1', { cpu: 'lots', 'nvidia.com/gpu': '1' });
    const prio = await send('POST', '/extender/prioritize', { Pod, NodeNames: ['big'] });
    expect(prio.status).toBe(400);
    expectErrorBody(prio.body, ErrorCode.InvalidPod);
    expect(prio.body.issues).toEqual([
      {
        field: 'Pod.spec.containers.0.resources.requests.cpu',
        message: '"lots" is not a Kubernetes quantity (e.g. 500m, 2, 1Gi)',
      },
    ]);
    const preempt = await send('POST', '/extender/preempt', {
      Pod: wirePod('p2', { 'nvidia.com/gpu': '1.5' }),
      NodeNameToMetaVictims: {},
    });
    expect(preempt.status).toBe(400);
    expect(preempt.body.issues).toEqual([
      {
        field: 'Pod.spec.containers.0.resources.requests["nvidia.com/gpu"]',
        expected: 'a whole number of devices',
        got: '1.5',
      },
    ]);
    // A what-if pod is nested under its place in the list.
    const whatIf = await send('POST', '/v1/what-if', { pods: [wirePod('w', { memory: '1Zi' })] });
    expect(whatIf.body.issues[0].field).toBe('pods.0.spec.containers.0.resources.requests.memory');
    // Neither answer logs: a client's mistake is not the server's error.
    expect(lines).toEqual([]);
  });

  it('a policy the server cannot build is the body field `name`', async () => {
    start();
    const res = await send('PUT', '/v1/policy', { name: 'fgd' });
    expect(res.status).toBe(400);
    expect(res.body.issues).toEqual([
      {
        field: 'name',
        message: 'cannot use policy "fgd": the fgd policy needs the typical pods of the workload',
      },
    ]);
    expect(res.body.code).toBe(ErrorCode.InvalidOption);
  });
});

describe('refusals and client errors have the same body, with their status', () => {
  it('not found, conflict, no route, unauthorised and forbidden', async () => {
    start({ token: TOKEN });
    const auth = { authorization: `Bearer ${TOKEN}` };
    const missing = await send('DELETE', '/v1/nodes/ghost', undefined, auth);
    expect(missing.status).toBe(404);
    expectErrorBody(missing.body, ErrorCode.NotFound);
    expect(missing.body.error).toBe('node ghost is not registered');
    expect(missing.body.issues).toEqual([]);

    const placed = await send('POST', '/extender/filter', {
      Pod: wirePod('c1', { 'nvidia.com/gpu': '2' }),
      NodeNames: ['small'],
    });
    expect(placed.body.NodeNames).toEqual(['small']);
    await send('POST', '/extender/bind', { PodName: 'c1', PodNamespace: 'ml', PodUID: 'c1', Node: 'small' });
    const busy = await send('DELETE', '/v1/nodes/small', undefined, auth);
    expect(busy.status).toBe(409);
    expectErrorBody(busy.body, ErrorCode.Conflict);
    expect(busy.body.error).toMatch(/still runs 1 pod/);

    const route = await send('GET', '/v1/nothing-here?x=1');
    expect(route.status).toBe(404);
    expectErrorBody(route.body, ErrorCode.NoRoute);
    expect(route.body.error).toBe('no route GET /v1/nothing-here');

    const none = await send('DELETE', '/v1/nodes/big');
    expect(none.status).toBe(401);
    expect(none.headers['www-authenticate']).toBe('Bearer');
    expectErrorBody(none.body, ErrorCode.Unauthorized);
    const wrong = await send('DELETE', '/v1/nodes/big', undefined, { authorization: 'Bearer nope' });
    expect(wrong.status).toBe(403);
    expectErrorBody(wrong.body, ErrorCode.Forbidden);
    expect(app.live.state.nodeCount).toBe(2);
  });

  it("Fastify's client errors (malformed JSON, empty JSON, too large, unsupported type, bad URL), deep bodies", async () => {
    start();
    const raw = (url: string, payload: string, type = 'application/json') =>
      app.inject({ method: 'POST', url, payload, headers: { 'content-type': type } });
    const cases: [Awaited<ReturnType<typeof raw>>, number, string, RegExp][] = [
      [await raw('/v1/nodes', '{"nodes": ['), 400, ErrorCode.MalformedJson, /^malformed JSON body/],
      [await raw('/extender/filter', '{"Pod": '), 400, ErrorCode.MalformedJson, /^malformed JSON body/],
      [await raw('/v1/nodes', ''), 400, ErrorCode.MalformedJson, /body is empty/],
      [
        await raw('/v1/what-if', JSON.stringify({ pods: ['x'.repeat(2 * 1024 * 1024)] })),
        413,
        ErrorCode.BodyTooLarge,
        /larger than the limit of this route \(1048576 bytes\)/,
      ],
      [await raw('/v1/nodes', 'nodes=1', 'text/csv'), 415, ErrorCode.UnsupportedMediaType, /"text\/csv"/],
      [
        await app.inject({ method: 'GET', url: '/v1/nodes/%E0%A4%A' }),
        400,
        ErrorCode.BadRequest,
        /percent-encoding/,
      ],
    ];
    // Nested deeper than any real body: refused before anything recurses into it.
    const deep = '['.repeat(10_000) + ']'.repeat(10_000);
    cases.push([
      await raw(
        '/v1/simulations',
        `{"kind":"time","fleet":{"pools":${deep}},"workload":{"pods":1,"days":1}}`,
      ),
      400,
      ErrorCode.InvalidBody,
      /nests arrays and objects deeper than 64 levels/,
    ]);
    for (const [res, status, code, message] of cases) {
      expect(res.statusCode, res.body).toBe(status);
      expectErrorBody(res.json(), code);
      expect(res.json().error).toMatch(message);
    }
    expect(lines).toEqual([]);
  });
});

describe('an internal failure', () => {
  it('is a bare 500 without internal text, logged once with the request id and the real error', async () => {
    start();
    vi.spyOn(app.live, 'queryNodes').mockImplementation(() => {
      throw new TypeError(SECRET);
    });
    const res = await send('GET', '/v1/nodes');
    expect(res.status).toBe(500);
    expect(res.body).toEqual({
      code: ErrorCode.Internal,
      message: `internal error; the server log has the details (request id ${res.body.requestId})`,
      issues: [],
      error: 'internal error',
      requestId: expect.any(String),
    });
    for (const leak of ['Cannot', 'gpuLeft', 'TypeError', 'secret.js', ' at '])
      expect(res.text).not.toContain(leak);
    expect(lines).toHaveLength(1);
    const [line] = lines;
    expect(line.level).toBe(50);
    expect(line.reqId).toBe(res.body.requestId);
    expect(line.msg).toBe('internal error answering GET /v1/nodes');
    expect(line.err).toMatchObject({ type: 'TypeError', message: SECRET });
    expect(line.err?.stack).toMatch(/error-handler\.test\.ts/);
  });

  it('a bind whose binder fails with a bug: 500, logged, and the pod not counted', async () => {
    start({
      binder: {
        bind: async () => {
          throw new Error(SECRET);
        },
      },
    });
    await send('POST', '/extender/filter', {
      Pod: wirePod('b1', { 'nvidia.com/gpu': '1' }),
      NodeNames: ['big'],
    });
    const bind = await send('POST', '/extender/bind', {
      PodName: 'pod-b1',
      PodNamespace: 'ml',
      PodUID: 'b1',
      Node: 'big',
    });
    expect(bind.status).toBe(500);
    expect(bind.text).not.toContain('Cannot');
    expect(lines.map((l) => [l.reqId, l.err?.message])).toEqual([[bind.body.requestId, SECRET]]);
    expect(app.live.listPlacements()).toEqual([]);
  });

  it('a simulation run that fails inside keeps a neutral message; the log has the real one', async () => {
    start();
    vi.spyOn(OffThread.prototype, 'run').mockRejectedValue(new TypeError(SECRET));
    const sub = await send('POST', '/v1/simulations', {
      kind: 'paper',
      workload: 'synthetic',
      policies: ['bestfit'],
      seeds: '42',
    });
    expect(sub.status).toBe(202);
    let run = (await send('GET', `/v1/simulations/${sub.body.id}`)).body;
    for (let i = 0; i < 200 && run.status !== 'failed' && run.status !== 'done'; i++) {
      await new Promise((r) => setTimeout(r, 20));
      run = (await send('GET', `/v1/simulations/${sub.body.id}`)).body;
    }
    expect(run.status).toBe('failed');
    expect(run.error).toBe(`internal error; see the server log (run ${sub.body.id})`);
    const list = await send('GET', '/v1/simulations');
    expect(JSON.stringify(list.body)).not.toContain('Cannot');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 50, runId: sub.body.id, err: { message: SECRET } });
  });

  it('the default logger writes errors only: no line for a request that went well or a 4xx', async () => {
    start();
    await send('GET', '/v1/nodes');
    await send('POST', '/v1/nodes', { nodes: [] });
    await send('GET', '/nope');
    expect(lines).toEqual([]);
    // Asked for, the request log is there too.
    await app.close();
    start({
      logger: { level: 'info', stream: { write: (line: string) => lines.push(JSON.parse(line) as LogLine) } },
    });
    await send('GET', '/v1/nodes');
    expect(lines.map((l) => l.msg)).toEqual(['incoming request', 'request completed']);
  });
});
