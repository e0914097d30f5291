/**
 * @module plan/optimiser/training-capacity
 * What one node serves of a training line per quarter, in reference device-hours, exactly as the contract says:
 * devicesPerNode × 2190 h × the chip's speed relative to the line's reference for its kind × utilisation. The speed
 * is the time simulator's (BF16 throughput for compute-bound work, memory bandwidth for memory-bound work), so a plan
 * and its simulation agree; a figure the catalog lacks is refused (plan/perf/training-speed).
 */
import { getAccelerator, type Catalog } from '../../catalog/index.js';
import type { DemandLine, TrainingLine } from '../demand/demand.js';
import { HOURS_PER_QUARTER } from '../demand/demand-schema.js';
import { trainingSpeed } from '../perf/training-speed.js';
import type { CapacityOf } from './plan-model.js';

/** Reference device-hours one node of `accelerator` delivers to `line` in a quarter. */
export function trainingCapacity(
  catalog: Catalog,
  chip: { accelerator: string; devicesPerNode: number },
  line: TrainingLine,
): number {
  const speed = trainingSpeed(
    getAccelerator(catalog, chip.accelerator),
    getAccelerator(catalog, line.reference),
    line.kind,
  );
  return chip.devicesPerNode * HOURS_PER_QUARTER * speed * line.utilisation;
}

/**
 * A capacity function for a whole demand: training lines from the catalog ({@link trainingCapacity}), inference
 * lines from `inference` (the per-chip performance model, or a table).
 */
export function planCapacity(
  catalog: Catalog,
  inference: (chip: { accelerator: string; devicesPerNode: number }, line: DemandLine) => number,
): CapacityOf {
  return (chip, line) =>
    line.type === 'training' ? trainingCapacity(catalog, chip, line) : inference(chip, line);
}
