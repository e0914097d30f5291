/**
 * The reconcile of what the API server reports with a sink, without an API server: objects are handed to the
 * reconciler as the list and watch would. test/e2e/kube-sync covers the same through client-node and a fake API
 * server; this pins what is awkward to provoke there: status heartbeats, warnings repeated by every update, sink
 * refusals and failures, and the order of calls when a node and its pods go.
 */
import { describe, expect, it } from 'vitest';
import { refuse } from '../../errors/index.js';
import type { NodeSpec } from '../../model/index.js';
import { kubeNode } from '../../../test/support/fake-apiserver.js';
import { DEFAULT_RESOURCE_MODELS } from '../resource-models.js';
import type { BoundPod, KubeSink, SinkOutcome } from './kube-sink.js';
import { KubeReconciler } from './reconcile.js';

class RecordingSink implements KubeSink {
  readonly calls: string[] = [];
  /** The outcome of the next podBound calls (default: accepted). */
  podBoundOutcome: () => SinkOutcome = () => undefined;
  upsertNode(node: NodeSpec): SinkOutcome {
    this.calls.push(`node ${node.name} ${node.gpuCount}`);
  }
  deleteNode(name: string): SinkOutcome {
    this.calls.push(`delete node ${name}`);
  }
  podBound(p: BoundPod): SinkOutcome {
    this.calls.push(
      `bound ${p.namespace}/${p.name} on ${p.node}${p.devices ? ` [${p.devices.join(',')}]` : ''}`,
    );
    return this.podBoundOutcome();
  }
  podGone(p: { uid: string; namespace: string; name: string }): SinkOutcome {
    this.calls.push(`gone ${p.namespace}/${p.name}`);
  }
}

function pod(name: string, node: string | undefined, extra: { phase?: string; devices?: string } = {}) {
  return {
    metadata: {
      name,
      namespace: 'ml',
      uid: `uid-${name}`,
      annotations: extra.devices === undefined ? {} : { 'hyperfleet.io/gpu-devices': extra.devices },
    },
    spec: {
      ...(node ? { nodeName: node } : {}),
      containers: [
        { name: 'c', resources: { requests: { cpu: '1', memory: '1Gi', 'aliyun.com/ppu': '1' } } },
      ],
    },
    status: { phase: extra.phase ?? 'Running' },
  };
}

function setup() {
  const sink = new RecordingSink();
  const issues: string[] = [];
  const reconciler = new KubeReconciler(sink, DEFAULT_RESOURCE_MODELS, (m) => issues.push(m));
  return { sink, issues, reconciler };
}

describe('KubeReconciler', () => {
  it('tells the sink of a node only when its capacity changes, and of its warnings once per change', () => {
    const { sink, issues, reconciler } = setup();
    const gpu = kubeNode('g1', { 'nvidia.com/gpu': '8' });
    reconciler.node(gpu);
    reconciler.node(structuredClone(gpu)); // a status heartbeat: same spec, same warning
    expect(sink.calls).toEqual(['node g1 8']);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatch(/^node g1: no model for its nvidia.com\/gpu devices/);
    reconciler.node(kubeNode('g1', { 'nvidia.com/gpu': '8' }, { 'nvidia.com/gpu.product': 'NVIDIA-H20' }));
    reconciler.node(kubeNode('g1', { 'nvidia.com/gpu': '4' }, { 'nvidia.com/gpu.product': 'NVIDIA-H20' }));
    expect(sink.calls).toEqual(['node g1 8', 'node g1 8', 'node g1 4']);
    expect(issues).toHaveLength(1); // the model is known now: no warning
    reconciler.node({ metadata: { name: 'broken' }, status: { allocatable: { cpu: 'lots' } } });
    expect(issues[1]).toMatch(/^node broken not read: /);
    expect(reconciler.counts().nodes).toBe(1);
  });

  it('counts a bound pod once; a finished or deleted pod is gone once; pending pods are not counted', () => {
    const { sink, reconciler } = setup();
    reconciler.node(kubeNode('n1', { 'aliyun.com/ppu': '8' }));
    reconciler.pod(pod('pending', undefined));
    reconciler.pod(pod('a', 'n1', { devices: '2' }));
    reconciler.pod(pod('a', 'n1', { devices: '2' })); // an update of a counted pod
    reconciler.pod(pod('b', 'n1'));
    reconciler.pod(pod('a', 'n1', { phase: 'Succeeded' }));
    reconciler.podDeleted(pod('a', 'n1'));
    reconciler.podDeleted(pod('b', 'n1'));
    reconciler.podDeleted(pod('b', 'n1'));
    expect(sink.calls).toEqual([
      'node n1 8',
      'bound ml/a on n1 [2]',
      'bound ml/b on n1',
      'gone ml/a',
      'gone ml/b',
    ]);
    expect(reconciler.counts()).toEqual({ nodes: 1, pods: 0, unreadablePods: 0, waitingForNode: 0 });
  });

  it('reports sink refusals and failures, a bad device annotation, and carries on', () => {
    const { sink, issues, reconciler } = setup();
    reconciler.node(kubeNode('n1', { 'aliyun.com/ppu': '8' }));
    sink.podBoundOutcome = () => refuse('conflict', 'does not fit');
    reconciler.pod(pod('big', 'n1'));
    sink.podBoundOutcome = () => {
      throw new Error('disk I/O error');
    };
    reconciler.pod(pod('unlucky', 'n1', { devices: 'zero' }));
    sink.podBoundOutcome = () => undefined;
    reconciler.pod(pod('fine', 'n1'));
    expect(issues).toEqual([
      'pod ml/big on node n1: does not fit',
      'pod ml/unlucky: annotation hyperfleet.io/gpu-devices="zero" is not a list of device indices; ignored',
      'pod ml/unlucky on node n1: disk I/O error',
    ]);
    expect(sink.calls.at(-1)).toBe('bound ml/fine on n1');
  });

  it('a deleted node takes its pods first; pods waiting for a node are handed over when it comes', () => {
    const { sink, issues, reconciler } = setup();
    reconciler.pod(pod('early', 'n2'));
    expect(reconciler.counts().waitingForNode).toBe(1);
    reconciler.reportWaiting();
    expect(issues).toEqual(['pods bound to node n2, which the API server does not list, wait for it']);
    reconciler.node(kubeNode('n2', { 'aliyun.com/ppu': '8' }));
    reconciler.pod(pod('late', 'n2'));
    reconciler.nodeDeleted(kubeNode('n2', {}));
    reconciler.nodeDeleted(kubeNode('never-seen', {}));
    expect(sink.calls).toEqual([
      'node n2 8',
      'bound ml/early on n2',
      'bound ml/late on n2',
      'gone ml/early',
      'gone ml/late',
      'delete node n2',
    ]);
  });

  it('hands the initial nodes over in one batch when the sink takes one, then one by one', () => {
    const batches: string[][] = [];
    const sink = new RecordingSink();
    const batching = Object.assign(sink, {
      upsertNodes: (nodes: readonly NodeSpec[]) => void batches.push(nodes.map((n) => n.name)),
    });
    const reconciler = new KubeReconciler(batching, DEFAULT_RESOURCE_MODELS, () => undefined);
    reconciler.node(kubeNode('a', { 'aliyun.com/ppu': '8' }));
    reconciler.node(kubeNode('b', { 'aliyun.com/ppu': '8' }));
    reconciler.nodeDeleted(kubeNode('b', {}));
    expect(sink.calls).toEqual([]);
    reconciler.initialNodesListed();
    expect(batches).toEqual([['a']]);
    reconciler.node(kubeNode('c', { 'aliyun.com/ppu': '8' }));
    expect(sink.calls).toEqual(['node c 8']);
    expect(batches).toHaveLength(1);
  });

  it('without a batch call, the initial nodes go to the sink one by one at once', () => {
    const { sink, reconciler } = setup();
    reconciler.node(kubeNode('d', { 'aliyun.com/ppu': '8' }));
    expect(sink.calls).toEqual(['node d 8']);
    reconciler.initialNodesListed();
    expect(sink.calls).toEqual(['node d 8']);
  });
});
