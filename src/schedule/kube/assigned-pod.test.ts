/**
 * A pod the API server shows bound after a refused Binding (schedule/kube/assigned-pod) is read and counted as the
 * sync (schedule/kube/reconcile) reads and counts a pod it sees bound: the same pod told to the sink, the same
 * report of an ignored device annotation, the same text for a request that cannot be read.
 */
import { describe, expect, it } from 'vitest';
import { kubeNode } from '../../../test/support/fake-apiserver.js';
import { DEFAULT_RESOURCE_MODELS } from '../resource-models.js';
import { countAssignedPod } from './assigned-pod.js';
import type { BoundPod, KubeSink, SinkOutcome } from './kube-sink.js';
import { KubeReconciler } from './reconcile.js';

/** Records what it is told of pods; nodes are accepted. */
class PodSink implements KubeSink {
  readonly bound: BoundPod[] = [];
  readonly gone: string[] = [];
  upsertNode(): SinkOutcome {}
  deleteNode(): SinkOutcome {}
  podBound(p: BoundPod): SinkOutcome {
    this.bound.push(p);
  }
  podGone(p: { uid: string }): SinkOutcome {
    this.gone.push(p.uid);
  }
}

/** A pod bound to n1 asking for `ppu` devices, with a device annotation when `devices` is given. */
function boundPod(name: string, ppu: string, devices?: string, phase = 'Running') {
  return {
    metadata: {
      name,
      namespace: 'ml',
      uid: `uid-${name}`,
      annotations: devices === undefined ? {} : { 'hyperfleet.io/gpu-devices': devices },
    },
    spec: {
      nodeName: 'n1',
      containers: [{ name: 'c', resources: { requests: { cpu: '1', 'aliyun.com/ppu': ppu } } }],
    },
    status: { phase },
  };
}

/** What the sync reports and tells its sink of `pod`. */
function bySync(pod: unknown) {
  const sink = new PodSink();
  const reports: string[] = [];
  const reconciler = new KubeReconciler(sink, DEFAULT_RESOURCE_MODELS, (m) => reports.push(m));
  reconciler.node(kubeNode('n1', { 'aliyun.com/ppu': '8' }));
  reconciler.pod(pod);
  return { bound: sink.bound, reports };
}

/** What the 409 path reports (its log, then a refusal's reason) and tells its sink of `pod`. */
function byAssigned(pod: unknown) {
  const sink = new PodSink();
  const reports: string[] = [];
  const outcome = countAssignedPod(sink, pod, 'n1', DEFAULT_RESOURCE_MODELS, (m) => reports.push(m));
  if (!outcome.ok) reports.push(outcome.reason);
  return { bound: sink.bound, reports, outcome, gone: sink.gone };
}

describe('countAssignedPod', () => {
  it('reports a device annotation that is not a list of indices, as the sync does, and counts the pod', () => {
    const pod = boundPod('p', '1', 'zero');
    const assigned = byAssigned(pod);
    expect(assigned.outcome).toEqual({ ok: true });
    expect(assigned.reports).toEqual([
      'pod ml/p: annotation hyperfleet.io/gpu-devices="zero" is not a list of device indices; ignored',
    ]);
    expect(assigned.bound).toMatchObject([{ uid: 'uid-p', node: 'n1', spec: { gpuCount: 1 } }]);
    expect(assigned.bound[0].devices).toBeUndefined(); // the policy picks them
    // what the service held for the UID is dropped first
    expect(assigned.gone).toEqual(['uid-p']);
    expect({ bound: assigned.bound, reports: assigned.reports }).toEqual(bySync(pod));
  });

  it('counts, reports or refuses every pod as the sync does', () => {
    const pods = [
      boundPod('annotated', '2', '3,5'),
      boundPod('plain', '1'),
      boundPod('bad-annotation', '1', '1,1'),
      boundPod('unreadable', 'lots'),
    ];
    for (const pod of pods) {
      const { bound, reports } = byAssigned(pod);
      expect({ bound, reports }, pod.metadata.name).toEqual(bySync(pod));
    }
    expect(byAssigned(pods[0]).bound[0].devices).toEqual([3, 5]);
    expect(byAssigned(pods[3]).outcome).toMatchObject({
      ok: false,
      kind: 'conflict',
      reason: expect.stringMatching(/^pod ml\/unreadable on node n1 not counted: .*"lots"/),
    });
  });

  it('a finished pod is dropped and not counted', () => {
    const done = byAssigned(boundPod('done', '1', '0', 'Succeeded'));
    expect(done).toMatchObject({ outcome: { ok: true }, bound: [], reports: [], gone: ['uid-done'] });
  });
});
