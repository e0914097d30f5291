import { describe, expect, it } from 'vitest';
import { testPlanContext } from '../../test/support/measure-plan-context.js';
import type { VectorSample } from './prometheus-client.js';
import type { PlanContext } from './prometheus-plan.js';
import { podBusyPlan, podStepsPlan } from './prometheus-pod-device-plans.js';
import {
  podDevicesPlan,
  podFirstPlan,
  podLastPlan,
  podMemoryPlan,
  podPercentilePlan,
  podSharePlan,
} from './prometheus-pod-plans.js';
import { podFigures } from './prometheus-pods.js';
import { emptyReadings, type Readings } from './prometheus-readings.js';

const v = (metric: Record<string, string>, value: number): VectorSample => ({ metric, value });
const A = { host: 'n1', gpu: '0', model: 'NVIDIA H100' };
const B = { host: 'n1', gpu: '1', model: 'NVIDIA H100' };
const train = { ns: 'ml', pod: 'train' };
const infer = { ns: 'ml', pod: 'infer' };

// 12 h at 1-minute steps, recorded series evaluated 12.5 s into each step: the pods' times come back shifted.
function readings(ctx: PlanContext): Readings {
  const r = emptyReadings();
  podSharePlan.fold([v({ ...train, model: A.model }, 1000), v({ ...infer, model: B.model }, 249.6)], r, ctx);
  podDevicesPlan.fold([v(train, 2)], r, ctx);
  // train on two devices: 50 % mean on A over 100 steps, 80 % on B over 50.
  podStepsPlan.fold(
    [v({ ...A, ...train }, 100), v({ ...B, ...train }, 50), v({ ...B, ...infer }, 0)],
    r,
    ctx,
  );
  podBusyPlan.fold([v({ ...A, ...train }, 5000), v({ ...B, ...train }, 4000)], r, ctx);
  podPercentilePlan.fold([v(train, 93)], r, ctx);
  podMemoryPlan.fold([v(train, 61440)], r, ctx);
  podFirstPlan.fold([v(train, 3600 + 12.5)], r, ctx);
  podLastPlan.fold([v(train, 7200 + 12.5)], r, ctx);
  return r;
}

describe('per-pod figures from the readings', () => {
  const ctx = testPlanContext({ recordedPhaseSec: 12.5 });
  const pods = podFigures(readings(ctx), ctx);

  it('one row per pod with a share, sorted by namespace/pod', () => {
    expect(pods.map((p) => [p.pod, p.team, p.model, p.gpuMilli])).toEqual([
      ['ml/infer', 'ml', 'NVIDIA H100', 250],
      ['ml/train', 'ml', 'NVIDIA H100', 1000],
    ]);
  });

  it('reads the figures of a pod, with defaults for those not read', () => {
    const [infer, train] = pods;
    expect([train.gpuCount, train.peakMemoryMiB, train.utilisationPctile]).toEqual([2, 61440, 93]);
    expect([infer.gpuCount, infer.peakMemoryMiB, infer.utilisationPctile, infer.meanUtilisationPct]).toEqual([
      1,
      null,
      0,
      0,
    ]);
  });

  it('takes a pod’s mean utilisation on its busiest device', () => {
    expect(pods[1].meanUtilisationPct).toBe(80);
  });

  it('places a pod in the window: seen at the end of step k means it ran from the step’s start', () => {
    // Seen first at 3600 s (+ phase): from 3540 s; last at 7200 s (+ phase).
    expect([pods[1].firstSec, pods[1].lastSec]).toEqual([3540, 7200]);
    // Not seen: the whole window's end.
    expect([pods[0].firstSec, pods[0].lastSec]).toEqual([43140, 43200]);
  });

  it('a pod without a namespace is in team "(none)"', () => {
    const r = emptyReadings();
    podSharePlan.fold([v({ ns: '', pod: 'lone', model: A.model }, 500)], r, ctx);
    expect(podFigures(r, ctx).map((p) => [p.pod, p.team])).toEqual([['/lone', '(none)']]);
  });
});
