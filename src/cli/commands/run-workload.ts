/**
 * @module cli/commands/run-workload
 * The pods `hyperfleet run` simulates, from `--workload` and `--initial`: a synthetic workload streamed into the
 * simulator (one pass per policy, memory following the live pods, not the run's millions; its typical workload
 * from a first pass), or a list — which the defragmenter's planner needs, and so do pods pinned by `--initial`
 * (placed from the list before the first arrival).
 */
import type { NodeSpec } from '../../model/index.js';
import type { runTimeSimulation, TimedPod } from '../../sim/index.js';

/** What a simulation takes as its pods: a list, or a stream read once. */
type SimulatedPods = Parameters<typeof runTimeSimulation>[0]['pods'];

export interface RunWorkloadOptions {
  readonly workload: string;
  readonly initial?: string;
  readonly stats?: string;
  readonly seed: number;
  /** Stretch a synthetic workload's durations to this load of the fleet's devices. */
  readonly target?: { readonly load: number; readonly devices: number };
  /** Whether the run needs a list of pods (the defragmenter's planner does). */
  readonly listed: boolean;
}

export interface RunWorkload {
  readonly description: string;
  /** Pods of the workload (not counting pinned ones), for progress. */
  readonly podCount: number;
  /** The pods for one simulation: the list, or a fresh pass of the stream. */
  readonly podsOf: () => SimulatedPods;
}

/** The workload of a run, streamed when nothing needs a list. */
export async function runWorkload(o: RunWorkloadOptions, nodes: readonly NodeSpec[]): Promise<RunWorkload> {
  const [{ isSyntheticSpec, loadWorkload, openSynthetic }, { typicalOfShapes }] = await Promise.all([
    import('../../workload/index.js'),
    import('../../policies/index.js'),
  ]);
  if (isSyntheticSpec(o.workload) && !o.listed && o.initial === undefined) {
    const streamed = await openSynthetic(o.workload, o.seed, o.stats, o.target);
    // The typical workload from a first pass that counts shapes only (no pod is made).
    const { shapes, counts, total } = streamed.shapeCounts();
    const typical = typicalOfShapes(shapes, counts, total);
    return {
      description: streamed.description,
      podCount: streamed.pods,
      podsOf: () => ({ stream: streamed.open(), expected: streamed.pods, typical }),
    };
  }
  const pinned = o.initial === undefined ? [] : await pinnedPods(o.initial, nodes);
  const listed = await loadWorkload(o.workload, o.seed, o.stats, o.target);
  const pods = pinned.length === 0 ? listed.pods : [...pinned, ...listed.pods];
  return { description: listed.description, podCount: listed.pods.length, podsOf: () => pods };
}

/** The pods of a placements file, pinned where they run (sim/time/pinned-pods); every record checked first. */
async function pinnedPods(file: string, nodes: readonly NodeSpec[]): Promise<TimedPod[]> {
  const { loadPlacementsFile } = await import('../../defrag/index.js');
  return loadPlacementsFile(file, nodes, '--initial').pods.map((p) => ({
    ...p.spec,
    arrivalSec: 0,
    durationSec: 0,
    pinned: { node: p.node, devices: p.devices },
  }));
}
