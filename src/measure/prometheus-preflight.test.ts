import { describe, expect, it } from 'vitest';
import { TEST_MAPPING } from '../../test/support/measure-plan-context.js';
import { InputError } from '../errors/index.js';
import type { PrometheusClient } from './prometheus-client.js';
import { preflight, type PreflightInput } from './prometheus-preflight.js';
import { queryWindow } from './prometheus-window.js';

const SERIES = { host: 'n1', gpu: '0', model: 'NVIDIA H100', ns: 'a', pod: 'p1' };

function fakeClient(o: { names: string[]; series: Record<string, string>[] }) {
  const asked: string[] = [];
  const client = {
    base: 'http://prometheus.test',
    metricNames: async () => new Set(o.names),
    series: async (match: string) => {
      asked.push(match);
      return o.series;
    },
  } as unknown as PrometheusClient;
  return { client, asked };
}

function input(over: Partial<PreflightInput> = {}): PreflightInput & { ticks: string[] } {
  const ticks: string[] = [];
  return {
    mapping: TEST_MAPPING,
    mappingFile: 'test.yaml',
    teamLabel: 'namespace',
    window: queryWindow(0, 3600, { stepSec: 60, idleForSec: 60, heatColumns: 10 }),
    tick: (d) => ticks.push(d),
    ticks,
    ...over,
  };
}

async function failure(p: Promise<unknown>): Promise<{ message: string; issue: Record<string, unknown> }> {
  const e = await p.then(
    () => undefined,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(InputError);
  return {
    message: (e as Error).message,
    issue: (e as InputError).issues[0] as unknown as Record<string, unknown>,
  };
}

describe('the checks before the queries', () => {
  it('takes the first mapped utilisation metric Prometheus has, and ticks each check', async () => {
    const { client, asked } = fakeClient({ names: ['UTIL2'], series: [SERIES] });
    const mapping = {
      ...TEST_MAPPING,
      utilization: [
        { metric: 'UTIL', scale: 100 },
        { metric: 'UTIL2', scale: 1 },
      ],
    };
    const i = input({ mapping });
    const r = await preflight(client, i);
    expect(r.util).toEqual({ metric: 'UTIL2', scale: 1 });
    expect(r.team).toEqual({ fromNamespace: true, label: 'ns' });
    expect(asked).toEqual(['UTIL2{}']);
    expect(i.ticks).toEqual(['metric names', 'window check', 'labels']);
  });

  it('no mapped utilisation metric: names the file, the field and the metrics', async () => {
    const { client } = fakeClient({ names: ['OTHER'], series: [] });
    const { message, issue } = await failure(preflight(client, input()));
    expect(message).toMatch(
      /metric missing: Prometheus at http:\/\/prometheus\.test has no series named UTIL/,
    );
    expect([issue.file, issue.field]).toEqual(['test.yaml', 'utilization']);
  });

  it('no series in the window: names the window', async () => {
    const { client } = fakeClient({ names: ['UTIL'], series: [] });
    const { message, issue } = await failure(preflight(client, input()));
    expect(message).toMatch(
      /empty window: no samples of UTIL between 1970-01-01T00:00:00.000Z and 1970-01-01T01:00:00.000Z/,
    );
    expect(issue.field).toBe('--from/--to');
  });

  it('a label on no series: names it, with the exporter’s Kubernetes mode for the pod label', async () => {
    const { client } = fakeClient({ names: ['UTIL'], series: [{ ...SERIES, pod: '' }] });
    const { message, issue } = await failure(preflight(client, input()));
    expect(message).toMatch(
      /labels missing: no series of UTIL carries pod in the window \(the pod label needs/,
    );
    expect(issue.field).toBe('labels');
  });

  it('a pod-label team without kube_pod_labels in Prometheus', async () => {
    const { client } = fakeClient({ names: ['UTIL'], series: [SERIES] });
    const { message, issue } = await failure(preflight(client, input({ teamLabel: 'team' })));
    expect(message).toMatch(
      /team label "team" is read from kube_pod_labels, which Prometheus at .* does not have/,
    );
    expect(issue.field).toBe('--team-label');
  });

  it('a pod-label team read as kube-state-metrics names it', async () => {
    const { client } = fakeClient({ names: ['UTIL', 'kube_pod_labels'], series: [SERIES] });
    const r = await preflight(client, input({ teamLabel: 'app.kubernetes.io/team' }));
    expect(r.team).toMatchObject({ fromNamespace: false, label: 'label_app_kubernetes_io_team' });
  });
});
