/**
 * @module schedule/quantity
 * Kubernetes resource quantities (`"500m"`, `"2"`, `"1Gi"`, `"2k"`, `"1e3"`) as kube-scheduler sends them, parsed
 * exactly: the value is kept as a rational of big integers so that `"0.1"` CPU is 100 milli, not 100.000…01
 * rounded up. Results are rounded up to the unit, as Kubernetes does for `MilliValue()` and byte counts.
 */

const BINARY: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const DECIMAL: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const QUANTITY = /^([+-]?)(\d+(?:\.\d*)?|\.\d+)(?:(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE])|[eE]([+-]?\d+))?$/;

/** An exact rational value `num / den` (den > 0). */
interface Rational {
  readonly num: bigint;
  readonly den: bigint;
}

/** Parses a quantity into an exact rational; throws an Error naming the text when it is not one. */
function parseRational(text: string): Rational {
  const m = QUANTITY.exec(text.trim());
  if (!m || text.trim() === '') throw new Error(`"${text}" is not a Kubernetes quantity (e.g. 500m, 2, 1Gi)`);
  const [, sign, number, suffix, exponent] = m;
  const [whole, frac = ''] = number.split('.');
  let num = BigInt((whole || '0') + frac) * (sign === '-' ? -1n : 1n);
  let den = 10n ** BigInt(frac.length);
  if (suffix !== undefined && suffix in BINARY) {
    num *= 2n ** BigInt(BINARY[suffix]);
  } else {
    const exp = exponent !== undefined ? Number(exponent) : DECIMAL[suffix ?? ''];
    if (!Number.isSafeInteger(exp) || Math.abs(exp) > 60) throw new Error(`"${text}": exponent out of range`);
    if (exp >= 0) num *= 10n ** BigInt(exp);
    else den *= 10n ** BigInt(-exp);
  }
  return { num, den };
}

/** ⌈num / den⌉ for den > 0, as a safe JS number. */
function ceilDiv(num: bigint, den: bigint, text: string): number {
  let q = num / den;
  if (num % den !== 0n && num > 0n) q += 1n;
  const value = Number(q);
  if (!Number.isSafeInteger(value)) throw new Error(`"${text}" is too large`);
  return value;
}

/** The quantity in thousandths of its unit, rounded up (`"500m"` → 500, `"2"` → 2000, `"0.1"` → 100). */
export function parseMilli(text: string): number {
  const { num, den } = parseRational(text);
  return ceilDiv(num * 1000n, den, text);
}

/** The quantity as a whole number of units, rounded up (`"1k"` → 1000, `"2"` → 2). */
export function parseUnits(text: string): number {
  const { num, den } = parseRational(text);
  return ceilDiv(num, den, text);
}

/** A byte quantity in MiB, rounded up (`"1Gi"` → 1024, `"512Mi"` → 512, `"1048576"` → 1, `"1"` → 1). */
export function parseMiB(text: string): number {
  const { num, den } = parseRational(text);
  return ceilDiv(num, den * 2n ** 20n, text);
}

/**
 * The quantity as a whole number of units, undefined when it is not an exact whole number (`"500m"`, `"1.5"`):
 * extended resources such as `nvidia.com/gpu` must be. Throws, as {@link parseUnits}, for text that is not a
 * quantity or a value too large.
 */
export function parseWholeUnits(text: string): number | undefined {
  const { num, den } = parseRational(text);
  return num % den === 0n ? ceilDiv(num, den, text) : undefined;
}
