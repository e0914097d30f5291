/**
 * @module measure/exporter
 * The accounting as Prometheus metrics, for `hyperfleet serve`'s /metrics: users alert on idle devices per team
 * and model in their own Grafana. Gauges are computed at scrape time from the latest {@link MeasureResult}.
 */
import { Gauge, type Registry } from 'prom-client';
import type { MeasureResult } from './types.js';

const STATES = ['total', 'allocated', 'busy', 'idle', 'unallocated', 'unobserved'] as const;

/** Registers the measure gauges on `registry`; `source` returns the latest result (undefined: no series). */
export function registerMeasureMetrics(registry: Registry, source: () => MeasureResult | undefined): void {
  const windowHours = (r: MeasureResult) => (Date.parse(r.to) - Date.parse(r.from)) / 3.6e6;
  new Gauge({
    name: 'hyperfleet_measure_device_hours',
    help: 'Device-hours over the last measured window, by state and accelerator model (see docs/cli.md, hyperfleet measure).',
    labelNames: ['model', 'state'],
    registers: [registry],
    collect() {
      this.reset();
      const r = source();
      if (!r) return;
      for (const [model, f] of Object.entries(r.perModel))
        for (const s of STATES) this.set({ model, state: s }, f.deviceHours[s]);
    },
  });
  new Gauge({
    name: 'hyperfleet_measure_team_device_hours',
    help: 'Device-hours charged to each team by share over the last measured window, by state.',
    labelNames: ['team', 'state'],
    registers: [registry],
    collect() {
      this.reset();
      const r = source();
      if (!r) return;
      for (const [team, f] of Object.entries(r.perTeam))
        for (const s of ['allocated', 'busy', 'idle'] as const)
          this.set({ team, state: s }, f.deviceHours[s]);
    },
  });
  new Gauge({
    name: 'hyperfleet_measure_idle_devices',
    help: 'Mean number of allocated-but-idle devices over the last measured window (idle device-hours / window hours), by team or model.',
    labelNames: ['team', 'model'],
    registers: [registry],
    collect() {
      this.reset();
      const r = source();
      if (!r) return;
      const w = windowHours(r);
      if (!(w > 0)) return;
      for (const [team, f] of Object.entries(r.perTeam))
        this.set({ team, model: '' }, f.deviceHours.idle / w);
      for (const [model, f] of Object.entries(r.perModel))
        this.set({ team: '', model }, f.deviceHours.idle / w);
    },
  });
  new Gauge({
    name: 'hyperfleet_measure_cost_usd',
    help: 'Cost (amortised capital + energy) over the last measured window, USD, by team (by share) or model.',
    labelNames: ['team', 'model', 'kind'],
    registers: [registry],
    collect() {
      this.reset();
      const r = source();
      if (!r) return;
      for (const [team, f] of Object.entries(r.perTeam)) {
        this.set({ team, model: '', kind: 'total' }, f.costUsd);
        this.set({ team, model: '', kind: 'idle' }, f.idleCostUsd);
      }
      for (const [model, f] of Object.entries(r.perModel)) {
        this.set({ team: '', model, kind: 'total' }, f.costUsd);
        this.set({ team: '', model, kind: 'unallocated' }, f.unallocatedCostUsd);
      }
    },
  });
  new Gauge({
    name: 'hyperfleet_measure_energy_kwh',
    help: 'Facility energy over the last measured window, kWh, by accelerator model.',
    labelNames: ['model'],
    registers: [registry],
    collect() {
      this.reset();
      const r = source();
      if (!r) return;
      for (const [model, f] of Object.entries(r.perModel)) this.set({ model }, f.energyKWh);
    },
  });
  new Gauge({
    name: 'hyperfleet_measure_right_sizing_devices',
    help: 'Devices the measured pods need in simulation, with current and with right-sized requests.',
    labelNames: ['requests'],
    registers: [registry],
    collect() {
      this.reset();
      const r = source();
      if (!r?.rightSizing) return;
      this.set({ requests: 'current' }, r.rightSizing.devicesBefore);
      this.set({ requests: 'right-sized' }, r.rightSizing.devicesAfter);
    },
  });
  new Gauge({
    name: 'hyperfleet_measure_window_end_seconds',
    help: 'End of the last measured window, Unix seconds.',
    registers: [registry],
    collect() {
      this.reset();
      const r = source();
      if (r) this.set(Date.parse(r.to) / 1000);
    },
  });
}
