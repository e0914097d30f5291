/**
 * @module measure/device-sums
 * The device accounts added up, per accelerator model and over the fleet: device-hours by state (every device
 * counts the whole window; what no pod held is unallocated, what no sample covered unobserved), energy, capital
 * and cost, the cost of the unallocated hours, and the mean utilisation of the observed time.
 */
import type { AccountWindow, DeviceAccount } from './device-account.js';
import type { Prices } from './device-power.js';
import type { MeasureDeviceHours, ModelFigures } from './types.js';

export function emptyHours(): MeasureDeviceHours {
  return { total: 0, allocated: 0, busy: 0, idle: 0, unallocated: 0, stranded: 0, unobserved: 0 };
}

/** Adds one device's hours over a window of `T` hours to `h`. */
function addHours(h: MeasureDeviceHours, a: DeviceAccount, T: number): void {
  const { allocated, busy, idle, observed } = a.figures.deviceHours;
  h.total += T;
  h.allocated += allocated;
  h.busy += busy;
  h.idle += idle;
  h.unallocated += T - allocated;
  h.unobserved += T - observed;
}

/** What the unallocated part of a device's window cost. */
function unallocatedCost(a: DeviceAccount, T: number): number {
  return (T - a.figures.deviceHours.allocated) * a.usdPerHour;
}

/** Figures per accelerator model name, in order of first appearance. */
export function perModelFigures(
  accounts: readonly DeviceAccount[],
  prices: Prices,
  w: AccountWindow,
): Record<string, ModelFigures> {
  const T = w.hours;
  const perModel: Record<string, ModelFigures> = {};
  const observed = new Map<ModelFigures, number>();
  for (const a of accounts) {
    const d = a.figures;
    const mf = (perModel[d.model] ??= {
      accelerator: d.accelerator,
      devices: 0,
      deviceHours: emptyHours(),
      meanUtilisationPct: 0,
      idleFraction: 0,
      energyKWh: 0,
      costUsd: 0,
      capitalUsd: 0,
      energyUsd: 0,
      unallocatedCostUsd: 0,
    });
    addHours(mf.deviceHours, a, T);
    mf.devices++;
    mf.energyKWh += d.energyKWh;
    mf.capitalUsd += a.capitalUsd;
    mf.energyUsd += d.energyKWh * prices.usdPerKWh;
    mf.costUsd += d.costUsd;
    mf.unallocatedCostUsd += unallocatedCost(a, T);
    observed.set(mf, (observed.get(mf) ?? 0) + d.deviceHours.observed);
  }
  for (const mf of Object.values(perModel)) {
    const obs = observed.get(mf)!;
    mf.meanUtilisationPct = obs > 0 ? (100 * mf.deviceHours.busy) / obs : 0;
    mf.idleFraction = mf.deviceHours.allocated > 0 ? mf.deviceHours.idle / mf.deviceHours.allocated : 0;
  }
  return perModel;
}

/** The fleet's sums. */
export interface FleetSums {
  deviceHours: MeasureDeviceHours;
  observedHours: number;
  energyKWh: number;
  capitalUsd: number;
  unallocatedCostUsd: number;
}

export function fleetSums(accounts: readonly DeviceAccount[], w: AccountWindow): FleetSums {
  const T = w.hours;
  const sums: FleetSums = {
    deviceHours: emptyHours(),
    observedHours: 0,
    energyKWh: 0,
    capitalUsd: 0,
    unallocatedCostUsd: 0,
  };
  for (const a of accounts) {
    addHours(sums.deviceHours, a, T);
    sums.observedHours += a.figures.deviceHours.observed;
    sums.energyKWh += a.figures.energyKWh;
    sums.capitalUsd += a.capitalUsd;
    sums.unallocatedCostUsd += unallocatedCost(a, T);
  }
  return sums;
}
