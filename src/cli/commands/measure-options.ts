/**
 * @module cli/commands/measure-options
 * The options of `hyperfleet measure`, checked before anything is read: exactly one source (Prometheus with its
 * window, or the GenAI trace), the accounting step and thresholds, the cost figures and the right-sizing
 * settings, each against the measurement's own schema so the CLI and the library accept the same values.
 */
import type { BoundedNumber } from '../../sim/index.js';
import { ErrorCode, InputError } from '../../errors/index.js';
import type { MeasureOptions, MeasureSourceOptions } from '../../measure/index.js';
import { checkOption, numberOption, parseInteger } from '../options.js';

/** The measure module, loaded by the command when it runs (its schemas check the options). */
export type MeasureModule = typeof import('../../measure/index.js');

/** The options as commander hands them over. */
export interface MeasureCliOptions {
  scheduler?: string;
  prometheus?: string;
  genai?: string;
  from?: string;
  to?: string;
  step?: string;
  teamLabel: string;
  idleBelow: string;
  idleFor: string;
  mapping: string;
  accelerator?: string;
  devicesPerNode: string;
  percentile: string;
  headroom: string;
  rightSizing: boolean;
  pue?: string;
  electricity?: string;
  amortisationYears?: string;
  catalog?: string;
  timeout: string;
  sampling: string;
  concurrency: string;
  json?: boolean;
  report?: string;
}

function parseSampling(text: string): 'lookback' | 'step' {
  if (text === 'lookback' || text === 'step') return text;
  throw new InputError(ErrorCode.InvalidOption, {
    field: '--sampling',
    expected: 'lookback or step',
    got: text,
  });
}

function prometheusSource(m: MeasureModule, opts: MeasureCliOptions, url: string): MeasureSourceOptions {
  if (!opts.from || !opts.to) {
    throw new InputError(ErrorCode.InvalidOption, {
      field: opts.from ? '--to' : '--from',
      expected: 'a time (RFC 3339 or Unix seconds): --prometheus needs --from and --to',
      got: '',
    });
  }
  return {
    kind: 'prometheus',
    url,
    fromSec: m.parseTime('--from', opts.from),
    toSec: m.parseTime('--to', opts.to),
    mapping: opts.mapping,
    timeoutMs: checkOption(
      m.TimeoutMs,
      '--timeout',
      Math.round(m.parseDuration('--timeout', opts.timeout) * 1000),
      opts.timeout,
    ),
    sampling: parseSampling(opts.sampling),
    concurrency: parseInteger('--concurrency', opts.concurrency, 1),
  };
}

/** Exactly one of --prometheus and --genai, with the options that source needs. */
function parseSource(m: MeasureModule, opts: MeasureCliOptions): MeasureSourceOptions {
  if ((opts.prometheus === undefined) === (opts.genai === undefined)) {
    throw new InputError(ErrorCode.InvalidOption, {
      field: '--prometheus/--genai',
      expected: 'exactly one source: --prometheus URL (with --from and --to) or --genai DIR',
      got: opts.prometheus && opts.genai ? 'both' : 'neither',
    });
  }
  if (opts.prometheus !== undefined) return prometheusSource(m, opts, opts.prometheus);
  return {
    kind: 'genai',
    dir: opts.genai!,
    accelerator: opts.accelerator,
    devicesPerNode: numberOption(m.DevicesPerNode, '--devices-per-node', opts.devicesPerNode),
  };
}

/** An optional numeric option checked against the measurement schema's field. */
function optionalNumber(schema: BoundedNumber, option: string, v: string | undefined): number | undefined {
  return v === undefined ? undefined : numberOption(schema, option, v);
}

/** Checks every option, in the order of the source, the accounting, the costs and right-sizing; throws an InputError. */
export function parseMeasureOptions(m: MeasureModule, opts: MeasureCliOptions): MeasureOptions {
  const source = parseSource(m, opts);
  const stepSec =
    opts.step === undefined
      ? undefined
      : checkOption(m.StepSec, '--step', m.parseDuration('--step', opts.step), opts.step);
  return {
    source,
    stepSec,
    teamLabel: checkOption(m.TeamLabel, '--team-label', opts.teamLabel, opts.teamLabel),
    idleBelowPct: numberOption(m.IdleBelowPct, '--idle-below', opts.idleBelow),
    idleForSec: checkOption(
      m.IdleForSec,
      '--idle-for',
      m.parseDuration('--idle-for', opts.idleFor),
      opts.idleFor,
    ),
    pue: optionalNumber(m.Pue, '--pue', opts.pue),
    usdPerKWh: optionalNumber(m.UsdPerKWh, '--electricity', opts.electricity),
    amortisationYears: optionalNumber(m.AmortisationYears, '--amortisation-years', opts.amortisationYears),
    catalog: opts.catalog,
    rightSizing: opts.rightSizing
      ? {
          percentile: numberOption(m.Percentile, '--percentile', opts.percentile),
          headroom: numberOption(m.Headroom, '--headroom', opts.headroom),
        }
      : false,
  };
}
