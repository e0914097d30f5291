/** GPU allocation per accelerator model, largest model first: a bar chart and the table of its figures. */
import { useMemo, type ReactNode } from 'react';
import { Chart } from '../../charts/Chart';
import { ACCENT } from '../../charts/colors';
import { horizontalBars } from '../../charts/options';
import { DataTable } from '../../components/DataTable';
import { fmt, fmtInt } from '../../components/format';
import { Notice } from '../../components/Notice';
import type { FleetSummary } from '../../types';

export function ModelBreakdown({ summary }: { summary: FleetSummary }): ReactNode {
  const entries = useMemo(
    () => Object.entries(summary.perModel).sort((a, b) => b[1].devices - a[1].devices),
    [summary],
  );
  const option = useMemo(
    () =>
      horizontalBars({
        categories: entries.map(([m]) => m),
        series: [{ name: 'allocation %', color: ACCENT, data: entries.map(([, v]) => v.allocationPercent) }],
        axis: { name: 'allocation %', min: 0, max: 100 },
        left: 80,
        format: (v) => `${fmt(v, 1)} %`,
      }),
    [entries],
  );
  if (entries.length === 0) return <Notice kind="empty">No accelerators in this fleet.</Notice>;
  return (
    <>
      <Chart
        types={['bar']}
        option={option}
        label="GPU allocation by accelerator model"
        height={Math.max(120, 28 * entries.length + 40)}
        testId="chart-models"
      />
      <DataTable
        testId="model-table"
        caption="Allocation by accelerator model"
        columns={['model', 'nodes', 'devices', 'allocated GPUs', 'allocation %']}
        rowKeys={entries.map(([m]) => m)}
        rows={entries.map(([m, v]) => [
          m,
          fmtInt(v.nodes),
          fmtInt(v.devices),
          fmt(v.allocatedMilli / 1000, 2),
          fmt(v.allocationPercent),
        ])}
      />
    </>
  );
}
