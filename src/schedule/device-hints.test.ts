/** The names that look like accelerator requests, and the ones that do not. */
import { describe, expect, it } from 'vitest';
import { looksLikeDeviceRequest } from './device-hints.js';

describe('looksLikeDeviceRequest', () => {
  it('recognises the device words of the vendors and schedulers', () => {
    for (const name of [
      'alibabacloud.com/gpu-milli',
      'alibabacloud.com/gpu-count',
      'example.com/gpu',
      'nvidia.com/gpumem',
      'volcano.sh/vgpu-number',
      'huawei.com/Ascend310',
      'example.com/npu-2c',
      'cambricon.com/mlu.share',
      'google.com/tpu',
      'tencent.com/vcuda-core',
      'example.com/accelerator',
    ]) {
      expect(looksLikeDeviceRequest(name), name).toBe(true);
    }
  });

  it('leaves other names alone, including words that merely contain the letters', () => {
    for (const name of [
      'cpu',
      'memory',
      'example.com/fpga',
      'ephemeral-storage',
      'kubernetes.io/config.seen',
      'example.com/gpuless',
      'example.com/mlutility',
      'prometheus.io/scrape',
    ]) {
      expect(looksLikeDeviceRequest(name), name).toBe(false);
    }
  });
});
