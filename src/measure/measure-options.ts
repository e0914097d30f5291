/**
 * @module measure/measure-options
 * The options of a measurement as zod schemas with their bounds, read by `hyperfleet measure` (after parsing the
 * option strings) and by `POST /v1/measurements` alike, so that both refuse the same values in the same words.
 * Absent options take the defaults of measure/measure (MEASURE_DEFAULTS) and of the fleet file (PUE 1.3,
 * 0.08 USD/kWh, 4 years), the same for every caller.
 */
import { z } from 'zod';
import { boundedNumber } from '../sim/index.js';

/**
 * Step of the accounting, whole seconds: at least 1; at most a day, since a coarser step averages away the idle
 * stretches (30 min by default) the accounting looks for, and a day-long step is one point per day.
 */
export const MAX_STEP_SEC = 86_400;
export const StepSec = boundedNumber(`a whole number of seconds from 1 to ${MAX_STEP_SEC} (e.g. 1m)`, {
  int: true,
  min: 1,
  max: MAX_STEP_SEC,
});

/** Utilisation below which an allocated device is idle: a percentage. */
export const IdleBelowPct = boundedNumber('a percentage from 0 to 100', { min: 0, max: 100 });

/** Shortest idle stretch (seconds): 0 counts every idle sample; a year is longer than any window measured. */
export const IdleForSec = boundedNumber('a number of seconds from 0 to 31536000 (a year)', {
  min: 0,
  max: 31_536_000,
});

/** The fleet file's bounds (fleet/fleet-schema): facility power / IT power is never below 1, 5 is a typo. */
export const Pue = boundedNumber('a PUE from 1 to 5 (130 % is written 1.3)', { min: 1, max: 5 });
export const UsdPerKWh = boundedNumber(
  'an electricity price in USD per kWh from 0 to 5 (80 USD/MWh = 0.08)',
  {
    min: 0,
    max: 5,
  },
);
export const AmortisationYears = boundedNumber('a number of years greater than 0 and at most 30', {
  gt: 0,
  max: 30,
});

/** The label that charges devices to teams: `namespace` or a pod label (`pod_label:team`). */
export const TeamLabel = z.string().min(1, 'expected a label name such as namespace');

/**
 * Right-sizing replay: the utilisation percentile each share must cover (above 0: a share sized to a pod's
 * quietest moment is no right-sizing; 1 = its peak), the headroom over it (0..10, 0.2 = +20 %; 10 = 11× is
 * beyond any sensible margin), the policy of the replay and the share granularity (1..1000 milli of a device).
 */
export const Percentile = boundedNumber('a number greater than 0 and at most 1 (0.95 = p95)', {
  gt: 0,
  max: 1,
});
export const Headroom = boundedNumber('a number from 0 to 10 (0.2 = +20 %)', { min: 0, max: 10 });
export const RightSizingOptions = z.union([
  z.literal(false),
  z.object({
    percentile: z.optional(Percentile),
    headroom: z.optional(Headroom),
    policy: z.string().optional(),
    granularityMilli: z.optional(
      boundedNumber('a whole number of milli from 1 to 1000', { int: true, min: 1, max: 1000 }),
    ),
  }),
]);

/** The heat map's size: columns and device rows (its HTML and JSON grow with both). */
export const HeatMapOptions = z.object({
  columns: z.optional(boundedNumber('a whole number from 1 to 1000', { int: true, min: 1, max: 1000 })),
  maxRows: z.optional(boundedNumber('a whole number from 1 to 2000', { int: true, min: 1, max: 2000 })),
});

/** The accounting options every source shares. */
export const MeasureAccountingOptions = z.object({
  stepSec: z.optional(StepSec),
  teamLabel: TeamLabel.optional(),
  idleBelowPct: z.optional(IdleBelowPct),
  idleForSec: z.optional(IdleForSec),
  pue: z.optional(Pue),
  usdPerKWh: z.optional(UsdPerKWh),
  amortisationYears: z.optional(AmortisationYears),
  rightSizing: RightSizingOptions.optional(),
  heatMap: HeatMapOptions.optional(),
});
export type MeasureAccountingOptions = z.output<typeof MeasureAccountingOptions>;

/** GenAI trace: devices per node of the right-sizing replay (1..64, the largest nodes sold hold 16). */
export const DevicesPerNode = boundedNumber('a whole number from 1 to 64', { int: true, min: 1, max: 64 });

/** Prometheus: one request's timeout (ms), up to an hour (a range query longer than that is a stuck server). */
export const TimeoutMs = boundedNumber('a duration from 1 ms to 1 h', { int: true, min: 1, max: 3_600_000 });
