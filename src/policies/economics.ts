/**
 * @module policies/economics
 * What the fleet-aware policies know about each device model: how fast it runs each kind of work relative to the
 * reference device, how much extra power it draws under load, and what an hour of it costs. Built by the caller
 * from the accelerator catalog and the fleet file; policies only read it.
 */
import { ErrorCode, InputError } from '../errors/index.js';
import type { PodRequest } from './pod-request.js';

export interface ModelEconomics {
  /** Speed on compute-bound work (whole-device pods), relative to the reference device (1 = same). */
  readonly computeSpeed: number;
  /** Speed on memory-bound work (sharing pods, e.g. inference), relative to the reference device. */
  readonly memorySpeed: number;
  /** Power above idle of one fully loaded device, W (what placing work there adds). */
  readonly dynamicW: number;
  /** Cost of one device for one hour (amortised capital or rent), USD; null when no price is known. */
  readonly usdPerDeviceHour: number | null;
}

/** The policies whose score weighs what a device costs: they cannot run where a device model has no price. */
export const PRICED_POLICIES = ['fgd-cost', 'hetero'] as const;

/** Economics keyed by the node's device model string (`NodeSpec.gpuModel`). */
export type FleetEconomics = ReadonlyMap<string, ModelEconomics>;

/** Speed of a request's kind of work on a model: sharing pods are memory-bound, others compute-bound. */
export function speedFor(e: ModelEconomics, req: Pick<PodRequest, 'sharing'>): number {
  return req.sharing ? e.memorySpeed : e.computeSpeed;
}

/** Energy per unit of work on a model, Wh per reference-device-hour of the pod's kind. */
export function energyPerWork(e: ModelEconomics, req: Pick<PodRequest, 'sharing'>): number {
  return e.dynamicW / speedFor(e, req);
}

/** Cost per unit of work on a model, USD per reference-device-hour (device time plus its energy). */
export function costPerWork(e: ModelEconomics, req: Pick<PodRequest, 'sharing'>, usdPerKWh: number): number {
  if (e.usdPerDeviceHour === null) {
    // Callers refuse a priced policy on an unpriced fleet up front (naming the pool); this guards the rest.
    throw new InputError(ErrorCode.InvalidOption, {
      field: 'policy',
      message: `${PRICED_POLICIES.join(' and ')} weigh each device's price, and a device model of the fleet has none`,
      expected: 'a price for every pool, or another policy',
    });
  }
  return (e.usdPerDeviceHour + (e.dynamicW / 1000) * usdPerKWh) / speedFor(e, req);
}

/**
 * `value(economics of m)` for every device model m of a state, in `state.models` order; a model without
 * economics is a configuration error that names it.
 */
export function valuesPerModel(
  models: readonly string[],
  economics: FleetEconomics,
  value: (e: ModelEconomics) => number,
): number[] {
  return models.map((m) => {
    const e = economics.get(m);
    if (!e) throw new Error(`no economics for device model ${m} (is it in the fleet file?)`);
    return value(e);
  });
}
