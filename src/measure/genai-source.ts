/**
 * @module measure/genai-source
 * The Alibaba GenAI serving trace (cluster-trace-v2026-GenAI) as a telemetry source: per-pod GPU duty cycle (%),
 * GPU memory used (bytes) and request rate, sampled every 57 s. Each pod holds one GPU, the trace does not say
 * which model (default nvidia-l20: the peak memory used, 47.3 GiB, fits a 48 GB part) nor which node (nodes of
 * `devicesPerNode` are assumed for the right-sizing replay); a pod's team is the request type it serves (qps.csv).
 *
 * The files and their columns: measure/genai-samples; the step grid: measure/genai-steps; what is observed of
 * each pod: measure/genai-pod.
 */
import { readGenaiSamples, type GenaiSamples } from './genai-samples.js';
import { observeGenaiPod, type GenaiPodObs } from './genai-pod.js';
import { stepGrid, type StepGrid } from './genai-steps.js';
import type { CollectParams, Collected, TelemetrySource } from './telemetry-source.js';

export interface GenaiSourceOptions {
  dir: string;
  accelerator: string;
  devicesPerNode: number;
}

export class GenaiSource implements TelemetrySource {
  readonly description: string;
  readonly teamLabel = 'request_type';

  constructor(private readonly o: GenaiSourceOptions) {
    this.description = `genai ${o.dir}`;
  }

  async collect(p: CollectParams): Promise<Collected> {
    const samples = readGenaiSamples(this.o.dir, p.onProgress);
    const grid = stepGrid(samples.duty, p);
    const acc = this.o.accelerator;
    const context = {
      grid,
      accelerator: acc,
      devicesPerNode: this.o.devicesPerNode,
      idleBelowPct: p.idleBelowPct,
      percentile: p.percentile,
    };
    const observed = [...samples.duty.keys()]
      .sort()
      .map((id, index) =>
        observeGenaiPod(
          id,
          index,
          samples.duty.get(id)!,
          samples.requestType.get(id) ?? '(no qps)',
          samples.peakMemory.get(id),
          context,
        ),
      );
    const hosts: Collected['hosts'] = {};
    for (const { device } of observed) (hosts[device.host] ??= { model: acc, devices: 0 }).devices++;
    p.onProgress?.(4, 4, 'accounted');
    return {
      fromSec: grid.fromSec,
      toSec: grid.toSec,
      stepSec: grid.stepSec,
      devices: observed.map((o) => o.device),
      teamDevices: observed.map((o) => o.teamDevice),
      pods: observed.map((o) => o.pod),
      heatMap: heatMapOf(observed, grid, p.heatMaxRows),
      accelerators: { [acc]: acc },
      hosts,
      assumptions: this.assumptions(samples, grid, observed),
      extra: {
        meanDutyCyclePctOfSamples: samples.dutySum / samples.dutySamples,
        dutyCycleSamples: samples.dutySamples,
        sampleSec: grid.sampleSec,
      },
    };
  }

  /** What the figures rest on that the trace does not say. */
  private assumptions(samples: GenaiSamples, grid: StepGrid, observed: readonly GenaiPodObs[]): string[] {
    const { dir, accelerator: acc, devicesPerNode } = this.o;
    const withoutMemory = observed.filter((x) => x.pod.peakMemoryMiB === null).length;
    return [
      `GenAI trace in ${dir}: ${samples.duty.size} pods, ${samples.dutySamples} duty-cycle samples every ${grid.stepSec} s; each pod holds one whole ${acc} (the trace names no model; --accelerator changes it) on nodes of ${devicesPerNode} (for the replay).`,
      'A pod’s GPU is allocated while the pod reports samples; its team is the request type it serves (qps.csv).',
      'No power in the trace: energy from the catalog’s power model idleW + (tdpW − idleW) · duty/100.',
      ...(withoutMemory
        ? [`${withoutMemory} pods have no memory samples: they keep their whole device in the right-sizing.`]
        : []),
    ];
  }
}

/** The first `maxRows` pods' heat-map rows (in id order) and how many more there are. */
function heatMapOf(observed: readonly GenaiPodObs[], grid: StepGrid, maxRows: number): Collected['heatMap'] {
  const shown = observed.slice(0, maxRows);
  return {
    bucketSec: grid.bucketSec,
    rows: shown.map((o) => o.device.id),
    values: shown.map((o) => o.heatRow),
    omitted: Math.max(0, observed.length - maxRows),
  };
}
