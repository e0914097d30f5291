import { describe, expect, it } from 'vitest';
import { getAccelerator, loadCatalog } from '../../catalog/index.js';
import { isInputError } from '../../errors/index.js';
import { trainingSpeed } from './training-speed.js';

const catalog = loadCatalog();
const chip = (id: string) => getAccelerator(catalog, id);

describe('trainingSpeed', () => {
  it('scales compute-bound work with BF16 throughput and memory-bound work with bandwidth', () => {
    const h100 = chip('nvidia-h100');
    const a100 = chip('nvidia-a100');
    expect(trainingSpeed(h100, a100, 'compute')).toBeCloseTo(h100.bf16Tflops! / a100.bf16Tflops!, 12);
    expect(trainingSpeed(h100, a100, 'memory')).toBeCloseTo(
      h100.memoryBandwidthTBps! / a100.memoryBandwidthTBps!,
      12,
    );
    expect(trainingSpeed(h100, h100, 'compute')).toBe(1);
  });

  it('refuses a chip whose figure the catalog lacks instead of assuming the reference speed', () => {
    try {
      trainingSpeed(chip('hygon-dcu-k100-ai'), chip('nvidia-h100'), 'compute');
      expect.unreachable();
    } catch (e) {
      expect(isInputError(e)).toBe(true);
      expect((e as Error).message).toMatch(/hygon-dcu-k100-ai has no bf16Tflops/);
    }
  });
});
