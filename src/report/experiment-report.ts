/**
 * @module report/experiment-report
 * Self-contained HTML report of an FGD-reproduction experiment matrix
 * (workload × policy × seed), mirroring the figures of the FGD paper
 * (USENIX ATC'23): Fig. 9(a) allocation curves, Fig. 7 fragmentation curves
 * and Figs. 11–14 unallocated-GPU bars. See shared/specs/fgd-reproduction.md §7.2.
 *
 * The page has no external resources (inline CSS, charts as inline SVG rendered
 * server-side by ECharts) and is deterministic: the same input gives the same
 * bytes (no clock, no randomness; workloads and policies are ordered by name).
 * This file assembles the page; the numbers, figures and tables come from the
 * `experiment-*` files beside it.
 */
import { escapeHtml, REPORT_CSS } from './page.js';
import { aggregate, type PolicyStyle, type WorkloadAgg } from './experiment-aggregate.js';
import { crossBarFigure } from './experiment-bar-figure.js';
import { ChartIds, figureHtml } from './experiment-figure.js';
import type { ReportInput } from './experiment-input.js';
import { allocationFigures, fragmentationFigures } from './experiment-line-figures.js';
import { crossTable, summaryTable } from './experiment-tables.js';

export { escapeHtml } from './page.js';
export { policyDisplayName } from './palette.js';
export { workloadShortName, X_FINAL, X_MID, type ReportInput, type ReportRun } from './experiment-input.js';
export { niceRange, ZOOM_X } from './experiment-line-figures.js';

function seedRange(seeds: readonly number[]): string {
  if (seeds.length === 0) return 'none';
  const contiguous = seeds.every((s, i) => i === 0 || s === seeds[i - 1] + 1);
  if (contiguous && seeds.length > 2) return `${seeds[0]}–${seeds[seeds.length - 1]}`;
  return seeds.join(', ');
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** The title and one line saying what the matrix holds, then the caller's notes. */
function header(
  input: ReportInput,
  workloads: readonly WorkloadAgg[],
  policies: readonly PolicyStyle[],
): string[] {
  const seeds = [...new Set(input.runs.map((r) => r.seed))].sort((a, b) => a - b);
  const tunes = [...new Set(input.runs.map((r) => r.tune))].sort((a, b) => a - b);
  const parts = [
    '<header>',
    `<h1>${escapeHtml(input.title)}</h1>`,
    `<p class="meta">${plural(input.runs.length, 'run', 'runs')} · ${plural(workloads.length, 'workload', 'workloads')} · ` +
      `${plural(policies.length, 'policy', 'policies')} ` +
      `(${policies.map((p) => escapeHtml(p.display)).join(', ')}) · ` +
      `seeds ${escapeHtml(seedRange(seeds))} · tune ${escapeHtml(tunes.map((t) => String(t)).join(', ') || 'n/a')}</p>`,
  ];
  if (input.notes && input.notes.length > 0) {
    parts.push(`<ul class="notes">${input.notes.map((n) => `<li>${escapeHtml(n)}</li>`).join('')}</ul>`);
  }
  parts.push('</header>');
  return parts;
}

function tableOfContents(workloads: readonly WorkloadAgg[]): string[] {
  const parts = ['<nav class="toc" aria-labelledby="toc-h"><h2 id="toc-h">Contents</h2><ol>'];
  if (workloads.length > 1) parts.push('<li><a href="#overview">All workloads</a></li>');
  for (const w of workloads) parts.push(`<li><a href="#${w.anchor}">${escapeHtml(w.short)}</a></li>`);
  parts.push('</ol></nav>');
  return parts;
}

/** The cross table and bar chart over all workloads (only when there are several). */
function overviewSection(
  workloads: readonly WorkloadAgg[],
  policies: readonly PolicyStyle[],
  ids: ChartIds,
): string[] {
  return [
    '<section id="overview" aria-labelledby="overview-h">',
    '<h2 id="overview-h">All workloads</h2>',
    '<h3>Final GPU allocation per workload and policy</h3>',
    crossTable(workloads, policies),
    '<div class="charts">',
    figureHtml(crossBarFigure(workloads, policies, ids), true),
    '</div>',
    '</section>',
  ];
}

function workloadSection(w: WorkloadAgg, ids: ChartIds): string[] {
  const allocation = allocationFigures(w, ids);
  const frag = fragmentationFigures(w, ids);
  const hid = `${w.anchor}-h`;
  const fullName = w.workload === w.short ? '' : ` <span class="unit">(${escapeHtml(w.workload)})</span>`;
  return [
    `<section id="${w.anchor}" aria-labelledby="${hid}">`,
    `<h2 id="${hid}">Workload ${escapeHtml(w.short)}${fullName}</h2>`,
    '<h3>Summary</h3>',
    summaryTable(w),
    '<h3>GPU allocation vs arrived workload</h3>',
    `<div class="charts">${allocation.map((f) => figureHtml(f)).join('')}</div>`,
    '<h3>Fragmentation vs arrived workload</h3>',
    `<div class="charts">${frag.map((f) => figureHtml(f)).join('')}</div>`,
    '</section>',
  ];
}

/** How the figures were computed, and the paper they reproduce. */
const METHOD_FOOTER = [
  '<footer>',
  '<h2>Method</h2>',
  '<ul>',
  '<li>x = arrived workload: GPU capacity requested by the pods submitted so far, in % of the cluster GPU capacity (0–130).</li>',
  '<li>Curves: point-wise median over seeds; bands: point-wise 25th–75th percentile (linear interpolation, as numpy’s default).</li>',
  '<li>Tables and bars: mean ± sample standard deviation (n − 1) over seeds; “failed pods” is the mean number of pods that could not be placed.</li>',
  '<li>Reference: FGD paper (USENIX ATC’23, “Beware of Fragmentation”), Figs. 7, 9(a) and 11–14.</li>',
  '</ul>',
  '</footer>',
];

/** Renders the experiment matrix as a complete, self-contained HTML document. */
export function renderExperimentReport(input: ReportInput): string {
  const { workloads, policies } = aggregate(input);
  const ids = new ChartIds();
  const parts = [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(input.title)}</title>`,
    `<style>${REPORT_CSS}</style>`,
    '</head>',
    '<body>',
    '<div class="page">',
    ...header(input, workloads, policies),
  ];
  if (workloads.length === 0) {
    parts.push('<main><p>No runs to report.</p></main>');
  } else {
    parts.push(...tableOfContents(workloads), '<main>');
    if (workloads.length > 1) parts.push(...overviewSection(workloads, policies, ids));
    for (const w of workloads) parts.push(...workloadSection(w, ids));
    parts.push('</main>');
  }
  parts.push(...METHOD_FOOTER, '</div>', '</body>', '</html>');
  return parts.join('\n') + '\n';
}
