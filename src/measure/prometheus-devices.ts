/**
 * @module measure/prometheus-devices
 * The per-device and per-(device, team) step sums from the readings. A device's allocation is its pods' steps ×
 * share (the shares normalised to the device's allocation: where they add up to more than the device over the
 * window, they are scaled down to it, as a device is allocated at most once); idle steps come per pod series and
 * are weighted by the pod's share; energy comes from the counter, else the power gauge, else the catalog's model.
 */
import { acceleratorFor } from './metric-mapping.js';
import type { PlanContext } from './prometheus-plan.js';
import type { Readings } from './prometheus-readings.js';
import { teamOfPod } from './prometheus-team.js';
import type { Collected, DeviceEnergyObs, DeviceObs, TeamDeviceObs } from './telemetry-source.js';

export interface DeviceFigures {
  /** Sorted by model, then id. */
  devices: DeviceObs[];
  teamDevices: TeamDeviceObs[];
  hosts: Collected['hosts'];
  accelerators: Collected['accelerators'];
  /** Model labels the mapping names no accelerator for. */
  unknownModels: Set<string>;
  /** Device key → id (`host/device`), of the devices measured. */
  idOf: Map<string, string>;
}

/** A share (milli) as charged: at most a whole device; a pod without a known share holds the device. */
const chargedShare = (r: Readings, podKey: string) => Math.min(1000, r.shareByPod.get(podKey) ?? 1000);

/** (device, team) keys, split again by {@link teamRows}. */
const teamKey = (deviceKey: string, team: string) => `${deviceKey}\u0001${team}`;

export function deviceFigures(r: Readings, ctx: PlanContext): DeviceFigures {
  const alloc = allocations(r, ctx);
  const idle = idleSteps(r, ctx);
  const idOf = new Map<string, string>();
  const devices: DeviceObs[] = [];
  const hosts: Collected['hosts'] = {};
  const accelerators: Record<string, string> = {};
  const unknownModels = new Set<string>();
  const L = ctx.mapping.labels;
  for (const s of r.observed) {
    const key = ctx.keys.device(s.metric);
    const host = s.metric[L.host] ?? '';
    const model = s.metric[L.model] ?? '';
    const id = `${host}/${s.metric[L.device] ?? ''}`;
    idOf.set(key, id);
    const acc = acceleratorFor(ctx.mapping, model);
    if (acc) accelerators[model] = acc;
    else unknownModels.add(model);
    (hosts[host] ??= { model, devices: 0 }).devices++;
    devices.push({
      id,
      host,
      model,
      observedSteps: s.value,
      utilPctSteps: r.busy.get(key) ?? 0,
      allocMilliSteps: alloc.byDevice.get(key) ?? 0,
      idleMilliSteps: idle.byDevice.get(key) ?? 0,
      energy: energyOf(r, ctx, key, s.value),
    });
  }
  devices.sort((a, b) => a.model.localeCompare(b.model) || a.id.localeCompare(b.id, 'en', { numeric: true }));
  const teamDevices = teamRows(alloc, idle.byTeam, idOf);
  return { devices, teamDevices, hosts, accelerators, unknownModels, idOf };
}

interface Allocations {
  /** Σ steps × share (milli) per device, at most 1000 × its observed steps. */
  byDevice: Map<string, number>;
  /** The factor that scaled a device's shares down to it. */
  scale: Map<string, number>;
  /** Σ steps × share and Σ u × share per (device, team), before scaling. */
  byTeam: Map<string, { alloc: number; busy: number }>;
}

function allocations(r: Readings, ctx: PlanContext): Allocations {
  const byDevice = new Map<string, number>();
  const byTeam = new Map<string, { alloc: number; busy: number }>();
  for (const s of r.podSteps) {
    const k = ctx.keys.device(s.metric);
    const podKey = ctx.keys.pod(s.metric);
    const share = chargedShare(r, podKey);
    const tk = teamKey(k, teamOfPod(ctx.team, s.metric, podKey, r.podTeamLabel));
    const e = byTeam.get(tk) ?? { alloc: 0, busy: 0 };
    e.alloc += s.value * share;
    e.busy += (r.podBusy.get(ctx.keys.podOnDevice(s.metric, k, podKey)) ?? 0) * share;
    byTeam.set(tk, e);
    byDevice.set(k, (byDevice.get(k) ?? 0) + s.value * share);
  }
  const observed = ctx.keys.byDevice(r.observed);
  const scale = new Map<string, number>();
  for (const [k, a] of byDevice) {
    const cap = 1000 * (observed.get(k) ?? 0);
    scale.set(k, a > cap && a > 0 ? cap / a : 1);
    byDevice.set(k, Math.min(a, cap));
  }
  return { byDevice, scale, byTeam };
}

/** Idle steps × share (milli) per device and per (device, team): ends + (NL − 1) · starts per pod series. */
function idleSteps(r: Readings, ctx: PlanContext) {
  const byDevice = new Map<string, number>();
  const byTeam = new Map<string, number>();
  for (const s of r.idleEnds) {
    const k = ctx.keys.device(s.metric);
    const podKey = ctx.keys.pod(s.metric);
    const steps =
      s.value +
      (ctx.window.idleSteps - 1) * (r.idleStarts.get(ctx.keys.podOnDevice(s.metric, k, podKey)) ?? 0);
    const milliSteps = steps * chargedShare(r, podKey);
    byDevice.set(k, (byDevice.get(k) ?? 0) + milliSteps);
    const tk = teamKey(k, teamOfPod(ctx.team, s.metric, podKey, r.podTeamLabel));
    byTeam.set(tk, (byTeam.get(tk) ?? 0) + milliSteps);
  }
  return { byDevice, byTeam };
}

function energyOf(r: Readings, ctx: PlanContext, key: string, observedSteps: number): DeviceEnergyObs {
  const counter = r.energyCounter.get(key);
  if (counter !== undefined)
    return {
      source: 'counter',
      joules: counter,
      coveredSteps: ctx.window.steps,
      uncoveredSteps: 0,
      uncoveredUtilPctSteps: 0,
    };
  const powerSteps = r.powerSteps.get(key) ?? 0;
  // Observed steps without power: their count, and their utilisation pro rata (exact when the power gauge is
  // scraped with the utilisation, as from one exporter).
  const uncovered = Math.max(0, observedSteps - powerSteps);
  return {
    source: r.powerSteps.has(key) ? 'power' : 'model',
    joules: (r.powerSum.get(key) ?? 0) * ctx.window.stepSec,
    coveredSteps: powerSteps,
    uncoveredSteps: uncovered,
    uncoveredUtilPctSteps: observedSteps > 0 ? ((r.busy.get(key) ?? 0) * uncovered) / observedSteps : 0,
  };
}

/** One row per (device measured, team), scaled as its device's shares. */
function teamRows(
  alloc: Allocations,
  idleByTeam: ReadonlyMap<string, number>,
  idOf: ReadonlyMap<string, string>,
): TeamDeviceObs[] {
  const rows: TeamDeviceObs[] = [];
  for (const [tk, e] of alloc.byTeam) {
    const [k, team] = tk.split('\u0001');
    const device = idOf.get(k);
    if (device === undefined) continue;
    const f = alloc.scale.get(k) ?? 1;
    rows.push({
      device,
      team,
      allocMilliSteps: e.alloc * f,
      busyMilliPctSteps: e.busy * f,
      idleMilliSteps: (idleByTeam.get(tk) ?? 0) * f,
    });
  }
  return rows;
}
