/**
 * @module measure
 * Efficiency accounting from real telemetry: the stable entry point {@link runMeasure} (used by the CLI, the
 * dashboard's REST route and the exporter) and its JSON-serialisable result.
 */
export type * from './types.js';
export { DEFINITIONS } from './definitions.js';
export { registerMeasureMetrics } from './exporter.js';
import type { MeasureOptions, MeasureResult } from './types.js';

/** Reads the telemetry, accounts for it and checks right-sizing by simulation. Bad input: InputError. */
export async function runMeasure(options: MeasureOptions): Promise<MeasureResult> {
  const { measure } = await import('./measure.js');
  return measure(options);
}
export type { MeasureResult } from './types.js';
export { parseDuration, parseTime } from './cli-options.js';
export { applyStranded, fetchSchedulerHistory } from './stranded.js';
export {
  AmortisationYears,
  DevicesPerNode,
  Headroom,
  HeatMapOptions,
  IdleBelowPct,
  IdleForSec,
  MAX_STEP_SEC,
  MeasureAccountingOptions,
  Percentile,
  Pue,
  RightSizingOptions,
  StepSec,
  TeamLabel,
  TimeoutMs,
  UsdPerKWh,
} from './measure-options.js';
