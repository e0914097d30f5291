/**
 * A stream of filter/bind cycles sent, as kube-scheduler would, to whichever `hyperfleet serve` replica decides: a
 * replica that answers 503 (a follower) or does not answer (killed) is left for the other one, and the pod's cycle
 * starts again there (after a short back-off, as kube-scheduler requeues a pod). Each bind answered with success
 * is recorded with the replica and leader epoch its answer carried and the wall-clock window of its cycle, so that
 * a test can check that nothing acknowledged was lost and that no two replicas decided at once.
 *
 * A pod whose cycle failed is not started again once the cluster shows it bound (`assigned`), as kube-scheduler's
 * error handler reads the pod again and does not requeue one with a node: a leader killed after its Binding but
 * before its answer leaves such a pod, which every later bind would be refused (the API server's 409) until the
 * pod's timeout.
 */
import type { Pod } from '../../src/schedule/kube-pod.js';

export interface AckedBind {
  readonly uid: string;
  readonly node: string;
  readonly replica: string;
  readonly epoch: string;
  /** The replica's base URL. */
  readonly via: string;
  /** When the cycle's filter was sent and when the bind's success came back (Date.now()). */
  readonly start: number;
  readonly end: number;
}

export interface StreamOptions {
  readonly replicas: readonly string[];
  readonly nodeNames: readonly string[];
  readonly pods: readonly { readonly uid: string; readonly pod: Pod }[];
  /** Concurrent cycles (kube-scheduler's is one; several stress the ordering). */
  readonly workers: number;
  /** Give up on a pod after this long without a decision (ms). */
  readonly podTimeoutMs?: number;
  /** Whether the cluster shows the pod bound (checked before a failed cycle starts again); never, by default. */
  readonly assigned?: (uid: string) => boolean;
  /** Called after each acknowledged bind. */
  readonly onAck?: (a: AckedBind) => void;
}

export interface StreamResult {
  readonly acked: AckedBind[];
  /** Pods no replica placed (unschedulable, or given up). */
  readonly notPlaced: string[];
  /** Pods bound in the cluster whose bind was never answered with success (the answer was lost). */
  readonly unanswered: string[];
  /** Calls answered 503 by a follower, or that failed at the transport (a killed replica). */
  readonly retries: number;
}

async function post(url: string, body: unknown): Promise<Response | undefined> {
  try {
    return await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(3000),
    });
  } catch {
    return undefined;
  }
}

export async function streamCycles(o: StreamOptions): Promise<StreamResult> {
  const acked: AckedBind[] = [];
  const notPlaced: string[] = [];
  const unanswered: string[] = [];
  let retries = 0;
  let target = 0;
  let next = 0;
  const cycle = async (uid: string, pod: Pod): Promise<void> => {
    const deadline = Date.now() + (o.podTimeoutMs ?? 20_000);
    for (let attempt = 0; Date.now() < deadline; attempt++) {
      if (attempt > 0 && o.assigned?.(uid)) {
        unanswered.push(uid);
        return;
      }
      const via = o.replicas[target];
      const start = Date.now();
      const filtered = await post(`${via}/extender/filter`, { Pod: pod, NodeNames: o.nodeNames });
      if (!filtered || filtered.status !== 200) {
        retries++;
        if (o.replicas[target] === via) target = (target + 1) % o.replicas.length;
        await new Promise((r) => setTimeout(r, 20));
        continue;
      }
      const f = (await filtered.json()) as { NodeNames: string[] | null; Error: string };
      const node = f.NodeNames?.[0];
      if (!node) {
        notPlaced.push(uid);
        return;
      }
      const bound = await post(`${via}/extender/bind`, {
        PodName: pod.metadata.name,
        PodNamespace: pod.metadata.namespace,
        PodUID: uid,
        Node: node,
      });
      if (!bound || bound.status !== 200) {
        retries++;
        if (o.replicas[target] === via) target = (target + 1) % o.replicas.length;
        continue;
      }
      const b = (await bound.json()) as { Error: string };
      if (b.Error !== '') continue; // e.g. the reservation was lost with a leader change: filter again
      const ack: AckedBind = {
        uid,
        node,
        via,
        replica: bound.headers.get('hyperfleet-replica') ?? '',
        epoch: bound.headers.get('hyperfleet-leader-epoch') ?? '',
        start,
        end: Date.now(),
      };
      acked.push(ack);
      o.onAck?.(ack);
      return;
    }
    notPlaced.push(uid);
  };
  const worker = async (): Promise<void> => {
    while (next < o.pods.length) {
      const { uid, pod } = o.pods[next++];
      await cycle(uid, pod);
    }
  };
  await Promise.all(Array.from({ length: o.workers }, worker));
  return { acked, notPlaced, unanswered, retries };
}

/** Device milli used per `node/device`, recounted from placements. */
export function deviceUse(
  placements: readonly { node: string; devices: readonly number[]; milliPerDevice: number }[],
): Map<string, number> {
  const used = new Map<string, number>();
  for (const p of placements) {
    for (const d of p.devices)
      used.set(`${p.node}/${d}`, (used.get(`${p.node}/${d}`) ?? 0) + p.milliPerDevice);
  }
  return used;
}

/**
 * Whether two leaderships overlapped: for each epoch, the window from its first cycle's start to its last
 * success; every epoch must be one replica's, and each window must end before the next epoch's starts.
 */
export function leadershipWindows(acked: readonly AckedBind[]): {
  epoch: number;
  replicas: string[];
  first: number;
  last: number;
}[] {
  const by = new Map<number, AckedBind[]>();
  for (const a of acked) by.set(Number(a.epoch), [...(by.get(Number(a.epoch)) ?? []), a]);
  return [...by.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([epoch, list]) => ({
      epoch,
      replicas: [...new Set(list.map((a) => a.replica))],
      first: Math.min(...list.map((a) => a.start)),
      last: Math.max(...list.map((a) => a.end)),
    }));
}
