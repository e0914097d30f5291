/**
 * Number formatting for the dashboard. A missing or non-finite value shows as a dash, never as "NaN".
 */

export function fmt(value: number | null | undefined, digits = 2): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return value.toFixed(digits);
}

/** A whole number with thousands separators (en-US, as the engine's own reports print them). */
export function fmtInt(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return Math.round(value).toLocaleString('en-US');
}

/** A cost in whole USD; null is a cost unknown for want of a price, shown as "unknown" (never 0, never a dash). */
export function fmtUsd(value: number | null): string {
  return value === null ? 'unknown' : fmtInt(value);
}

/** Seconds as hours, two decimals. */
export function hours(seconds: number): string {
  return fmt(seconds / 3600, 2);
}

/** `part` as a percentage of `whole` (no unit); a zero whole gives 0 rather than a division by zero. */
export function percentOf(part: number, whole: number, digits = 1): string {
  return fmt((100 * part) / Math.max(1e-9, whole), digits);
}

/** Three percentiles in hours: "p50 / p95 / p99". */
export function percentileHours(p: { p50: number; p95: number; p99: number }): string {
  return `${hours(p.p50)} / ${hours(p.p95)} / ${hours(p.p99)}`;
}

/** `part` as a share of `whole`, with its unit: "44.4 %". */
export function shareText(part: number, whole: number): string {
  return `${percentOf(part, whole)} %`;
}

/** A count with its noun: "1 move", "2 moves" (`plural` for nouns not made with an s). */
export function counted(n: number, noun: string, plural = `${noun}s`): string {
  return `${n} ${n === 1 ? noun : plural}`;
}
