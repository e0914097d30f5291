import { describe, expect, it } from 'vitest';
import { testPlanContext } from '../../test/support/measure-plan-context.js';
import {
  busyPlan,
  energyCounterPlan,
  observedStepsPlan,
  powerPlan,
  powerStepsPlan,
} from './prometheus-device-plans.js';
import { deviceFigures } from './prometheus-devices.js';
import type { VectorSample } from './prometheus-client.js';
import type { PlanContext, VectorPlan } from './prometheus-plan.js';
import { idleEndsPlan, idleStartsPlan, podBusyPlan, podStepsPlan } from './prometheus-pod-device-plans.js';
import { podSharePlan, podTeamPlan } from './prometheus-pod-plans.js';
import { emptyReadings, type Readings } from './prometheus-readings.js';

// 12 hours of 1-minute steps (N = 720), idle after 30 low steps. Three devices:
// A (n1/0, H100): one pod a/p1 holding it all the window, Σu = 36000, an energy counter;
// B (n1/1, A100): 600 observed steps, pods a/p2 and b/p3 each asking 800 milli for 600 steps — 960,000 milli-steps
//   on a device observed 600 steps (600,000) → shares scaled by 0.625; a power gauge on 500 of its steps;
// C (n2/0, a model the mapping does not know): 10 observed steps, no pods, no power.
const A = { host: 'n1', gpu: '0', model: 'NVIDIA H100' };
const B = { host: 'n1', gpu: '1', model: 'NVIDIA A100' };
const C = { host: 'n2', gpu: '0', model: 'Mystery X' };
const p1 = { ns: 'a', pod: 'p1' };
const p2 = { ns: 'a', pod: 'p2' };
const p3 = { ns: 'b', pod: 'p3' };
const v = (metric: Record<string, string>, value: number): VectorSample => ({ metric, value });

function readings(ctx: PlanContext): Readings {
  const r = emptyReadings();
  const fold = (plan: VectorPlan, answer: VectorSample[]) => plan.fold(answer, r, ctx);
  fold(observedStepsPlan, [v(A, 720), v(B, 600), v(C, 10)]);
  fold(busyPlan, [v(A, 36000), v(B, 6000), v(C, 200)]);
  fold(energyCounterPlan, [v(A, 1e6)]);
  fold(powerPlan, [v(B, 60000)]);
  fold(powerStepsPlan, [v(B, 500)]);
  fold(podStepsPlan, [v({ ...A, ...p1 }, 720), v({ ...B, ...p2 }, 600), v({ ...B, ...p3 }, 600)]);
  fold(podBusyPlan, [v({ ...A, ...p1 }, 36000), v({ ...B, ...p2 }, 3000), v({ ...B, ...p3 }, 3000)]);
  fold(podSharePlan, [
    v({ ...p1, model: A.model }, 1000),
    v({ ...p2, model: B.model }, 800),
    v({ ...p3, model: B.model }, 800),
  ]);
  // p1: a run of 120 low steps (91 ends, 1 start); p2: one run of exactly 30 (1 end, 1 start).
  fold(idleEndsPlan, [v({ ...A, ...p1 }, 91), v({ ...B, ...p2 }, 1)]);
  fold(idleStartsPlan, [v({ ...A, ...p1 }, 1), v({ ...B, ...p2 }, 1)]);
  return r;
}

describe('per-device figures from the readings', () => {
  const ctx = testPlanContext();
  const d = deviceFigures(readings(ctx), ctx);
  const dev = (id: string) => d.devices.find((x) => x.id === id)!;

  it('lists the devices by model, then id, with their observed steps and Σ utilisation', () => {
    expect(d.devices.map((x) => [x.id, x.model, x.observedSteps, x.utilPctSteps])).toEqual([
      ['n2/0', 'Mystery X', 10, 200],
      ['n1/1', 'NVIDIA A100', 600, 6000],
      ['n1/0', 'NVIDIA H100', 720, 36000],
    ]);
    expect(d.hosts).toEqual({
      n1: { model: 'NVIDIA H100', devices: 2 },
      n2: { model: 'Mystery X', devices: 1 },
    });
    expect(d.accelerators).toEqual({ 'NVIDIA H100': 'nvidia-h100', 'NVIDIA A100': 'nvidia-a100' });
    expect([...d.unknownModels]).toEqual(['Mystery X']);
  });

  it('allocates steps × share, at most the whole device over its observed steps', () => {
    expect(dev('n1/0').allocMilliSteps).toBe(720 * 1000);
    expect(dev('n1/1').allocMilliSteps).toBe(600 * 1000);
    expect(dev('n2/0').allocMilliSteps).toBe(0);
  });

  it('counts a low run’s steps as ends + (NL − 1) × starts, weighted by the share', () => {
    expect(dev('n1/0').idleMilliSteps).toBe((91 + 29) * 1000);
    expect(dev('n1/1').idleMilliSteps).toBe(30 * 800);
  });

  it('takes energy from the counter, else the power gauge, else leaves it to the catalog model', () => {
    expect(dev('n1/0').energy).toEqual({
      source: 'counter',
      joules: 1e6,
      coveredSteps: 720,
      uncoveredSteps: 0,
      uncoveredUtilPctSteps: 0,
    });
    // Σ power × 60 s; the 100 steps without power carry their pro-rata share of Σu: 6000 × 100 / 600.
    expect(dev('n1/1').energy).toEqual({
      source: 'power',
      joules: 3.6e6,
      coveredSteps: 500,
      uncoveredSteps: 100,
      uncoveredUtilPctSteps: 1000,
    });
    expect(dev('n2/0').energy).toEqual({
      source: 'model',
      joules: 0,
      coveredSteps: 0,
      uncoveredSteps: 10,
      uncoveredUtilPctSteps: 200,
    });
  });

  it('charges each team its pods’ part of a device, scaled as the device’s shares', () => {
    expect(d.teamDevices).toEqual([
      {
        device: 'n1/0',
        team: 'a',
        allocMilliSteps: 720000,
        busyMilliPctSteps: 36000 * 1000,
        idleMilliSteps: 120000,
      },
      { device: 'n1/1', team: 'a', allocMilliSteps: 300000, busyMilliPctSteps: 1.5e6, idleMilliSteps: 15000 },
      { device: 'n1/1', team: 'b', allocMilliSteps: 300000, busyMilliPctSteps: 1.5e6, idleMilliSteps: 0 },
    ]);
  });

  it('charges teams by a pod label, "(none)" for a pod without one', () => {
    const byLabel = testPlanContext({ teamLabel: 'team' });
    const r = readings(byLabel);
    podTeamPlan.fold([v({ ...p1, label_team: 'cv' }, 1), v({ ...p2, label_team: '' }, 1)], r, byLabel);
    const teams = deviceFigures(r, byLabel).teamDevices.map((t) => [t.device, t.team, t.allocMilliSteps]);
    expect(teams).toEqual([
      ['n1/0', 'cv', 720000],
      ['n1/1', '(none)', 600000],
    ]);
  });

  it('a pod without a known share holds its device whole', () => {
    const r = readings(ctx);
    r.shareByPod.clear();
    const alone = deviceFigures(r, ctx);
    expect(alone.devices.find((x) => x.id === 'n1/0')!.allocMilliSteps).toBe(720000);
    // Two pods of 600 steps on a device observed 600: capped at the device.
    expect(alone.devices.find((x) => x.id === 'n1/1')!.allocMilliSteps).toBe(600000);
  });
});
