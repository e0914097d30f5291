/**
 * The dashboard's colours. Policies take theirs from the shared palette (src/report/palette.ts), so a policy looks
 * the same here as in the HTML reports; the rest are this UI's own: device-hour states, percentiles, heat ramps.
 */
import { POLICY_PALETTE, policyColor as paletteColor, seriesColor } from '../../../src/report/palette.js';

/** A policy the palette does not know (the server only runs known ones). */
const UNKNOWN_POLICY = '#888';

export function policyColor(policy: string): string {
  return paletteColor(policy) ?? UNKNOWN_POLICY;
}

/**
 * The colour of a policy's series when runs are compared: the first run in the policy colours, the others in
 * series colours, so the same policy in two runs stays apart (the line style separates the runs too).
 */
export function runPolicyColor(runIndex: number, policy: string, runCount: number): string {
  if (runCount <= 1 || runIndex === 0) return policyColor(policy);
  return seriesColor(runIndex * 3 + POLICY_PALETTE.findIndex((p) => p.id === policy));
}

/** The UI's accent, for single-series charts. */
export const ACCENT = '#1f5fbf';

/** Where device-hours go (efficiency charts; the fleet history uses allocated and stranded too). */
export const STATE_COLORS = { allocated: ACCENT, stranded: '#f2a03d', idle: '#c9d3df' } as const;
export type DeviceState = keyof typeof STATE_COLORS;
export const DEVICE_STATES = Object.keys(STATE_COLORS) as DeviceState[];

/** p50, p95, p99: light to dark. */
export const PERCENTILE_COLORS = ['#9ecae1', '#4292c6', '#08519c'] as const;

/** Heat-map ramps, 0 % → 100 %: allocation in blues, measured utilisation in reds. */
export const ALLOCATION_RAMP = ['#f7fbff', '#6baed6', '#08306b'];
export const UTILISATION_RAMP = ['#fff7ec', '#fc8d59', '#7f0000'];

/** Categories with no colour of their own (the chips of a plan), in the HTML reports' series colours. */
export function categoryColor(index: number): string {
  return seriesColor(index);
}

/** The two parts of a plan's cost. */
export const COST_COLORS = { capital: ACCENT, energy: '#f2a03d' } as const;
