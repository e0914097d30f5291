/**
 * @module measure/device-account
 * One device's figures over the window, from its step sums (the formulas of {@link DEFINITIONS}): allocated,
 * busy, idle and observed device-hours; energy, measured where the telemetry covers it and from the catalog's
 * power model elsewhere (idle power on unobserved steps), times the PUE; and cost, the amortised capital plus
 * the energy.
 */
import type { Catalog } from '../catalog/index.js';
import { devicePower, HOURS_PER_YEAR, type DevicePower, type Prices } from './device-power.js';
import type { Collected, DeviceObs } from './telemetry-source.js';
import type { DeviceFigures } from './types.js';

/** The window in the units the formulas use. */
export interface AccountWindow {
  /** Δ in hours. */
  stepHours: number;
  /** N, the number of steps. */
  steps: number;
  /** T, the window in hours. */
  hours: number;
}

export function accountWindow(c: Pick<Collected, 'fromSec' | 'toSec' | 'stepSec'>): AccountWindow {
  return {
    stepHours: c.stepSec / 3600,
    steps: (c.toSec - c.fromSec) / c.stepSec,
    hours: (c.toSec - c.fromSec) / 3600,
  };
}

export interface DeviceAccount {
  figures: DeviceFigures;
  capitalUsd: number;
  /** What the device costs per hour of the window (USD/h; 0 for an empty window). */
  usdPerHour: number;
}

/** The figures of device `d`, whose catalog id is `accelerator`. */
export function accountDevice(
  d: DeviceObs,
  accelerator: string,
  pw: DevicePower,
  prices: Prices,
  w: AccountWindow,
): DeviceAccount {
  const dh = w.stepHours;
  const T = w.hours;
  const e = d.energy;
  const unobservedSteps = Math.max(0, w.steps - e.coveredSteps - e.uncoveredSteps);
  const itWh =
    e.joules / 3600 +
    (e.uncoveredSteps * pw.idleW + ((pw.tdpW - pw.idleW) * e.uncoveredUtilPctSteps) / 100) * dh +
    unobservedSteps * pw.idleW * dh;
  const kWh = (itWh * prices.pue) / 1000;
  const capital = (pw.priceUsd / (prices.amortisationYears * HOURS_PER_YEAR)) * T;
  const cost = capital + kWh * prices.usdPerKWh;
  return {
    figures: {
      id: d.id,
      host: d.host,
      model: d.model,
      accelerator,
      deviceHours: {
        allocated: (d.allocMilliSteps / 1000) * dh,
        busy: (d.utilPctSteps / 100) * dh,
        idle: (d.idleMilliSteps / 1000) * dh,
        observed: d.observedSteps * dh,
      },
      energyKWh: kWh,
      energySource: e.source,
      costUsd: cost,
    },
    capitalUsd: capital,
    usdPerHour: T > 0 ? cost / T : 0,
  };
}

/** Notes on the catalog entries the devices use that lack a TDP or a price, once per entry in device order. */
export function catalogGapNotes(c: Pick<Collected, 'devices' | 'accelerators'>, catalog: Catalog): string[] {
  const notes: string[] = [];
  const noted = new Set<string>();
  for (const d of c.devices) {
    const accId = c.accelerators[d.model];
    if (noted.has(accId)) continue;
    noted.add(accId);
    const { accelerator } = devicePower(catalog, accId);
    if (accelerator.tdpW === null)
      notes.push(`${accId}: no TDP in the catalog; modelled energy counts 0 W (set tdpW with --catalog).`);
    if (accelerator.priceUsd === null)
      notes.push(`${accId}: no price in the catalog; capital counts 0 USD (set priceUsd with --catalog).`);
  }
  return notes;
}
