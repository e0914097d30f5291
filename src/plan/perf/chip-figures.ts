/**
 * @module plan/perf/chip-figures
 * The catalog figures the roofline uses for one chip at one precision — memory, bandwidth, dense compute at that
 * precision, scale-up bandwidth — in SI units. A figure the catalog lacks is refused with what to do instead,
 * never guessed: FP8 on an A100 does not exist (use bf16); a missing INT8 figure can be set in a catalog file.
 */
import type { Accelerator } from '../../catalog/index.js';
import { ErrorCode, InputError } from '../../errors/index.js';

export const PRECISIONS = ['bf16', 'fp8', 'int8'] as const;
export type Precision = (typeof PRECISIONS)[number];

/** Bytes per weight (and per KV-cache element: the cache is kept in the weights' precision). */
export const BYTES_PER_VALUE: Readonly<Record<Precision, number>> = { bf16: 2, fp8: 1, int8: 1 };

/** The catalog figure giving dense throughput at each precision. */
export const COMPUTE_FIELD = { bf16: 'bf16Tflops', fp8: 'fp8Tflops', int8: 'int8Tops' } as const;

export interface ChipFigures {
  readonly id: string;
  readonly memoryBytes: number;
  readonly bandwidthBytesPerSec: number;
  /** Dense operations per second at the precision. */
  readonly opsPerSec: number;
  /** One direction of the scale-up link, bytes/s (the catalog quotes both directions added); null when unknown. */
  readonly scaleUpBytesPerSec: number | null;
}

function refuse(field: string, message: string, expected: string, got: string): never {
  throw new InputError(ErrorCode.InvalidOption, { field, message, expected, got });
}

export function chipFigures(a: Accelerator, precision: Precision): ChipFigures {
  const field = COMPUTE_FIELD[precision];
  const ops = a[field];
  if (ops === null) {
    const unsupported = a.provenance[field] === 'unsupported';
    refuse(
      '--precision',
      unsupported
        ? `${a.id} has no ${precision.toUpperCase()} support`
        : `${a.id} has no ${precision.toUpperCase()} throughput figure in the catalog (${field})`,
      unsupported
        ? `a precision ${a.id} supports (${PRECISIONS.filter((p) => a[COMPUTE_FIELD[p]] !== null).join(', ') || 'none in the catalog'})`
        : `another precision, or ${field} set for ${a.id} in a catalog file (--catalog FILE)`,
      precision,
    );
  }
  const need = (value: number | null, name: string): number =>
    value ??
    refuse(
      '--accelerator',
      `${a.id} has no ${name} in the catalog`,
      `${name} set for it in a catalog file (--catalog FILE), or another accelerator`,
      a.id,
    );
  const memoryGiB = need(a.memoryGiB, 'memory size (memoryGiB)');
  const bandwidth = need(a.memoryBandwidthTBps, 'memory bandwidth (memoryBandwidthTBps)');
  return {
    id: a.id,
    memoryBytes: memoryGiB * 2 ** 30,
    bandwidthBytesPerSec: bandwidth * 1e12,
    opsPerSec: ops * 1e12,
    scaleUpBytesPerSec: a.scaleUp.gbps === null ? null : (a.scaleUp.gbps * 1e9) / 2,
  };
}
