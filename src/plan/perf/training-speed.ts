/**
 * @module plan/perf/training-speed
 * Training throughput per device relative to a reference device, by workload class: compute-bound work scales
 * with BF16 throughput, memory-bound work with memory bandwidth — the catalog's `relativeSpeed`, the very scaling
 * the time simulator applies to whole-device and sharing pods. Where the simulator falls back to the reference's
 * speed for a figure the catalog lacks (and says so), a purchase plan must not: a missing figure is refused.
 */
import { relativeSpeed, SPEED_FIGURE, type Accelerator, type WorkKind } from '../../catalog/index.js';
import { ErrorCode, InputError } from '../../errors/index.js';

export function trainingSpeed(a: Accelerator, reference: Accelerator, kind: WorkKind): number {
  const speed = relativeSpeed(a, reference, kind);
  if (speed === null) {
    const field = SPEED_FIGURE[kind];
    const which = a[field] === null ? a.id : reference.id;
    throw new InputError(ErrorCode.InvalidField, {
      field: 'accelerator',
      message: `${which} has no ${field} in the catalog, so its speed on ${kind}-bound training is unknown`,
      expected: `${field} set for ${which} in a catalog file (--catalog FILE), or another accelerator`,
      got: which,
    });
  }
  return speed;
}
