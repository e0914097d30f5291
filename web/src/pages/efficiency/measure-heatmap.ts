/** The measured utilisation heat map: mean utilisation % per device (rows) and time bucket (columns). */
import { UTILISATION_RAMP } from '../../charts/colors';
import { percentScale } from '../../charts/options';
import { fmt } from '../../components/format';
import type { MeasureResult } from '../../types';

/** Device labels beyond about this many would overprint each other (the tooltip names every row). */
const MAX_ROW_LABELS = 40;

export function utilisationHeatOption(hm: MeasureResult['heatMap']) {
  const data: [number, number, number | '-'][] = [];
  hm.values.forEach((row, y) =>
    row.forEach((v, x) => data.push([x, y, v === null ? '-' : Math.round(v * 10) / 10])),
  );
  return {
    tooltip: {
      position: 'top',
      formatter: (p: { value: [number, number, number | '-'] }) =>
        `${hm.rows[p.value[1]]}, ${fmt((p.value[0] * hm.bucketSec) / 3600, 1)} h: ${p.value[2] === '-' ? 'no data' : `${fmt(p.value[2], 1)} %`}`,
    },
    grid: { left: 150, right: 16, top: 8, bottom: 64 },
    xAxis: {
      type: 'category',
      name: 'hours from start',
      data: Array.from({ length: hm.columns }, (_, i) => fmt((i * hm.bucketSec) / 3600, 1)),
      axisLabel: { hideOverlap: true },
    },
    yAxis: {
      type: 'category',
      data: hm.rows,
      axisLabel: { fontSize: 10, interval: Math.max(0, Math.ceil(hm.rows.length / MAX_ROW_LABELS) - 1) },
    },
    visualMap: percentScale(UTILISATION_RAMP),
    series: [{ type: 'heatmap', name: 'utilisation %', data, progressive: 0 }],
  };
}
