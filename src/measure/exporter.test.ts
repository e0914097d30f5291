import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { registerMeasureMetrics } from './exporter.js';
import type { MeasureResult } from './types.js';

const hours = { total: 24, allocated: 12, busy: 3, idle: 6, unallocated: 12, stranded: 0, unobserved: 0 };
const result = {
  from: '2026-03-02T00:00:00.000Z',
  to: '2026-03-03T00:00:00.000Z',
  perModel: {
    'NVIDIA H100 80GB HBM3': {
      devices: 1,
      deviceHours: hours,
      energyKWh: 10,
      costUsd: 30,
      unallocatedCostUsd: 15,
    },
  },
  perTeam: {
    vision: { pods: 2, deviceHours: { allocated: 12, busy: 3, idle: 6 }, costUsd: 15, idleCostUsd: 7.5 },
  },
  rightSizing: { devicesBefore: 4, devicesAfter: 1 },
} as unknown as MeasureResult;

describe('registerMeasureMetrics', () => {
  it('publishes the accounting as gauges, and nothing before the first result', async () => {
    const registry = new Registry();
    const state: { current?: MeasureResult } = {};
    registerMeasureMetrics(registry, () => state.current);
    expect(await registry.metrics()).not.toMatch(/^hyperfleet_measure_idle_devices\{/m);
    state.current = result;
    const text = await registry.metrics();
    expect(text).toContain('hyperfleet_measure_idle_devices{team="vision",model=""} 0.25');
    expect(text).toContain('hyperfleet_measure_idle_devices{team="",model="NVIDIA H100 80GB HBM3"} 0.25');
    expect(text).toContain('hyperfleet_measure_device_hours{model="NVIDIA H100 80GB HBM3",state="busy"} 3');
    expect(text).toContain('hyperfleet_measure_team_device_hours{team="vision",state="idle"} 6');
    expect(text).toContain('hyperfleet_measure_cost_usd{team="vision",model="",kind="idle"} 7.5');
    expect(text).toContain('hyperfleet_measure_right_sizing_devices{requests="right-sized"} 1');
    expect(text).toContain('hyperfleet_measure_window_end_seconds 1772496000');
  });
});
