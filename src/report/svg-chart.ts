/**
 * Server-side rendering of static charts to inline SVG strings with Apache
 * ECharts (SSR mode: no DOM, no canvas, no network).
 *
 * The output is post-processed so that it can be inlined many times in one
 * HTML document and stays deterministic:
 *  - ECharts' per-process instance counter (`zr0-`, `zr1-`, …) in element ids
 *    is replaced by the caller's `id`, so ids are unique per chart and the same
 *    input always gives the same bytes;
 *  - the hover-only `<style>` block, `class` and `pointer-events` attributes
 *    are dropped (the chart is static), as is the unused xlink namespace;
 *  - coordinates in path data are rounded to 0.1 px, ECharts' hydration
 *    metadata (`ecmeta_*`) is dropped and the font family is set once on the
 *    root element (keeps pages small);
 *  - the root `<svg>` gets `role="img"`, an `aria-label` and a `<title>`.
 */
import * as echarts from 'echarts/core';
import { BarChart, CustomChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, MarkLineComponent } from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';
import type { EChartsCoreOption } from 'echarts/core';

echarts.use([
  LineChart,
  BarChart,
  CustomChart,
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  SVGRenderer,
]);

/** Font stack used for all chart text (no web fonts: the page is offline). */
export const CHART_FONT_FAMILY = 'system-ui, -apple-system, Segoe UI, Roboto, Helvetica, Arial, sans-serif';

export interface ChartAxis {
  /** Axis title, e.g. "Arrived workload (% of GPU capacity)". */
  name?: string;
  min?: number;
  max?: number;
  /** Tick spacing; chosen by ECharts when omitted. */
  interval?: number;
  /** Suffix appended to tick labels, e.g. "%". */
  unit?: string;
}

export interface LineSeriesSpec {
  /** Legend label. */
  name: string;
  /** CSS colour used for the line and (translucent) band. */
  color: string;
  /** `[x, y]` points in x order; `y = null` leaves a gap. */
  points: readonly (readonly [number, number | null])[];
  /**
   * Optional shaded interval, `[x, lower, upper]` in x order. Entries with a
   * `null` bound split the band into separate polygons. Rendered as one
   * polygon per contiguous run (not one element per point or per sample).
   */
  band?: readonly (readonly [number, number | null, number | null])[];
  lineWidth?: number;
  dashed?: boolean;
  /** Mark each point with a dot (default: a plain line), for series of a few measured points. */
  symbols?: boolean;
}

export interface VerticalMarker {
  x: number;
  label?: string;
}

export interface LineChartSpec {
  /** Unique (within the HTML document) id prefix for the SVG's internal ids. */
  id: string;
  /** Accessible name of the chart (becomes `aria-label` and `<title>`). */
  ariaLabel: string;
  /** Optional id of an element describing the chart (`aria-describedby`). */
  describedBy?: string;
  width: number;
  height: number;
  xAxis: ChartAxis;
  yAxis: ChartAxis;
  series: readonly LineSeriesSpec[];
  /** Dashed vertical reference lines. */
  markers?: readonly VerticalMarker[];
  /** Opacity of band fills (default 0.16). */
  bandOpacity?: number;
  /** Show the legend (default: when there is more than one series). */
  legend?: boolean;
}

export interface BarSeriesSpec {
  name: string;
  color: string;
  /** One value per category; `null` = no bar. */
  values: readonly (number | null)[];
  /** Optional symmetric error (e.g. SD) per category, drawn as whiskers. */
  errors?: readonly (number | null)[];
}

export interface BarChartSpec {
  id: string;
  ariaLabel: string;
  describedBy?: string;
  width: number;
  height: number;
  categories: readonly string[];
  /** Rotation of the category labels in degrees (default 0). */
  categoryLabelRotate?: number;
  xAxisName?: string;
  yAxis: ChartAxis;
  series: readonly BarSeriesSpec[];
  legend?: boolean;
  /** Stack the series' bars in each category (parts of a whole) instead of setting them side by side. */
  stacked?: boolean;
}

const AXIS_COLOR = '#444';
const GRID_COLOR = '#e3e3e3';

function baseOption(width: number, height: number): EChartsCoreOption {
  return {
    animation: false,
    backgroundColor: '#fff',
    textStyle: { fontFamily: CHART_FONT_FAMILY, fontSize: 12, color: '#222' },
    aria: { enabled: false },
    width,
    height,
  };
}

function valueAxis(axis: ChartAxis, orient: 'x' | 'y'): Record<string, unknown> {
  const unit = axis.unit ?? '';
  return {
    type: 'value',
    name: axis.name,
    nameLocation: 'middle',
    nameGap: orient === 'x' ? 30 : 42,
    nameTextStyle: { fontSize: 12, color: '#222' },
    min: axis.min,
    max: axis.max,
    interval: axis.interval,
    scale: axis.min === undefined,
    axisLine: { show: true, onZero: false, lineStyle: { color: AXIS_COLOR } },
    axisTick: { show: true, lineStyle: { color: AXIS_COLOR } },
    axisLabel: {
      color: '#333',
      fontSize: 11,
      hideOverlap: true,
      formatter: (v: number) => `${formatTick(v)}${unit}`,
    },
    splitLine: { show: true, lineStyle: { color: GRID_COLOR } },
  };
}

/** Tick label: integers as such, otherwise up to 2 decimals without trailing zeros. */
function formatTick(v: number): string {
  if (Number.isInteger(v)) return String(v);
  return String(Number(v.toFixed(2)));
}

function legendOption(names: readonly string[], kind: 'line' | 'bar'): Record<string, unknown> {
  return {
    show: true,
    top: 4,
    left: 'center',
    // A short thick bar for lines (no marker dot: the lines have no symbols), a square for bars.
    icon: kind === 'line' ? 'rect' : 'roundRect',
    itemWidth: kind === 'line' ? 20 : 12,
    itemHeight: kind === 'line' ? 4 : 12,
    itemGap: 14,
    textStyle: { fontSize: 12, color: '#222' },
    data: names.map((name) => ({ name })),
  };
}

/** Splits a band into contiguous runs of points whose bounds are both finite. */
function bandRuns(
  band: readonly (readonly [number, number | null, number | null])[],
): [number, number, number][][] {
  const runs: [number, number, number][][] = [];
  let cur: [number, number, number][] = [];
  for (const [x, lo, hi] of band) {
    if (lo === null || hi === null || !Number.isFinite(lo) || !Number.isFinite(hi)) {
      if (cur.length > 0) runs.push(cur);
      cur = [];
      continue;
    }
    cur.push([x, lo, hi]);
  }
  if (cur.length > 0) runs.push(cur);
  return runs;
}

/** The line of each series; the first carries the dashed vertical markers. */
function lineSeriesOptions(spec: LineChartSpec): Record<string, unknown>[] {
  return spec.series.map((s, i) => {
    const line: Record<string, unknown> = {
      type: 'line',
      name: s.name,
      data: s.points.map(([x, y]) => [x, y === null || !Number.isFinite(y) ? '-' : y]),
      showSymbol: s.symbols ?? false,
      symbol: s.symbols ? 'circle' : 'none',
      symbolSize: 7,
      connectNulls: false,
      clip: true,
      silent: true,
      z: 3,
      color: s.color,
      lineStyle: { color: s.color, width: s.lineWidth ?? 1.8, type: s.dashed ? 'dashed' : 'solid' },
      emphasis: { disabled: true },
    };
    if (i === 0 && spec.markers && spec.markers.length > 0) {
      line.markLine = {
        silent: true,
        symbol: 'none',
        animation: false,
        lineStyle: { color: '#777', type: 'dashed', width: 1 },
        label: { show: true, position: 'end', distance: 4, color: '#555', fontSize: 11 },
        data: spec.markers.map((m) => ({ xAxis: m.x, label: { formatter: m.label ?? `x = ${m.x}` } })),
      };
    }
    return line;
  });
}

/** A custom series drawing a band as one polygon per contiguous run of points, or none when it has no run. */
function bandSeriesOption(s: LineSeriesSpec, opacity: number): Record<string, unknown> | null {
  if (!s.band) return null;
  const runs = bandRuns(s.band);
  if (runs.length === 0) return null;
  return {
    type: 'custom',
    name: s.name,
    silent: true,
    clip: true,
    z: 1,
    color: s.color,
    // One data item per run; its bounding box feeds the axis extents.
    data: runs.map((run) => [
      run[0][0],
      Math.min(...run.map((p) => p[1])),
      run[run.length - 1][0],
      Math.max(...run.map((p) => p[2])),
    ]),
    encode: { x: [0, 2], y: [1, 3] },
    renderItem: (params: { dataIndex: number }, api: { coord: (v: number[]) => number[] }) => {
      const run = runs[params.dataIndex];
      const points: number[][] = [];
      for (const [x, lo] of run) points.push(api.coord([x, lo]));
      for (let k = run.length - 1; k >= 0; k--) points.push(api.coord([run[k][0], run[k][2]]));
      return {
        type: 'polygon',
        shape: { points },
        style: { fill: s.color, opacity, stroke: 'none' },
        silent: true,
      };
    },
  };
}

/** Renders a line chart (optionally with shaded bands) to an SVG string. */
export function renderLineChartSvg(spec: LineChartSpec): string {
  const showLegend = spec.legend ?? spec.series.length > 1;
  const hasMarkers = (spec.markers?.length ?? 0) > 0;
  const opacity = spec.bandOpacity ?? 0.16;
  // Lines first so that the legend takes its colour from the line series.
  const bands = spec.series.map((s) => bandSeriesOption(s, opacity)).filter((b) => b !== null);
  const option: EChartsCoreOption = {
    ...baseOption(spec.width, spec.height),
    grid: { left: 64, right: 20, top: showLegend || hasMarkers ? 48 : 16, bottom: 46, containLabel: false },
    legend: showLegend
      ? legendOption(
          spec.series.map((s) => s.name),
          'line',
        )
      : { show: false },
    xAxis: valueAxis(spec.xAxis, 'x'),
    yAxis: valueAxis(spec.yAxis, 'y'),
    series: [...lineSeriesOptions(spec), ...bands],
  };
  return render(spec, option);
}

/** Gaps between the bars of a category and between categories; the whiskers are placed with the same. */
const BAR_GAP = '8%';
const BAR_CATEGORY_GAP = '22%';

function barSeriesOptions(spec: BarChartSpec): Record<string, unknown>[] {
  return spec.series.map((s) => ({
    type: 'bar',
    name: s.name,
    data: s.values.map((v) => (v === null || !Number.isFinite(v) ? '-' : v)),
    barGap: BAR_GAP,
    barCategoryGap: BAR_CATEGORY_GAP,
    ...(spec.stacked ? { stack: 'total' } : {}),
    silent: true,
    color: s.color,
    itemStyle: { color: s.color },
    emphasis: { disabled: true },
    z: 2,
  }));
}

/** What ECharts hands a custom series' renderItem on a category axis (the part the whiskers use). */
interface BarItemApi {
  value: (d: number) => number;
  coord: (v: number[]) => number[];
  barLayout: (o: { count: number; barGap: string; barCategoryGap: string }) => {
    offsetCenter: number;
    width: number;
  }[];
}

/**
 * A custom series drawing ± error whiskers (a vertical line with caps) centred on the bars of series `si` of
 * `count`, or none when the series has no finite positive error.
 */
function errorSeriesOption(s: BarSeriesSpec, si: number, count: number): Record<string, unknown> | null {
  if (!s.errors) return null;
  const items: [number, number, number][] = [];
  s.values.forEach((v, ci) => {
    const e = s.errors?.[ci];
    if (v === null || e === null || e === undefined || !Number.isFinite(v) || !Number.isFinite(e) || e <= 0)
      return;
    items.push([ci, v - e, v + e]);
  });
  if (items.length === 0) return null;
  return {
    type: 'custom',
    name: s.name,
    silent: true,
    z: 4,
    data: items,
    encode: { x: 0, y: [1, 2] },
    renderItem: (params: { dataIndex: number }, api: BarItemApi) => {
      const layout = api.barLayout({ count, barGap: BAR_GAP, barCategoryGap: BAR_CATEGORY_GAP })[si];
      const ci = api.value(0);
      const lo = api.coord([ci, api.value(1)]);
      const hi = api.coord([ci, api.value(2)]);
      const x = lo[0] + layout.offsetCenter;
      const cap = Math.max(2, Math.min(5, layout.width * 0.35));
      const style = { stroke: '#222', lineWidth: 1 };
      return {
        type: 'group',
        children: [
          { type: 'line', shape: { x1: x, y1: lo[1], x2: x, y2: hi[1] }, style, silent: true },
          { type: 'line', shape: { x1: x - cap, y1: lo[1], x2: x + cap, y2: lo[1] }, style, silent: true },
          { type: 'line', shape: { x1: x - cap, y1: hi[1], x2: x + cap, y2: hi[1] }, style, silent: true },
        ],
      };
    },
  };
}

/** The category axis; rotated labels get more room below the plot. */
function categoryAxis(spec: BarChartSpec, rotate: number): Record<string, unknown> {
  return {
    type: 'category',
    data: [...spec.categories],
    name: spec.xAxisName,
    nameLocation: 'middle',
    nameGap: rotate !== 0 ? 80 : 30,
    axisLine: { show: true, lineStyle: { color: AXIS_COLOR } },
    axisTick: { show: true, alignWithLabel: false, lineStyle: { color: AXIS_COLOR } },
    axisLabel: { interval: 0, rotate, color: '#333', fontSize: 11 },
  };
}

/** Renders a grouped bar chart (optionally with ± error whiskers) to an SVG string. */
export function renderBarChartSvg(spec: BarChartSpec): string {
  const showLegend = spec.legend ?? spec.series.length > 1;
  const rotate = spec.categoryLabelRotate ?? 0;
  const whiskers = spec.series
    .map((s, si) => errorSeriesOption(s, si, spec.series.length))
    .filter((w) => w !== null);
  const option: EChartsCoreOption = {
    ...baseOption(spec.width, spec.height),
    grid: {
      left: 64,
      right: 20,
      top: showLegend ? 40 : 16,
      bottom: rotate !== 0 ? 96 : 46,
      containLabel: false,
    },
    legend: showLegend
      ? legendOption(
          spec.series.map((s) => s.name),
          'bar',
        )
      : { show: false },
    xAxis: categoryAxis(spec, rotate),
    yAxis: { ...valueAxis(spec.yAxis, 'y'), scale: false },
    series: [...barSeriesOptions(spec), ...whiskers],
  };
  return render(spec, option);
}

interface RenderTarget {
  id: string;
  ariaLabel: string;
  describedBy?: string;
  width: number;
  height: number;
}

function render(target: RenderTarget, option: EChartsCoreOption): string {
  const { id, width, height } = target;
  if (!/^[A-Za-z][\w-]*$/.test(id)) throw new Error(`svg-chart: invalid chart id ${JSON.stringify(id)}`);
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption(option);
    return postProcess(chart.renderToSVGString(), target);
  } finally {
    chart.dispose();
  }
}

function escapeAttr(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Rounds every number in an SVG path `d` string to 0.1. */
function roundPath(d: string): string {
  return d.replace(/-?\d*\.?\d+(?:e[-+]?\d+)?/gi, (m) => {
    const v = Math.round(Number(m) * 10) / 10;
    return String(Object.is(v, -0) ? 0 : v);
  });
}

function postProcess(svg: string, target: RenderTarget): string {
  const id = target.id;
  let out = svg
    .replace(/<style\b[^>]*>[\s\S]*?<\/style>\s*/g, '')
    .replace(/ class="[^"]*"/g, '')
    .replace(/ pointer-events="[^"]*"/g, '')
    .replace(/\bzr\d+-/g, `${id}-`)
    .replace(/ ecmeta_\w+="[^"]*"/g, '')
    .replace(/ (d|points)="([^"]*)"/g, (_m, attr: string, d: string) => ` ${attr}="${roundPath(d)}"`)
    .split(`font-family:${CHART_FONT_FAMILY};`)
    .join('')
    .replace(/<defs\s*>\s*<\/defs>\s*/g, '');
  if (!/\bxlink:/.test(out.replace(/^<svg[^>]*>/, ''))) out = out.replace(/ xmlns:xlink="[^"]*"/, '');
  const label = escapeAttr(target.ariaLabel);
  const described = target.describedBy ? ` aria-describedby="${escapeAttr(target.describedBy)}"` : '';
  // Text inherits the font from the root element instead of repeating it on every <text>.
  out = out.replace(
    /^<svg\b/,
    `<svg role="img" aria-label="${label}"${described} focusable="false" font-family="${escapeAttr(CHART_FONT_FAMILY)}"`,
  );
  out = out.replace(/^(<svg[^>]*>)/, `$1<title>${label}</title>`);
  return out.trim();
}
