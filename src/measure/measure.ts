/**
 * @module measure/measure
 * `runMeasure`: options → telemetry source → step sums → accounting → right-sizing replay → {@link MeasureResult}.
 */
import { loadCatalog } from '../catalog/index.js';
import { ErrorCode, InputError } from '../errors/index.js';
import { FLEET_DEFAULTS } from '../fleet/index.js';
import { isPolicyName } from '../policies/index.js';
import { account } from './accounting.js';
import { GenaiSource } from './genai-source.js';
import { loadMapping } from './metric-mapping.js';
import { PrometheusSource } from './prometheus-source.js';
import { rightSize } from './right-sizing.js';
import type { TelemetrySource } from './telemetry-source.js';
import type { MeasureOptions, MeasureResult } from './types.js';

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

export async function measure(o: MeasureOptions): Promise<MeasureResult> {
  const t0 = performance.now();
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

  let source: TelemetrySource;
  let stepSec: number;
  const src = o.source;
  if (src.kind === 'prometheus') {
    stepSec = o.stepSec ?? MEASURE_DEFAULTS.stepSec;
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
    source = new PrometheusSource({
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
  } else {
    stepSec = o.stepSec ?? 0; // 0: the trace's sampling interval
    const accelerator = src.accelerator ?? MEASURE_DEFAULTS.genaiAccelerator;
    const { getAccelerator } = await import('../catalog/index.js');
    getAccelerator(catalog, accelerator, { field: '--accelerator' });
    source = new GenaiSource({
      dir: src.dir,
      accelerator,
      devicesPerNode: src.devicesPerNode ?? MEASURE_DEFAULTS.devicesPerNode,
    });
  }
  // The idle length in whole steps, rounded up. A GenAI step of 0 means "the trace's sampling interval", known
  // only after reading: the source rounds the same way, and the accounting reports the rounded length.
  const idleForRaw = o.idleForSec ?? MEASURE_DEFAULTS.idleForSec;
  if (!(idleForRaw > 0)) throw bad('--idle-for', 'a positive duration such as 30m', idleForRaw);
  const roundIdle = (s: number) => Math.max(1, Math.ceil(idleForRaw / s - 1e-9)) * s;
  const collected = await source.collect({
    stepSec,
    idleBelowPct,
    idleForSec: stepSec > 0 ? roundIdle(stepSec) : idleForRaw,
    percentile,
    heatColumns: o.heatMap?.columns ?? MEASURE_DEFAULTS.heatColumns,
    heatMaxRows: o.heatMap?.maxRows ?? MEASURE_DEFAULTS.heatMaxRows,
    onProgress: o.onProgress,
  });
  const idleForSec = roundIdle(collected.stepSec);
  const accounted = account(collected, catalog, prices, { idleBelowPct, idleForSec });
  let rightSizing: MeasureResult['rightSizing'] = null;
  let podUsage = accounted.podUsage.map((p) => ({ ...p, rightSizedMilli: p.gpuMilli }));
  if (rs && accounted.podUsage.length > 0) {
    const out = rightSize(accounted.podUsage, collected.hosts, collected.accelerators, catalog, prices, {
      percentile,
      headroom,
      policy,
      granularityMilli,
      seed: 42,
    });
    rightSizing = out.rightSizing;
    podUsage = accounted.podUsage.map((p, i) => ({ ...p, rightSizedMilli: out.milli[i] }));
  }
  return {
    source: source.description,
    teamLabel: source.teamLabel,
    ...accounted,
    podUsage,
    rightSizing,
    elapsedMs: Math.round(performance.now() - t0),
  };
}
