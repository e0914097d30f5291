/**
 * @module sim/number-format
 * Exact re-implementations of the number semantics of the FGD reference pipeline (Go simulator printing `%.2f`,
 * Python/pandas/numpy post-processing), so that our CSVs can equal the published ones character for character.
 * See docs spec `fgd-reproduction.md` §6 (values printed `%.2f` and re-parsed), §7 (rounding and means of the merge
 * scripts) and §10 items 4–7 (numeric fidelity checklist).
 *
 * Background on ties: a decimal rounding of a binary double `x` to `n` decimals is an exact tie only when
 * `x·10^n` has fractional part exactly `.5`, i.e. `x = odd / (2·10^n)`. For that to be a dyadic rational the 5^n
 * must cancel, so the ties are exactly the doubles with `x·2^(n+1)` an odd integer (for n = 2: `8·x` odd, i.e.
 * fractional thousandths .125/.375/.625/.875). JavaScript's `toFixed` is correctly rounded but resolves those ties
 * away from zero; Go and Python resolve them half-to-even. Everything that is not such a tie is rounded identically.
 */

/** Largest `ndigits` accepted by {@link formatFixedHalfEven} / {@link pyRound} (the `toFixed` limit is 100). */
const MAX_FIXED_DIGITS = 100;

/**
 * Formats `x` with exactly `digits` decimals, correctly rounded from the exact binary value with ties to even —
 * the semantics of Go's `strconv.FormatFloat(x, 'f', digits, 64)` and of Python's `'%.nf'`.
 * Negative values (including -0 and negatives that round to zero) keep their minus sign, as in Go: `-0.001` →
 * `-0.00`, `-0` → `-0.00`. Non-finite values print as Go does: `NaN`, `+Inf`, `-Inf`.
 */
export function formatFixedHalfEven(x: number, digits: number): string {
  if (!Number.isInteger(digits) || digits < 0 || digits > MAX_FIXED_DIGITS) {
    throw new RangeError(`digits must be an integer in [0, ${MAX_FIXED_DIGITS}], got ${digits}`);
  }
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return '+Inf';
  if (x === -Infinity) return '-Inf';
  const negative = x < 0 || Object.is(x, -0);
  const a = Math.abs(x);
  const sign = negative ? '-' : '';
  if (a >= 1e21) {
    // toFixed switches to exponential notation here; such doubles are integers, so print them exactly.
    return sign + BigInt(a).toString() + (digits > 0 ? '.' + '0'.repeat(digits) : '');
  }
  // Exact tie iff a·2^(digits+1) is an odd integer (the scaling by a power of two is exact unless it overflows,
  // and an odd integer double is necessarily < 2^53, so `m` below is exact).
  const m = a * 2 ** (digits + 1);
  if (Number.isFinite(m) && Number.isInteger(m) && m % 2 === 1) {
    // a·10^digits = m·5^digits / 2 with m·5^digits odd: the two candidates are (p−1)/2 and (p+1)/2; take the even.
    const p = BigInt(m) * 5n ** BigInt(digits);
    let n = (p + 1n) / 2n;
    if (n % 2n === 1n) n -= 1n;
    return sign + insertDecimalPoint(n.toString(), digits);
  }
  return sign + a.toFixed(digits);
}

/** Turns the integer string of `value·10^digits` into the fixed-point decimal string of `value`. */
function insertDecimalPoint(intDigits: string, digits: number): string {
  if (digits === 0) return intDigits;
  const padded = intDigits.padStart(digits + 1, '0');
  return padded.slice(0, padded.length - digits) + '.' + padded.slice(padded.length - digits);
}

/**
 * Go's `fmt.Sprintf("%.2f", x)`: correctly rounded to 2 decimals, exact ties (x = odd/8) to even, sign kept for
 * negative zero results (`-0.00`). This is how the reference simulator prints `origin_milli` / `origin_ratio` (§6).
 */
export function goFixed2(x: number): string {
  return formatFixedHalfEven(x, 2);
}

/** Margin around .5 within which {@link round2HalfEven} defers to the exact string path. */
const TIE_MARGIN = 2 ** -20;

/**
 * `Number.parseFloat(goFixed2(x))`, which is also `pyRound(x, 2)`: x correctly rounded to 2 decimals (ties to even)
 * and read back as the nearest double — without making a string unless x·100 is within 2^-20 of a half.
 *
 * Why it is exact: for 0 < x·100 < 2^30 the product y = fl(x·100) is within 2^-24 of the exact x·100, so when
 * frac(y) is more than 2^-20 away from .5 the exact value rounds to the same integer n as y does (ties cannot
 * arise), and reading back the decimal n/100 gives the double nearest to n/100, which is what the correctly
 * rounded division `n / 100` yields. Everything else (ties, near-ties, zero and negative zero, negatives, NaN,
 * huge values) takes the exact path.
 */
export function round2HalfEven(x: number): number {
  const y = x * 100;
  if (x > 0 && y < 2 ** 30) {
    const f = Math.floor(y);
    const d = y - f;
    if (d < 0.5 - TIE_MARGIN) return f / 100;
    if (d > 0.5 + TIE_MARGIN) return (f + 1) / 100;
  }
  return Number.parseFloat(formatFixedHalfEven(x, 2));
}

/**
 * Python's built-in `round(x, ndigits)` for a Python float and `ndigits >= 0` (the pipeline uses 0 and 2, §7):
 * the decimal correctly rounded from the exact binary value with ties to even, converted back to the nearest double.
 * Returns a float like Python (`round(2.5, 0) == 2.0`, `round(-0.4, 0) == -0.0`); NaN and ±Infinity pass through.
 */
export function pyRound(x: number, ndigits: number): number {
  if (!Number.isFinite(x)) return x;
  if (ndigits === 0) return npRint(x);
  if (ndigits === 2) return round2HalfEven(x);
  return Number.parseFloat(formatFixedHalfEven(x, ndigits));
}

/**
 * numpy `rint`: round to the nearest integer, exact halves to even; keeps the sign of zero (`rint(-0.4) == -0.0`).
 * NaN and ±Infinity pass through.
 */
export function npRint(x: number): number {
  if (!Number.isFinite(x)) return x;
  if (Math.abs(x) >= 2 ** 52) return x; // already an integer
  const f = Math.floor(x);
  const d = x - f; // exact: the fractional part of a double is representable
  let r: number;
  if (d > 0.5) r = f + 1;
  else if (d < 0.5) r = f;
  else r = f % 2 === 0 ? f : f + 1;
  if (r === 0) return x < 0 || Object.is(x, -0) ? -0 : 0;
  return r;
}

/**
 * numpy's `round(np.float64(y), 2)` as used at the end of the merge scripts (§10 item 6): `rint(y × 100) / 100`,
 * multiplication rounded to float64 first (so it is *not* always the correctly rounded 2-decimal value).
 */
export function npRound2(y: number): number {
  return npRint(y * 100) / 100;
}

/**
 * Python's `repr(float)` (identical to `str(float)` since Python 3.2, and to what pandas writes to CSV): the
 * shortest digit string that round-trips (the same digits as JS `String(x)`), laid out Python's way:
 * fixed notation with at least one fractional digit (`2.0`, `0.0001`, `1e15` → `1000000000000000.0`) when the
 * decimal exponent e satisfies −4 ≤ e < 16, otherwise scientific with a signed, at-least-two-digit exponent (`1e-05`, `1.5e+16`); `nan`, `inf`, `-inf`, `-0.0`.
 */
export function pyRepr(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (x === Infinity) return 'inf';
  if (x === -Infinity) return '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const sign = x < 0 ? '-' : '';
  // toExponential() without an argument yields the shortest round-trip digits, like Python's repr (dtoa mode 0).
  const [mant, expStr] = Math.abs(x).toExponential().split('e') as [string, string];
  const digits = mant.replace('.', '');
  const e = Number.parseInt(expStr, 10);
  if (e < -4 || e >= 16) {
    const body = digits.length > 1 ? digits[0] + '.' + digits.slice(1) : digits;
    const absE = Math.abs(e);
    return sign + body + 'e' + (e < 0 ? '-' : '+') + (absE < 10 ? '0' : '') + String(absE);
  }
  if (e < 0) return sign + '0.' + '0'.repeat(-e - 1) + digits;
  const intPart = digits.slice(0, e + 1).padEnd(e + 1, '0');
  const fracPart = digits.slice(e + 1);
  return sign + intPart + '.' + (fracPart.length > 0 ? fracPart : '0');
}

/** Block size below which numpy's pairwise summation stops recursing (`PW_BLOCKSIZE` in numpy's loops). */
const PW_BLOCKSIZE = 128;

/**
 * numpy's pairwise summation of `values[start .. start+count)` (`pairwise_sum_DOUBLE`, used by `np.add.reduce`
 * and hence by pandas' `mean`), reproducing its exact order of float64 additions (§10 item 5):
 * - count < 8: `res = 0.0`, then `res += a[i]` left to right;
 * - 8 ≤ count ≤ 128: eight partial sums `r[j]` initialised with `a[0..7]`, `r[j] += a[i+j]` for every further full
 *   block of eight, combined as `((r0+r1)+(r2+r3))+((r4+r5)+(r6+r7))`, then the `count mod 8` leftovers added
 *   one by one;
 * - count > 128: split at `n2 = ⌊count/2⌋` rounded down to a multiple of 8 and add the two recursive sums.
 * The reduction itself starts from the identity 0.0 (`0.0 + pairwise(...)`), which only matters for −0.
 */
export function numpyPairwiseSum(values: ArrayLike<number>, start: number, count: number): number {
  if (start < 0 || count < 0 || start + count > values.length) {
    throw new RangeError(`range [${start}, ${start + count}) outside array of length ${values.length}`);
  }
  return 0.0 + pairwiseSum(values, start, count);
}

function pairwiseSum(a: ArrayLike<number>, s: number, n: number): number {
  if (n < 8) {
    let res = 0.0;
    for (let i = 0; i < n; i++) res += a[s + i];
    return res;
  }
  if (n <= PW_BLOCKSIZE) {
    let r0 = a[s],
      r1 = a[s + 1],
      r2 = a[s + 2],
      r3 = a[s + 3],
      r4 = a[s + 4],
      r5 = a[s + 5],
      r6 = a[s + 6],
      r7 = a[s + 7];
    const full = n - (n % 8);
    let i = 8;
    for (; i < full; i += 8) {
      r0 += a[s + i];
      r1 += a[s + i + 1];
      r2 += a[s + i + 2];
      r3 += a[s + i + 3];
      r4 += a[s + i + 4];
      r5 += a[s + i + 5];
      r6 += a[s + i + 6];
      r7 += a[s + i + 7];
    }
    // ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7)); `+` is left-associative, prettier drops the outer parens.
    let res = r0 + r1 + (r2 + r3) + (r4 + r5 + (r6 + r7));
    for (; i < n; i++) res += a[s + i];
    return res;
  }
  let n2 = Math.floor(n / 2);
  n2 -= n2 % 8;
  return pairwiseSum(a, s, n2) + pairwiseSum(a, s + n2, n - n2);
}

/**
 * pandas' `Series.mean()` of `values[start .. start+count)` for float64 data without NaN: numpy pairwise sum
 * divided by the count (§7, §10 item 5). An empty range gives NaN, as pandas does.
 */
export function pandasMean(values: ArrayLike<number>, start: number, count: number): number {
  if (count === 0) return NaN;
  return numpyPairwiseSum(values, start, count) / count;
}
