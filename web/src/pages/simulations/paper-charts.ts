/**
 * The trace-replay curves (allocation, fragmented capacity, fragmentation ratio versus arrived workload, as in the
 * FGD paper), one line per run and policy, with the plotted values as a table every 10 % of arrived workload.
 */
import type { DataTableSpec } from '../../charts/Chart';
import { fmt } from '../../components/format';
import type { PaperResult } from '../../types';
import type { RunWith } from './run-status';
import { policyLine } from './series';

export type CurveField = 'allocation' | 'fragAmount' | 'fragRatio';

/** The paper's x axis: 0 … 130 % of GPU capacity arrived. */
const X_MAX = 130;
/** The table's rows: every 10 % (100 % and 130 %, the paper's points, among them). */
const TABLE_X = Array.from({ length: X_MAX / 10 + 1 }, (_, i) => i * 10);

export function paperCurve(runs: RunWith<PaperResult>[], field: CurveField, yName: string) {
  const series = runs.flatMap((run, index) =>
    run.result.summary.map((s) =>
      policyLine({
        run: { id: run.id, index, count: runs.length },
        policy: s.policy,
        name: s.policy,
        styleIndex: index,
        data: s.curves[field].map((y, x): [number, number] => [x, y]),
      }),
    ),
  );
  const option = {
    tooltip: { trigger: 'axis', valueFormatter: (v: number) => fmt(v) },
    legend: { type: 'scroll', top: 0, left: 'center' },
    grid: { left: 48, right: 16, top: 52, bottom: 40 },
    xAxis: {
      type: 'value',
      min: 0,
      max: X_MAX,
      name: 'arrived workload (% of GPU capacity)',
      nameLocation: 'middle',
      nameGap: 26,
    },
    yAxis: { type: 'value', name: yName, scale: field === 'allocation', nameTextStyle: { align: 'left' } },
    series,
  };
  const table: DataTableSpec = {
    columns: ['arrived %', ...series.map((s) => s.name)],
    rows: TABLE_X.map((x) => [x, ...series.map((s) => fmt(s.data[x]?.[1]))]),
  };
  return { option, table };
}
