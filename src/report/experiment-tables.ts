/**
 * @module report/experiment-tables
 * The tables of the experiment report: per workload a summary (allocation at x = 100 / 130 as mean ± SD over
 * seeds, the paper's values and the differences when known, failed pods, seeds, run time), and one cross table of
 * every workload × policy. The highest mean of a workload is set in bold.
 */
import { escapeHtml } from './page.js';
import type { MeanSd } from './stats.js';
import type { PolicyAgg, PolicyStyle, WorkloadAgg } from './experiment-aggregate.js';
import { X_FINAL, X_MID } from './experiment-input.js';
import { formatFixed, formatSigned } from './number-format.js';

function formatMeanSd(m: MeanSd, digits = 2): string {
  if (m.n === 0) return 'n/a';
  return `${formatFixed(m.mean, digits)} <span class="sd">± ${formatFixed(m.sd, digits)}</span>`;
}

/** The highest finite mean of `pick` over the policies (−∞ when none has one). */
function bestMean(policies: readonly PolicyAgg[], pick: (p: PolicyAgg) => MeanSd): number {
  return Math.max(...policies.map((p) => (Number.isFinite(pick(p).mean) ? pick(p).mean : -Infinity)));
}

/** A header cell naming a policy, with its colour swatch. */
function policyHeaderCell(p: PolicyStyle, scope: 'row' | 'col' | 'colgroup', colspan = 1): string {
  const span = colspan > 1 ? ` colspan="${colspan}"` : '';
  return (
    `<th scope="${scope}"${span}><span class="swatch" style="background:${p.color}" aria-hidden="true"></span>` +
    `${escapeHtml(p.display)}</th>`
  );
}

function summaryHead(hasRef: boolean, hasElapsed: boolean): string[] {
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
  return head;
}

/** The paper's values and this run's differences to them, `—` where the paper has none. */
function referenceCells(p: PolicyAgg): string[] {
  const r = p.ref;
  const d100 = r && p.at100.n > 0 ? p.at100.mean - r.at100 : null;
  const d130 = r && p.at130.n > 0 ? p.at130.mean - r.at130 : null;
  return [
    `<td>${r ? formatFixed(r.at100) : '—'}</td>`,
    `<td>${r ? formatFixed(r.at130) : '—'}</td>`,
    `<td>${r ? formatSigned(d100) : '—'}</td>`,
    `<td>${r ? formatSigned(d130) : '—'}</td>`,
  ];
}

function summaryRow(
  p: PolicyAgg,
  best: { at100: number; at130: number },
  hasRef: boolean,
  hasElapsed: boolean,
): string {
  const cells = [policyHeaderCell(p, 'row')];
  const cls = (m: MeanSd, top: number) => (m.n > 0 && m.mean === top ? ' class="best"' : '');
  cells.push(
    `<td${cls(p.at100, best.at100)}>${formatMeanSd(p.at100)}</td>`,
    `<td${cls(p.at130, best.at130)}>${formatMeanSd(p.at130)}</td>`,
  );
  if (hasRef) cells.push(...referenceCells(p));
  const dup = p.runs.length !== p.seeds ? ` <span class="unit">(${p.runs.length} runs)</span>` : '';
  cells.push(
    `<td>${p.failed.n > 0 ? formatFixed(p.failed.mean, 1) : 'n/a'}</td>`,
    `<td>${p.seeds}${dup}</td>`,
  );
  if (hasElapsed) cells.push(`<td>${p.elapsedMs ? formatFixed(p.elapsedMs.mean / 1000, 1) : 'n/a'}</td>`);
  return `<tr>${cells.join('')}</tr>`;
}

/** The summary table of one workload. */
export function summaryTable(w: WorkloadAgg): string {
  const hasRef = w.policies.some((p) => p.ref !== null);
  const hasElapsed = w.policies.some((p) => p.elapsedMs !== null);
  const best = { at100: bestMean(w.policies, (p) => p.at100), at130: bestMean(w.policies, (p) => p.at130) };
  const rows = w.policies.map((p) => summaryRow(p, best, hasRef, hasElapsed));
  const caption =
    `Summary for ${escapeHtml(w.short)}: GPU allocation (% of cluster GPU capacity) at arrived workload ` +
    `x = ${X_MID} and x = ${X_FINAL}, mean ± sample SD over seeds` +
    (hasRef ? '; “Paper” = published 10-seed means, Δ = this run − paper in percentage points' : '') +
    '. Highest mean in bold.';
  return (
    `<div class="table-wrap"><table class="summary" data-workload="${escapeHtml(w.key)}">` +
    `<caption>${caption}</caption>` +
    `<thead><tr>${summaryHead(hasRef, hasElapsed).join('')}</tr></thead><tbody>${rows.join('')}</tbody></table></div>`
  );
}

/** One workload's row of the cross table: mean allocation at x = 100 and 130 per policy column. */
function crossRow(w: WorkloadAgg, columns: readonly PolicyStyle[]): string {
  const byLabel = new Map(w.policies.map((p) => [p.label, p]));
  const best100 = bestMean(w.policies, (p) => p.at100);
  const best130 = bestMean(w.policies, (p) => p.at130);
  const cells = columns.map((c) => {
    const p = byLabel.get(c.label);
    if (!p) return '<td>—</td><td class="grp-end">—</td>';
    const b100 = p.at100.n > 0 && p.at100.mean === best100 ? ' best' : '';
    const b130 = p.at130.n > 0 && p.at130.mean === best130 ? ' best' : '';
    return (
      `<td class="${b100.trim()}">${p.at100.n > 0 ? formatFixed(p.at100.mean) : 'n/a'}</td>` +
      `<td class="grp-end${b130}">${p.at130.n > 0 ? formatFixed(p.at130.mean) : 'n/a'}</td>`
    ).replace(/ class=""/g, '');
  });
  return `<tr><th scope="row"><a href="#${w.anchor}">${escapeHtml(w.short)}</a></th>${cells.join('')}</tr>`;
}

/** Every workload (rows) × policy (column pairs at x = 100 and 130). */
export function crossTable(workloads: readonly WorkloadAgg[], policies: readonly PolicyStyle[]): string {
  const head1 =
    '<tr><th scope="col" rowspan="2">Workload</th>' +
    policies.map((p) => policyHeaderCell(p, 'colgroup', 2)).join('') +
    '</tr>';
  const head2 =
    '<tr>' +
    policies
      .map(
        () => `<th scope="col" class="sub">x = ${X_MID}</th><th scope="col" class="sub">x = ${X_FINAL}</th>`,
      )
      .join('') +
    '</tr>';
  const rows = workloads.map((w) => crossRow(w, policies));
  return (
    '<div class="table-wrap"><table class="cross">' +
    `<caption>Mean GPU allocation (% of cluster GPU capacity) over seeds at arrived workload x = ${X_MID} and ` +
    `x = ${X_FINAL} (final), per workload and policy. Highest per workload in bold.</caption>` +
    `<thead>${head1}${head2}</thead><tbody>${rows.join('')}</tbody></table></div>`
  );
}
