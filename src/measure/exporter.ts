/**
 * @module measure/exporter
 * The accounting as Prometheus metrics, for `hyperfleet serve`'s /metrics: users alert on idle devices per team
 * and model in their own Grafana. Gauges are computed at scrape time from the latest {@link MeasureResult}.
 */
import { Gauge, type Registry } from 'prom-client';
import type { MeasureResult } from './types.js';

const STATES = ['total', 'allocated', 'busy', 'idle', 'unallocated', 'unobserved'] as const;
const TEAM_STATES = ['allocated', 'busy', 'idle'] as const;

/** One gauge family: its name, help and labels, and how it is set from a result. */
interface MeasureGauge {
  readonly name: string;
  readonly help: string;
  readonly labelNames?: readonly string[];
  /** Sets the gauge's series from `r` (the gauge was reset just before). */
  readonly fill: (gauge: Gauge, r: MeasureResult) => void;
}

function fillDeviceHours(gauge: Gauge, r: MeasureResult): void {
  for (const [model, f] of Object.entries(r.perModel))
    for (const s of STATES) gauge.set({ model, state: s }, f.deviceHours[s]);
}

function fillTeamDeviceHours(gauge: Gauge, r: MeasureResult): void {
  for (const [team, f] of Object.entries(r.perTeam))
    for (const s of TEAM_STATES) gauge.set({ team, state: s }, f.deviceHours[s]);
}

/** Idle device-hours over the window's hours: how many devices sat idle on average. */
function fillIdleDevices(gauge: Gauge, r: MeasureResult): void {
  const w = (Date.parse(r.to) - Date.parse(r.from)) / 3.6e6;
  if (!(w > 0)) return;
  for (const [team, f] of Object.entries(r.perTeam)) gauge.set({ team, model: '' }, f.deviceHours.idle / w);
  for (const [model, f] of Object.entries(r.perModel)) gauge.set({ team: '', model }, f.deviceHours.idle / w);
}

function fillCost(gauge: Gauge, r: MeasureResult): void {
  for (const [team, f] of Object.entries(r.perTeam)) {
    gauge.set({ team, model: '', kind: 'total' }, f.costUsd);
    gauge.set({ team, model: '', kind: 'idle' }, f.idleCostUsd);
  }
  for (const [model, f] of Object.entries(r.perModel)) {
    gauge.set({ team: '', model, kind: 'total' }, f.costUsd);
    gauge.set({ team: '', model, kind: 'unallocated' }, f.unallocatedCostUsd);
  }
}

function fillEnergy(gauge: Gauge, r: MeasureResult): void {
  for (const [model, f] of Object.entries(r.perModel)) gauge.set({ model }, f.energyKWh);
}

function fillRightSizing(gauge: Gauge, r: MeasureResult): void {
  if (!r.rightSizing) return;
  gauge.set({ requests: 'current' }, r.rightSizing.devicesBefore);
  gauge.set({ requests: 'right-sized' }, r.rightSizing.devicesAfter);
}

function fillWindowEnd(gauge: Gauge, r: MeasureResult): void {
  gauge.set(Date.parse(r.to) / 1000);
}

/** The gauge families, in the order /metrics lists them. */
const MEASURE_GAUGES: readonly MeasureGauge[] = [
  {
    name: 'hyperfleet_measure_device_hours',
    help: 'Device-hours over the last measured window, by state and accelerator model (see docs/cli.md, hyperfleet measure).',
    labelNames: ['model', 'state'],
    fill: fillDeviceHours,
  },
  {
    name: 'hyperfleet_measure_team_device_hours',
    help: 'Device-hours charged to each team by share over the last measured window, by state.',
    labelNames: ['team', 'state'],
    fill: fillTeamDeviceHours,
  },
  {
    name: 'hyperfleet_measure_idle_devices',
    help: 'Mean number of allocated-but-idle devices over the last measured window (idle device-hours / window hours), by team or model.',
    labelNames: ['team', 'model'],
    fill: fillIdleDevices,
  },
  {
    name: 'hyperfleet_measure_cost_usd',
    help: 'Cost (amortised capital + energy) over the last measured window, USD, by team (by share) or model.',
    labelNames: ['team', 'model', 'kind'],
    fill: fillCost,
  },
  {
    name: 'hyperfleet_measure_energy_kwh',
    help: 'Facility energy over the last measured window, kWh, by accelerator model.',
    labelNames: ['model'],
    fill: fillEnergy,
  },
  {
    name: 'hyperfleet_measure_right_sizing_devices',
    help: 'Devices the measured pods need in simulation, with current and with right-sized requests.',
    labelNames: ['requests'],
    fill: fillRightSizing,
  },
  {
    name: 'hyperfleet_measure_window_end_seconds',
    help: 'End of the last measured window, Unix seconds.',
    fill: fillWindowEnd,
  },
];

/** Registers the measure gauges on `registry`; `source` returns the latest result (undefined: no series). */
export function registerMeasureMetrics(registry: Registry, source: () => MeasureResult | undefined): void {
  for (const { name, help, labelNames, fill } of MEASURE_GAUGES) {
    new Gauge({
      name,
      help,
      ...(labelNames ? { labelNames } : {}),
      registers: [registry],
      collect() {
        this.reset();
        const r = source();
        if (r) fill(this, r);
      },
    });
  }
}
