/**
 * One ECharts chart. ECharts' core and each chart type are loaded on demand (separate chunks), so the first
 * paint needs none of them. Every chart has a text label (role="img" + aria-label) and a "data" disclosure with
 * the plotted numbers as a table, for screen readers and for copying.
 */
import { useEffect, useRef, useState, type ReactNode } from 'react';
import type { EChartsCoreOption, EChartsType } from 'echarts/core';
import { DataTable } from '../components/DataTable';

/** A chart type, or `markLine` for charts that also draw mark lines (18 kB that other charts do not load). */
export type ChartType = 'line' | 'bar' | 'heatmap' | 'markLine';

const loaders: Record<ChartType, () => Promise<{ default: unknown }>> = {
  line: () => import('./line'),
  bar: () => import('./bar'),
  heatmap: () => import('./heatmap'),
  markLine: () => import('./mark-line'),
};

async function loadEcharts(types: readonly ChartType[]) {
  const [{ echarts }, ...charts] = await Promise.all([import('./core'), ...types.map((t) => loaders[t]())]);
  echarts.use(charts.map((c) => c.default) as Parameters<typeof echarts.use>[0]);
  return echarts;
}

/** The element carries its chart (tests read what is drawn through it). */
export type ChartElement = HTMLDivElement & { echarts?: EChartsType };

/** The plotted numbers, as a table under the chart. */
export interface DataTableSpec {
  columns: string[];
  rows: (string | number)[][];
}

export interface ChartProps {
  types: ChartType[];
  option: EChartsCoreOption;
  label: string;
  height?: number;
  table?: DataTableSpec;
  testId?: string;
}

export function Chart({ types, option, label, height = 280, table, testId }: ChartProps): ReactNode {
  const ref = useRef<ChartElement>(null);
  const chartRef = useRef<EChartsType | null>(null);
  const [error, setError] = useState<string>();
  const typesKey = types.join(',');

  useEffect(() => {
    let cancelled = false;
    const el = ref.current;
    if (!el) return;
    loadEcharts(typesKey.split(',') as ChartType[])
      .then((echarts) => {
        if (cancelled) return;
        const chart = chartRef.current ?? echarts.init(el, undefined, { renderer: 'canvas' });
        chartRef.current = chart;
        el.echarts = chart;
        chart.setOption({ aria: { enabled: true }, animation: false, ...option }, { notMerge: true });
        el.dataset.ready = 'true';
      })
      .catch((e: Error) => setError(`chart failed to load: ${e.message}`));
    return () => {
      cancelled = true;
    };
  }, [option, typesKey]);

  useEffect(() => {
    const el = ref.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(() => chartRef.current?.resize());
    ro.observe(el);
    return () => {
      ro.disconnect();
      chartRef.current?.dispose();
      chartRef.current = null;
    };
  }, []);

  return (
    <figure className="chart">
      {error ? (
        <p role="alert" className="notice error">
          {error}
        </p>
      ) : null}
      <div
        ref={ref}
        role="img"
        aria-label={label}
        style={{ height }}
        data-testid={testId}
        className="chart-canvas"
      />
      <figcaption>
        {label}
        {table ? (
          <details>
            <summary>data</summary>
            <DataTable {...table} caption={label} />
          </details>
        ) : null}
      </figcaption>
    </figure>
  );
}
