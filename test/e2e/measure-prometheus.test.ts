/**
 * `hyperfleet measure --prometheus` against the REAL Prometheus (Debian binary), backfilled by promtool with a
 * synthetic DCGM + kube-state-metrics history whose allocated, busy and idle device-hours, energy and cost are
 * known by construction: 3 nodes, 3 models, 3 teams, a shared device (4 × 250-milli slots, 3 used), a pod that
 * arrives and leaves mid-window, an exporter gap, an energy counter with resets, a power gauge, a device with
 * neither (catalog power model), idle stretches of exactly the threshold and one step shorter, and timestamps
 * jittered within their step.
 *
 * Tolerance: with every sample inside its step, the step sums are exact, so figures must match to floating
 * rounding (1e-9 relative). A sample landing in the wrong step would move a figure by at least one step
 * (Δ = 60 s = 1/60 device-hour), far outside that tolerance.
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/catalog/catalog.js';
import { runCli, tempDir } from '../support/cli.js';
import {
  backfill,
  backfillRules,
  freePort,
  OpenMetricsWriter,
  prometheusAvailable,
  startPrometheus,
  type RunningPrometheus,
} from '../support/prometheus.js';

const FROM = Date.parse('2026-03-02T00:00:00Z') / 1000;
const S = 60;
const K = 720; // 12 hours of 1-minute steps
const TO = FROM + K * S;
const PUE = 1.3;
const USD_PER_KWH = 0.08;

interface Slot {
  ns: string;
  pod: string;
  /** milli of the request (1000: nvidia_com_gpu=1; 250: nvidia_com_gpu_shared=1). */
  milli: number;
  from: number;
  to: number;
}
interface Dev {
  host: string;
  gpu: string;
  model: string;
  acc: string;
  util: (k: number) => number;
  slots: Slot[];
  /** Steps without any sample (exporter down). */
  gap?: [number, number];
  energy: 'counter' | 'power' | 'none';
  power: (k: number) => number;
  resets?: number[];
  memMiB: number;
}

const range = (a: number, b: number, k: number) => k >= a && k <= b;
const DEVICES: Dev[] = [
  {
    host: 'node-a',
    gpu: '0',
    model: 'NVIDIA H100 80GB HBM3',
    acc: 'nvidia-h100',
    util: (k) => (range(241, 360, k) ? 2 : k <= 240 ? 80 : 60),
    slots: [{ ns: 'vision', pod: 'train-1', milli: 1000, from: 1, to: K }],
    energy: 'counter',
    power: (k) => 100 + 5 * (range(241, 360, k) ? 2 : k <= 240 ? 80 : 60),
    resets: [400],
    memMiB: 60000,
  },
  {
    host: 'node-a',
    gpu: '1',
    model: 'NVIDIA H100 80GB HBM3',
    acc: 'nvidia-h100',
    util: (k) => (k <= 360 ? 3 : 0),
    slots: [
      { ns: 'nlp', pod: 'infer-1', milli: 250, from: 1, to: 360 },
      { ns: 'nlp', pod: 'infer-2', milli: 250, from: 1, to: 360 },
      { ns: 'search', pod: 'infer-3', milli: 250, from: 1, to: 360 },
    ],
    energy: 'counter',
    power: (k) => 80 + 5 * (k <= 360 ? 3 : 0),
    resets: [500, 503], // a reset shows as a decrease (a reset to a value ≥ the last one cannot be seen, as for increase())
    memMiB: 24000,
  },
  {
    host: 'node-b',
    gpu: '0',
    model: 'NVIDIA A100-SXM4-80GB',
    acc: 'nvidia-a100',
    util: (k) => (range(601, 630, k) || range(661, 689, k) ? 2 : 50),
    slots: [{ ns: 'search', pod: 'rank-1', milli: 1000, from: 1, to: K }],
    gap: [301, 330],
    energy: 'power',
    power: (k) => 100 + 3 * (range(601, 630, k) || range(661, 689, k) ? 2 : 50),
    memMiB: 30000,
  },
  {
    host: 'node-b',
    gpu: '1',
    model: 'NVIDIA A100-SXM4-80GB',
    acc: 'nvidia-a100',
    util: (k) => (range(121, 140, k) ? 4 : range(141, 200, k) ? 90 : range(201, 600, k) ? 1 : 0),
    slots: [{ ns: 'vision', pod: 'eval-1', milli: 1000, from: 121, to: 600 }],
    energy: 'power',
    power: (k) => 60 + 3 * (range(121, 140, k) ? 4 : range(141, 200, k) ? 90 : range(201, 600, k) ? 1 : 0),
    memMiB: 10000,
  },
  {
    host: 'node-c',
    gpu: '0',
    model: 'NVIDIA L20',
    acc: 'nvidia-l20',
    util: (k) => (k % 2 === 0 ? 10 : 0),
    slots: [{ ns: 'nlp', pod: 'chat-1', milli: 1000, from: 1, to: K }],
    energy: 'none',
    power: () => 0,
    memMiB: 20000,
  },
];
const TEAM_LABEL: Record<string, string> = {
  'vision/train-1': 'cv',
  'vision/eval-1': 'cv',
  'nlp/infer-1': 'lang',
  'nlp/infer-2': 'lang',
  'search/infer-3': 'ranking',
  'search/rank-1': 'ranking',
  // nlp/chat-1 has no team label: "(none)"
};

/** Deterministic jitter in [0, 20) s (seeded LCG), so samples are not on the step boundaries. */
function jitterer(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return (s / 2 ** 32) * 20;
  };
}

function history(): string {
  const om = new OpenMetricsWriter();
  const jitter = jitterer(7);
  for (const d of DEVICES) {
    const base = { Hostname: d.host, gpu: d.gpu, UUID: `GPU-${d.host}-${d.gpu}`, modelName: d.model };
    let counter = 5e9; // mJ since driver load, before the window
    for (let k = 0; k <= K; k++) {
      const t = FROM + k * S - (k === 0 ? 0 : jitter());
      const energyJ = d.power(k) * S;
      if (d.energy === 'counter') {
        if (k > 0) counter = d.resets?.includes(k) ? energyJ * 1000 : counter + energyJ * 1000;
        om.add('DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION', 'gauge', base, t, counter);
      }
      if (k === 0) continue;
      if (d.gap && range(d.gap[0], d.gap[1], k)) continue;
      const active = d.slots.filter((s) => range(s.from, s.to, k));
      const series = active.length
        ? active.map((s) => ({ ...base, namespace: s.ns, pod: s.pod, container: 'main' }))
        : [base];
      for (const labels of series) {
        om.add('DCGM_FI_DEV_GPU_UTIL', 'gauge', labels, t, d.util(k));
        om.add('DCGM_FI_DEV_FB_USED', 'gauge', labels, t, active.length ? d.memMiB : 0);
        if (d.energy === 'power') om.add('DCGM_FI_DEV_POWER_USAGE', 'gauge', labels, t, d.power(k));
      }
    }
    for (const s of d.slots) {
      for (let k = s.from; k <= s.to; k++) {
        const t = FROM + k * S - 5;
        const resource = s.milli === 1000 ? 'nvidia_com_gpu' : 'nvidia_com_gpu_shared';
        om.add(
          'kube_pod_container_resource_requests',
          'gauge',
          { namespace: s.ns, pod: s.pod, container: 'main', resource, unit: 'integer' },
          t,
          1,
        );
        om.add(
          'kube_pod_container_resource_requests',
          'gauge',
          { namespace: s.ns, pod: s.pod, container: 'main', resource: 'cpu', unit: 'core' },
          t,
          4,
        );
        const team = TEAM_LABEL[`${s.ns}/${s.pod}`];
        om.add(
          'kube_pod_labels',
          'gauge',
          { namespace: s.ns, pod: s.pod, ...(team ? { label_team: team } : {}) },
          t,
          1,
        );
      }
    }
  }
  return om.toString();
}

/** The figures by construction, straight from the table above (no hyperfleet code). */
function expected() {
  const catalog = loadCatalog();
  const hours = (steps: number) => (steps * S) / 3600;
  const T = (K * S) / 3600;
  const out = {
    total: 0,
    allocated: 0,
    busy: 0,
    idle: 0,
    unobserved: 0,
    energyKWh: 0,
    costUsd: 0,
    perModel: {} as Record<
      string,
      { devices: number; allocated: number; busy: number; idle: number; energyKWh: number; costUsd: number }
    >,
    perTeam: {} as Record<string, { allocated: number; busy: number; idle: number; costUsd: number }>,
    perLabel: {} as Record<string, number>,
  };
  for (const d of DEVICES) {
    const a = catalog.get(d.acc)!;
    const idleW = a.idleW ?? a.tdpW! * catalog.idleFractionOfTdp;
    const observed = (k: number) => !(d.gap && range(d.gap[0], d.gap[1], k));
    const share = (k: number) =>
      Math.min(
        1000,
        d.slots.filter((s) => range(s.from, s.to, k)).reduce((x, s) => x + s.milli, 0),
      ) / 1000;
    // Idle: maximal runs of observed, allocated steps below 5 % of length ≥ 30.
    const low = (k: number) => observed(k) && share(k) > 0 && d.util(k) < 5;
    const idleStep = new Array<boolean>(K + 2).fill(false);
    for (let k = 1; k <= K;) {
      if (!low(k)) {
        k++;
        continue;
      }
      let e = k;
      while (e + 1 <= K && low(e + 1)) e++;
      if (e - k + 1 >= 30) for (let j = k; j <= e; j++) idleStep[j] = true;
      k = e + 1;
    }
    let alloc = 0;
    let busy = 0;
    let idle = 0;
    let obs = 0;
    let joules = 0;
    for (let k = 1; k <= K; k++) {
      if (d.energy === 'counter') joules += d.power(k) * S;
      else if (!observed(k)) joules += idleW * S;
      else if (d.energy === 'power') joules += d.power(k) * S;
      else joules += (idleW + ((a.tdpW! - idleW) * d.util(k)) / 100) * S;
      if (!observed(k)) continue;
      obs++;
      alloc += share(k);
      busy += d.util(k) / 100;
      if (idleStep[k]) idle += share(k);
      for (const s of d.slots) {
        if (!range(s.from, s.to, k)) continue;
        const t = (out.perTeam[s.ns] ??= { allocated: 0, busy: 0, idle: 0, costUsd: 0 });
        t.allocated += hours(s.milli / 1000);
        t.busy += hours((s.milli / 1000) * (d.util(k) / 100));
        if (idleStep[k]) t.idle += hours(s.milli / 1000);
      }
    }
    const kWh = (joules / 3.6e6) * PUE;
    const cost = (a.priceUsd! / (4 * 8760)) * T + kWh * USD_PER_KWH;
    const rate = cost / T;
    for (const s of d.slots) {
      let steps = 0;
      for (let k = s.from; k <= s.to; k++) if (observed(k)) steps += s.milli / 1000;
      out.perTeam[s.ns].costUsd += hours(steps) * rate;
      const label = TEAM_LABEL[`${s.ns}/${s.pod}`] ?? '(none)';
      out.perLabel[label] = (out.perLabel[label] ?? 0) + hours(steps);
    }
    out.total += T;
    out.allocated += hours(alloc);
    out.busy += hours(busy);
    out.idle += hours(idle);
    out.unobserved += T - hours(obs);
    out.energyKWh += kWh;
    out.costUsd += cost;
    const m = (out.perModel[d.model] ??= {
      devices: 0,
      allocated: 0,
      busy: 0,
      idle: 0,
      energyKWh: 0,
      costUsd: 0,
    });
    m.devices++;
    m.allocated += hours(alloc);
    m.busy += hours(busy);
    m.idle += hours(idle);
    m.energyKWh += kWh;
    m.costUsd += cost;
  }
  return out;
}

const close = (actual: number, want: number) => expect(actual).toBeCloseTo(want, 6);

/** Every figure of a `measure --json` output on {@link history} against {@link expected}. */
function expectKnownFigures(out: ReturnType<typeof JSON.parse>) {
  const want = expected();
  expect(out.from).toBe('2026-03-02T00:00:00.000Z');
  expect(out.to).toBe('2026-03-02T12:00:00.000Z');
  expect(out.devices).toBe(5);
  expect(out.pods).toBe(7);
  close(out.deviceHours.total, want.total);
  close(out.deviceHours.allocated, want.allocated);
  close(out.deviceHours.busy, want.busy);
  close(out.deviceHours.idle, want.idle);
  close(out.deviceHours.unobserved, want.unobserved);
  close(out.deviceHours.unallocated, want.total - want.allocated);
  close(out.energyKWh, want.energyKWh);
  close(out.costUsd, want.costUsd);
  // Spot values that the construction makes obvious: a0's 2 h idle, a1's 6 h × 0.75, b0's 30-step stretch,
  // b1's 400 steps; not b0's 29-step stretch, b1's 20 steps at 4 % or c0's alternation.
  close(want.idle, 2 + 6 * 0.75 + 0.5 + 400 / 60);
  expect(Object.keys(out.perModel).sort()).toEqual(Object.keys(want.perModel).sort());
  for (const [m, w] of Object.entries(want.perModel)) {
    const got = out.perModel[m];
    expect(got.devices).toBe(w.devices);
    close(got.deviceHours.allocated, w.allocated);
    close(got.deviceHours.busy, w.busy);
    close(got.deviceHours.idle, w.idle);
    close(got.energyKWh, w.energyKWh);
    close(got.costUsd, w.costUsd);
  }
  expect(Object.keys(out.perTeam).sort()).toEqual(['nlp', 'search', 'vision']);
  for (const [t, w] of Object.entries(want.perTeam)) {
    close(out.perTeam[t].deviceHours.allocated, w.allocated);
    close(out.perTeam[t].deviceHours.busy, w.busy);
    close(out.perTeam[t].deviceHours.idle, w.idle);
    close(out.perTeam[t].costUsd, w.costUsd);
  }
  // Shared device: 3 × 250 milli for 6 h is 4.5 device-hours, not 18.
  close(out.perModel['NVIDIA H100 80GB HBM3'].deviceHours.allocated, 12 + 4.5);
  const energy = Object.fromEntries(
    out.perDevice.map((d: { id: string; energySource: string }) => [d.id, d.energySource]),
  );
  expect(energy).toEqual({
    'node-a/0': 'counter',
    'node-a/1': 'counter',
    'node-b/0': 'power',
    'node-b/1': 'power',
    'node-c/0': 'model',
  });
  // Right-sizing ran on the same fleet and never needs more devices.
  expect(out.rightSizing.devicesAfter).toBeLessThanOrEqual(out.rightSizing.devicesBefore);
  expect(out.heatMap.rows).toHaveLength(5);
}

describe.skipIf(!prometheusAvailable())('measure --prometheus on a real, backfilled Prometheus', () => {
  let dir: string;
  let prom: RunningPrometheus;
  const args = () => [
    'measure',
    '--prometheus',
    prom.url,
    '--from',
    '2026-03-02T00:00:00Z',
    '--to',
    String(TO),
    '--step',
    '1m',
  ];

  beforeAll(async () => {
    dir = tempDir('hyperfleet-measure-');
    const data = backfill(dir, history());
    // Backfilled blocks carry no staleness markers (live scraping writes one when a series ends or a scrape
    // fails): a lookback just under the step stands in for them, so the default sampling sees what it would live.
    prom = await startPrometheus(data, { extraArgs: ['--query.lookback-delta=59s'] });
  });
  afterAll(async () => {
    await prom?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('gets every figure right: device-hours, energy and cost per model and per team', () => {
    const r = runCli([...args(), '--json']);
    expect(r.stderr).not.toContain('✖');
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    expectKnownFigures(out);
  });

  it('charges teams by a Kubernetes pod label from kube_pod_labels (step sampling)', () => {
    // --sampling step: the last sample in each step, exact without staleness markers (the server's lookback unused).
    const r = runCli([
      ...args(),
      '--team-label',
      'team',
      '--sampling',
      'step',
      '--json',
      '--no-right-sizing',
    ]);
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    const want = expected();
    expect(Object.keys(out.perTeam).sort()).toEqual(Object.keys(want.perLabel).sort());
    for (const [t, w] of Object.entries(want.perLabel)) close(out.perTeam[t].deviceHours.allocated, w);
  });

  it('writes the HTML report with heat map, team tables and right-sizing', () => {
    const file = join(dir, 'measure.html');
    const r = runCli([...args(), '--report', file]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('per team (namespace)');
    const html = readFileSync(file, 'utf8');
    expect(html).toContain('utilisation heat map');
    expect(html).toContain('Per team');
    expect(html).toContain('Right-sizing, checked by simulation');
    expect(html).toContain('vision');
  });

  describe('bad input: one clear line, exit 2, no report', () => {
    const fails = (extra: string[], message: RegExp) => {
      const report = join(dir, `bad-${Math.random().toString(36).slice(2)}.html`);
      const r = runCli([...extra, '--report', report]);
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(/^✖ /m);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(/at .*\.js:\d+/); // no stack trace
      expect(existsSync(report)).toBe(false);
    };
    const mapping = (name: string, edit: (text: string) => string) => {
      const file = join(dir, `${name}.yaml`);
      writeFileSync(file, edit(readFileSync('mappings/dcgm.yaml', 'utf8')));
      return file;
    };

    it('Prometheus unreachable', async () => {
      const port = await freePort();
      fails(
        ['measure', '--prometheus', `http://127.0.0.1:${port}`, '--from', String(FROM), '--to', String(TO)],
        /cannot reach Prometheus at http:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\)/,
      );
    });
    it('a query error', () => {
      const file = mapping('bad-selector', (t) => t.replace("selector: ''", `selector: 'cluster=~"("'`));
      fails([...args(), '--mapping', file], /query failed at .*bad_data.*error parsing regexp/);
    });
    it('a metric missing', () => {
      const file = mapping('no-metric', (t) =>
        t.replace(/utilization:\n( {2}- .*\n)+/, 'utilization:\n  - { metric: NPU_UTIL, scale: 1 }\n'),
      );
      fails([...args(), '--mapping', file], /metric missing: .* no series named NPU_UTIL/);
    });
    it('labels missing', () => {
      const file = mapping('no-label', (t) => t.replace('host: Hostname', 'host: instance_host'));
      fails(
        [...args(), '--mapping', file],
        /labels missing: no series of DCGM_FI_DEV_GPU_UTIL carries instance_host/,
      );
    });
    it('an empty window', () => {
      fails(
        [
          'measure',
          '--prometheus',
          prom.url,
          '--from',
          '2025-01-01T00:00:00Z',
          '--to',
          '2025-01-02T00:00:00Z',
        ],
        /empty window: no samples of DCGM_FI_DEV_GPU_UTIL between 2025-01-01/,
      );
    });
    it('a bad time and a bad mapping file', () => {
      fails(
        ['measure', '--prometheus', prom.url, '--from', 'yesterday', '--to', String(TO)],
        /--from: expected an RFC 3339 time/,
      );
      const file = join(dir, 'broken.yaml');
      mkdirSync(dir, { recursive: true });
      writeFileSync(file, 'utilization:\n  - { metric: 12, scale: 1 }\nlabels: {}\n');
      fails(
        [...args(), '--mapping', file],
        /broken\.yaml:2: utilization\[0\]\.metric: expected a Prometheus metric name/,
      );
    });
  });
});

describe.skipIf(!prometheusAvailable())(
  'measure --prometheus from the recording rules (mappings/dcgm-rules.yaml)',
  () => {
    let dir: string;
    let prom: RunningPrometheus;

    beforeAll(async () => {
      dir = tempDir('hyperfleet-measure-rules-');
      const data = backfill(dir, history());
      // The rules evaluated over the history as Prometheus would have while scraping (promtool asks a running
      // Prometheus), up to the first evaluation after the window's end; then a restart loads the recorded blocks.
      const lookback = ['--query.lookback-delta=59s'];
      const source = await startPrometheus(data, { extraArgs: lookback });
      try {
        copyFileSync('mappings/dcgm-rules.yaml', join(dir, 'dcgm-rules.yaml'));
        backfillRules(join(dir, 'dcgm-rules.yaml'), source.url, FROM, TO + S, data);
      } finally {
        await source.stop();
      }
      prom = await startPrometheus(data, { extraArgs: lookback });
    });
    afterAll(async () => {
      await prom?.stop();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it('reads the recorded series (raw range functions, no subqueries) and gets every figure right', () => {
      const r = runCli([
        'measure',
        '--prometheus',
        prom.url,
        '--from',
        '2026-03-02T00:00:00Z',
        '--to',
        String(TO),
        '--step',
        '1m',
        '--json',
      ]);
      expect(r.stderr).not.toContain('✖');
      expect(r.status).toBe(0);
      const out = JSON.parse(r.stdout);
      expect(out.assumptions.join('\n')).toMatch(/read from the recording rules/);
      expectKnownFigures(out);
    });

    it('falls back to the subqueries when the rules do not match the parameters (--idle-for 20m)', () => {
      const r = runCli([
        'measure',
        '--prometheus',
        prom.url,
        '--from',
        '2026-03-02T00:00:00Z',
        '--to',
        String(TO),
        '--idle-for',
        '20m',
        '--json',
        '--no-right-sizing',
      ]);
      expect(r.status).toBe(0);
      const out = JSON.parse(r.stdout);
      expect(out.assumptions.join('\n')).not.toMatch(/recording rules/);
      close(out.deviceHours.allocated, expected().allocated);
    });
  },
);
