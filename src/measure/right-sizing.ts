/**
 * @module measure/right-sizing
 * Right-sizing, checked by simulation. Each pod's share is cut to what it uses (measure/right-sized-share); then
 * the pods are replayed over time under a placement policy (FGD) on each accelerator model's pool of the
 * observed fleet (measure/pool-replay), once with their current requests and once right-sized, each on the
 * fewest nodes that place every pod without waiting. The difference, in devices, is what right-sizing frees;
 * its savings per month are the freed devices' amortised capital and idle energy (the work's dynamic energy is
 * the same either way).
 */
import type { Catalog } from '../catalog/index.js';
import { devicePower, HOURS_PER_YEAR, type Prices } from './device-power.js';
import { PoolReplay, replayPool, timedPods } from './pool-replay.js';
import { rightSizedMilli, type RightSizingParams } from './right-sized-share.js';
import type { PodUsage, RightSizing, RightSizingModel } from './types.js';

export { rightSizedMilli, type RightSizingParams } from './right-sized-share.js';

const HOURS_PER_MONTH = 730;

type ObservedPod = Omit<PodUsage, 'rightSizedMilli'>;
type Savings = RightSizing['savingsPerMonth'];

/** What every model's replay reads. */
interface ReplayInput {
  pods: ObservedPod[];
  /** Right-sized share of each pod. */
  milli: number[];
  hosts: Record<string, { model: string; devices: number }>;
  accelerators: Record<string, string>;
  catalog: Catalog;
  prices: Prices;
  params: RightSizingParams;
}

/** One model's replay: devices needed before and after, and the simulations it took. */
interface ModelReplay {
  figures: RightSizingModel;
  simulations: number;
  savings: Savings;
  note: string;
}

export function rightSize(
  pods: ObservedPod[],
  hosts: Record<string, { model: string; devices: number }>,
  accelerators: Record<string, string>,
  catalog: Catalog,
  prices: Prices,
  p: RightSizingParams,
): { rightSizing: RightSizing; milli: number[] } {
  const milli = pods.map((pod) => {
    const acc = accelerators[pod.model];
    return rightSizedMilli(pod, acc ? devicePower(catalog, acc).memoryGiB : null, p);
  });
  const rightSizing: RightSizing = {
    percentile: p.percentile,
    headroom: p.headroom,
    policy: p.policy,
    devicesBefore: 0,
    devicesAfter: 0,
    devicesSaved: 0,
    savingsPerMonth: { energyKWh: 0, energyUsd: 0, capitalUsd: 0, costUsd: 0 },
    perModel: {},
    simulations: 0,
    notes: [],
  };
  const models = [...new Set(Object.values(hosts).map((h) => h.model))].sort();
  for (const model of models) {
    const idx = pods.map((_, i) => i).filter((i) => pods[i].model === model && pods[i].gpuMilli > 0);
    if (idx.length === 0) continue;
    const r = replayModel(model, idx, { pods, milli, hosts, accelerators, catalog, prices, params: p });
    const sum = rightSizing.savingsPerMonth;
    sum.energyKWh += r.savings.energyKWh;
    sum.energyUsd += r.savings.energyUsd;
    sum.capitalUsd += r.savings.capitalUsd;
    sum.costUsd += r.savings.costUsd;
    rightSizing.devicesBefore += r.figures.devicesBefore;
    rightSizing.devicesAfter += r.figures.devicesAfter;
    rightSizing.perModel[model] = r.figures;
    rightSizing.simulations += r.simulations;
    rightSizing.notes.push(r.note);
  }
  rightSizing.devicesSaved = Math.max(0, rightSizing.devicesBefore - rightSizing.devicesAfter);
  return { milli, rightSizing };
}

/** Replays the pods `idx` of `model` with current and right-sized (`milli`) requests. */
function replayModel(model: string, idx: number[], input: ReplayInput): ModelReplay {
  const { pods, milli, prices } = input;
  const accelerator = input.accelerators[model];
  const pool = replayPool(model, input.hosts, accelerator, devicePower(input.catalog, accelerator));
  const replay = new PoolReplay(pool, prices, input.params);
  const own = idx.map((i) => pods[i]);
  const dpn = pool.devicesPerNode;
  const before =
    replay.fewestNodes(
      timedPods(
        own,
        own.map((pod) => pod.gpuMilli),
      ),
    ) * dpn;
  const after =
    replay.fewestNodes(
      timedPods(
        own,
        idx.map((i) => milli[i]),
      ),
    ) * dpn;
  const saved = Math.max(0, before - after);
  const kWh = (saved * pool.power.idleW * HOURS_PER_MONTH * prices.pue) / 1000;
  const capital =
    ((saved * pool.power.priceUsd) / (prices.amortisationYears * HOURS_PER_YEAR)) * HOURS_PER_MONTH;
  return {
    figures: {
      accelerator,
      devicesBefore: before,
      devicesAfter: after,
      pods: idx.length,
      resizedPods: idx.filter((i) => milli[i] !== pods[i].gpuMilli).length,
    },
    simulations: replay.simulations,
    savings: {
      energyKWh: kWh,
      energyUsd: kWh * prices.usdPerKWh,
      capitalUsd: capital,
      costUsd: capital + kWh * prices.usdPerKWh,
    },
    note: `${model}: ${idx.length} pods on ${pool.fleetDevices} devices (nodes of ${dpn}); the replay needs ${before} devices with current requests, ${after} right-sized.`,
  };
}
