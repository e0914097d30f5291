/** The fleet-over-time chart: allocation per accelerator model over the simulated hours, per run and policy. */
import { fmt } from '../../components/format';
import type { TimeResult } from '../../types';
import type { RunWith } from './run-status';
import { policyLine } from './series';

export function timelineOption(runs: RunWith<TimeResult>[]) {
  const series = runs.flatMap((run, index) =>
    run.result.runs.flatMap((r) =>
      Object.entries(r.timeline.allocationPct).map(([model, values], modelIndex) =>
        policyLine({
          run: { id: run.id, index, count: runs.length },
          policy: r.policy,
          name: `${r.policy} · ${model}`,
          styleIndex: modelIndex,
          data: values.map((v, i): [number, number] => [r.timeline.tSec[i] / 3600, v]),
        }),
      ),
    ),
  );
  return {
    tooltip: { trigger: 'axis', valueFormatter: (v: number) => fmt(v, 1) },
    legend: { type: 'scroll', top: 0 },
    grid: { left: 48, right: 16, top: 36, bottom: 40 },
    xAxis: { type: 'value', name: 'hours', nameLocation: 'middle', nameGap: 26 },
    yAxis: { type: 'value', name: 'allocation (%)', max: 100 },
    series,
  };
}
