/**
 * @module plan/demand/demand-fields
 * The zod fields the demand file and its scenarios share, each with the words its errors say: ids and names,
 * amounts, per-quarter values, fractions, and the site and budget fields a scenario may replace. One definition per
 * field, so a scenario's `site.pue` is refused exactly as the file's is.
 */
import * as z from 'zod';

export const text = (expected: string) => z.string({ error: expected }).min(1, { error: expected });

export function amount(expected: string, max = Number.MAX_VALUE) {
  return z.number({ error: expected }).min(0, { error: expected }).max(max, { error: expected });
}

/** A number per quarter: one number (every quarter) or a list; its length is checked against `quarters`. */
export function perQuarter(expected: string) {
  const one = amount(expected);
  return z.union([one, z.array(one, { error: `a list of ${expected}` })], {
    error: `${expected}, or a list with one per quarter`,
  });
}

export const ID = /^[a-z0-9]+(?:[-.][a-z0-9]+)*$/;
const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** A name of a demand line or a scenario. */
export const lineName = (what = 'a demand line name') =>
  z
    .string({ error: what })
    .regex(NAME, { error: 'a name of letters, digits, ".", "_" or "-", starting with a letter or digit' })
    .max(63, { error: 'a name of at most 63 characters' });

const FRACTION = 'a fraction between 0 (exclusive) and 1';
export const fraction = () =>
  z
    .number({ error: FRACTION })
    .gt(0, { error: FRACTION })
    .max(1, { error: `${FRACTION} (80 % is 0.8)` });

/** The site's fields, without defaults (the file's schema adds them; a scenario replaces only what it names). */
export const SITE_FIELDS = {
  pue: () =>
    z
      .number({ error: 'a PUE between 1 and 5' })
      .min(1, { error: 'a PUE ≥ 1 (facility power / IT power can never be below 1)' })
      .max(5, { error: 'a PUE ≤ 5 (130 % is written 1.3)' })
      .describe('Power usage effectiveness: facility power / IT power.'),
  electricityUsdPerKWh: () =>
    amount('an electricity price in USD per kWh, between 0 and 5', 5).describe(
      'Electricity price, USD per kWh.',
    ),
  powerCapMW: () =>
    amount('a facility power cap in MW ≥ 0').describe(
      'Facility power (IT power × PUE) the site can draw, MW. Absent: no cap.',
    ),
  powerUtilisation: () =>
    z
      .number({ error: 'a fraction between 0 and 1' })
      .min(0, { error: 'a fraction between 0 and 1' })
      .max(1, { error: 'a fraction between 0 and 1' }),
  amortisationYears: () =>
    z
      .number({ error: 'a number of years between 0 (exclusive) and 30' })
      .gt(0, { error: 'a number of years > 0' })
      .max(30, { error: 'a number of years ≤ 30 (years, not months)' })
      .describe(
        'Years over which a node bought is written off linearly in amortisedCostUsdPerQuarter. Default 4, as ' +
          'fleet files’ capex.',
      ),
} as const;

/** A whole number of racks ≥ 0. */
export const rackCount = (expected = 'a whole number of racks ≥ 0') =>
  z.int({ error: expected }).min(0, { error: expected });

export const BUDGET_FIELDS = {
  totalUsd: () => amount('a capital budget in USD ≥ 0').describe('Capital over the horizon, USD.'),
  perQuarterUsd: () => perQuarter('capital budgets in USD ≥ 0').describe('Capital per quarter, USD.'),
} as const;

export const BUDGET_EXAMPLE = 'a mapping such as { totalUsd: 1.4e10, perQuarterUsd: [8e9, 6e9] }';
