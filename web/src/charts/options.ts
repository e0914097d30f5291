/**
 * ECharts option pieces the pages share: horizontal bar charts (one bar or a stack per category), the 0–100 %
 * colour scale of the heat maps, and the line styles that tell runs or models apart.
 */

export interface BarSeries {
  name: string;
  color: string;
  data: readonly number[];
}

/**
 * Horizontal bars, categories top to bottom. Several series are stacked and get a legend; `left` is the room for
 * the category labels.
 */
export function horizontalBars({
  categories,
  series,
  axis,
  left,
  format,
}: {
  categories: readonly string[];
  series: readonly BarSeries[];
  axis: { name: string; min?: number; max?: number };
  left: number;
  format: (value: number) => string;
}) {
  const stacked = series.length > 1;
  return {
    tooltip: { trigger: 'axis', valueFormatter: format },
    ...(stacked ? { legend: { top: 0 } } : {}),
    grid: { left, right: 16, top: stacked ? 32 : 12, bottom: 28 },
    xAxis: { type: 'value', ...axis },
    yAxis: { type: 'category', data: categories, inverse: true },
    series: series.map((s) => ({ ...s, type: 'bar', ...(stacked ? { stack: 'total' } : {}) })),
  };
}

/** The colour scale of a percentage heat map, drawn under the chart. */
export function percentScale(ramp: readonly string[]) {
  return {
    min: 0,
    max: 100,
    calculable: true,
    orient: 'horizontal',
    left: 'center',
    bottom: 0,
    text: ['100 %', '0 %'],
    inRange: { color: ramp },
  };
}

/** Solid, dashed, then dotted: the first, second and later runs (or models) of one chart. */
export function lineType(index: number): 'solid' | 'dashed' | 'dotted' {
  return index === 0 ? 'solid' : index === 1 ? 'dashed' : 'dotted';
}
