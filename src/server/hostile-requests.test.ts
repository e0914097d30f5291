/**
 * A hostile client, seeded and deterministic: malformed requests to EVERY route under /v1 and /extender (listed
 * from the app itself, so a new route is covered without touching this file), through Fastify's `inject`, on a
 * server with a token (most requests carry it, so the changes they ask for are authorised and reach the routes).
 * Bodies: wrong types at every field of a route's valid body, quantities that are not numbers ("NaN", "1e999"),
 * truncated JSON, deep nesting, huge numbers and strings, JSON literals that are not JSON, arrays where objects
 * are expected, wrong content types, empty bodies; paths and queries with unknown names, bad encodings and long
 * parameters. Every answer must be below 500, carry no internal text, and be the common error body when it is an
 * error; afterwards the stored state (nodes, placements, reservations, policy, simulation runs) is unchanged and
 * nothing was logged as an internal error.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance, InjectOptions } from 'fastify';
import type { NodeSpec } from '../model/node.js';
import { createPolicy } from '../policies/registry.js';
import { buildApp } from './app.js';

const SEED = 20_260_518;
/** Requests per route and method. */
const PER_ROUTE = 150;
const TOKEN = 'fuzz-token-0123456789';

const NODES: NodeSpec[] = [
  { name: 'big', cpuMilli: 96000, memMiB: 393216, gpuCount: 8, gpuModel: 'V100M32' },
  { name: 'small', cpuMilli: 32000, memMiB: 131072, gpuCount: 2, gpuModel: 'T4' },
  { name: 'cpu', cpuMilli: 64000, memMiB: 262144, gpuCount: 0, gpuModel: '' },
];

/** Text that must never reach a client: JS error names and wording, stack frames, source paths. */
const INTERNAL_TEXT =
  /Cannot |undefined|TypeError|ReferenceError|RangeError|SyntaxError|Maximum call stack|\bat \S+:\d+:\d+|node_modules|\/src\/|\.ts:\d+/;

const POD = {
  metadata: { name: 'fuzz', namespace: 'ml', uid: 'fuzz-uid' },
  spec: {
    containers: [
      { name: 'main', resources: { requests: { cpu: '1', memory: '1Gi', 'nvidia.com/gpu': '1' } } },
    ],
  },
};

/** An inference service of the plan demands below, without its peak demand. */
const CHAT = {
  name: 'chat',
  model: 'qwen3-32b',
  precision: 'bf16',
  inputTokens: 1000,
  outputTokens: 300,
  slo: { ttftSec: 2, tpotSec: 0.1, percentile: 99 },
};

/**
 * Valid bodies per route: never sent as they are, only with one field made wrong (so no request here may change
 * the state). A route missing here is still sent every generic malformed body.
 */
const TEMPLATES: Record<string, unknown> = {
  /**
   * A time run on an inline fleet that can never run (its accelerator is unknown), so that whatever the fleet
   * document holds reaches the fleet reader: a deep one must be refused before anything recurses into it.
   */
  'POST /v1/simulations (time)': {
    kind: 'time',
    fleet: {
      pools: [
        {
          name: 'p',
          accelerator: 'fuzz-unknown',
          nodes: 1,
          devicesPerNode: 8,
          cpuMilli: 1000,
          memoryMiB: 1024,
        },
      ],
    },
    workload: { pods: 10, days: 1 },
  },
  /** A demand that can never be planned (its chip is unknown), so no mutation of it queues a plan. */
  'POST /v1/plans': {
    demand: {
      quarters: 2,
      site: { pue: 1.3, electricityUsdPerKWh: 0.08, powerCapMW: 20 },
      chips: [{ accelerator: 'fuzz-unknown', devicesPerNode: 8, priceUsd: 1000, supplyDevices: [8, 0] }],
      existing: { pools: [{ name: 'p', accelerator: 'nvidia-h20', nodes: 1, devicesPerNode: 8 }] },
      training: [{ name: 't', reference: 'nvidia-h100', kind: 'compute', deviceHours: [10, 20] }],
      inference: [{ ...CHAT, peakRequestsPerSec: 4 }],
    },
    gap: 0.001,
    timeLimitSec: 5,
    check: true,
    seed: 42,
    checkPolicy: 'bestfit',
    scenarios: ['h20-at-0'],
    paretoPoints: 5,
  },
  /** The demand's other forms: training as a workload (a server path, which a request may never name), tokens/s. */
  'POST /v1/plans (workload, tokens/s)': {
    demand: {
      quarters: 2,
      site: { pue: 1.3, electricityUsdPerKWh: 0.08 },
      chips: [{ accelerator: 'fuzz-unknown', devicesPerNode: 8, priceUsd: 1000 }],
      training: [
        { name: 't', reference: 'nvidia-h100', kind: 'compute', workload: '/etc/passwd', utilisation: 0.8 },
        {
          name: 's',
          reference: 'nvidia-h100',
          kind: 'compute',
          workload: 'synthetic:pods=10,days=1,seed=1',
          utilisation: 0.8,
        },
      ],
      inference: [{ ...CHAT, peakTokensPerSec: [1300, 2600] }],
    },
  },
  'POST /v1/nodes': { nodes: [{ name: 'fz', model: 'T4', gpuCount: 1, cpuMilli: 1000, memMiB: 1024 }] },
  'PUT /v1/policy': { name: 'packing' },
  'POST /v1/what-if': { pods: [{ name: 'w', cpuMilli: 1, memMiB: 1, gpuCount: 1 }, POD] },
  'POST /v1/simulations': { kind: 'paper', workload: 'synthetic', policies: ['bestfit'], seeds: '42' },
  'POST /v1/measurements': { genai: 'fuzz-no-such-dir', rightSizing: false },
  'POST /extender/filter': { Pod: POD, NodeNames: ['big', 'small'] },
  'POST /extender/prioritize': { Pod: POD, NodeNames: ['big', 'small'] },
  'POST /extender/bind': { PodName: 'fuzz', PodNamespace: 'ml', PodUID: 'fuzz-uid', Node: 'big' },
  'POST /extender/preempt': {
    Pod: POD,
    NodeNameToMetaVictims: { big: { Pods: [{ UID: 'keep' }], NumPDBViolations: 0 } },
  },
};

/** Keys whose string values are Kubernetes quantities: they also get number-like strings that are not quantities. */
const QUANTITY_KEYS = new Set(['cpu', 'memory', 'nvidia.com/gpu']);

/** Path parameters: unknown names, bad encodings, long ones, and names whose change is refused (node `big` runs a pod). */
const PARAMS: Record<string, readonly string[]> = {
  name: ['big', 'ghost', 'no%20such', '%E0%A4%A', '%2F', '..', 'x'.repeat(300), '%00'],
  namespace: ['ml', 'ghost', '%E0%A4%A', 'x'.repeat(300)],
  id: ['RUN', 'nope', '%E0%A4%A', '..', 'x'.repeat(300)],
};
const QUERIES = [
  '',
  '',
  '?kind=everything',
  '?kind=allo&kind=frag',
  '?kind[]=x',
  '?%E0%A4%A=1',
  `?kind=${'y'.repeat(3000)}`,
];
const WRONG_CONTENT_TYPES = [
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/jsonx',
  'application/merge-patch+json',
  'image/png',
];

type Leaf = { path: (string | number)[]; value: string | number | boolean; key: string };

function leaves(value: unknown, path: (string | number)[] = []): Leaf[] {
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
    return [{ path, value, key: String(path.at(-1) ?? '') }];
  }
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([k, v]) =>
    leaves(v, [...path, Array.isArray(value) ? Number(k) : k]),
  );
}

function withLeaf(template: unknown, path: readonly (string | number)[], replacement: unknown): unknown {
  if (path.length === 0) return replacement;
  const copy = (Array.isArray(template) ? [...template] : { ...(template as object) }) as Record<
    string,
    unknown
  >;
  copy[path[0]] = withLeaf(copy[path[0]], path.slice(1), replacement);
  return copy;
}

/**
 * Values never valid where a string is expected (arrays hold no numbers: `seeds` takes a string or a list of
 * integers, and a valid simulation must not start here).
 */
const notAString = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.oneof(fc.boolean(), fc.constant(null), fc.string({ maxLength: 4 })), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }),
);
/** Values never valid where a count or size is expected. */
const notACount = fc.constantFrom<unknown>(
  '1',
  'NaN',
  'Infinity',
  '1e999',
  '',
  true,
  null,
  [],
  {},
  -1,
  1.5,
  1e308,
  -1e308,
  2 ** 53 + 2,
);
/** Values never valid where a switch (true or false) is expected. */
const notABoolean = fc.constantFrom<unknown>('true', 'false', 1, 0, '', null, [], {}, [true]);
/** Strings that look like numbers to someone, but are no Kubernetes quantity (or a negative one). */
const notAQuantity = fc.constantFrom(
  'NaN',
  'Infinity',
  '-Infinity',
  '1e999',
  '1e-999',
  '-1',
  '0x1F',
  '',
  ' ',
  '∞',
  '1..5',
  '٣',
);

/** The JSON text of `value` with the text `raw` in place of the marker string (for tokens JSON.stringify cannot write). */
function spliceRaw(value: unknown, raw: string): string {
  return JSON.stringify(value).replace('"@@RAW@@"', raw);
}

interface Malformed {
  readonly kind: string;
  readonly payload?: string;
  readonly contentType?: string;
}

function json(kind: string, value: unknown): Malformed {
  return { kind, payload: JSON.stringify(value), contentType: 'application/json' };
}

/** Malformed bodies for one route; `template` is its valid body, if it has one. */
function bodies(template: unknown): fc.Arbitrary<Malformed> {
  const base = template ?? { field: 'value' };
  const text = JSON.stringify(base);
  const generic: fc.WeightedArbitrary<Malformed>[] = [
    { weight: 3, arbitrary: fc.jsonValue({ maxDepth: 4 }).map((v) => json('random JSON value', v)) },
    {
      weight: 1,
      arbitrary: fc
        .array(fc.constant(base), { minLength: 1, maxLength: 2 })
        .map((v) => json('array for object', v)),
    },
    {
      weight: 2,
      arbitrary: fc.integer({ min: 0, max: text.length - 1 }).map((n) => ({
        kind: 'truncated JSON',
        payload: text.slice(0, n),
        contentType: 'application/json',
      })),
    },
    {
      weight: 2,
      arbitrary: fc
        .constantFrom(
          'NaN',
          'Infinity',
          '-0',
          'undefined',
          '{"a":NaN}',
          '{"a":1}{"b":2}',
          '\u0000',
          `${'9'.repeat(400)}`,
          "{'a':1}",
          '{"a":1,}',
          '\ufeff{',
        )
        .map((payload) => ({ kind: 'not JSON / odd literal', payload, contentType: 'application/json' })),
    },
    {
      weight: 1,
      arbitrary: fc.constantFrom(65, 1_000, 50_000).map((d) => ({
        kind: 'deep nesting',
        payload: '['.repeat(d) + ']'.repeat(d),
        contentType: 'application/json',
      })),
    },
    {
      weight: 1,
      arbitrary: fc
        .constantFrom(200_000, 1_200_000)
        .map((n) => json('huge string', { [Object.keys(base as object)[0] ?? 'x']: 'x'.repeat(n) })),
    },
    {
      weight: 2,
      arbitrary: fc
        .constantFrom(...WRONG_CONTENT_TYPES)
        .map((contentType) => ({ kind: 'wrong content type', payload: text, contentType })),
    },
    {
      weight: 1,
      arbitrary: fc.constantFrom<Malformed>(
        { kind: 'empty body', payload: '', contentType: 'application/json' },
        { kind: 'empty body', payload: '' },
        { kind: 'no body' },
      ),
    },
  ];
  const all = template === undefined ? [] : leaves(template);
  if (all.length === 0) return fc.oneof(...generic);
  const leaf = fc.constantFrom(...all);
  const mutated: fc.WeightedArbitrary<Malformed>[] = [
    {
      weight: 6,
      arbitrary: leaf.chain((l) =>
        (typeof l.value === 'string'
          ? notAString
          : typeof l.value === 'boolean'
            ? notABoolean
            : notACount
        ).map((v) => json('wrong type at a field', withLeaf(template, l.path, v))),
      ),
    },
    {
      weight: 2,
      arbitrary: leaf.chain((l) =>
        fc.constantFrom(65, 5_000).map((d) => ({
          kind: 'deep nesting at a field',
          payload: spliceRaw(withLeaf(template, l.path, '@@RAW@@'), '['.repeat(d) + ']'.repeat(d)),
          contentType: 'application/json',
        })),
      ),
    },
    {
      weight: 1,
      arbitrary: leaf.chain((l) =>
        fc.constantFrom('1e400', '-1e400', '9'.repeat(330), '123456789012345678901234567890').map((raw) => ({
          kind: 'huge number at a field',
          payload: spliceRaw(withLeaf(template, l.path, '@@RAW@@'), raw),
          contentType: 'application/json',
        })),
      ),
    },
  ];
  const quantities = all.filter((l) => QUANTITY_KEYS.has(l.key));
  if (quantities.length > 0) {
    mutated.push({
      weight: 3,
      arbitrary: fc
        .tuple(fc.constantFrom(...quantities), notAQuantity)
        .map(([l, q]) => json('quantity that is not one', withLeaf(template, l.path, q))),
    });
  }
  return fc.oneof(...generic, ...mutated);
}

const authorization = fc.constantFrom<string | undefined>(
  ...Array<string>(17).fill(`Bearer ${TOKEN}`),
  undefined,
  undefined,
  'Bearer wrong-token-00000000000',
  'Basic Zm9vOmJhcg==',
);

interface Route {
  readonly method: string;
  readonly url: string;
}

let app: FastifyInstance;
const routes: Route[] = [];
const logged: string[] = [];
let runId = '';

async function snapshot() {
  const get = async (url: string) => (await app.inject({ url })).json();
  const sims = (await get('/v1/simulations')).simulations as { id: string; status: string; error?: string }[];
  return {
    nodes: await get('/v1/nodes'),
    placements: await get('/v1/placements'),
    policy: await get('/v1/policy'),
    simulations: sims.map(({ id, status, error }) => ({ id, status, error })),
    reservations: app.live.reservationCount,
    storedNodes: app.live.state.nodes,
  };
}

beforeAll(async () => {
  app = buildApp({
    nodes: NODES,
    policy: createPolicy('bestfit'),
    token: TOKEN,
    logger: { stream: { write: (line: string) => logged.push(line) } },
  });
  app.addHook('onRoute', (r) => {
    for (const method of [r.method].flat()) {
      if (method !== 'HEAD' && /^\/(v1|extender)\//.test(r.url)) routes.push({ method, url: r.url });
    }
  });
  await app.ready();
  // State worth keeping: a placement on `big`, and a finished simulation run whose id the routes can name.
  const filter = await app.inject({
    method: 'POST',
    url: '/extender/filter',
    payload: {
      Pod: { ...POD, metadata: { name: 'keep', namespace: 'ml', uid: 'keep' } },
      NodeNames: ['big'],
    },
  });
  expect(filter.json().NodeNames).toEqual(['big']);
  const bind = await app.inject({
    method: 'POST',
    url: '/extender/bind',
    payload: { PodName: 'keep', PodNamespace: 'ml', PodUID: 'keep', Node: 'big' },
  });
  expect(bind.json().Error).toBe('');
  runId = await (async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/v1/simulations',
      headers: { authorization: `Bearer ${TOKEN}` },
      payload: { kind: 'paper', workload: 'synthetic', policies: ['bestfit'], seeds: '42' },
    });
    expect(res.statusCode).toBe(202);
    const id = res.json().id as string;
    for (let i = 0; i < 600; i++) {
      const run = (await app.inject({ url: `/v1/simulations/${id}` })).json();
      if (run.status === 'done' || run.status === 'failed') break;
      await new Promise((r) => setTimeout(r, 25));
    }
    return id;
  })();
}, 60_000);

afterAll(async () => {
  await app?.close();
});

function urlOf(route: Route, pick: (values: readonly string[]) => string, query: string): string {
  const path = route.url.replace(/:(\w+)/g, (_, name: string) => {
    const value = pick(PARAMS[name] ?? ['ghost']);
    return value === 'RUN' ? runId : value;
  });
  return path + query;
}

describe('hostile requests to every route', () => {
  it('no 5xx, no internal text, the common error body, and the stored state unchanged', async () => {
    const names = routes.map((r) => `${r.method} ${r.url}`);
    // The enumeration found the API (and would find a new route): the pillars' routes are all here.
    for (const expected of [
      'POST /v1/nodes',
      'DELETE /v1/nodes/:name',
      'PUT /v1/policy',
      'POST /v1/measurements',
      'GET /v1/simulations/:id/csv',
      'POST /v1/plans',
      'GET /v1/plans/:id',
      'POST /extender/filter',
      'POST /extender/preempt',
    ]) {
      expect(names).toContain(expected);
    }
    const before = await snapshot();
    expect(before.placements.placements).toHaveLength(1);
    expect(before.simulations.map((s) => s.id)).toContain(runId);

    const sent = new Map<string, number>();
    const statuses = new Map<number, number>();
    for (const [r, route] of routes.entries()) {
      const key = `${route.method} ${route.url}`;
      const requests = fc.sample(
        fc.record({
          body: fc.oneof(
            ...Object.keys(TEMPLATES)
              .filter((t) => t === key || t.startsWith(`${key} (`))
              .map((t) => bodies(TEMPLATES[t])),
            bodies(undefined),
          ),
          auth: authorization,
          query: fc.constantFrom(...QUERIES),
          picks: fc.array(fc.nat(), { minLength: 3, maxLength: 3 }),
        }),
        { seed: SEED + r, numRuns: PER_ROUTE },
      );
      for (const { body, auth, query, picks } of requests) {
        let p = 0;
        const url = urlOf(route, (values) => values[picks[p++ % picks.length] % values.length], query);
        const headers: Record<string, string> = {};
        if (auth !== undefined) headers.authorization = auth;
        if (body.contentType !== undefined) headers['content-type'] = body.contentType;
        const res = await app.inject({
          method: route.method as InjectOptions['method'],
          url,
          headers,
          ...(body.payload !== undefined ? { payload: body.payload } : {}),
        });
        const what = `${route.method} ${url.slice(0, 120)} [${body.kind}] → ${res.statusCode} ${res.body.slice(0, 300)}`;
        expect(res.statusCode, what).toBeLessThan(500);
        expect(res.body, what).not.toMatch(INTERNAL_TEXT);
        if (res.statusCode >= 400) {
          const error = res.json();
          expect(error.code, what).toMatch(/^HF_[A-Z_]+$/);
          expect(typeof error.error, what).toBe('string');
          expect(Array.isArray(error.issues), what).toBe(true);
          expect(typeof error.requestId, what).toBe('string');
        }
        sent.set(key, (sent.get(key) ?? 0) + 1);
        statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
      }
    }
    expect([...sent.values()].every((n) => n === PER_ROUTE)).toBe(true);
    console.log(
      `hostile requests: ${PER_ROUTE} to each of ${sent.size} routes (${PER_ROUTE * sent.size} in all); statuses ${JSON.stringify(Object.fromEntries([...statuses].sort((a, b) => a[0] - b[0])))}`,
    );

    expect(await snapshot()).toEqual(before);
    expect(logged).toEqual([]);
  }, 60_000);
});
