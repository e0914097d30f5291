import { describe, expect, it } from 'vitest';
import { testPlanContext } from '../../test/support/measure-plan-context.js';
import type { PrometheusClient } from './prometheus-client.js';
import { findRecordedSeries } from './prometheus-recorded.js';

const HEARTBEAT =
  'hyperfleet:rules_evaluated{hyperfleet_step="60", hyperfleet_util="UTIL", hyperfleet_idle_below="5", hyperfleet_idle_for="1800"}';

/** A Prometheus whose rules last evaluated at `lastEval` and whose heartbeat counts `beats` in the window. */
function fakeClient(lastEval: number | undefined, beats: number) {
  const asked: [string, number][] = [];
  const client = {
    queryMatrix: async (expr: string, t: number) => {
      asked.push([expr, t]);
      return lastEval === undefined ? [] : [{ metric: {}, values: [[lastEval, 1]] }];
    },
    query: async (expr: string, t: number) => {
      asked.push([expr, t]);
      return [{ metric: {}, value: beats }];
    },
  } as unknown as PrometheusClient;
  return { client, asked };
}

describe('recorded series', () => {
  // 12 h at 1-minute steps: N = 720, to = 43200.
  const ctx = testPlanContext();
  const find = (client: PrometheusClient, o: { names?: string[]; sampling?: 'lookback' | 'step' } = {}) =>
    findRecordedSeries(client, ctx.figures, ctx.window, {
      metricNames: new Set(o.names ?? ['hyperfleet:rules_evaluated']),
      sampling: o.sampling ?? 'lookback',
    });

  it('are used when the heartbeat of the same parameters has a sample at every step; read at to + phase', async () => {
    const { client, asked } = fakeClient(43200 + 12.5, 720);
    expect(await find(client)).toEqual({ used: true, phaseSec: 12.5, evaluatedAt: 43212.5 });
    expect(asked).toEqual([
      [`${HEARTBEAT}[59999ms]`, 43259.999],
      [`count_over_time(${HEARTBEAT}[43199999ms])`, 43212.5],
    ]);
  });

  it('are not used when a step has no evaluation', async () => {
    const { client } = fakeClient(43200 + 12.5, 719);
    expect(await find(client)).toEqual({ used: false, phaseSec: 0, evaluatedAt: 43200 });
  });

  it('are not used when the rules stopped before the window’s end', async () => {
    const { client, asked } = fakeClient(43200 - 47.5, 720);
    expect((await find(client)).used).toBe(false);
    expect(asked).toHaveLength(1);
  });

  it('are not looked for with step sampling or without the heartbeat', async () => {
    const { client, asked } = fakeClient(43200, 720);
    expect((await find(client, { sampling: 'step' })).used).toBe(false);
    expect((await find(client, { names: ['UTIL'] })).used).toBe(false);
    expect(asked).toEqual([]);
  });
});
