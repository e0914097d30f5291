/** GPU allocation, and fragmentation when known, over time (the server's history or the page's own samples). */
import { useMemo, type ReactNode } from 'react';
import { Chart } from '../../charts/Chart';
import { STATE_COLORS } from '../../charts/colors';
import { fmt } from '../../components/format';
import { Notice } from '../../components/Notice';
import type { HistoryPoint } from '../../types';

function historyOption(points: HistoryPoint[]) {
  const hasFrag = points.some((p) => p.fragRatioPercent !== undefined && p.fragRatioPercent !== null);
  // With one or two samples there is no line to see: show the points.
  const showSymbol = points.length < 3;
  return {
    tooltip: { trigger: 'axis', valueFormatter: (v: number) => fmt(v, 1) },
    legend: { top: 0 },
    grid: { left: 48, right: 16, top: 36, bottom: 32 },
    xAxis: { type: 'time', axisLabel: { hideOverlap: true } },
    yAxis: { type: 'value', name: '%', min: 0, max: 100 },
    series: [
      {
        name: 'GPU allocation %',
        type: 'line',
        showSymbol,
        color: STATE_COLORS.allocated,
        data: points.map((p) => [p.t, p.gpuAllocationPercent]),
      },
      ...(hasFrag
        ? [
            {
              name: 'fragmented / idle %',
              type: 'line',
              showSymbol,
              color: STATE_COLORS.stranded,
              data: points.map((p) => [p.t, p.fragRatioPercent ?? null]),
            },
          ]
        : []),
    ],
  };
}

export function HistoryChart({ points }: { points: HistoryPoint[] }): ReactNode {
  const option = useMemo(() => historyOption(points), [points]);
  if (points.length === 0) return <Notice kind="empty">No samples yet.</Notice>;
  return (
    <Chart
      types={['line']}
      option={option}
      label="GPU allocation and fragmentation over time"
      height={240}
      testId="chart-history"
    />
  );
}
