import { describe, expect, it } from 'vitest';
import { inputErrorText } from '../../../test/support/input-error.js';
import { Pod } from '../kube-pod.js';
import { DEFAULT_RESOURCE_MODELS } from '../resource-models.js';
import { encodePodDevices } from './allocation-annotations.js';
import { HamiProtocol } from './hami-protocol.js';
import { milliOf, readHamiRequest } from './pod-request.js';

const A100 = 'NVIDIA-NVIDIA A100-SXM4-80GB';
const NOW_MS = 1_700_000_000_500;

function hamiNode(name: string, annotations: Record<string, string>) {
  return { metadata: { name, annotations }, status: { allocatable: { cpu: '64', memory: '256Gi' } } };
}

function pod(
  containers: Record<string, string>[],
  annotations: Record<string, string> = {},
  uid = 'uid-1',
): Pod {
  return Pod.parse({
    metadata: { name: 'p', namespace: 'ml', uid, annotations },
    spec: {
      containers: containers.map((limits, i) => ({
        name: `c${i}`,
        resources: { requests: { cpu: '2', memory: '4Gi' }, limits },
      })),
    },
  });
}

/** The InputError's text on one line. */
const thrown = (f: () => unknown): string => inputErrorText(f).replace(/\n/g, ' ');

function fleet(): HamiProtocol {
  const p = new HamiProtocol(DEFAULT_RESOURCE_MODELS, () => NOW_MS);
  p.readNode(
    hamiNode('gpu-1', {
      'hami.io/node-nvidia-register': `GPU-0,10,81920,100,${A100},0,true:GPU-1,10,81920,100,${A100},0,true:`,
    }),
  );
  p.readNode(
    hamiNode('npu-1', {
      'hami.io/node-register-Ascend910B':
        'NPU-0,4,65536,100,Ascend910B,0,true:NPU-1,4,65536,100,Ascend910B,0,true:',
    }),
  );
  return p;
}

describe('HAMi pod requests', () => {
  it('reads count, memory, memory percentage and cores per container, with HAMi defaults', () => {
    const r = readHamiRequest(
      pod(
        [
          { 'nvidia.com/gpu': '1', 'nvidia.com/gpumem': '20480', 'nvidia.com/gpucores': '30' },
          { 'nvidia.com/gpu': '2', 'nvidia.com/gpumem-percentage': '25' },
          {},
          { 'nvidia.com/gpu': '1' },
        ],
        { 'nvidia.com/use-gputype': 'A100, H100', 'nvidia.com/nouse-gputype': 'MIG' },
      ),
    )!;
    expect(r.vendor.vendor).toBe('nvidia');
    expect(r.containers).toEqual([
      { count: 1, memMiB: 20480, cores: 30 },
      { count: 2, memPercent: 25, cores: 0 },
      { count: 0, cores: 0 },
      // Neither memory nor cores: 100 % of the device's memory, no compute limit.
      { count: 1, memPercent: 100, cores: 0 },
    ]);
    expect(r.useTypes).toEqual(['A100', 'H100']);
    expect(r.noUseTypes).toEqual(['MIG']);
    expect(readHamiRequest(pod([{ cpu: '1' }]))).toBeUndefined();
  });

  it('maps a vGPU to milli = max(cores × 10, memory share, 1000 / split), rounded up', () => {
    expect(milliOf({ count: 1, memMiB: 20480, cores: 30 }, 81920, 10)).toBe(300); // cores win
    expect(milliOf({ count: 1, memMiB: 40960, cores: 10 }, 81920, 10)).toBe(500); // memory wins
    expect(milliOf({ count: 1, memMiB: 1, cores: 0 }, 81920, 10)).toBe(100); // split count caps pods per device
    expect(milliOf({ count: 1, memMiB: 1000, cores: 0 }, 3000, 1000)).toBe(334); // ⌈333.3⌉
    expect(milliOf({ count: 1, memPercent: 100, cores: 0 }, 81920, 10)).toBe(1000);
  });

  it('refuses bad quantities, two device kinds, UUID selections and memory without a count, naming the field', () => {
    expect(
      thrown(() => readHamiRequest(pod([{ 'nvidia.com/gpu': '1', 'nvidia.com/gpucores': '150' }]))),
    ).toMatch(/spec\.containers\.0\.resources\.limits\["nvidia\.com\/gpucores"\].*0\.\.100.*150/);
    // a count that is not whole, and memory that is not a quantity: the field, what was expected, the text
    expect(thrown(() => readHamiRequest(pod([{ 'nvidia.com/gpu': '1.5' }])))).toMatch(
      /spec\.containers\.0\.resources\.limits\["nvidia\.com\/gpu"\].*a whole number of virtual devices, 0\.\.1024.*1\.5/,
    );
    expect(
      thrown(() => readHamiRequest(pod([{ 'nvidia.com/gpu': '1', 'nvidia.com/gpumem': 'lots' }]))),
    ).toMatch(/limits\["nvidia\.com\/gpumem"\].*device memory per virtual device, 0\.\.\d+.*lots/);
    // the API server's canonical form of a whole quantity is read as one
    expect(readHamiRequest(pod([{ 'nvidia.com/gpu': '1', 'nvidia.com/gpumem': '4k' }]))!.containers).toEqual([
      { count: 1, memMiB: 4000, cores: 0 },
    ]);
    expect(
      thrown(() => readHamiRequest(pod([{ 'nvidia.com/gpu': '1' }, { 'huawei.com/Ascend910B': '1' }]))),
    ).toMatch(/two kinds \(nvidia\.com\/gpu and huawei\.com\/Ascend910B\)/);
    expect(
      thrown(() => readHamiRequest(pod([{ 'nvidia.com/gpu': '1' }], { 'nvidia.com/use-gpuuuid': 'GPU-0' }))),
    ).toMatch(/use-gpuuuid.*not honoured/);
    expect(thrown(() => readHamiRequest(pod([{ 'nvidia.com/gpumem': '1000' }])))).toMatch(
      /no nvidia\.com\/gpu/,
    );
  });
});

describe('HamiProtocol', () => {
  it('reads a pod against the registered devices: models, share and the default protocol for the rest', () => {
    const p = fleet();
    const spec = p.readPod(pod([{ 'nvidia.com/gpu': '1', 'nvidia.com/gpumem': '20480' }]));
    expect(spec).toMatchObject({
      cpuMilli: 2000,
      memMiB: 4096,
      gpuCount: 1,
      gpuMilli: 250,
      gpuTypes: ['nvidia-a100'],
    });
    const npu = p.readPod(pod([{ 'huawei.com/Ascend910B': '2', 'huawei.com/Ascend910B-memory': '16384' }]));
    // Split count 4 on the NPUs: a quarter of a device at least.
    expect(npu).toMatchObject({ gpuCount: 2, gpuMilli: 250, gpuTypes: ['huawei-ascend-910b'] });
    // A type selection that no registered device matches, or memory beyond every device: no node's model.
    const none = p.readPod(pod([{ 'nvidia.com/gpu': '1' }], { 'nvidia.com/use-gputype': 'H100' }));
    expect(none.gpuTypes).toHaveLength(1);
    expect(none.gpuTypes[0]).toMatch(/no registered HAMi device/);
    expect(p.readPod(pod([{ 'nvidia.com/gpu': '1', 'nvidia.com/gpumem': '90000' }])).gpuTypes[0]).toMatch(
      /no registered/,
    );
    expect(
      p.readPod(pod([{ 'nvidia.com/gpu': '1' }], { 'nvidia.com/nouse-gputype': 'a100' })).gpuTypes[0],
    ).toMatch(/no registered/);
  });

  it('sizes a pod for the devices registered now, as nodes register, change and leave', () => {
    const p = fleet();
    const register = (name: string, devmem: number | undefined) =>
      p.readNode(
        hamiNode(
          name,
          devmem === undefined
            ? {}
            : { 'hami.io/node-nvidia-register': `${name}-0,10,${devmem},100,${A100},0,true:` },
        ),
      );
    const milli = () => p.readPod(pod([{ 'nvidia.com/gpu': '1', 'nvidia.com/gpumem': '20480' }])).gpuMilli;
    expect(milli()).toBe(250);
    // Two nodes with a smaller device of one kind: sized for it while either is registered.
    register('gpu-2', 40960);
    register('gpu-3', 40960);
    expect(milli()).toBe(500);
    register('gpu-3', undefined);
    expect(milli()).toBe(500);
    // Re-registered with the larger device: the smaller kind is gone.
    register('gpu-2', 81920);
    expect(milli()).toBe(250);
    register('gpu-2', 40960);
    expect(milli()).toBe(500);
    register('gpu-2', undefined);
    expect(milli()).toBe(250);
  });

  it('writes HAMi’s annotations at bind, field by field, per container in order', () => {
    const p = fleet();
    p.readPod(
      pod([
        { 'nvidia.com/gpu': '1', 'nvidia.com/gpumem': '20480', 'nvidia.com/gpucores': '30' },
        {},
        { 'nvidia.com/gpu': '1', 'nvidia.com/gpumem-percentage': '50' },
      ]),
    );
    const annotations = p.bindAnnotations({ uid: 'uid-1', node: 'gpu-1', devices: [1, 0] })!;
    const devices = 'GPU-1,NVIDIA,20480,30:;;GPU-0,NVIDIA,40960,0:;';
    expect(annotations).toEqual({
      'hami.io/vgpu-devices-to-allocate': devices,
      'hami.io/vgpu-devices-allocated': devices,
      'hami.io/vgpu-node': 'gpu-1',
      'hami.io/vgpu-time': '1700000000',
      'hami.io/bind-time': '1700000000',
      'hami.io/bind-phase': 'allocating',
    });
    // The request is consumed by its bind.
    expect(p.bindAnnotations({ uid: 'uid-1', node: 'gpu-1', devices: [0] })).toBeUndefined();

    p.readPod(pod([{ 'huawei.com/Ascend910B': '2', 'huawei.com/Ascend910B-memory': '16384' }], {}, 'uid-2'));
    expect(p.bindAnnotations({ uid: 'uid-2', node: 'npu-1', devices: [0, 1] })).toMatchObject({
      'hami.io/Ascend910B-devices-to-allocate': 'NPU-0,Ascend910B,16384,0:NPU-1,Ascend910B,16384,0:;',
      'hami.io/vgpu-node': 'npu-1',
    });
  });

  it('encodes each field in its place: UUID,Type,usedmem,usedcores then ":" per device and ";" per container', () => {
    const text = encodePodDevices('DCU', [[{ uuid: 'u1', usedMemMiB: 1, usedCores: 2 }], []]);
    const [first, second, rest] = text.split(';');
    expect([second, rest]).toEqual(['', '']);
    expect(first.split(':')).toEqual(['u1,DCU,1,2', '']);
    expect(first.split(':')[0].split(',')).toEqual(['u1', 'DCU', '1', '2']);
  });
});
