/**
 * @module measure/device-power
 * What one device costs to run and to own: its power (TDP and idle watts) and price from the catalog, as the
 * time simulator's fleet economics use them, and the site's prices (PUE, electricity, amortisation).
 */
import { getAccelerator, type Catalog } from '../catalog/index.js';

export const HOURS_PER_YEAR = 8760;

export interface Prices {
  pue: number;
  usdPerKWh: number;
  amortisationYears: number;
}

/** Power and capital of one device of a catalog entry (no TDP: 0 W; no idle power: the catalog's fraction). */
export function devicePower(catalog: Catalog, id: string) {
  const a = getAccelerator(catalog, id, { field: 'accelerator' });
  const tdpW = a.tdpW ?? 0;
  const idleW = a.idleW ?? tdpW * catalog.idleFractionOfTdp;
  return { accelerator: a, tdpW, idleW, priceUsd: a.priceUsd ?? 0, memoryGiB: a.memoryGiB };
}

export type DevicePower = ReturnType<typeof devicePower>;
