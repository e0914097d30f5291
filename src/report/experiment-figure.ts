/**
 * @module report/experiment-figure
 * The frame every chart of the experiment report sits in: a heading, the inline SVG and a caption that the SVG
 * names as its description, with chart ids numbered in page order so they are unique and reproducible.
 */
import { escapeHtml } from './page.js';

/** Hands out the chart ids of one page, `c1`, `c2`, … in the order the charts are drawn. */
export class ChartIds {
  private n = 0;
  next(): string {
    this.n += 1;
    return `c${this.n}`;
  }
}

export interface Figure {
  svg: string;
  /** HTML (already escaped). */
  caption: string;
  captionId: string;
  heading: string;
}

export function figureHtml(f: Figure, wide = false): string {
  return (
    `<figure class="chart${wide ? ' wide' : ''}">` +
    `<h4 class="fig-title">${escapeHtml(f.heading)}</h4>` +
    `<div class="svg-wrap">${f.svg}</div>` +
    `<figcaption id="${f.captionId}">${f.caption}</figcaption>` +
    `</figure>`
  );
}
