/**
 * @module measure/measure
 * `runMeasure`: options → telemetry source → step sums → accounting → right-sizing replay → {@link MeasureResult},
 * one function per step.
 */
import { loadCatalog, type Catalog } from '../catalog/index.js';
import { ErrorCode, InputError } from '../errors/index.js';
import { FLEET_DEFAULTS } from '../fleet/index.js';
import { isPolicyName } from '../policies/index.js';
import { account, type Accounted, type Prices } from './accounting.js';
import { GenaiSource } from './genai-source.js';
import { loadMapping } from './metric-mapping.js';
import { PrometheusSource } from './prometheus-source.js';
import { rightSize, type RightSizingParams } from './right-sizing.js';
import type { Collected, TelemetrySource } from './telemetry-source.js';
import type { MeasureOptions, MeasureResult, MeasureSourceOptions } from './types.js';

export const MEASURE_DEFAULTS = {
  stepSec: 60,
  teamLabel: 'namespace',
  idleBelowPct: 5,
  idleForSec: 1800,
  percentile: 0.95,
  headroom: 0.2,
  granularityMilli: 50,
  policy: 'fgd',
  genaiAccelerator: 'nvidia-l20',
  devicesPerNode: 8,
  heatColumns: 96,
  heatMaxRows: 200,
} as const;

function bad(field: string, expected: string, got: unknown): InputError {
  return new InputError(ErrorCode.InvalidOption, { field, expected, got: String(got) });
}

/** The options with their defaults filled in and checked: what every step of a measurement reads. */
interface MeasureSettings {
  catalog: Catalog;
  idleBelowPct: number;
  /** Percentile of utilisation each pod's share must cover (the sources compute it even without right-sizing). */
  percentile: number;
  /** The right-sizing replay's parameters, undefined when it is off. */
  rightSizing: RightSizingParams | undefined;
  prices: Prices;
}

function resolveSettings(o: MeasureOptions): MeasureSettings {
  const catalog = loadCatalog(o.catalog);
  const idleBelowPct = o.idleBelowPct ?? MEASURE_DEFAULTS.idleBelowPct;
  if (!(idleBelowPct >= 0 && idleBelowPct <= 100))
    throw bad('--idle-below', 'a percentage from 0 to 100', idleBelowPct);
  const rs = o.rightSizing === false ? undefined : (o.rightSizing ?? {});
  const percentile = rs?.percentile ?? MEASURE_DEFAULTS.percentile;
  if (!(percentile >= 0 && percentile <= 1))
    throw bad('--percentile', 'a number from 0 to 1 (0.95 = p95)', percentile);
  const headroom = rs?.headroom ?? MEASURE_DEFAULTS.headroom;
  if (!(headroom >= 0 && headroom <= 10))
    throw bad('--headroom', 'a number from 0 to 10 (0.2 = +20 %)', headroom);
  const policy = rs?.policy ?? MEASURE_DEFAULTS.policy;
  if (!isPolicyName(policy)) throw bad('--policy', 'a placement policy such as fgd', policy);
  const granularityMilli = rs?.granularityMilli ?? MEASURE_DEFAULTS.granularityMilli;
  const prices = {
    pue: o.pue ?? FLEET_DEFAULTS.pue,
    usdPerKWh: o.usdPerKWh ?? FLEET_DEFAULTS.electricityUsdPerKWh,
    amortisationYears: o.amortisationYears ?? FLEET_DEFAULTS.amortisationYears,
  };
  if (!(prices.pue >= 1)) throw bad('--pue', 'a number ≥ 1', prices.pue);
  return {
    catalog,
    idleBelowPct,
    percentile,
    rightSizing: rs ? { percentile, headroom, policy, granularityMilli, seed: 42 } : undefined,
    prices,
  };
}

/** A telemetry source and the step it is read with (0: the source's own sampling interval). */
interface OpenedSource {
  source: TelemetrySource;
  stepSec: number;
}

type PrometheusOptions = Extract<MeasureSourceOptions, { kind: 'prometheus' }>;
type GenaiOptions = Extract<MeasureSourceOptions, { kind: 'genai' }>;

async function openPrometheus(src: PrometheusOptions, o: MeasureOptions): Promise<OpenedSource> {
  const stepSec = o.stepSec ?? MEASURE_DEFAULTS.stepSec;
  if (!(Number.isInteger(stepSec) && stepSec >= 1))
    throw bad('--step', 'a whole number of seconds ≥ 1 (e.g. 1m)', stepSec);
  if (!(src.toSec > src.fromSec))
    throw bad(
      '--to',
      `a time after --from (${new Date(src.fromSec * 1000).toISOString()})`,
      new Date(src.toSec * 1000).toISOString(),
    );
  if ((src.toSec - src.fromSec) / stepSec > 5_000_000)
    throw bad('--step', 'a step giving at most 5 million steps in the window', stepSec);
  const { mapping, file } = await loadMapping(src.mapping ?? 'dcgm');
  const source = new PrometheusSource({
    url: src.url,
    fromSec: src.fromSec,
    toSec: src.toSec,
    mapping,
    mappingFile: file,
    teamLabel: o.teamLabel ?? MEASURE_DEFAULTS.teamLabel,
    timeoutMs: src.timeoutMs,
    concurrency: src.concurrency,
    sampling: src.sampling,
  });
  return { source, stepSec };
}

async function openGenai(src: GenaiOptions, o: MeasureOptions, catalog: Catalog): Promise<OpenedSource> {
  const accelerator = src.accelerator ?? MEASURE_DEFAULTS.genaiAccelerator;
  const { getAccelerator } = await import('../catalog/index.js');
  getAccelerator(catalog, accelerator, { field: '--accelerator' });
  const source = new GenaiSource({
    dir: src.dir,
    accelerator,
    devicesPerNode: src.devicesPerNode ?? MEASURE_DEFAULTS.devicesPerNode,
  });
  return { source, stepSec: o.stepSec ?? 0 }; // 0: the trace's sampling interval
}

/**
 * Reads the telemetry into step sums. The idle length is counted in whole steps, rounded up; a GenAI step of 0
 * means "the trace's sampling interval", known only after reading: the source rounds the same way, and the
 * accounting reports the rounded length (returned as `idleForSec`).
 */
async function collect(
  { source, stepSec }: OpenedSource,
  o: MeasureOptions,
  settings: MeasureSettings,
): Promise<{ collected: Collected; idleForSec: number }> {
  const idleForRaw = o.idleForSec ?? MEASURE_DEFAULTS.idleForSec;
  if (!(idleForRaw > 0)) throw bad('--idle-for', 'a positive duration such as 30m', idleForRaw);
  const roundIdle = (s: number) => Math.max(1, Math.ceil(idleForRaw / s - 1e-9)) * s;
  const collected = await source.collect({
    stepSec,
    idleBelowPct: settings.idleBelowPct,
    idleForSec: stepSec > 0 ? roundIdle(stepSec) : idleForRaw,
    percentile: settings.percentile,
    heatColumns: o.heatMap?.columns ?? MEASURE_DEFAULTS.heatColumns,
    heatMaxRows: o.heatMap?.maxRows ?? MEASURE_DEFAULTS.heatMaxRows,
    onProgress: o.onProgress,
  });
  return { collected, idleForSec: roundIdle(collected.stepSec) };
}

/** Each pod's right-sized share and the replay's result; the observed shares when right-sizing is off or no pod ran. */
function rightSizePods(
  accounted: Accounted,
  collected: Collected,
  settings: MeasureSettings,
): Pick<MeasureResult, 'podUsage' | 'rightSizing'> {
  if (!settings.rightSizing || accounted.podUsage.length === 0) {
    return {
      podUsage: accounted.podUsage.map((p) => ({ ...p, rightSizedMilli: p.gpuMilli })),
      rightSizing: null,
    };
  }
  const out = rightSize(
    accounted.podUsage,
    collected.hosts,
    collected.accelerators,
    settings.catalog,
    settings.prices,
    settings.rightSizing,
  );
  return {
    podUsage: accounted.podUsage.map((p, i) => ({ ...p, rightSizedMilli: out.milli[i] })),
    rightSizing: out.rightSizing,
  };
}

/** Settings → telemetry source → step sums → accounting → right-sizing replay → result. */
export async function measure(o: MeasureOptions): Promise<MeasureResult> {
  const t0 = performance.now();
  const settings = resolveSettings(o);
  const opened =
    o.source.kind === 'prometheus'
      ? await openPrometheus(o.source, o)
      : await openGenai(o.source, o, settings.catalog);
  const { collected, idleForSec } = await collect(opened, o, settings);
  const accounted = account(collected, settings.catalog, settings.prices, {
    idleBelowPct: settings.idleBelowPct,
    idleForSec,
  });
  const { podUsage, rightSizing } = rightSizePods(accounted, collected, settings);
  return {
    source: opened.source.description,
    teamLabel: opened.source.teamLabel,
    ...accounted,
    podUsage,
    rightSizing,
    elapsedMs: Math.round(performance.now() - t0),
  };
}
