/**
 * @module report/measure-report
 * The text summary and the self-contained HTML report of `hyperfleet measure`: definitions, totals, per-model
 * and per-team tables, a utilisation heat map (device × time) and the right-sizing result.
 */
import { escapeHtml, REPORT_CSS } from './page.js';
import { DEFINITIONS, type MeasureResult } from '../measure/index.js';
import { formatGrouped } from './number-format.js';
import { dataTable } from './html-table.js';

const f0 = (x: number) => formatGrouped(x, 0);
const f1 = (x: number) => formatGrouped(x, 1);
const pct = (x: number) => `${(100 * x).toFixed(1)} %`;

export function summaryText(r: MeasureResult): string {
  const h = r.deviceHours;
  const lines = [
    `${r.source}: ${r.devices} devices, ${r.pods} pods, ${r.from} → ${r.to} (step ${r.stepSec} s)`,
    `device-hours ${f1(h.total)}: allocated ${f1(h.allocated)} (${pct(h.allocated / Math.max(1e-9, h.total))}), ` +
      `busy ${f1(h.busy)}, idle ${f1(h.idle)} (${pct(r.idleFraction)} of allocated), unallocated ${f1(h.unallocated)}, unobserved ${f1(h.unobserved)}`,
    `mean utilisation ${r.meanUtilisationPct.toFixed(2)} % of observed time; energy ${f1(r.energyKWh)} kWh; cost ${f0(r.costUsd)} USD ` +
      `(capital ${f0(r.capitalUsd)}, energy ${f0(r.energyUsd)}); unallocated cost ${f0(r.unallocated.costUsd)} USD`,
    '',
    'per model:',
    ...Object.entries(r.perModel).map(
      ([m, x]) =>
        `  ${m.padEnd(28)} ${String(x.devices).padStart(6)} dev  alloc ${f1(x.deviceHours.allocated).padStart(9)} h  busy ${f1(x.deviceHours.busy).padStart(9)} h  ` +
        `idle ${f1(x.deviceHours.idle).padStart(9)} h  ${f1(x.energyKWh).padStart(9)} kWh  ${f0(x.costUsd).padStart(8)} USD`,
    ),
    '',
    `per team (${r.teamLabel}):`,
    ...Object.entries(r.perTeam).map(
      ([t, x]) =>
        `  ${t.padEnd(28)} ${String(x.pods).padStart(6)} pods alloc ${f1(x.deviceHours.allocated).padStart(9)} h  busy ${f1(x.deviceHours.busy).padStart(9)} h  ` +
        `idle ${f1(x.deviceHours.idle).padStart(9)} h  ${f0(x.costUsd).padStart(8)} USD (idle ${f0(x.idleCostUsd)})`,
    ),
  ];
  const rs = r.rightSizing;
  if (rs) {
    lines.push(
      '',
      `right-sizing (p${Math.round(rs.percentile * 100)} utilisation and peak memory, +${Math.round(rs.headroom * 100)} % headroom, replayed under ${rs.policy}):`,
      `  devices needed ${rs.devicesBefore} → ${rs.devicesAfter} (${rs.devicesSaved} freed); savings per month ` +
        `${f0(rs.savingsPerMonth.costUsd)} USD (capital ${f0(rs.savingsPerMonth.capitalUsd)}, energy ${f0(rs.savingsPerMonth.energyKWh)} kWh = ${f0(rs.savingsPerMonth.energyUsd)} USD)`,
      ...rs.notes.map((n) => `  ${n}`),
    );
  }
  lines.push('', 'assumptions:', ...r.assumptions.map((a) => `  - ${a}`));
  return lines.join('\n') + '\n';
}

/** Colour of a utilisation % cell: white (0) → dark blue (100); grey when unobserved. */
function cellColour(v: number | null): string {
  if (v === null) return '#e4e4e4';
  const x = Math.max(0, Math.min(1, v / 100));
  const lerp = (a: number, b: number) => Math.round(a + (b - a) * x);
  return `rgb(${lerp(255, 8)},${lerp(255, 48)},${lerp(255, 107)})`;
}

export function heatMapSvg(r: MeasureResult): string {
  const hm = r.heatMap;
  const rows = hm.rows.length;
  const cols = hm.columns;
  if (rows === 0 || cols === 0) return '<p class="meta">No utilisation samples to draw.</p>';
  const cw = Math.max(2, Math.min(12, Math.floor(900 / cols)));
  const rh = Math.max(2, Math.min(12, Math.floor(600 / rows)));
  const left = 150;
  const top = 8;
  const width = left + cols * cw + 10;
  const height = top + rows * rh + 34;
  const parts: string[] = [];
  hm.values.forEach((row, i) => {
    row.forEach((v, j) => {
      parts.push(
        `<rect x="${left + j * cw}" y="${top + i * rh}" width="${cw}" height="${rh}" fill="${cellColour(v)}"/>`,
      );
    });
    if (rh >= 9)
      parts.push(
        `<text x="${left - 4}" y="${top + i * rh + rh - 2}" text-anchor="end" font-size="9">${escapeHtml(hm.rows[i])}</text>`,
      );
  });
  const hours = (hm.bucketSec * cols) / 3600;
  for (let k = 0; k <= 4; k++) {
    const x = left + (k * cols * cw) / 4;
    parts.push(
      `<text x="${x}" y="${top + rows * rh + 14}" text-anchor="middle" font-size="10">${((k * hours) / 4).toFixed(1)} h</text>`,
    );
  }
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="utilisation heat map" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" font-family="system-ui,sans-serif">` +
    `<title>Utilisation per device (rows) over time (columns)</title>${parts.join('')}` +
    `<text x="${left}" y="${height - 4}" font-size="10">time from ${escapeHtml(r.from)} (buckets of ${hm.bucketSec / 60} min); white 0 %, blue 100 %, grey unobserved</text></svg>`
  );
}

/** Device-hours, utilisation, energy and cost of the whole window. */
function totalsTable(r: MeasureResult): string {
  const h = r.deviceHours;
  return dataTable(
    ['figure', 'value'],
    [
      ['devices', r.devices],
      ['pods', r.pods],
      ['device-hours, total', f1(h.total)],
      ['allocated', `${f1(h.allocated)} (${pct(h.allocated / Math.max(1e-9, h.total))})`],
      ['busy', f1(h.busy)],
      ['idle (of allocated)', `${f1(h.idle)} (${pct(r.idleFraction)})`],
      ['unallocated', f1(h.unallocated)],
      ['unobserved', f1(h.unobserved)],
      ['mean utilisation, % of observed time', r.meanUtilisationPct.toFixed(2)],
      ['energy, kWh', f1(r.energyKWh)],
      ['cost, USD (capital + energy)', `${f0(r.costUsd)} (${f0(r.capitalUsd)} + ${f0(r.energyUsd)})`],
      ['unallocated cost, USD', f0(r.unallocated.costUsd)],
    ],
    `Window ${r.from} → ${r.to}, step ${r.stepSec} s, idle below ${r.idleBelowPct} % for ${r.idleForSec / 60} min.`,
  );
}

function perModelTable(r: MeasureResult): string {
  return dataTable(
    [
      'model',
      'accelerator',
      'devices',
      'allocated h',
      'busy h',
      'idle h',
      'idle %',
      'mean util %',
      'kWh',
      'cost USD',
      'unallocated USD',
    ],
    Object.entries(r.perModel).map(([m, x]) => [
      m,
      x.accelerator,
      x.devices,
      f1(x.deviceHours.allocated),
      f1(x.deviceHours.busy),
      f1(x.deviceHours.idle),
      (100 * x.idleFraction).toFixed(1),
      x.meanUtilisationPct.toFixed(1),
      f1(x.energyKWh),
      f0(x.costUsd),
      f0(x.unallocatedCostUsd),
    ]),
    'Per accelerator model.',
  );
}

function perTeamTable(r: MeasureResult): string {
  return dataTable(
    [r.teamLabel, 'pods', 'allocated h', 'busy h', 'idle h', 'idle %', 'kWh', 'cost USD', 'idle cost USD'],
    Object.entries(r.perTeam).map(([t, x]) => [
      t,
      x.pods,
      f1(x.deviceHours.allocated),
      f1(x.deviceHours.busy),
      f1(x.deviceHours.idle),
      (100 * x.idleFraction).toFixed(1),
      f1(x.energyKWh),
      f0(x.costUsd),
      f0(x.idleCostUsd),
    ]),
    'Per team: shared devices are charged by share.',
  );
}

/** How the pods were right-sized and what the replay found per model, or a note that it was not run. */
function rightSizingSection(r: MeasureResult): string {
  const rs = r.rightSizing;
  if (!rs) return '<p class="meta">Right-sizing was not run.</p>';
  return (
    `<p>Each pod's share covers its peak memory and its p${Math.round(rs.percentile * 100)} utilisation with +${Math.round(rs.headroom * 100)} % headroom; the pods are replayed under <b>${escapeHtml(rs.policy)}</b> with the time simulator (${rs.simulations} runs).</p>` +
    dataTable(
      ['model', 'pods', 'resized pods', 'devices needed, current requests', 'right-sized'],
      Object.entries(rs.perModel).map(([m, x]) => [
        m,
        x.pods,
        x.resizedPods,
        x.devicesBefore,
        x.devicesAfter,
      ]),
      `Devices ${rs.devicesBefore} → ${rs.devicesAfter}: ${rs.devicesSaved} freed, saving ${f0(rs.savingsPerMonth.costUsd)} USD per month (capital ${f0(rs.savingsPerMonth.capitalUsd)}, energy ${f0(rs.savingsPerMonth.energyKWh)} kWh).`,
    )
  );
}

function definitionsList(): string {
  return `<ul class="notes">${DEFINITIONS.map((d) => `<li><b>${escapeHtml(d.symbol)}</b> (${escapeHtml(d.name)}): ${escapeHtml(d.text)}</li>`).join('')}</ul>`;
}

export function renderMeasureReport(r: MeasureResult): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>hyperfleet measure — ${escapeHtml(r.source)}</title><style>${REPORT_CSS}</style></head><body><main class="page">
<h1>hyperfleet measure</h1><p class="meta">${escapeHtml(r.source)} · ${r.devices} devices · ${r.pods} pods</p>
<h2>Totals</h2>${totalsTable(r)}
<h2>Utilisation heat map</h2><div class="svg-wrap">${heatMapSvg(r)}</div>${r.heatMap.omitted ? `<p class="meta">${r.heatMap.omitted} more devices not drawn.</p>` : ''}
<h2>Per model</h2>${perModelTable(r)}
<h2>Per team</h2>${perTeamTable(r)}
<h2>Right-sizing, checked by simulation</h2>${rightSizingSection(r)}
<h2>Definitions</h2>${definitionsList()}
<footer><h3>Assumptions</h3><ul>${r.assumptions.map((a) => `<li>${escapeHtml(a)}</li>`).join('')}</ul></footer>
</main></body></html>
`;
}
