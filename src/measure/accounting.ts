/**
 * @module measure/accounting
 * From the step sums of a telemetry source to device-hours, energy and cost per device, accelerator model and
 * team — the formulas of {@link DEFINITIONS}, for every source alike.
 */
import { getAccelerator, type Catalog } from '../catalog/index.js';
import type { Collected } from './telemetry-source.js';
import type {
  DeviceFigures,
  MeasureDeviceHours,
  MeasureResult,
  ModelFigures,
  PodUsage,
  TeamFigures,
} from './types.js';

const HOURS_PER_YEAR = 8760;

export interface Prices {
  pue: number;
  usdPerKWh: number;
  amortisationYears: number;
}

/** Power and capital of one device of a catalog entry, as the time simulator's fleet economics use them. */
export function devicePower(catalog: Catalog, id: string) {
  const a = getAccelerator(catalog, id, { field: 'accelerator' });
  const tdpW = a.tdpW ?? 0;
  const idleW = a.idleW ?? tdpW * catalog.idleFractionOfTdp;
  return { accelerator: a, tdpW, idleW, priceUsd: a.priceUsd ?? 0, memoryGiB: a.memoryGiB };
}

function emptyHours(): MeasureDeviceHours {
  return { total: 0, allocated: 0, busy: 0, idle: 0, unallocated: 0, stranded: 0, unobserved: 0 };
}

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
  const S = c.stepSec;
  const dh = S / 3600;
  const N = (c.toSec - c.fromSec) / S;
  const T = (c.toSec - c.fromSec) / 3600;
  const assumptions = [...c.assumptions];
  const noted = new Set<string>();
  const perDevice: DeviceFigures[] = [];
  const rate = new Map<string, number>();
  const energyOf = new Map<string, number>();
  const perModel: Record<string, ModelFigures> = {};
  const total = emptyHours();
  let energyKWh = 0;
  let capitalUsd = 0;
  let unallocatedCost = 0;
  let observedH = 0;
  for (const d of c.devices) {
    const accId = c.accelerators[d.model];
    const pw = devicePower(catalog, accId);
    if (!noted.has(accId)) {
      noted.add(accId);
      if (pw.accelerator.tdpW === null)
        assumptions.push(
          `${accId}: no TDP in the catalog; modelled energy counts 0 W (set tdpW with --catalog).`,
        );
      if (pw.accelerator.priceUsd === null)
        assumptions.push(
          `${accId}: no price in the catalog; capital counts 0 USD (set priceUsd with --catalog).`,
        );
    }
    const allocated = (d.allocMilliSteps / 1000) * dh;
    const busy = (d.utilPctSteps / 100) * dh;
    const idle = (d.idleMilliSteps / 1000) * dh;
    const observed = d.observedSteps * dh;
    const e = d.energy;
    const unobservedSteps = Math.max(0, N - e.coveredSteps - e.uncoveredSteps);
    const itWh =
      e.joules / 3600 +
      (e.uncoveredSteps * pw.idleW + ((pw.tdpW - pw.idleW) * e.uncoveredUtilPctSteps) / 100) * dh +
      unobservedSteps * pw.idleW * dh;
    const kWh = (itWh * prices.pue) / 1000;
    const capital = (pw.priceUsd / (prices.amortisationYears * HOURS_PER_YEAR)) * T;
    const cost = capital + kWh * prices.usdPerKWh;
    rate.set(d.id, T > 0 ? cost / T : 0);
    energyOf.set(d.id, kWh);
    perDevice.push({
      id: d.id,
      host: d.host,
      model: d.model,
      accelerator: accId,
      deviceHours: { allocated, busy, idle, observed },
      energyKWh: kWh,
      energySource: e.source,
      costUsd: cost,
    });
    const mf = (perModel[d.model] ??= {
      accelerator: accId,
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
    for (const h of [mf.deviceHours, total]) {
      h.total += T;
      h.allocated += allocated;
      h.busy += busy;
      h.idle += idle;
      h.unallocated += T - allocated;
      h.unobserved += T - observed;
    }
    mf.devices++;
    mf.energyKWh += kWh;
    mf.capitalUsd += capital;
    mf.energyUsd += kWh * prices.usdPerKWh;
    mf.costUsd += cost;
    mf.unallocatedCostUsd += (T - allocated) * rate.get(d.id)!;
    mf.meanUtilisationPct += busy; // normalised below
    mf.idleFraction += observed; // normalised below (observed hours, temporarily)
    observedH += observed;
    energyKWh += kWh;
    capitalUsd += capital;
    unallocatedCost += (T - allocated) * rate.get(d.id)!;
  }
  for (const mf of Object.values(perModel)) {
    const obs = mf.idleFraction;
    mf.meanUtilisationPct = obs > 0 ? (100 * mf.deviceHours.busy) / obs : 0;
    mf.idleFraction = mf.deviceHours.allocated > 0 ? mf.deviceHours.idle / mf.deviceHours.allocated : 0;
  }

  const perTeam: Record<string, TeamFigures> = {};
  for (const td of c.teamDevices) {
    const t = (perTeam[td.team] ??= emptyTeam());
    const allocated = (td.allocMilliSteps / 1000) * dh;
    const idle = (td.idleMilliSteps / 1000) * dh;
    t.deviceHours.allocated += allocated;
    t.deviceHours.busy += (td.busyMilliPctSteps / 1e5) * dh;
    t.deviceHours.idle += idle;
    const r = rate.get(td.device) ?? 0;
    t.costUsd += allocated * r;
    t.idleCostUsd += idle * r;
    t.energyKWh += T > 0 ? ((energyOf.get(td.device) ?? 0) * allocated) / T : 0;
  }
  for (const p of c.pods) {
    (perTeam[p.team] ??= emptyTeam()).pods++;
  }
  for (const t of Object.values(perTeam))
    t.idleFraction = t.deviceHours.allocated > 0 ? t.deviceHours.idle / t.deviceHours.allocated : 0;

  const energyUsd = energyKWh * prices.usdPerKWh;
  assumptions.push(
    `Energy: PUE ${prices.pue}, electricity ${prices.usdPerKWh} USD/kWh; capital: catalog price amortised over ${prices.amortisationYears} years.`,
    `Idle: allocated and below ${params.idleBelowPct} % for at least ${params.idleForSec / 60} min (whole steps of ${S} s).`,
  );
  return {
    from: new Date(c.fromSec * 1000).toISOString(),
    to: new Date(c.toSec * 1000).toISOString(),
    stepSec: S,
    devices: c.devices.length,
    pods: c.pods.length,
    idleBelowPct: params.idleBelowPct,
    idleForSec: params.idleForSec,
    deviceHours: total,
    meanUtilisationPct: observedH > 0 ? (100 * total.busy) / observedH : 0,
    idleFraction: total.allocated > 0 ? total.idle / total.allocated : 0,
    energyKWh,
    costUsd: capitalUsd + energyUsd,
    capitalUsd,
    energyUsd,
    unallocated: { deviceHours: total.unallocated, costUsd: unallocatedCost },
    perTeam: Object.fromEntries(Object.entries(perTeam).sort(([a], [b]) => a.localeCompare(b))),
    perModel,
    perDevice,
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

/** A team's figures before anything is counted. */
function emptyTeam(): TeamFigures {
  return {
    pods: 0,
    deviceHours: { allocated: 0, busy: 0, idle: 0 },
    idleFraction: 0,
    energyKWh: 0,
    costUsd: 0,
    idleCostUsd: 0,
  };
}
