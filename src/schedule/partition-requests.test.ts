/**
 * Partitions by name in the live scheduler (issue 15 item 4): MIG mixed-strategy and Ascend vNPU resources read as
 * requests, nodes advertising partitions read with the devices they sit on, refusals for profiles that do not exist
 * or that a node's model lacks, and the profile carried by placements and across a restart.
 */
import { describe, expect, it } from 'vitest';
import { InputError } from '../errors/index.js';
import { createPolicy } from '../policies/registry.js';
import { podSpecOf, type Pod } from './kube-pod.js';
import { readNode } from './kube-node.js';
import { LiveScheduler } from './live-scheduler.js';
import { buildResourceModels, DEFAULT_RESOURCE_MAP } from './resource-models.js';
import { SqliteStore } from './store.js';

function pod(requests: Record<string, string>[], annotations: Record<string, string> = {}, name = 'p'): Pod {
  return {
    metadata: { name, namespace: 'ml', uid: `uid-${name}`, annotations },
    spec: { containers: requests.map((r) => ({ resources: { requests: { cpu: '1', ...r } } })) },
  };
}

function issueOf(f: () => unknown) {
  try {
    f();
  } catch (e) {
    if (e instanceof InputError) return e.issues[0];
    throw e;
  }
  throw new Error('expected an InputError, nothing was thrown');
}

describe('pods asking for partitions', () => {
  it('a MIG instance is a share of one GPU worth its profile, on the models that have the profile', () => {
    expect(podSpecOf(pod([{ 'nvidia.com/mig-3g.40gb': '1' }]))).toMatchObject({
      gpuCount: 1,
      gpuMilli: 429,
      gpuProfile: '3g.40gb',
      gpuTypes: ['nvidia-h100', 'nvidia-h800', 'nvidia-a100', 'nvidia-a800'],
    });
    // the H20's 96 GB set, narrowed by the model annotation
    expect(
      podSpecOf(pod([{ 'nvidia.com/mig-1g.12gb': '1' }], { 'hyperfleet.io/gpu-model': 'nvidia-h20' })),
    ).toMatchObject({ gpuCount: 1, gpuMilli: 143, gpuTypes: ['nvidia-h20'] });
  });

  it('instances of one profile add up over containers: that many devices', () => {
    const spec = podSpecOf(pod([{ 'nvidia.com/mig-2g.20gb': '1' }, { 'nvidia.com/mig-2g.20gb': '1' }]));
    expect(spec).toMatchObject({ gpuCount: 2, gpuMilli: 286, gpuProfile: '2g.20gb' });
  });

  it('a memory-heavy MIG variant holds its memory share (1g.20gb: 2 of 8 memory slices)', () => {
    expect(podSpecOf(pod([{ 'nvidia.com/mig-1g.20gb': '1' }])).gpuMilli).toBe(250);
    expect(podSpecOf(pod([{ 'nvidia.com/mig-1g.10gb': '1' }])).gpuMilli).toBe(143);
  });

  it('Ascend vNPU templates are AI-core slices of the 910 and the 310P', () => {
    expect(podSpecOf(pod([{ 'huawei.com/Ascend910-4c': '1' }]))).toMatchObject({
      gpuCount: 1,
      gpuMilli: 125,
      gpuProfile: '4c',
      gpuTypes: ['huawei-ascend-910'],
    });
    expect(podSpecOf(pod([{ 'huawei.com/Ascend910-16c': '2' }]))).toMatchObject({
      gpuCount: 2,
      gpuMilli: 500,
    });
    expect(podSpecOf(pod([{ 'huawei.com/Ascend310P-2c': '1' }]))).toMatchObject({
      gpuMilli: 250,
      gpuTypes: ['huawei-ascend-310p'],
    });
  });

  it('refuses unknown profiles, by name, with the closest known ones', () => {
    expect(issueOf(() => podSpecOf(pod([{ 'nvidia.com/mig-1g.11gb': '1' }])))).toEqual({
      field: 'spec.containers.0.resources.requests["nvidia.com/mig-1g.11gb"]',
      message: expect.stringMatching(
        /^no MIG profile 1g\.11gb in the catalog \(closest: 1g\.10gb.*known: 1g\./,
      ),
    });
    expect(issueOf(() => podSpecOf(pod([{ 'huawei.com/Ascend310P-4c.3cpu': '1' }])))).toMatchObject({
      message: expect.stringMatching(/^no vNPU template 4c\.3cpu in the catalog .*known: 1c, 2c, 4c$/),
    });
  });

  it('refuses a partition beside whole devices, a share, another profile, or a model without it', () => {
    expect(
      issueOf(() => podSpecOf(pod([{ 'nvidia.com/mig-1g.10gb': '1', 'nvidia.com/gpu': '1' }]))),
    ).toMatchObject({ message: expect.stringMatching(/beside whole devices/) });
    expect(
      issueOf(() =>
        podSpecOf(pod([{ 'nvidia.com/mig-1g.10gb': '1' }], { 'hyperfleet.io/gpu-milli': '500' })),
      ),
    ).toEqual({
      field: 'metadata.annotations["hyperfleet.io/gpu-milli"]',
      message: expect.stringMatching(/a MIG profile is already a fixed share/),
    });
    expect(
      issueOf(() => podSpecOf(pod([{ 'nvidia.com/mig-1g.10gb': '1' }, { 'nvidia.com/mig-2g.20gb': '1' }]))),
    ).toMatchObject({ message: expect.stringMatching(/two partition kinds/) });
    expect(
      issueOf(() =>
        podSpecOf(pod([{ 'nvidia.com/mig-1g.10gb': '1' }], { 'hyperfleet.io/gpu-model': 'nvidia-h20' })),
      ),
    ).toEqual({
      field: 'metadata.annotations["hyperfleet.io/gpu-model"]',
      message:
        'names no model with MIG profile 1g.10gb (nvidia-h100, nvidia-h800, nvidia-a100, nvidia-a800 have it)',
    });
  });
});

describe('nodes advertising partitions', () => {
  const node = (labels: Record<string, string>, allocatable: Record<string, string>) => ({
    metadata: { name: 'n', labels },
    status: { allocatable: { cpu: '64', memory: '512Gi', ...allocatable } },
  });

  it('MIG mixed strategy: the GPUs from nvidia.com/gpu.count, the model from the product label', () => {
    const r = readNode(
      node(
        { 'nvidia.com/gpu.product': 'NVIDIA-A100-SXM4-80GB', 'nvidia.com/gpu.count': '8' },
        { 'nvidia.com/gpu': '0', 'nvidia.com/mig-1g.10gb': '14', 'nvidia.com/mig-3g.40gb': '4' },
      ),
    );
    expect(r.spec).toMatchObject({ gpuCount: 8, gpuModel: 'nvidia-a100' });
    expect(r.warnings).toEqual([]);
  });

  it('without the count label: whole GPUs plus the GPUs the instances need at least', () => {
    const r = readNode(
      node(
        { 'nvidia.com/gpu.product': 'NVIDIA-H100-80GB-HBM3' },
        { 'nvidia.com/gpu': '2', 'nvidia.com/mig-1g.10gb': '7', 'nvidia.com/mig-3g.40gb': '2' },
      ),
    );
    // 7 × 1 + 2 × 3 = 13 slices → 2 GPUs, beside the 2 whole ones
    expect(r.spec).toMatchObject({ gpuCount: 4, gpuModel: 'nvidia-h100' });
  });

  it('Ascend static vNPU: the chip from the template family, the NPUs from whole chips and AI cores', () => {
    const r = readNode(node({}, { 'huawei.com/Ascend910': '1', 'huawei.com/Ascend910-8c': '8' }));
    expect(r.spec).toMatchObject({ gpuCount: 3, gpuModel: 'huawei-ascend-910' });
    expect(r.warnings).toEqual([]);
  });

  it("reads partition resources through the user's resource map, as pods asking for them are", () => {
    // The cluster's MIG nodes carry no product label; the user's map says what its instances sit on.
    const models = buildResourceModels(DEFAULT_RESOURCE_MAP, {
      resources: {
        'nvidia.com/mig-*': null,
        'nvidia.com/mig-1g.10gb': { vendor: 'nvidia', models: ['nvidia-h100'], doc: 'our H100 MIG pool' },
      },
    });
    const r = readNode(node({}, { 'nvidia.com/mig-1g.10gb': '7' }), models);
    expect(r.resource).toBe('nvidia.com/mig-1g.10gb');
    expect(r.spec).toMatchObject({ gpuCount: 1, gpuModel: 'nvidia-h100' });
    expect(r.modelSource).toBe('resource');
    expect(r.warnings).toEqual([]);
    const spec = podSpecOf(pod([{ 'nvidia.com/mig-1g.10gb': '1' }]), models);
    expect(spec).toMatchObject({ gpuCount: 1, gpuMilli: 143, gpuProfile: '1g.10gb' });
    const l = new LiveScheduler({ policy: createPolicy('bestfit'), nodes: [r.spec] });
    expect(l.decide('uid-p', spec, ['n']).node).toBe(0);
  });

  it('counts no partition the resource map removes', () => {
    const models = buildResourceModels(DEFAULT_RESOURCE_MAP, { resources: { 'nvidia.com/mig-*': null } });
    const r = readNode(node({}, { 'nvidia.com/gpu': '1', 'nvidia.com/mig-3g.40gb': '2' }), models);
    expect(r.resource).toBe('nvidia.com/gpu');
    expect(r.spec.gpuCount).toBe(1);
  });
});

describe('the live scheduler with partitions', () => {
  const nodes = [
    { name: 'h100', cpuMilli: 64000, memMiB: 524288, gpuCount: 1, gpuModel: 'nvidia-h100' },
    { name: 'h20', cpuMilli: 64000, memMiB: 524288, gpuCount: 1, gpuModel: 'nvidia-h20' },
    { name: 'npu', cpuMilli: 64000, memMiB: 524288, gpuCount: 2, gpuModel: 'huawei-ascend-910' },
  ];
  const names = nodes.map((n) => n.name);

  it('says which profile a node lacks, in the vendor terms', () => {
    const l = new LiveScheduler({ policy: createPolicy('bestfit'), nodes });
    const d = l.decide('u1', podSpecOf(pod([{ 'nvidia.com/mig-1g.12gb': '1' }])), ['h100', 'npu']);
    expect(d.node).toBe(-1);
    expect(d.unresolvable).toEqual({
      h100: 'nvidia-h100 has no partition 1g.12gb (its MIG profiles: 1g.10gb, 1g.20gb, 2g.20gb, 3g.40gb, 4g.40gb, 7g.80gb); 1g.12gb is a partition of nvidia-h20',
      npu: 'huawei-ascend-910 has no partition 1g.12gb (its vNPU templates: 2c, 4c, 8c, 16c); 1g.12gb is a partition of nvidia-h20',
    });
    const vnpu = l.decide('u2', podSpecOf(pod([{ 'huawei.com/Ascend910-2c': '1' }])), ['h100']);
    expect(vnpu.unresolvable.h100).toMatch(
      /^nvidia-h100 has no partition 2c .*2c is a partition of huawei-ascend-910$/,
    );
  });

  it('fills a GPU with instances up to its profile layout, and no further', () => {
    const l = new LiveScheduler({ policy: createPolicy('bestfit'), nodes });
    const placed: string[] = [];
    for (const [i, profile] of ['3g.40gb', '3g.40gb', '1g.10gb'].entries()) {
      const name = `p${i}`;
      const spec = podSpecOf(pod([{ [`nvidia.com/mig-${profile}`]: '1' }], {}, name));
      const d = l.decide(`uid-${name}`, spec, names);
      if (d.node < 0) continue;
      expect(l.bind({ uid: `uid-${name}`, namespace: 'ml', name, nodeName: nodes[d.node].name }).ok).toBe(
        true,
      );
      placed.push(profile);
    }
    // two 3g instances take 6 of 7 slices and all 8 memory slices: the 1g does not fit (MIG agrees)
    expect(placed).toEqual(['3g.40gb', '3g.40gb']);
    expect(l.listPlacements().map((p) => [p.node, p.devices, p.profile, p.milliPerDevice])).toEqual([
      ['h100', [0], '3g.40gb', 429],
      ['h100', [0], '3g.40gb', 429],
    ]);
  });

  it('keeps the profile of a placement across a restart', () => {
    const store = new SqliteStore(':memory:');
    const first = new LiveScheduler({ policy: createPolicy('bestfit'), nodes, store });
    const spec = podSpecOf(pod([{ 'huawei.com/Ascend910-8c': '2' }], {}, 'train'));
    const d = first.decide('uid-train', spec, names);
    first.bind({ uid: 'uid-train', namespace: 'ml', name: 'train', nodeName: nodes[d.node].name });
    const again = new LiveScheduler({ policy: createPolicy('bestfit'), store });
    expect(again.restoreIssues).toEqual([]);
    expect(again.listPlacements()).toMatchObject([
      { name: 'train', node: 'npu', devices: [0, 1], profile: '8c', milliPerDevice: 250 },
    ]);
    expect(again.node('npu')!.gpuMilliLeft).toEqual([750, 750]);
  });
});
