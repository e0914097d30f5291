/**
 * @module report/number-format
 * How the HTML reports write numbers: fixed decimals without digit grouping (the experiment report, whose
 * figures are percentages), signed differences, en-US digit grouping (device-hours, kWh and USD of the measure
 * and time reports), and the plan's money and power in the units a capacity planner reads (bn / M USD, MW).
 */

/** `v` with `digits` decimals, `n/a` when missing or not finite; never `-0.00` (a rounded-away sign is noise). */
export function formatFixed(v: number | null | undefined, digits = 2): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return 'n/a';
  const s = v.toFixed(digits);
  return /^-0(\.0+)?$/.test(s) ? s.slice(1) : s;
}

/** {@link formatFixed} with an explicit sign: `+1.20`, `−0.35` (a true minus sign), and `0.00` unsigned. */
export function formatSigned(v: number | null | undefined, digits = 2): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return 'n/a';
  const s = formatFixed(v, digits);
  return s.startsWith('-') ? `\u2212${s.slice(1)}` : /^0(\.0+)?$/.test(s) ? s : `+${s}`;
}

/** A percentage with one decimal, `95.2 %`; `n/a` when missing. */
export function formatPercent(v: number | null): string {
  return v === null ? 'n/a' : `${formatFixed(v, 1)} %`;
}

/** `v` with en-US digit grouping and exactly `digits` decimals: `12,345.6`. */
export function formatGrouped(v: number, digits = 0): string {
  return v.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** Money in the unit that keeps it readable: `1.23 bn USD`, `45.6 M USD`, `7,800 USD`; `n/a` when missing. */
export function formatUsd(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return 'n/a';
  if (Math.abs(v) >= 1e9) return `${formatGrouped(v / 1e9, 2)} bn USD`;
  if (Math.abs(v) >= 1e6) return `${formatGrouped(v / 1e6, 1)} M USD`;
  return `${formatGrouped(v)} USD`;
}

/**
 * Power in MW with three significant figures down to the kW (`341 MW`, `20.5 MW`, `0.375 MW`), so a small site
 * and a campus both read at a useful precision; `n/a` when missing.
 */
export function formatMW(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return 'n/a';
  const size = Math.abs(v);
  const digits = size >= 100 ? 0 : size >= 10 ? 1 : size >= 1 ? 2 : 3;
  return `${formatGrouped(v, digits)} MW`;
}
