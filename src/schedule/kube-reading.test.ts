/**
 * Reading pods and nodes with the resource map: every vendor's device resources, their model constraint with and
 * without the hyperfleet.io/gpu-model annotation, the errors, and a node's model precedence.
 */
import { describe, expect, it } from 'vitest';
import { buildCatalog } from '../catalog/catalog.js';
import { ErrorCode, InputError, type InputIssue } from '../errors/index.js';
import { nodeSpecOf, readNode } from './kube-node.js';
import { podSpecOf, type Pod } from './kube-pod.js';
import { buildResourceModels, DEFAULT_RESOURCE_MAP, DEFAULT_RESOURCE_MODELS } from './resource-models.js';

function pod(requests: Record<string, string>, annotations: Record<string, string> = {}, limits = {}): Pod {
  return {
    metadata: { name: 'p', namespace: 'ml', uid: 'u', annotations },
    spec: {
      containers: [
        { name: 'main', resources: { requests: { cpu: '2', memory: '4Gi', ...requests }, limits } },
      ],
    },
  };
}

/** The one issue of the InputError `read` throws, after checking its code. */
function issueOf(read: () => unknown, code: ErrorCode = ErrorCode.InvalidPod): InputIssue {
  try {
    read();
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    expect((e as InputError).code).toBe(code);
    expect((e as InputError).issues).toHaveLength(1);
    return (e as InputError).issues[0];
  }
  throw new Error('expected an InputError, nothing was thrown');
}

function kubeNode(
  name: string,
  allocatable: Record<string, string>,
  labels: Record<string, string> = {},
): Record<string, unknown> {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels, resourceVersion: '7' },
    status: { allocatable, capacity: { ...allocatable, cpu: '999' } },
  };
}

describe('pods: device resources of every vendor', () => {
  it('a vendor resource asks for whole devices and constrains to its models', () => {
    expect(podSpecOf(pod({ 'huawei.com/Ascend910B': '2' }))).toMatchObject({
      gpuCount: 2,
      gpuMilli: 1000,
      gpuTypes: ['huawei-ascend-910b'],
    });
    expect(podSpecOf(pod({ 'huawei.com/Ascend910': '8' })).gpuTypes).toEqual([
      'huawei-ascend-910b',
      'huawei-ascend-910c',
    ]);
    expect(podSpecOf(pod({ 'aliyun.com/ppu': '1' })).gpuTypes).toEqual(['t-head-zhenwu-810e']);
    expect(podSpecOf(pod({ 'cambricon.com/mlu370': '4' }))).toMatchObject({
      gpuCount: 4,
      gpuTypes: ['cambricon-mlu370'],
    });
    // limits only, as Kubernetes allows for extended resources
    expect(podSpecOf(pod({}, {}, { 'kunlunxin.com/xpu': '1' }))).toMatchObject({
      gpuCount: 1,
      gpuTypes: ['kunlunxin-p800'],
    });
  });

  it('nvidia.com/gpu keeps its old meaning: whole devices, no constraint unless annotated', () => {
    expect(podSpecOf(pod({ 'nvidia.com/gpu': '2' }))).toEqual({
      name: 'ml/p',
      cpuMilli: 2000,
      memMiB: 4096,
      gpuCount: 2,
      gpuMilli: 1000,
      gpuTypes: [],
    });
    expect(podSpecOf(pod({ 'nvidia.com/gpu': '1' }, { 'hyperfleet.io/gpu-model': 'T4' })).gpuTypes).toEqual([
      'T4',
    ]);
  });

  it('the annotation narrows a vendor resource; an empty intersection is an error', () => {
    const both = pod(
      { 'huawei.com/Ascend910': '1' },
      { 'hyperfleet.io/gpu-model': 'huawei-ascend-910c, V100M32' },
    );
    expect(podSpecOf(both).gpuTypes).toEqual(['huawei-ascend-910c']);
    const none = pod({ 'huawei.com/Ascend910B': '1' }, { 'hyperfleet.io/gpu-model': 'V100M32' });
    expect(issueOf(() => podSpecOf(none))).toEqual({
      field: 'metadata.annotations["hyperfleet.io/gpu-model"]',
      message: expect.stringMatching(
        /^annotation hyperfleet.io\/gpu-model \(V100M32\) names no model that huawei.com\/Ascend910B can mean \(huawei-ascend-910b\)/,
      ),
    });
  });

  it('a share of a vendor device: milli per device on the devices the resource names', () => {
    const spec = podSpecOf(pod({ 'aliyun.com/ppu': '1' }, { 'hyperfleet.io/gpu-milli': '500' }));
    expect(spec).toMatchObject({ gpuCount: 1, gpuMilli: 500, gpuTypes: ['t-head-zhenwu-810e'] });
  });

  it('the share as the extended resource hyperfleet.io/gpu-milli, which managedResources can route', () => {
    expect(podSpecOf(pod({}, {}, { 'hyperfleet.io/gpu-milli': '300' }))).toMatchObject({
      gpuCount: 1,
      gpuMilli: 300,
      gpuTypes: [],
    });
    // The annotation, when both are there, is the share.
    expect(
      podSpecOf(pod({ 'hyperfleet.io/gpu-milli': '300' }, { 'hyperfleet.io/gpu-milli': '250' })).gpuMilli,
    ).toBe(250);
    expect(issueOf(() => podSpecOf(pod({ 'hyperfleet.io/gpu-milli': '1500' })))).toEqual({
      field: 'spec.containers.0.resources.requests["hyperfleet.io/gpu-milli"]',
      expected: 'milli of each device, 1..1000',
      got: '1500',
    });
    expect(issueOf(() => podSpecOf(pod({}, { 'hyperfleet.io/gpu-milli': '0' })))).toMatchObject({
      field: 'metadata.annotations["hyperfleet.io/gpu-milli"]',
      got: '0',
    });
  });

  it('two vendors in one pod are refused; two resources of one vendor intersect', () => {
    expect(issueOf(() => podSpecOf(pod({ 'nvidia.com/gpu': '1', 'huawei.com/Ascend910B': '1' })))).toEqual({
      field: 'spec.containers.0.resources.requests["huawei.com/Ascend910B"]',
      message: expect.stringMatching(
        /^devices of two vendors \(nvidia\.com\/gpu: nvidia, huawei\.com\/Ascend910B: huawei\)/,
      ),
    });
    const two: Pod = {
      metadata: { name: 'p', uid: 'u' },
      spec: {
        containers: [
          { name: 'a', resources: { requests: { 'huawei.com/Ascend910': '1' } } },
          { name: 'b', resources: { requests: { 'huawei.com/Ascend910B': '1' } } },
        ],
      },
    };
    expect(podSpecOf(two)).toMatchObject({ gpuCount: 2, gpuTypes: ['huawei-ascend-910b'] });
    // a zero request is no request: no vendor clash
    expect(podSpecOf(pod({ 'nvidia.com/gpu': '0', 'amd.com/gpu': '1' })).gpuTypes).toEqual(['amd-gpu']);
  });

  it('fractional counts, unknown partitions and unknown resources', () => {
    expect(issueOf(() => podSpecOf(pod({ 'huawei.com/Ascend910B': '500m' })))).toEqual({
      field: 'spec.containers.0.resources.requests["huawei.com/Ascend910B"]',
      expected: 'a whole number of devices',
      got: '500m',
    });
    expect(issueOf(() => podSpecOf(pod({}, {}, { 'nvidia.com/gpu': '1.5' })))).toEqual({
      field: 'spec.containers.0.resources.limits["nvidia.com/gpu"]',
      expected: 'a whole number of devices',
      got: '1.5',
    });
    // partitions are read (schedule/partition-requests.test.ts); a template Ascend does not define is refused
    expect(issueOf(() => podSpecOf(pod({ 'huawei.com/Ascend910-3c': '1' })))).toMatchObject({
      field: 'spec.containers.0.resources.requests["huawei.com/Ascend910-3c"]',
      message: expect.stringMatching(/^no vNPU template 3c in the catalog/),
    });
    expect(issueOf(() => podSpecOf(pod({ 'cambricon.com/mlu': 'lots' })))).toEqual({
      field: 'spec.containers.0.resources.requests["cambricon.com/mlu"]',
      message: '"lots" is not a Kubernetes quantity (e.g. 500m, 2, 1Gi)',
    });
    // a negative quantity is refused at its field, even where rounding would make it 0 (memory "-1" bytes)
    expect(issueOf(() => podSpecOf(pod({ memory: '-1' })))).toEqual({
      field: 'spec.containers.0.resources.requests.memory',
      expected: 'a quantity of at least 0',
      got: '-1',
    });
    expect(issueOf(() => podSpecOf(pod({ 'nvidia.com/gpu': '-2' })))).toMatchObject({ got: '-2' });
    expect(podSpecOf(pod({ cpu: '-0' })).cpuMilli).toBe(0);
    // not in the map: ignored, as every other extended resource
    expect(podSpecOf(pod({ 'example.com/fpga': '1' })).gpuCount).toBe(0);
  });

  it('reads through a user map', () => {
    const models = buildResourceModels(DEFAULT_RESOURCE_MAP, {
      resources: { 'example.com/npu': { vendor: 'example', models: ['ex-1'], doc: '' }, 'amd.com/gpu': null },
    });
    expect(podSpecOf(pod({ 'example.com/npu': '3' }), models)).toMatchObject({
      gpuCount: 3,
      gpuTypes: ['ex-1'],
    });
    // A device-looking resource the map no longer names is refused, not read as "no device"…
    expect(issueOf(() => podSpecOf(pod({ 'amd.com/gpu': '1' }), models))).toMatchObject({
      field: 'spec.containers.0.resources.requests["amd.com/gpu"]',
      message: expect.stringMatching(/looks like a device request, but the resource map does not name it/),
    });
    // …unless the map says it is none.
    const ignoring = buildResourceModels(DEFAULT_RESOURCE_MAP, {
      resources: { 'amd.com/gpu': null },
      ignore: ['amd.com/gpu'],
    });
    expect(podSpecOf(pod({ 'amd.com/gpu': '1' }), ignoring).gpuCount).toBe(0);
  });
});

describe('pods: device requests hyperfleet cannot read are refused, never placed as CPU-only', () => {
  it('an unknown device-looking resource names its field and what to configure', () => {
    const issue = issueOf(() => podSpecOf(pod({}, {}, { 'example.com/vgpu-number': '2' })));
    expect(issue.field).toBe('spec.containers.0.resources.limits["example.com/vgpu-number"]');
    expect(issue.message).toMatch(/--resource-map/);
  });

  it('an unknown device-looking annotation of an otherwise CPU-only pod is refused', () => {
    const issue = issueOf(() => podSpecOf(pod({}, { 'example.com/gpu-mem': '8000' })));
    expect(issue.field).toBe('metadata.annotations["example.com/gpu-mem"]');
    expect(issue.message).toMatch(/cannot read.*podAnnotations.*ignore/);
    // the same annotation on a pod that asks for devices hyperfleet reads is left alone
    expect(podSpecOf(pod({ 'nvidia.com/gpu': '1' }, { 'example.com/gpu-mem': '8000' })).gpuCount).toBe(1);
    // and other annotations never matter
    expect(podSpecOf(pod({}, { 'prometheus.io/scrape': 'true' })).gpuCount).toBe(0);
  });
});

describe("pods: the openb simulator's annotations (alibabacloud.com/gpu-*)", () => {
  const ali = (milli: string, count: string, model?: string) => ({
    'alibabacloud.com/gpu-milli': milli,
    'alibabacloud.com/gpu-count': count,
    ...(model === undefined ? {} : { 'alibabacloud.com/gpu-card-model': model }),
  });

  it('reads a share, whole GPUs and the accepted models', () => {
    expect(podSpecOf(pod({}, ali('460', '1')))).toMatchObject({
      name: 'ml/p',
      cpuMilli: 2000,
      gpuCount: 1,
      gpuMilli: 460,
      gpuTypes: [],
    });
    expect(podSpecOf(pod({}, ali('1000', '8', 'V100M16|V100M32')))).toMatchObject({
      gpuCount: 8,
      gpuMilli: 1000,
      gpuTypes: ['V100M16', 'V100M32'],
    });
  });

  it("hyperfleet's own request wins when a pod carries both (as the kube-scheduler harness writes them)", () => {
    const both = pod({}, { ...ali('1000', '2', 'T4'), 'hyperfleet.io/gpu-milli': '500' });
    expect(podSpecOf(both)).toMatchObject({ gpuCount: 1, gpuMilli: 500, gpuTypes: [] });
  });

  it('malformed values are refused at their annotation', () => {
    expect(issueOf(() => podSpecOf(pod({}, ali('0', '1'))))).toMatchObject({
      field: 'metadata.annotations["alibabacloud.com/gpu-milli"]',
      expected: 'milli of each device, 1..1000',
      got: '0',
    });
    expect(issueOf(() => podSpecOf(pod({}, ali('500', 'two'))))).toMatchObject({
      field: 'metadata.annotations["alibabacloud.com/gpu-count"]',
      got: 'two',
    });
  });

  it('without the convention in the map, the same pod is refused rather than placed as CPU-only', () => {
    const without = buildResourceModels(DEFAULT_RESOURCE_MAP, {
      podAnnotations: { 'alibabacloud.com/gpu-share': null },
    });
    expect(issueOf(() => podSpecOf(pod({}, ali('460', '1')), without)).field).toMatch(
      /^metadata\.annotations\["alibabacloud\.com\/gpu-/,
    );
  });

  it('a user map adds a convention of its own', () => {
    const models = buildResourceModels(DEFAULT_RESOURCE_MAP, {
      podAnnotations: {
        'example.com/share': { milli: 'example.com/vgpu-milli', models: 'example.com/vgpu-type' },
      },
    });
    expect(
      podSpecOf(pod({}, { 'example.com/vgpu-milli': '250', 'example.com/vgpu-type': 'A10,T4' }), models),
    ).toMatchObject({ gpuCount: 1, gpuMilli: 250, gpuTypes: ['A10', 'T4'] });
  });
});

describe('nodes from the API server', () => {
  it("reads the openb simulator's nodes: GPU count, model label, the same GPUs under two names once", () => {
    const openb = {
      cpu: '96000m',
      memory: '786432Mi',
      pods: '1001',
      'alibabacloud.com/gpu-count': '8',
      'alibabacloud.com/gpu-milli': '8000',
    };
    const plain = readNode(
      kubeNode('0042-openb-node-0007', openb, { 'alibabacloud.com/gpu-card-model': 'V100M32' }),
    );
    expect(plain.spec).toEqual({
      name: '0042-openb-node-0007',
      cpuMilli: 96000,
      memMiB: 786432,
      gpuCount: 8,
      gpuModel: 'V100M32',
      labels: { 'alibabacloud.com/gpu-card-model': 'V100M32' },
    });
    expect(plain.warnings).toEqual([]);
    // with nvidia.com/gpu too (the harness's adapter): same count, so no warning of two device kinds
    const both = readNode(
      kubeNode('n', { ...openb, 'nvidia.com/gpu': '8' }, { 'hyperfleet.io/gpu-model': 'V100M32' }),
    );
    expect(both.spec.gpuCount).toBe(8);
    expect(both.warnings).toEqual([]);
    const differ = readNode(kubeNode('n', { ...openb, 'nvidia.com/gpu': '4' }));
    expect(differ.warnings.join('\n')).toMatch(/advertises both/);
  });

  it('keeps the labels, the pool (hyperfleet.io/pool first, then the clouds’) and the cordon for the views', () => {
    const alloc = { cpu: '8', memory: '64Gi', 'nvidia.com/gpu': '1' };
    const labels = { 'karpenter.sh/nodepool': 'spot', 'cloud.google.com/gke-nodepool': 'gke-a' };
    const cordoned = { ...kubeNode('c', alloc, labels), spec: { unschedulable: true } };
    expect(readNode(cordoned).spec).toMatchObject({ pool: 'spot', labels, cordoned: true });
    const own = readNode(kubeNode('o', alloc, { ...labels, 'hyperfleet.io/pool': 'mine' })).spec;
    expect(own.pool).toBe('mine');
    expect(own.cordoned).toBeUndefined();
    const none = readNode(kubeNode('p', alloc, { team: 'x' })).spec;
    expect(none.pool).toBeUndefined();
    expect(none.labels).toEqual({ team: 'x' });
  });

  it('counts allocatable devices, CPU and memory (rounded down)', () => {
    const r = readNode(
      kubeNode('n1', { cpu: '95500m', memory: '1048575Ki', 'huawei.com/Ascend910B': '8', pods: '110' }),
    );
    expect(r.spec).toEqual({
      name: 'n1',
      cpuMilli: 95500,
      memMiB: 1023,
      gpuCount: 8,
      gpuModel: 'huawei-ascend-910b',
    });
    expect(r).toMatchObject({ resource: 'huawei.com/Ascend910B', modelSource: 'resource', warnings: [] });
  });

  it('model precedence: hyperfleet.io/gpu-model label, product label, instance type, resource default', () => {
    const alloc = { cpu: '96', memory: '384Gi', 'nvidia.com/gpu': '8' };
    const all = {
      'hyperfleet.io/gpu-model': 'G2',
      'nvidia.com/gpu.product': 'NVIDIA-H20',
      'node.kubernetes.io/instance-type': 'p5.48xlarge',
    };
    expect(readNode(kubeNode('a', alloc, all))).toMatchObject({
      spec: { gpuModel: 'G2' },
      modelSource: 'label',
    });
    const { 'hyperfleet.io/gpu-model': _, ...noLabel } = all;
    expect(readNode(kubeNode('b', alloc, noLabel))).toMatchObject({
      spec: { gpuModel: 'nvidia-h20' },
      modelSource: 'product',
    });
    expect(
      readNode(kubeNode('c', alloc, { 'node.kubernetes.io/instance-type': 'g4dn.12xlarge' })),
    ).toMatchObject({
      spec: { gpuModel: 'nvidia-t4' },
      modelSource: 'instance-type',
    });
    // the time-slicing suffix of the product label does not change the model
    expect(nodeSpecOf(kubeNode('d', alloc, { 'nvidia.com/gpu.product': 'Tesla-T4-SHARED' })).gpuModel).toBe(
      'nvidia-t4',
    );
    // the MIG suffix with nvidia.com/gpu is the single strategy: instances counted as GPUs, refused with a reason
    const single = readNode(
      kubeNode('e', alloc, { 'nvidia.com/gpu.product': 'NVIDIA-A100-SXM4-80GB-MIG-1g.10gb' }),
    );
    expect(single.spec).toMatchObject({ gpuCount: 0, gpuModel: '' });
    expect(single.warnings).toEqual([
      expect.stringMatching(
        /^node e uses the MIG single strategy .*use the device plugin's mixed strategy \(nvidia\.com\/mig-1g\.10gb\)$/,
      ),
    ]);
    // the openb convention's label is used verbatim
    expect(nodeSpecOf(kubeNode('f', alloc, { 'alibabacloud.com/gpu-card-model': 'V100M32' })).gpuModel).toBe(
      'V100M32',
    );
  });

  it('warns when the model is unknown, ambiguous or not one the resource means', () => {
    const unknown = readNode(
      kubeNode('a', { 'nvidia.com/gpu': '4' }, { 'nvidia.com/gpu.product': 'NVIDIA-X99' }),
    );
    expect(unknown.spec.gpuModel).toBe('NVIDIA-X99');
    expect(unknown.warnings[0]).toMatch(/nvidia.com\/gpu.product=NVIDIA-X99 is not in the resource map/);
    const bare = readNode(kubeNode('b', { 'nvidia.com/gpu': '4' }));
    expect(bare).toMatchObject({ spec: { gpuModel: 'nvidia.com/gpu' }, modelSource: 'resource-name' });
    expect(bare.warnings[0]).toMatch(/label the node hyperfleet.io\/gpu-model=<model>/);
    const ambiguous = readNode(kubeNode('c', { 'cambricon.com/mlu': '8' }));
    expect(ambiguous.warnings[0]).toMatch(/may mean cambricon-mlu590 or cambricon-mlu370/);
    const mislabelled = readNode(
      kubeNode('d', { 'huawei.com/Ascend910B': '8' }, { 'hyperfleet.io/gpu-model': '910B3' }),
    );
    expect(mislabelled.spec.gpuModel).toBe('910B3');
    expect(mislabelled.warnings[0]).toMatch(
      /pods asking for huawei.com\/Ascend910B will not be placed on it/,
    );
  });

  it('CPU-only nodes, zero devices and malformed nodes', () => {
    expect(nodeSpecOf(kubeNode('cpu', { cpu: '64', memory: '256Gi', 'nvidia.com/gpu': '0' }))).toEqual({
      name: 'cpu',
      cpuMilli: 64000,
      memMiB: 262144,
      gpuCount: 0,
      gpuModel: '',
    });
    expect(issueOf(() => readNode({ metadata: {} }), ErrorCode.InvalidNode)).toEqual({
      field: 'metadata.name',
      message: 'missing',
      expected: 'string',
    });
    expect(issueOf(() => readNode(kubeNode('bad', { cpu: 'many' })), ErrorCode.InvalidNode)).toEqual({
      field: 'status.allocatable.cpu',
      message: '"many" is not a Kubernetes quantity (e.g. 500m, 2, 1Gi)',
    });
  });
});

describe('the default map', () => {
  it('names catalog ids, except the parts the catalog lacks', () => {
    const catalog = buildCatalog();
    const models = new Set(DEFAULT_RESOURCE_MODELS.entries.flatMap((e) => e.models));
    for (const m of Object.values(DEFAULT_RESOURCE_MODELS.instanceTypes)) models.add(m);
    for (const pl of DEFAULT_RESOURCE_MODELS.productLabels)
      for (const m of Object.values(pl.values)) models.add(m);
    const outside = [...models].filter((m) => !catalog.has(m)).sort();
    // the Ascend 910 and 310P have vNPU templates (catalog/vnpu-templates) but no catalog entry
    expect(outside).toEqual([
      'amd-gpu',
      'enflame-gcu',
      'huawei-ascend-310p',
      'huawei-ascend-910',
      'intel-gpu',
    ]);
  });
});
