/**
 * @module errors/field-path
 * How a field inside a nested input is named in messages: `nodes.0.gpuCount`, `Pod.spec.containers.0.resources`,
 * and `requests["nvidia.com/gpu"]` for keys that are not plain names (so a dot in a resource name is not read as
 * nesting). One spelling for zod's paths, hand-made paths and paths nested under a caller's prefix.
 */

/** A key that reads unambiguously after a dot: a name or an index. */
const PLAIN_KEY = /^[A-Za-z_$][\w$-]*$|^\d+$/;

/** `["a", 0, "nvidia.com/gpu"]` → `a.0["nvidia.com/gpu"]`. */
export function fieldPath(segments: readonly PropertyKey[]): string {
  let out = '';
  for (const s of segments) {
    const key = typeof s === 'symbol' ? (s.description ?? '') : String(s);
    out += PLAIN_KEY.test(key) ? (out === '' ? key : `.${key}`) : `[${JSON.stringify(key)}]`;
  }
  return out;
}

/** `field` nested under `prefix` (either may be empty): `pods.3` + `spec.containers` → `pods.3.spec.containers`. */
export function nestedField(prefix: string, field: string | undefined): string {
  if (!field) return prefix;
  if (!prefix) return field;
  return field.startsWith('[') ? `${prefix}${field}` : `${prefix}.${field}`;
}
