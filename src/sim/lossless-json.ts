/**
 * @module sim/lossless-json
 * JSON that gives back exactly the numbers it was given. Plain JSON writes every finite double so that it reads
 * back the same, but turns NaN and ±Infinity into null and -0 into 0; a paper series has NaN cells (written as empty
 * CSV cells) and a shard's results must reproduce the unsharded CSVs byte for byte. Those four values are written as
 * `{"$number":"NaN"}` (or `Infinity`, `-Infinity`, `-0`) and read back as numbers.
 */

const TAG = '$number';

function tagged(value: number): { [TAG]: string } | undefined {
  if (Object.is(value, -0)) return { [TAG]: '-0' };
  return Number.isFinite(value) ? undefined : { [TAG]: String(value) };
}

/** `value` as JSON text (two-space indented when `indent`), NaN, ±Infinity and -0 kept. */
export function stringifyLossless(value: unknown, indent?: number): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'number' ? (tagged(v) ?? v) : v), indent);
}

const UNTAGGED: Readonly<Record<string, number>> = {
  NaN: NaN,
  Infinity: Infinity,
  '-Infinity': -Infinity,
  '-0': -0,
};

/** Parses text written by {@link stringifyLossless} (throws a SyntaxError on text that is not JSON). */
export function parseLossless(text: string): unknown {
  return JSON.parse(text, (_key, v: unknown) => {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return v;
    const keys = Object.keys(v);
    const tag = (v as Record<string, unknown>)[TAG];
    return keys.length === 1 && typeof tag === 'string' && tag in UNTAGGED ? UNTAGGED[tag] : v;
  });
}
