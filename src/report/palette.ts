/**
 * @module report/palette
 * The one colour table for policies, shared by the HTML reports and the web dashboard, so a policy has the same
 * colour wherever it is drawn. The six paper policies keep the Okabe–Ito-based colours of the paper reports
 * (colour-blind safe); the fleet-aware ones take distinct colours from Paul Tol's muted scheme. Other series (a
 * policy this table does not know, accelerator models, runs) take the series colours, none of which is a policy's.
 *
 * Plain data and pure functions with no imports at all: the browser bundle imports this file as it is.
 */

/** A policy's colour, under its id (`fgd`, as in POLICY_NAMES) and its display name (`FGD`, as in `06-FGD`). */
export interface PolicyColor {
  readonly id: string;
  readonly display: string;
  readonly color: string;
}

/** Every policy of POLICY_NAMES (src/policies), in that order; a test checks that none is missing. */
export const POLICY_PALETTE: readonly PolicyColor[] = [
  { id: 'random', display: 'Random', color: '#8a8a8a' },
  { id: 'dotprod', display: 'DotProd', color: '#0072b2' },
  { id: 'clustering', display: 'GpuClustering', color: '#e69f00' },
  { id: 'packing', display: 'GpuPacking', color: '#009e73' },
  { id: 'bestfit', display: 'BestFit', color: '#cc79a7' },
  { id: 'fgd', display: 'FGD', color: '#d55e00' },
  { id: 'fgd-energy', display: 'FGD-Energy', color: '#56b4e9' },
  { id: 'fgd-cost', display: 'FGD-Cost', color: '#882255' },
  { id: 'hetero', display: 'Hetero', color: '#332288' },
];

/** Colours for series that are not a known policy, in the order they are handed out. */
export const SERIES_COLORS: readonly string[] = [
  '#7b3294',
  '#1b7837',
  '#b2182b',
  '#2166ac',
  '#8c510a',
  '#01665e',
  '#c51b7d',
];

/** A policy label without its numeric ordering prefix: `06-FGD` → `FGD`. */
export function policyDisplayName(label: string): string {
  const stripped = label.replace(/^\d+[-_. ]+/, '');
  return stripped.length > 0 ? stripped : label;
}

// Ids and display names, lower-cased, so `fgd`, `FGD` and `06-FGD` all find the same entry.
const BY_KEY = new Map<string, string>(
  POLICY_PALETTE.flatMap((p) => [
    [p.id.toLowerCase(), p.color],
    [p.display.toLowerCase(), p.color],
  ]),
);

/** The colour of a policy given by id, paper label or display name; undefined for a policy not in the table. */
export function policyColor(name: string): string | undefined {
  return BY_KEY.get(policyDisplayName(name).toLowerCase());
}

/** The index-th series colour (cycling). */
export function seriesColor(index: number): string {
  const n = SERIES_COLORS.length;
  return SERIES_COLORS[((index % n) + n) % n];
}

/**
 * A colour for each of `names`: a known policy its own, the others the series colours in the order given (so the
 * same names in the same order always get the same colours).
 */
export function policyColors(names: readonly string[]): Map<string, string> {
  const colors = new Map<string, string>();
  let next = 0;
  for (const name of names) colors.set(name, policyColor(name) ?? seriesColor(next++));
  return colors;
}
