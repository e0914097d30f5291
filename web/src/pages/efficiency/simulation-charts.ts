/**
 * The charts of a time simulation's efficiency: device-hours by state per policy and per accelerator model,
 * allocated device-hours per team, queueing and completion-time percentiles, and the allocation heat map.
 */
import { ACCENT, ALLOCATION_RAMP, DEVICE_STATES, PERCENTILE_COLORS, STATE_COLORS } from '../../charts/colors';
import { horizontalBars, percentScale } from '../../charts/options';
import { fmt, fmtInt } from '../../components/format';
import type { TimeResult, TimeRun } from '../../types';

const deviceHoursText = (v: number) => `${fmtInt(v)} device-h`;

/** Stacked bars of allocated, stranded and idle device-hours, one bar per category. */
function deviceHoursBars(
  categories: string[],
  hoursOf: (category: number) => TimeRun['deviceHours'],
  left: number,
) {
  return horizontalBars({
    categories,
    series: DEVICE_STATES.map((state) => ({
      name: state,
      color: STATE_COLORS[state],
      data: categories.map((_, i) => hoursOf(i)[state]),
    })),
    axis: { name: 'device-hours' },
    left,
    format: deviceHoursText,
  });
}

export function byPolicyOption(result: TimeResult) {
  return deviceHoursBars(
    result.runs.map((r) => r.policy),
    (i) => result.runs[i].deviceHours,
    90,
  );
}

export function byModelOption(run: TimeRun) {
  const models = Object.keys(run.perModel);
  return deviceHoursBars(models, (i) => run.perModel[models[i]].deviceHours, 140);
}

/** Teams by allocated device-hours, most first. */
export function teamsByHours(run: TimeRun): [string, { deviceHours: number; pods: number }][] {
  return Object.entries(run.perTeam).sort((a, b) => b[1].deviceHours - a[1].deviceHours);
}

export function byTeamOption(teams: ReturnType<typeof teamsByHours>) {
  return horizontalBars({
    categories: teams.map(([t]) => t),
    series: [{ name: 'allocated device-hours', color: ACCENT, data: teams.map(([, v]) => v.deviceHours) }],
    axis: { name: 'allocated device-hours' },
    left: 90,
    format: (v) => fmt(v, 1),
  });
}

const PERCENTILES = ['p50', 'p95', 'p99'] as const;

/** Queueing delay and completion time per policy, p50/p95/p99 side by side, in hours. */
export function latencyOption(result: TimeResult) {
  return {
    tooltip: { trigger: 'axis', valueFormatter: (v: number) => `${fmt(v)} h` },
    legend: { top: 0 },
    grid: { left: 48, right: 16, top: 32, bottom: 28 },
    xAxis: { type: 'category', data: result.runs.flatMap((r) => [`${r.policy} queue`, `${r.policy} JCT`]) },
    yAxis: { type: 'value', name: 'hours' },
    series: PERCENTILES.map((q, i) => ({
      name: q,
      type: 'bar',
      color: PERCENTILE_COLORS[i],
      data: result.runs.flatMap((r) => [r.queueDelaySec[q] / 3600, r.jctSec[q] / 3600]),
    })),
  };
}

/** At most this many columns: longer timelines are thinned to every n-th sample. */
const HEAT_COLUMNS = 400;

/** Allocation % per accelerator model (rows) and sample (columns). */
export function allocationHeatOption(run: TimeRun) {
  const tl = run.timeline;
  const models = Object.keys(tl.allocationPct);
  const step = Math.max(1, Math.ceil(tl.tSec.length / HEAT_COLUMNS));
  const data: [number, number, number][] = [];
  models.forEach((m, y) => {
    tl.allocationPct[m].forEach((v, i) => {
      if (i % step === 0) data.push([i / step, y, Math.round(v * 10) / 10]);
    });
  });
  return {
    tooltip: {
      position: 'top',
      formatter: (p: { value: [number, number, number] }) =>
        `${models[p.value[1]]}, hour ${fmt((p.value[0] * step * tl.sampleSec) / 3600, 0)}: ${fmt(p.value[2], 1)} %`,
    },
    grid: { left: 140, right: 16, top: 12, bottom: 64 },
    xAxis: {
      type: 'category',
      name: 'hour',
      data: tl.tSec.filter((_, i) => i % step === 0).map((t) => fmt(t / 3600, 0)),
      axisLabel: { interval: Math.max(0, Math.ceil(tl.tSec.length / step / 24) - 1) },
      splitArea: { show: true },
    },
    yAxis: { type: 'category', data: models, splitArea: { show: true } },
    visualMap: percentScale(ALLOCATION_RAMP),
    series: [{ type: 'heatmap', name: 'allocation %', data, progressive: 0 }],
  };
}
