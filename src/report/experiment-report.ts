/**
 * Self-contained HTML report of an FGD-reproduction experiment matrix
 * (workload × policy × seed), mirroring the figures of the FGD paper
 * (USENIX ATC'23): Fig. 9(a) allocation curves, Fig. 7 fragmentation curves
 * and Figs. 11–14 unallocated-GPU bars. See shared/specs/fgd-reproduction.md §7.2.
 *
 * The page has no external resources (inline CSS, charts as inline SVG rendered
 * server-side by ECharts) and is deterministic: the same input gives the same
 * bytes (no clock, no randomness; workloads and policies are ordered by name).
 */
import { escapeHtml, REPORT_CSS } from './page.js';
import { policyColors, policyDisplayName } from './palette.js';
import { PAPER_WORKLOADS } from '../traces/index.js';
import { meanSd, pointwiseBand, type MeanSd, type PointwiseBand } from './stats.js';
import { renderBarChartSvg, renderLineChartSvg, type LineSeriesSpec } from './svg-chart.js';

export { escapeHtml } from './page.js';
export { policyDisplayName } from './palette.js';

export interface ReportRun {
  workload: string;
  policy: string;
  seed: number;
  tune: number;
  /** % of cluster GPU capacity allocated, indexed by arrived workload x = 0..130. */
  allocation: readonly number[];
  /** Fragmented GPU capacity, % of cluster GPU capacity, indexed like `allocation`. */
  fragAmount: readonly number[];
  /** Fragmented / idle GPU capacity, %, indexed like `allocation`. */
  fragRatio: readonly number[];
  failedPods: number;
  elapsedMs?: number;
}

export interface ReportInput {
  title: string;
  runs: readonly ReportRun[];
  /** Free-text lines shown under the title (e.g. provenance, date, commit). */
  notes?: readonly string[];
  /**
   * Published values (mean over seeds of allocation % at x = 100 / 130), keyed
   * by workload (full name or short name without `openb_pod_list_`) and policy
   * (label, e.g. `06-FGD`, or display name, e.g. `FGD`).
   */
  reference?: { [workload: string]: { [policy: string]: { at100: number; at130: number } } };
}

/** Arrived-workload points reported in the tables. */
export const X_MID = 100;
export const X_FINAL = 130;
/** Zoom window of the Fig. 9(a) analogue. */
export const ZOOM_X: readonly [number, number] = [75, 120];

const WORKLOAD_PREFIX = 'openb_pod_list_';
/** Trace order of the paper's matrix (spec §7.2); unknown workloads follow, by name. */
const KNOWN_TRACE_ORDER: readonly string[] = PAPER_WORKLOADS;

/** Workload name without the `openb_pod_list_` prefix: `openb_pod_list_default` → `default`. */
export function workloadShortName(workload: string): string {
  return workload.startsWith(WORKLOAD_PREFIX) && workload.length > WORKLOAD_PREFIX.length
    ? workload.slice(WORKLOAD_PREFIX.length)
    : workload;
}

function byteCompare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function workloadCompare(a: string, b: string): number {
  const ia = KNOWN_TRACE_ORDER.indexOf(workloadShortName(a));
  const ib = KNOWN_TRACE_ORDER.indexOf(workloadShortName(b));
  if (ia !== ib) return (ia < 0 ? Infinity : ia) - (ib < 0 ? Infinity : ib) || byteCompare(a, b);
  return byteCompare(a, b);
}

// ---------------------------------------------------------------------------
// Aggregation
// ---------------------------------------------------------------------------

interface PolicyAgg {
  label: string;
  display: string;
  color: string;
  runs: ReportRun[];
  seeds: number;
  at100: MeanSd;
  at130: MeanSd;
  failed: MeanSd;
  elapsedMs: MeanSd | null;
  allocation: PointwiseBand;
  fragAmount: PointwiseBand;
  fragRatio: PointwiseBand;
  ref: { at100: number; at130: number } | null;
}

interface WorkloadAgg {
  /** Key of the group (workload, plus tune when a workload has several). */
  key: string;
  workload: string;
  short: string;
  tune: number | null;
  anchor: string;
  policies: PolicyAgg[];
}

function valueAt(series: readonly number[], x: number): number | null {
  const v = series[x];
  return v !== undefined && Number.isFinite(v) ? v : null;
}

function statAt(runs: readonly ReportRun[], pick: (r: ReportRun) => readonly number[], x: number): MeanSd {
  const vals: number[] = [];
  for (const r of runs) {
    const v = valueAt(pick(r), x);
    if (v !== null) vals.push(v);
  }
  return meanSd(vals);
}

function lookupReference(
  reference: ReportInput['reference'],
  workload: string,
  label: string,
): { at100: number; at130: number } | null {
  if (!reference) return null;
  const byWorkload = reference[workload] ?? reference[workloadShortName(workload)];
  if (!byWorkload) return null;
  const ref = byWorkload[label] ?? byWorkload[policyDisplayName(label)];
  if (!ref || !Number.isFinite(ref.at100) || !Number.isFinite(ref.at130)) return null;
  return ref;
}

function aggregate(input: ReportInput): { workloads: WorkloadAgg[]; policyLabels: string[] } {
  const policyLabels = [...new Set(input.runs.map((r) => r.policy))].sort(byteCompare);
  const colors = policyColors(policyLabels);

  const tunesByWorkload = new Map<string, Set<number>>();
  for (const r of input.runs) {
    let s = tunesByWorkload.get(r.workload);
    if (!s) tunesByWorkload.set(r.workload, (s = new Set()));
    s.add(r.tune);
  }
  const groups = new Map<string, { workload: string; tune: number | null; runs: ReportRun[] }>();
  for (const r of input.runs) {
    const multi = (tunesByWorkload.get(r.workload)?.size ?? 0) > 1;
    const key = multi ? `${r.workload} (tune ${r.tune})` : r.workload;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { workload: r.workload, tune: multi ? r.tune : null, runs: [] }));
    g.runs.push(r);
  }
  const keys = [...groups.keys()].sort((a, b) => {
    const ga = groups.get(a)!;
    const gb = groups.get(b)!;
    return workloadCompare(ga.workload, gb.workload) || (ga.tune ?? 0) - (gb.tune ?? 0) || byteCompare(a, b);
  });

  const workloads = keys.map((key, wi): WorkloadAgg => {
    const g = groups.get(key)!;
    const labels = [...new Set(g.runs.map((r) => r.policy))].sort(byteCompare);
    const policies = labels.map((label): PolicyAgg => {
      // Seed order makes the aggregation independent of the input order.
      const runs = g.runs
        .filter((r) => r.policy === label)
        .sort((a, b) => a.seed - b.seed || a.failedPods - b.failedPods);
      const elapsed = runs
        .map((r) => r.elapsedMs)
        .filter((v): v is number => v !== undefined && Number.isFinite(v));
      return {
        label,
        display: policyDisplayName(label),
        color: colors.get(label)!,
        runs,
        seeds: new Set(runs.map((r) => r.seed)).size,
        at100: statAt(runs, (r) => r.allocation, X_MID),
        at130: statAt(runs, (r) => r.allocation, X_FINAL),
        failed: meanSd(runs.map((r) => r.failedPods).filter((v) => Number.isFinite(v))),
        elapsedMs: elapsed.length > 0 ? meanSd(elapsed) : null,
        allocation: pointwiseBand(runs.map((r) => r.allocation)),
        fragAmount: pointwiseBand(runs.map((r) => r.fragAmount)),
        fragRatio: pointwiseBand(runs.map((r) => r.fragRatio)),
        ref: lookupReference(input.reference, g.workload, label),
      };
    });
    const short = workloadShortName(g.workload);
    const slug = short.replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '');
    return {
      key,
      workload: g.workload,
      short: g.tune === null ? short : `${short} (tune ${g.tune})`,
      tune: g.tune,
      anchor: `w${wi + 1}${slug ? `-${slug}` : ''}`,
      policies,
    };
  });
  return { workloads, policyLabels };
}

// ---------------------------------------------------------------------------
// Formatting
// ---------------------------------------------------------------------------

function fmt(v: number | null | undefined, digits = 2): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return 'n/a';
  const s = v.toFixed(digits);
  return /^-0(\.0+)?$/.test(s) ? s.slice(1) : s;
}

function fmtSigned(v: number | null | undefined, digits = 2): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return 'n/a';
  const s = fmt(v, digits);
  return s.startsWith('-') ? `\u2212${s.slice(1)}` : /^0(\.0+)?$/.test(s) ? s : `+${s}`;
}

function fmtMeanSd(m: MeanSd, digits = 2): string {
  if (m.n === 0) return 'n/a';
  return `${fmt(m.mean, digits)} <span class="sd">± ${fmt(m.sd, digits)}</span>`;
}

function fmtPct(v: number | null): string {
  return v === null ? 'n/a' : `${fmt(v, 1)} %`;
}

// ---------------------------------------------------------------------------
// Charts
// ---------------------------------------------------------------------------

const X_AXIS_NAME = 'Arrived workload (% of cluster GPU capacity)';
const LINE_W = 660;
const LINE_H = 380;

type BandKey = 'allocation' | 'fragAmount' | 'fragRatio';

function lineSeries(
  policies: readonly PolicyAgg[],
  key: BandKey,
  xFrom: number,
  xTo: number,
): LineSeriesSpec[] {
  return policies.map((p) => {
    const b = p[key];
    const points: [number, number | null][] = [];
    const band: [number, number | null, number | null][] = [];
    const end = Math.min(xTo, b.median.length - 1);
    for (let x = Math.max(0, xFrom); x <= end; x++) {
      points.push([x, b.median[x]]);
      band.push([x, b.lower[x], b.upper[x]]);
    }
    return {
      name: p.display,
      color: p.color,
      points,
      band: p.runs.length > 1 ? band : undefined,
      lineWidth: p.display === 'FGD' ? 2.4 : 1.7,
    };
  });
}

function medianAt(p: PolicyAgg, key: BandKey, x: number): number | null {
  return p[key].median[x] ?? null;
}

/** "FGD 95.2 %, BestFit 92.9 %, …" ordered best first. */
function ranking(policies: readonly PolicyAgg[], key: BandKey, x: number, higherIsBetter: boolean): string {
  const items = policies
    .map((p) => ({ p, v: medianAt(p, key, x) }))
    .filter((e): e is { p: PolicyAgg; v: number } => e.v !== null)
    .sort((a, b) => (higherIsBetter ? b.v - a.v : a.v - b.v) || byteCompare(a.p.label, b.p.label));
  if (items.length === 0) return 'no data';
  return items.map((e) => `${escapeHtml(e.p.display)} ${fmtPct(e.v)}`).join(', ');
}

function seedCountText(policies: readonly PolicyAgg[]): string {
  const counts = [...new Set(policies.map((p) => p.runs.length))].sort((a, b) => a - b);
  if (counts.length === 0) return '0 runs';
  const c = counts.length === 1 ? String(counts[0]) : `${counts[0]}–${counts[counts.length - 1]}`;
  return `${c} seed${c === '1' ? '' : 's'}`;
}

function bandExtent(
  policies: readonly PolicyAgg[],
  key: BandKey,
  xFrom: number,
  xTo: number,
): [number, number] | null {
  let lo = Infinity;
  let hi = -Infinity;
  for (const p of policies) {
    const b = p[key];
    for (let x = xFrom; x <= Math.min(xTo, b.median.length - 1); x++) {
      for (const v of [b.lower[x], b.median[x], b.upper[x]]) {
        if (v === null) continue;
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
      }
    }
  }
  return Number.isFinite(lo) && Number.isFinite(hi) ? [lo, hi] : null;
}

/** Axis range covering [lo, hi] with a 1/2/5 × 10^k tick interval and about `ticks` ticks. */
export function niceRange(lo: number, hi: number, ticks = 6): { min: number; max: number; interval: number } {
  if (!(hi > lo)) {
    const c = Number.isFinite(lo) ? lo : 0;
    return { min: Math.floor(c) - 1, max: Math.floor(c) + 1, interval: 1 };
  }
  const raw = (hi - lo) / Math.max(1, ticks - 1);
  const pow = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * pow).find((s) => s >= raw) ?? 10 * pow;
  const min = Math.floor(lo / step + 1e-9) * step;
  const max = Math.ceil(hi / step - 1e-9) * step;
  const round = (v: number) => Number(v.toPrecision(12));
  return { min: round(min), max: round(max), interval: round(step) };
}

class ChartIds {
  private n = 0;
  next(): string {
    this.n += 1;
    return `c${this.n}`;
  }
}

interface Figure {
  svg: string;
  caption: string;
  captionId: string;
  heading: string;
}

function figureHtml(f: Figure, wide = false): string {
  return (
    `<figure class="chart${wide ? ' wide' : ''}">` +
    `<h4 class="fig-title">${escapeHtml(f.heading)}</h4>` +
    `<div class="svg-wrap">${f.svg}</div>` +
    `<figcaption id="${f.captionId}">${f.caption}</figcaption>` +
    `</figure>`
  );
}

function workloadFigures(w: WorkloadAgg, ids: ChartIds): { allocation: Figure[]; frag: Figure[] } {
  const seeds = seedCountText(w.policies);
  const nPol = w.policies.length;
  const name = w.short;
  const bandNote = `Lines: median over ${seeds}; shaded bands: 25th–75th percentile (50 % interval).`;

  const mk = (
    heading: string,
    aria: string,
    caption: string,
    key: BandKey,
    from: number,
    to: number,
    y: { name: string; min?: number; max?: number; interval?: number },
    markers: boolean,
    xInterval: number,
  ): Figure => {
    const id = ids.next();
    const captionId = `${id}-desc`;
    const svg = renderLineChartSvg({
      id,
      ariaLabel: aria,
      describedBy: captionId,
      width: LINE_W,
      height: LINE_H,
      xAxis: { name: X_AXIS_NAME, min: from, max: to, interval: xInterval },
      yAxis: { name: y.name, min: y.min, max: y.max, interval: y.interval, unit: '%' },
      series: lineSeries(w.policies, key, from, to),
      markers: markers ? [{ x: X_MID, label: `x = ${X_MID}` }] : undefined,
    });
    return { svg, caption, captionId, heading };
  };

  const zoomExt = bandExtent(w.policies, 'allocation', ZOOM_X[0], ZOOM_X[1]);
  const zoomAxis = zoomExt
    ? niceRange(Math.max(0, zoomExt[0] - 0.5), Math.min(100, zoomExt[1] + 0.5))
    : undefined;
  const zoomTo = ZOOM_X[1];

  const allocation = [
    mk(
      'GPU allocation vs arrived workload',
      `Line chart: GPU allocation (%) versus arrived workload (%) on ${name}, ${nPol} policies, median over ${seeds} with 25–75 % band.`,
      `${bandNote} Median allocation at x = ${X_MID} (highest first): ${ranking(w.policies, 'allocation', X_MID, true)}.`,
      'allocation',
      0,
      X_FINAL,
      { name: 'GPU allocation (% of capacity)', min: 0, max: 100 },
      true,
      10,
    ),
    mk(
      `GPU allocation, zoom on x ∈ [${ZOOM_X[0]}, ${ZOOM_X[1]}]`,
      `Line chart: GPU allocation (%) versus arrived workload from ${ZOOM_X[0]} to ${ZOOM_X[1]} % on ${name}, ${nPol} policies.`,
      `Zoom of the full-range allocation chart (as in Fig. 9(a) of the paper). Median allocation at x = ${zoomTo} (highest first): ${ranking(w.policies, 'allocation', zoomTo, true)}.`,
      'allocation',
      ZOOM_X[0],
      ZOOM_X[1],
      { name: 'GPU allocation (% of capacity)', ...zoomAxis },
      true,
      5,
    ),
  ];
  const frag = [
    mk(
      'Fragmentation amount vs arrived workload',
      `Line chart: fragmented GPU capacity (% of cluster capacity) versus arrived workload (%) on ${name}, ${nPol} policies, median with 25–75 % band.`,
      `${bandNote} Median fragmentation amount at x = ${X_MID} (lowest first): ${ranking(w.policies, 'fragAmount', X_MID, false)}.`,
      'fragAmount',
      0,
      X_FINAL,
      { name: 'Fragmented GPU (% of capacity)', min: 0 },
      true,
      10,
    ),
    mk(
      'Fragmentation ratio vs arrived workload',
      `Line chart: fragmentation ratio (fragmented / idle GPU, %) versus arrived workload (%) on ${name}, ${nPol} policies, median with 25–75 % band.`,
      `${bandNote} Median fragmentation ratio at x = ${X_MID} (lowest first): ${ranking(w.policies, 'fragRatio', X_MID, false)}.`,
      'fragRatio',
      0,
      X_FINAL,
      { name: 'Fragmented / idle GPU (%)', min: 0 },
      true,
      10,
    ),
  ];
  return { allocation, frag };
}

// ---------------------------------------------------------------------------
// Tables
// ---------------------------------------------------------------------------

function policyHeaderCell(p: PolicyAgg, scope: 'row' | 'col' | 'colgroup', colspan = 1): string {
  const span = colspan > 1 ? ` colspan="${colspan}"` : '';
  return (
    `<th scope="${scope}"${span}><span class="swatch" style="background:${p.color}" aria-hidden="true"></span>` +
    `${escapeHtml(p.display)}</th>`
  );
}

function summaryTable(w: WorkloadAgg): string {
  const hasRef = w.policies.some((p) => p.ref !== null);
  const hasElapsed = w.policies.some((p) => p.elapsedMs !== null);
  const head = [
    '<th scope="col">Policy</th>',
    `<th scope="col">Allocation at x = ${X_MID} (%)<br><span class="unit">mean ± SD</span></th>`,
    `<th scope="col">Allocation at x = ${X_FINAL} (%)<br><span class="unit">mean ± SD</span></th>`,
  ];
  if (hasRef) {
    head.push(
      `<th scope="col">Paper at ${X_MID} (%)</th>`,
      `<th scope="col">Paper at ${X_FINAL} (%)</th>`,
      `<th scope="col">Δ at ${X_MID} (pp)</th>`,
      `<th scope="col">Δ at ${X_FINAL} (pp)</th>`,
    );
  }
  head.push(
    '<th scope="col">Failed pods<br><span class="unit">mean</span></th>',
    '<th scope="col">Seeds</th>',
  );
  if (hasElapsed) head.push('<th scope="col">Run time (s)<br><span class="unit">mean</span></th>');

  const best100 = Math.max(
    ...w.policies.map((p) => (Number.isFinite(p.at100.mean) ? p.at100.mean : -Infinity)),
  );
  const best130 = Math.max(
    ...w.policies.map((p) => (Number.isFinite(p.at130.mean) ? p.at130.mean : -Infinity)),
  );
  const rows = w.policies.map((p) => {
    const cells = [policyHeaderCell(p, 'row')];
    const cls = (m: MeanSd, best: number) => (m.n > 0 && m.mean === best ? ' class="best"' : '');
    cells.push(
      `<td${cls(p.at100, best100)}>${fmtMeanSd(p.at100)}</td>`,
      `<td${cls(p.at130, best130)}>${fmtMeanSd(p.at130)}</td>`,
    );
    if (hasRef) {
      const r = p.ref;
      const d100 = r && p.at100.n > 0 ? p.at100.mean - r.at100 : null;
      const d130 = r && p.at130.n > 0 ? p.at130.mean - r.at130 : null;
      cells.push(
        `<td>${r ? fmt(r.at100) : '—'}</td>`,
        `<td>${r ? fmt(r.at130) : '—'}</td>`,
        `<td>${r ? fmtSigned(d100) : '—'}</td>`,
        `<td>${r ? fmtSigned(d130) : '—'}</td>`,
      );
    }
    const dup = p.runs.length !== p.seeds ? ` <span class="unit">(${p.runs.length} runs)</span>` : '';
    cells.push(`<td>${p.failed.n > 0 ? fmt(p.failed.mean, 1) : 'n/a'}</td>`, `<td>${p.seeds}${dup}</td>`);
    if (hasElapsed) cells.push(`<td>${p.elapsedMs ? fmt(p.elapsedMs.mean / 1000, 1) : 'n/a'}</td>`);
    return `<tr>${cells.join('')}</tr>`;
  });
  const caption =
    `Summary for ${escapeHtml(w.short)}: GPU allocation (% of cluster GPU capacity) at arrived workload ` +
    `x = ${X_MID} and x = ${X_FINAL}, mean ± sample SD over seeds` +
    (hasRef ? '; “Paper” = published 10-seed means, Δ = this run − paper in percentage points' : '') +
    '. Highest mean in bold.';
  return (
    `<div class="table-wrap"><table class="summary" data-workload="${escapeHtml(w.key)}">` +
    `<caption>${caption}</caption>` +
    `<thead><tr>${head.join('')}</tr></thead><tbody>${rows.join('')}</tbody></table></div>`
  );
}

function crossTable(workloads: readonly WorkloadAgg[], policyLabels: readonly string[]): string {
  const ref = new Map<string, PolicyAgg>();
  for (const w of workloads) for (const p of w.policies) ref.set(p.label, p);
  const cols = policyLabels.map((l) => ref.get(l)!);
  const head1 =
    '<tr><th scope="col" rowspan="2">Workload</th>' +
    cols.map((p) => policyHeaderCell(p, 'colgroup', 2)).join('') +
    '</tr>';
  const head2 =
    '<tr>' +
    cols
      .map(
        () => `<th scope="col" class="sub">x = ${X_MID}</th><th scope="col" class="sub">x = ${X_FINAL}</th>`,
      )
      .join('') +
    '</tr>';
  const rows = workloads.map((w) => {
    const byLabel = new Map(w.policies.map((p) => [p.label, p]));
    const best100 = Math.max(
      ...w.policies.map((p) => (Number.isFinite(p.at100.mean) ? p.at100.mean : -Infinity)),
    );
    const best130 = Math.max(
      ...w.policies.map((p) => (Number.isFinite(p.at130.mean) ? p.at130.mean : -Infinity)),
    );
    const cells = cols.map((c) => {
      const p = byLabel.get(c.label);
      if (!p) return '<td>—</td><td class="grp-end">—</td>';
      const b100 = p.at100.n > 0 && p.at100.mean === best100 ? ' best' : '';
      const b130 = p.at130.n > 0 && p.at130.mean === best130 ? ' best' : '';
      return (
        `<td class="${b100.trim()}">${p.at100.n > 0 ? fmt(p.at100.mean) : 'n/a'}</td>` +
        `<td class="grp-end${b130}">${p.at130.n > 0 ? fmt(p.at130.mean) : 'n/a'}</td>`
      ).replace(/ class=""/g, '');
    });
    return `<tr><th scope="row"><a href="#${w.anchor}">${escapeHtml(w.short)}</a></th>${cells.join('')}</tr>`;
  });
  return (
    '<div class="table-wrap"><table class="cross">' +
    `<caption>Mean GPU allocation (% of cluster GPU capacity) over seeds at arrived workload x = ${X_MID} and ` +
    `x = ${X_FINAL} (final), per workload and policy. Highest per workload in bold.</caption>` +
    `<thead>${head1}${head2}</thead><tbody>${rows.join('')}</tbody></table></div>`
  );
}

function crossBarFigure(
  workloads: readonly WorkloadAgg[],
  policyLabels: readonly string[],
  ids: ChartIds,
): Figure {
  const id = ids.next();
  const captionId = `${id}-desc`;
  const byLabel = new Map<string, PolicyAgg>();
  for (const w of workloads) for (const p of w.policies) if (!byLabel.has(p.label)) byLabel.set(p.label, p);
  const series = policyLabels.map((label) => {
    const p0 = byLabel.get(label)!;
    const values: (number | null)[] = [];
    const errors: (number | null)[] = [];
    for (const w of workloads) {
      const p = w.policies.find((q) => q.label === label);
      values.push(p && p.at100.n > 0 ? 100 - p.at100.mean : null);
      errors.push(p && p.at100.n > 1 ? p.at100.sd : null);
    }
    return { name: p0.display, color: p0.color, values, errors };
  });
  // Which policy leaves the least capacity unallocated on how many workloads.
  const wins = new Map<string, number>();
  for (const w of workloads) {
    let best: PolicyAgg | null = null;
    for (const p of w.policies)
      if (p.at100.n > 0 && (best === null || p.at100.mean > best.at100.mean)) best = p;
    if (best) wins.set(best.display, (wins.get(best.display) ?? 0) + 1);
  }
  const winText = [...wins.entries()]
    .sort((a, b) => b[1] - a[1] || byteCompare(a[0], b[0]))
    .map(([d, n]) => `${escapeHtml(d)} on ${n} of ${workloads.length}`)
    .join(', ');
  const width = Math.max(900, Math.min(1360, 160 + workloads.length * policyLabels.length * 12));
  const svg = renderBarChartSvg({
    id,
    ariaLabel: `Grouped bar chart: unallocated GPU capacity (100 − allocation at x = ${X_MID}, %) for ${workloads.length} workloads and ${policyLabels.length} policies, mean ± SD over seeds.`,
    describedBy: captionId,
    width,
    height: 440,
    categories: workloads.map((w) => w.short),
    categoryLabelRotate: workloads.length > 6 ? 30 : 0,
    xAxisName: 'Workload',
    yAxis: { name: `Unallocated GPU at x = ${X_MID} (%)`, min: 0, unit: '%' },
    series,
  });
  return {
    svg,
    captionId,
    heading: `Unallocated GPU capacity at x = ${X_MID} per workload (Figs. 11–14 analogue)`,
    caption:
      `Bars: mean over seeds of (100 − GPU allocation at x = ${X_MID}), whiskers: ± sample SD; lower is better. ` +
      `Lowest bar: ${winText || 'no data'}.`,
  };
}

// ---------------------------------------------------------------------------
// Page
// ---------------------------------------------------------------------------

/** Renders the experiment matrix as a complete, self-contained HTML document. */
export function renderExperimentReport(input: ReportInput): string {
  const { workloads, policyLabels } = aggregate(input);
  const ids = new ChartIds();
  const title = escapeHtml(input.title);
  const nRuns = input.runs.length;
  const seedSet = [...new Set(input.runs.map((r) => r.seed))].sort((a, b) => a - b);
  const tunes = [...new Set(input.runs.map((r) => r.tune))].sort((a, b) => a - b);

  const parts: string[] = [];
  parts.push(
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${title}</title>`,
    `<style>${REPORT_CSS}</style>`,
    '</head>',
    '<body>',
    '<div class="page">',
    '<header>',
    `<h1>${title}</h1>`,
    `<p class="meta">${nRuns} run${nRuns === 1 ? '' : 's'} · ${workloads.length} workload${workloads.length === 1 ? '' : 's'} · ` +
      `${policyLabels.length} polic${policyLabels.length === 1 ? 'y' : 'ies'} ` +
      `(${policyLabels.map((l) => escapeHtml(policyDisplayName(l))).join(', ')}) · ` +
      `seeds ${escapeHtml(seedRange(seedSet))} · tune ${escapeHtml(tunes.map((t) => String(t)).join(', ') || 'n/a')}</p>`,
  );
  if (input.notes && input.notes.length > 0) {
    parts.push(`<ul class="notes">${input.notes.map((n) => `<li>${escapeHtml(n)}</li>`).join('')}</ul>`);
  }
  parts.push('</header>');

  if (workloads.length === 0) {
    parts.push('<main><p>No runs to report.</p></main>');
  } else {
    parts.push('<nav class="toc" aria-labelledby="toc-h"><h2 id="toc-h">Contents</h2><ol>');
    if (workloads.length > 1) parts.push('<li><a href="#overview">All workloads</a></li>');
    for (const w of workloads) parts.push(`<li><a href="#${w.anchor}">${escapeHtml(w.short)}</a></li>`);
    parts.push('</ol></nav>', '<main>');

    if (workloads.length > 1) {
      parts.push(
        '<section id="overview" aria-labelledby="overview-h">',
        '<h2 id="overview-h">All workloads</h2>',
        '<h3>Final GPU allocation per workload and policy</h3>',
        crossTable(workloads, policyLabels),
        '<div class="charts">',
        figureHtml(crossBarFigure(workloads, policyLabels, ids), true),
        '</div>',
        '</section>',
      );
    }

    for (const w of workloads) {
      const figs = workloadFigures(w, ids);
      const hid = `${w.anchor}-h`;
      const fullName = w.workload === w.short ? '' : ` <span class="unit">(${escapeHtml(w.workload)})</span>`;
      parts.push(
        `<section id="${w.anchor}" aria-labelledby="${hid}">`,
        `<h2 id="${hid}">Workload ${escapeHtml(w.short)}${fullName}</h2>`,
        '<h3>Summary</h3>',
        summaryTable(w),
        '<h3>GPU allocation vs arrived workload</h3>',
        `<div class="charts">${figs.allocation.map((f) => figureHtml(f)).join('')}</div>`,
        '<h3>Fragmentation vs arrived workload</h3>',
        `<div class="charts">${figs.frag.map((f) => figureHtml(f)).join('')}</div>`,
        '</section>',
      );
    }
    parts.push('</main>');
  }

  parts.push(
    '<footer>',
    '<h2>Method</h2>',
    '<ul>',
    '<li>x = arrived workload: GPU capacity requested by the pods submitted so far, in % of the cluster GPU capacity (0–130).</li>',
    '<li>Curves: point-wise median over seeds; bands: point-wise 25th–75th percentile (linear interpolation, as numpy’s default).</li>',
    '<li>Tables and bars: mean ± sample standard deviation (n − 1) over seeds; “failed pods” is the mean number of pods that could not be placed.</li>',
    '<li>Reference: FGD paper (USENIX ATC’23, “Beware of Fragmentation”), Figs. 7, 9(a) and 11–14.</li>',
    '</ul>',
    '</footer>',
    '</div>',
    '</body>',
    '</html>',
  );
  return parts.join('\n') + '\n';
}

function seedRange(seeds: readonly number[]): string {
  if (seeds.length === 0) return 'none';
  const contiguous = seeds.every((s, i) => i === 0 || s === seeds[i - 1] + 1);
  if (contiguous && seeds.length > 2) return `${seeds[0]}–${seeds[seeds.length - 1]}`;
  return seeds.join(', ');
}
