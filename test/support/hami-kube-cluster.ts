/**
 * The openb cluster in HAMi's shape, for the real kube-scheduler of `../shared/tools/kube-scheduler/` (issue 15
 * item 3): the harness's own cluster generator writes Alibaba's GPU-share objects only, so this writes the cluster
 * folder the simulator reads (`nodes.yaml`, `pods.yaml`: JSON documents separated by `---`, as make_cluster.py
 * writes them) with the devices and requests HAMi's device plugin and users would write instead:
 * - nodes: `hami.io/node-nvidia-register` in HAMi's text form, one device per openb GPU (UUID, split count,
 *   the catalog memory of the openb model, cores 100, the NVML name of that model, NUMA 0, healthy) and
 *   `nvidia.com/gpu` = GPUs × split, as HAMi's device plugin publishes; no `alibabacloud.com/*` field, so only
 *   hyperfleet knows the devices' shares;
 * - pods: `nvidia.com/gpu` = the GPU count; a sharing pod also `nvidia.com/gpumem-percentage` and
 *   `nvidia.com/gpucores` = milli ÷ 10 (each maps onto milli exactly when milli is a multiple of 10, as every openb
 *   share is); CPU-only pods as make_cluster.py writes them.
 * `hami-simon.sh` (beside this file) puts the folder in place of the harness's and tells kube-scheduler's
 * NodeResourcesFit to ignore the two HAMi resources no node advertises, as HAMi's scheduler configuration does.
 */
import {
  constants,
  accessSync,
  chmodSync,
  mkdirSync,
  readFileSync,
  renameSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { buildCatalog, openbAccelerator } from '../../src/catalog/index.js';
import type { NodeSpec, PodSpec } from '../../src/model/index.js';
import { projectRoot } from './cli.js';
import type { KubeObject } from './fake-apiserver.js';

/** NVML names of the catalog models the openb types stand for (HAMi's type is `NVIDIA-<NVML name>`). */
const NVML_NAMES: Readonly<Record<string, string>> = {
  'nvidia-t4': 'Tesla T4',
  'nvidia-p100': 'Tesla P100-SXM2-16GB',
  'nvidia-v100-16gb': 'Tesla V100-SXM2-16GB',
  'nvidia-v100-32gb': 'Tesla V100-SXM2-32GB',
  'nvidia-a10': 'NVIDIA A10',
  'nvidia-a100': 'NVIDIA A100-SXM4-80GB',
  'nvidia-a800': 'NVIDIA A800-SXM4-80GB',
};

/** What the devices of an openb GPU type are registered as: the catalog model, HAMi's type, the memory. */
export interface HamiDeviceKind {
  readonly model: string;
  readonly type: string;
  readonly memMiB: number;
}

/** The HAMi device kind of an openb GPU type (its catalog model, read independently of hyperfleet's HAMi code). */
export function hamiDeviceKind(openbType: string): HamiDeviceKind {
  const acc = openbAccelerator(buildCatalog(), openbType);
  const nvml = NVML_NAMES[acc.id];
  if (nvml === undefined || acc.memoryGiB === null) {
    throw new Error(`no NVML name or memory for ${openbType} (${acc.id})`);
  }
  return { model: acc.id, type: `NVIDIA-${nvml}`, memMiB: acc.memoryGiB * 1024 };
}

/** The simulator's node names are `NNNN-<openb name>`; the cluster files carry the openb name. */
const openbName = (simulatorName: string) => simulatorName.replace(/^\d{4}-/, '');

/**
 * A node as HAMi's NVIDIA device plugin leaves it, under `name`: its register annotation (text form) and handshake,
 * and `nvidia.com/gpu` = devices × split.
 */
export function hamiNode(node: NodeSpec, name: string, split: number): KubeObject {
  const allocatable: Record<string, string> = {
    cpu: `${node.cpuMilli}m`,
    memory: `${node.memMiB}Mi`,
    pods: '1001',
  };
  const annotations: Record<string, string> = {};
  if (node.gpuCount > 0) {
    const kind = hamiDeviceKind(node.gpuModel);
    allocatable['nvidia.com/gpu'] = String(node.gpuCount * split);
    annotations['hami.io/node-nvidia-register'] = Array.from(
      { length: node.gpuCount },
      (_, i) => `GPU-${openbName(node.name)}-${i},${split},${kind.memMiB},100,${kind.type},0,true:`,
    ).join('');
    annotations['hami.io/node-handshake'] = 'Reported 2025-01-01 00:00:00';
  }
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name,
      labels: {
        'beta.kubernetes.io/os': 'linux',
        'kubernetes.io/hostname': openbName(node.name),
        'kubernetes.io/os': 'linux',
      },
      annotations,
    },
    status: { allocatable, capacity: { ...allocatable } },
  };
}

/** A HAMi share percentage: milli ÷ 10, refused when that is not exact (the test would compare other shares). */
function percentOf(pod: PodSpec): number {
  if (pod.gpuMilli % 10 !== 0) throw new Error(`${pod.name}: ${pod.gpuMilli} milli is not a whole percent`);
  return pod.gpuMilli / 10;
}

/** An openb pod asking through HAMi's resources (requests = limits, as the API server defaults them). */
export function hamiPod(pod: PodSpec): KubeObject {
  const resources: Record<string, string> = { cpu: `${pod.cpuMilli}m`, memory: `${pod.memMiB}Mi` };
  if (pod.gpuCount > 0) resources['nvidia.com/gpu'] = String(pod.gpuCount);
  if (pod.gpuCount > 0 && pod.gpuMilli < 1000) {
    resources['nvidia.com/gpumem-percentage'] = String(percentOf(pod));
    resources['nvidia.com/gpucores'] = String(percentOf(pod));
  }
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: pod.name, namespace: 'paib-gpu' },
    spec: {
      containers: [
        {
          name: 'main',
          image: 'tensorflow:latest',
          imagePullPolicy: 'Always',
          resources: { requests: resources, limits: { ...resources } },
        },
      ],
      restartPolicy: 'OnFailure',
      dnsPolicy: 'Default',
    },
  };
}

/**
 * The share HAMi's mapping gives a pod on devices of `split` (docs/hami.md): a whole device for whole-GPU pods;
 * for a sharing pod the larger of its percentages (× 10) and the split floor ⌈1000 ÷ split⌉.
 */
export function hamiShare(pod: PodSpec, split: number): number {
  if (pod.gpuCount === 0) return 0;
  return pod.gpuMilli >= 1000 ? 1000 : Math.max(percentOf(pod) * 10, Math.ceil(1000 / split));
}

/** The folder `hami-simon.sh` reads: nodes under their openb names (the simulator renames them), the pods. */
export function writeHamiCluster(
  dir: string,
  nodes: readonly NodeSpec[],
  pods: readonly PodSpec[],
  split: number,
) {
  mkdirSync(dir, { recursive: true });
  const docs = (objs: KubeObject[]) => objs.map((o) => JSON.stringify(o)).join('\n---\n') + '\n';
  writeFileSync(join(dir, 'nodes.yaml'), docs(nodes.map((n) => hamiNode(n, openbName(n.name), split))));
  writeFileSync(join(dir, 'pods.yaml'), docs(pods.map(hamiPod)));
}

/** The SIMON wrapper that runs the simulator on a HAMi cluster folder (see its header). */
export const HAMI_SIMON = join(projectRoot, 'test/support/hami-simon.sh');

/** The simulator binary, unpacked from the harness's simon.gz where run.sh unpacks it (once). */
export function unpackedSimon(harness: string): string {
  const path = join(process.env.TMPDIR ?? tmpdir(), 'hyperfleet-kube-scheduler', 'simon');
  try {
    accessSync(path, constants.X_OK);
    return path;
  } catch {
    mkdirSync(dirname(path), { recursive: true });
    const part = `${path}.part.${process.pid}`;
    writeFileSync(part, gunzipSync(readFileSync(join(harness, 'simon.gz'))));
    chmodSync(part, 0o755);
    renameSync(part, path);
    return path;
  }
}
