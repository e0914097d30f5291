/**
 * @module measure/prometheus-pods
 * What was observed of each pod, from the readings: its team, model, devices and share (its first row where it
 * holds devices of several models), peak memory, utilisation percentile and mean, and when it ran in the window.
 */
import type { PlanContext } from './prometheus-plan.js';
import type { Readings } from './prometheus-readings.js';
import { teamOfPod } from './prometheus-team.js';
import type { PodObs } from './telemetry-source.js';

/** The pods with a share in the window, sorted by `namespace/pod`. */
export function podFigures(r: Readings, ctx: PlanContext): PodObs[] {
  const mean = meanUtilisation(r, ctx);
  const w = ctx.window;
  // Times are read at the evaluation time of the window sums (to + φ from recorded series): back to the window.
  const at = ctx.recorded.evaluatedAt;
  const shift = at - w.toSec;
  const seen = new Set<string>();
  const pods: PodObs[] = [];
  for (const s of r.podShares) {
    const k = ctx.keys.pod(s.metric);
    if (seen.has(k)) continue;
    seen.add(k);
    pods.push({
      pod: k,
      team: teamOfPod(ctx.team, s.metric, k, r.podTeamLabel),
      model: s.metric[ctx.mapping.labels.model] ?? '',
      gpuCount: r.podDevices.get(k) ?? 1,
      gpuMilli: Math.round(s.value),
      peakMemoryMiB: r.podMemory.has(k) ? r.podMemory.get(k)! : null,
      utilisationPctile: r.podPercentile.get(k) ?? 0,
      meanUtilisationPct: mean.get(k) ?? 0,
      // A pod seen at the end of step k ran from its start.
      firstSec: Math.max(0, (r.podFirst.get(k) ?? at) - shift - w.fromSec - w.stepSec),
      lastSec: (r.podLast.get(k) ?? at) - shift - w.fromSec,
    });
  }
  return pods.sort((a, b) => a.pod.localeCompare(b.pod));
}

/** Mean utilisation of a pod: Σ u / steps held, on its busiest device. */
function meanUtilisation(r: Readings, ctx: PlanContext): Map<string, number> {
  const mean = new Map<string, number>();
  for (const s of r.podSteps) {
    const k = ctx.keys.pod(s.metric);
    const busy = r.podBusy.get(ctx.keys.podOnDevice(s.metric, undefined, k)) ?? 0;
    if (s.value > 0) mean.set(k, Math.max(mean.get(k) ?? 0, busy / s.value));
  }
  return mean;
}
