/**
 * @module report/html-table
 * The data table every report draws the same way: a caption saying what it holds, column headers, and the first
 * cell of each row as that row's header, so a screen reader announces each figure with its row and column.
 */
import { escapeHtml } from './page.js';

/** A cell: text (escaped here), or markup the caller built and escaped itself (a colour swatch, a line break). */
export type TableCell = string | number | { readonly html: string };

function cellHtml(c: TableCell): string {
  return typeof c === 'object' ? c.html : escapeHtml(String(c));
}

/**
 * A table in its scrolling wrapper; `caption` is text. A `prose` table holds sentences (left-aligned, wrapped)
 * rather than figures.
 */
export function dataTable(
  head: readonly TableCell[],
  rows: readonly (readonly TableCell[])[],
  caption: string,
  options: { readonly prose?: boolean } = {},
): string {
  const th = head.map((h) => `<th scope="col">${cellHtml(h)}</th>`).join('');
  const body = rows
    .map(
      (r) =>
        `<tr>${r.map((c, i) => (i === 0 ? `<th scope="row">${cellHtml(c)}</th>` : `<td>${cellHtml(c)}</td>`)).join('')}</tr>`,
    )
    .join('');
  return `<div class="table-wrap"><table${options.prose ? ' class="prose"' : ''}><caption>${escapeHtml(caption)}</caption><thead><tr>${th}</tr></thead><tbody>${body}</tbody></table></div>`;
}
