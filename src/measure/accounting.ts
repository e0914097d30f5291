/**
 * @module measure/accounting
 * From the step sums of a telemetry source to device-hours, energy and cost per device, accelerator model and
 * team — the formulas of {@link DEFINITIONS}, for every source alike: each device on its own
 * (measure/device-account), added up per model and over the fleet (measure/device-sums), and charged to teams
 * by share (measure/team-account).
 */
import type { Catalog } from '../catalog/index.js';
import { accountDevice, accountWindow, catalogGapNotes } from './device-account.js';
import { devicePower, type Prices } from './device-power.js';
import { fleetSums, perModelFigures } from './device-sums.js';
import { perTeamFigures } from './team-account.js';
import type { Collected } from './telemetry-source.js';
import type { MeasureResult, PodUsage } from './types.js';

export { devicePower, type Prices } from './device-power.js';

export type Accounted = Omit<
  MeasureResult,
  'source' | 'rightSizing' | 'elapsedMs' | 'teamLabel' | 'podUsage'
> & {
  podUsage: Omit<PodUsage, 'rightSizedMilli'>[];
};

export function account(
  c: Collected,
  catalog: Catalog,
  prices: Prices,
  params: { idleBelowPct: number; idleForSec: number },
): Accounted {
  const w = accountWindow(c);
  const assumptions = [...c.assumptions, ...catalogGapNotes(c, catalog)];
  const accounts = c.devices.map((d) => {
    const accId = c.accelerators[d.model];
    return accountDevice(d, accId, devicePower(catalog, accId), prices, w);
  });
  const rates = {
    usdPerHour: new Map(accounts.map((a) => [a.figures.id, a.usdPerHour])),
    energyKWh: new Map(accounts.map((a) => [a.figures.id, a.figures.energyKWh])),
  };
  const total = fleetSums(accounts, w);
  const hours = total.deviceHours;
  const energyUsd = total.energyKWh * prices.usdPerKWh;
  assumptions.push(
    `Energy: PUE ${prices.pue}, electricity ${prices.usdPerKWh} USD/kWh; capital: catalog price amortised over ${prices.amortisationYears} years.`,
    `Idle: allocated and below ${params.idleBelowPct} % for at least ${params.idleForSec / 60} min (whole steps of ${c.stepSec} s).`,
  );
  return {
    from: new Date(c.fromSec * 1000).toISOString(),
    to: new Date(c.toSec * 1000).toISOString(),
    stepSec: c.stepSec,
    devices: c.devices.length,
    pods: c.pods.length,
    idleBelowPct: params.idleBelowPct,
    idleForSec: params.idleForSec,
    deviceHours: hours,
    meanUtilisationPct: total.observedHours > 0 ? (100 * hours.busy) / total.observedHours : 0,
    idleFraction: hours.allocated > 0 ? hours.idle / hours.allocated : 0,
    energyKWh: total.energyKWh,
    costUsd: total.capitalUsd + energyUsd,
    capitalUsd: total.capitalUsd,
    energyUsd,
    unallocated: { deviceHours: hours.unallocated, costUsd: total.unallocatedCostUsd },
    perTeam: perTeamFigures(c, rates, w),
    perModel: perModelFigures(accounts, prices, w),
    perDevice: accounts.map((a) => a.figures),
    podUsage: c.pods.map((p) => ({ ...p, accelerator: c.accelerators[p.model] ?? '' })),
    heatMap: {
      bucketSec: c.heatMap.bucketSec,
      columns: c.heatMap.values[0]?.length ?? 0,
      rows: c.heatMap.rows,
      values: c.heatMap.values,
      omitted: c.heatMap.omitted,
    },
    assumptions,
    extra: c.extra,
  };
}
