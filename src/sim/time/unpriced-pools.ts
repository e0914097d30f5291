/**
 * @module sim/time/unpriced-pools
 * Pools that neither the fleet file nor the catalog prices (the catalog's Zhenwu has no price): the simulation
 * still runs — allocation, queueing and energy do not depend on price — but their cost is unknown. This module
 * words the one warning per such pool (naming it and how to give a price) and refuses, before anything runs, the
 * policies whose score needs every device's price.
 */
import { ErrorCode, InputError } from '../../errors/index.js';
import { PRICED_POLICIES, type PolicyName } from '../../policies/index.js';

/** A pool without a price: its index and name in the fleet file, and its accelerator. */
export interface UnpricedPool {
  readonly index: number;
  readonly name: string;
  readonly accelerator: string;
}

const HOW_TO_PRICE =
  'capex.usdPerDevice, hourlyUsdPerNode or hourlyUsdPerDevice for the pool in the fleet file, ' +
  'or priceUsd for the accelerator in a catalog file (--catalog FILE)';

/** The warning shown for one unpriced pool (in the result's assumptions and, by the CLI, on stderr). */
export function unpricedWarning(pool: UnpricedPool): string {
  return (
    `Pool ${pool.name} (${pool.accelerator}) has no price in the fleet file or the catalog: its capital cost, ` +
    `the cost of ${pool.accelerator} and the cost totals are unknown (null); energy, allocation and queueing do not depend on it. ` +
    `To price it, set ${HOW_TO_PRICE}.`
  );
}

/**
 * Refuses `policies` that weigh price (fgd-cost, hetero) when a pool is unpriced: their score would need a guess.
 * The other policies run; the error names the policy, the pools and the fields that would price them.
 */
export function refusePricedPolicies(
  policies: readonly PolicyName[],
  unpriced: readonly UnpricedPool[],
  fleetFile?: string,
): void {
  const priced = policies.filter((p) => (PRICED_POLICIES as readonly string[]).includes(p));
  if (priced.length === 0 || unpriced.length === 0) return;
  throw new InputError(
    ErrorCode.InvalidOption,
    unpriced.map((pool) => ({
      file: fleetFile,
      field: `pools[${pool.index}] (${pool.name})`,
      message:
        `${priced.join(' and ')} ${priced.length > 1 ? 'weigh' : 'weighs'} each device's price, and ` +
        `${pool.accelerator} has none here; other policies run without one`,
      expected: HOW_TO_PRICE,
    })),
  );
}
