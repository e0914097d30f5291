import { describe, expect, it } from 'vitest';
import { testPlanContext } from '../../test/support/measure-plan-context.js';
import type { MatrixSeries, PrometheusClient, VectorSample } from './prometheus-client.js';
import { runPlans } from './prometheus-executor.js';
import type { MatrixPlan, VectorPlan } from './prometheus-plan.js';

/** A client answering each query by its expression after a delay (ms) named in it (`… @30`). */
function fakeClient(answers: Record<string, VectorSample[] | MatrixSeries[]>) {
  let inFlight = 0;
  const stats = { maxInFlight: 0, order: [] as string[] };
  const answer = async <T>(expr: string): Promise<T> => {
    inFlight++;
    stats.maxInFlight = Math.max(stats.maxInFlight, inFlight);
    stats.order.push(`start ${expr}`);
    await new Promise((r) => setTimeout(r, Number(/@(\d+)/.exec(expr)?.[1] ?? 0)));
    stats.order.push(`end ${expr}`);
    inFlight--;
    return structuredClone(answers[expr]) as T;
  };
  const client = {
    query: (expr: string) => answer<VectorSample[]>(expr),
    queryRange: (expr: string) => answer<MatrixSeries[]>(expr),
  } as unknown as PrometheusClient;
  return { client, stats };
}

const gpu = (g: string) => ({ host: 'n1', gpu: g, model: 'M' });

/** A plan of two chunk queries whose answers it appends to `observed` (so that the fold order shows). */
const chunked = (what: string, delays: [number, number]): VectorPlan => ({
  kind: 'vector',
  what,
  combine: 'sum',
  queries: () => delays.map((d, i) => ({ expr: `${what} ${i} @${d}`, timeSec: i, what })),
  fold: (answer, into) => {
    into.observed = [...into.observed, ...answer.map((s) => ({ ...s, metric: { ...s.metric, plan: what } }))];
  },
});

describe('the plan executor', () => {
  const answers = {
    'slow 0 @30': [{ metric: gpu('1'), value: 1 }],
    'slow 1 @30': [
      { metric: gpu('1'), value: 2 },
      { metric: gpu('0'), value: 5 },
    ],
    'fast 0 @1': [{ metric: gpu('0'), value: 10 }],
    'fast 1 @1': [{ metric: gpu('0'), value: 20 }],
    'third 0 @1': [],
    'third 1 @1': [],
    'heat @5': [{ metric: gpu('0'), values: [[1, 50]] as [number, number][] }],
    'heat more @1': [{ metric: gpu('0'), values: [[2, 60]] as [number, number][] }],
  };
  const heat: MatrixPlan = {
    kind: 'matrix',
    what: 'heat',
    queries: () =>
      ['heat @5', 'heat more @1'].map((expr) => ({ expr, startSec: 0, endSec: 1, stepSec: 1, what: 'heat' })),
    fold: (answer, into) => {
      into.heat = answer;
    },
  };
  const never: VectorPlan = { ...chunked('never', [0, 0]), applies: () => false };

  it('runs at most `concurrency` queries at once and one plan’s chunks one after the other', async () => {
    const { client, stats } = fakeClient(answers);
    const ticks: string[] = [];
    const plans = [chunked('slow', [30, 30]), chunked('fast', [1, 1]), chunked('third', [1, 1]), heat, never];
    await runPlans(client, plans, testPlanContext(), { concurrency: 2, tick: (d) => ticks.push(d) });
    expect(stats.maxInFlight).toBe(2);
    expect(stats.order.indexOf('start slow 1 @30')).toBeGreaterThan(stats.order.indexOf('end slow 0 @30'));
    // One tick per plan: the one that does not apply at once, the others as they finish.
    expect(ticks[0]).toBe('never (skipped)');
    expect([...ticks].sort()).toEqual(['fast', 'heat', 'never (skipped)', 'slow', 'third']);
  });

  it('combines the chunks per series and folds in the order of the plans', async () => {
    const { client } = fakeClient(answers);
    const plans = [chunked('slow', [30, 30]), chunked('fast', [1, 1]), heat];
    const r = await runPlans(client, plans, testPlanContext(), { concurrency: 3, tick: () => {} });
    // `fast` finished first, but `slow` comes first.
    expect(r.observed.map((s) => [s.metric.plan, s.metric.gpu, s.value])).toEqual([
      ['slow', '1', 3],
      ['slow', '0', 5],
      ['fast', '0', 30],
    ]);
    expect(r.heat).toEqual([
      {
        metric: gpu('0'),
        values: [
          [1, 50],
          [2, 60],
        ],
      },
    ]);
  });

  it('refuses a plan of several queries that does not say how they combine', async () => {
    const { client } = fakeClient(answers);
    const plan: VectorPlan = { ...chunked('fast', [1, 1]), combine: undefined };
    await expect(
      runPlans(client, [plan], testPlanContext(), { concurrency: 1, tick: () => {} }),
    ).rejects.toThrow(/several queries and no combine/);
  });
});
