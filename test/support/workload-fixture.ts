/**
 * Test fixture shared by the workload tests (not a test file itself): an openb-like pod list with times, so the
 * fit and the generator are exercised without the real trace. Shapes come from traces/synthetic-openb (it has
 * type-constrained pods, which the default trace lacks); times are drawn here with known answers:
 * - a 30-day collection window starting on day 10, arrivals uniform in it, optionally with a daily cycle
 *   (rate ∝ 1 + 0.6·cos(2π(hour − 20)/24), by thinning);
 * - durations log-uniform in [30 s, 200,000 s] (median √(30·200,000) ≈ 2,449 s);
 * - pods still running at the window end get deletion_time = window end, as openb stamps them, and 2 % of
 *   the pods have no deletion time: both are censored; 3 long-running pods are created before the window (the
 *   survivors a real collection sees).
 */
import type { PodSpec } from '../../src/model/pod.js';
import { GoRand } from '../../src/rng/go-rand.js';
import { syntheticOpenbTrace } from '../../src/traces/synthetic-openb.js';

export const FIXTURE_WINDOW_START = 10 * 86_400;
export const FIXTURE_WINDOW_DAYS = 30;
export const FIXTURE_DURATION_RANGE = [30, 200_000] as const;

export function timedFixturePods(
  options: { seed?: number; diurnal?: boolean; nodes?: number } = {},
): PodSpec[] {
  const rng = new GoRand(options.seed ?? 7);
  const shapes = syntheticOpenbTrace(options.seed ?? 7, options.nodes ?? 600).pods;
  const span = FIXTURE_WINDOW_DAYS * 86_400;
  const end = FIXTURE_WINDOW_START + span;
  const [lo, hi] = FIXTURE_DURATION_RANGE;
  const pods: PodSpec[] = shapes.map((p, i) => {
    let c: number;
    for (;;) {
      c = FIXTURE_WINDOW_START + Math.floor(rng.float64() * span);
      if (!options.diurnal) break;
      const hour = Math.floor((c % 86_400) / 3_600);
      if (rng.float64() < (1 + 0.6 * Math.cos((2 * Math.PI * (hour - 20)) / 24)) / 1.6) break;
    }
    const d = Math.round(lo * (hi / lo) ** rng.float64());
    const censored = rng.float64() < 0.02;
    return {
      ...p,
      qos: i % 3 === 0 ? 'BE' : 'LS',
      creationTimeSec: c,
      deletionTimeSec: censored ? undefined : Math.min(c + d, end),
    };
  });
  // The window's first deletion must come after the survivors' creation: the fit starts the window there.
  const firstDeletion = Math.min(...pods.map((p) => p.deletionTimeSec ?? Infinity));
  for (let k = 0; k < 3; k++) {
    pods.push({
      name: `survivor-${k}`,
      cpuMilli: 8000,
      memMiB: 32768,
      gpuCount: 1,
      gpuMilli: 1000,
      gpuTypes: [],
      qos: 'LS',
      creationTimeSec: k * 86_400,
      deletionTimeSec: Math.max(firstDeletion + 1, end - 86_400 * k),
    });
  }
  return pods;
}
