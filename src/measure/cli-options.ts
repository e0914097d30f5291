/**
 * @module measure/cli-options
 * Parsers for `measure`'s time and duration options; each rejects bad input with an InputError naming the option.
 */
import { ErrorCode, InputError } from '../errors/index.js';

const UNITS: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86400, w: 604800 };

/** `90s`, `1m`, `30m`, `1h30m`, `7d`, or plain seconds; returns seconds. */
export function parseDuration(field: string, text: string): number {
  const t = text.trim();
  if (/^\d+(\.\d+)?$/.test(t)) {
    const v = Number(t);
    if (v > 0) return v;
  }
  const re = /(\d+(?:\.\d+)?)(ms|s|m|h|d|w)/gy;
  let total = 0;
  let matched = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(t)) !== null) {
    total += Number(m[1]) * UNITS[m[2]];
    matched = re.lastIndex;
  }
  if (t === '' || matched !== t.length || !(total > 0)) {
    throw new InputError(ErrorCode.InvalidOption, {
      field,
      expected: 'a positive duration such as 60s, 1m, 30m, 1h or 7d',
      got: text,
    });
  }
  return total;
}

/** RFC 3339 (`2026-03-02T00:00:00Z`) or Unix seconds; returns Unix seconds. */
export function parseTime(field: string, text: string): number {
  const t = text.trim();
  if (/^\d+(\.\d+)?$/.test(t)) return Number(t);
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/i.test(t)) {
    const ms = Date.parse(t);
    if (Number.isFinite(ms)) return ms / 1000;
  }
  throw new InputError(ErrorCode.InvalidOption, {
    field,
    expected: 'an RFC 3339 time such as 2026-03-02T00:00:00Z, or Unix seconds',
    got: text,
  });
}
