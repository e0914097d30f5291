/**
 * @module traces/openb-trace
 * An openb node list and pod list loaded together and checked against each other.
 */
import type { NodeSpec, PodSpec, PodTable } from '../model/index.js';
import { checkGpuTypesExist, loadOpenbNodes, loadOpenbPods, loadOpenbPodTable } from './openb.js';

export interface OpenbTrace {
  readonly nodes: NodeSpec[];
  readonly pods: PodSpec[];
}

/** A trace whose pods are a table (see model/pod-table): what the simulator loads. */
export interface OpenbTraceTable {
  readonly nodes: NodeSpec[];
  readonly pods: PodTable;
}

/** File name of the GPU node list of the paper's cluster. */
export const OPENB_NODE_FILE = 'openb_node_list_gpu_node.csv';

/** File name of a pod list: `default` → `openb_pod_list_default.csv`. */
export function openbPodFile(workload: string): string {
  return `openb_pod_list_${workload}.csv`;
}

/** The paper's 17 traces (specs/fgd-reproduction.md §7.2). */
export const PAPER_WORKLOADS = [
  'default',
  'cpu050',
  'cpu100',
  'cpu200',
  'cpu250',
  'gpushare40',
  'gpushare60',
  'gpushare80',
  'gpushare100',
  'gpuspec10',
  'gpuspec20',
  'gpuspec25',
  'gpuspec33',
  'multigpu20',
  'multigpu30',
  'multigpu40',
  'multigpu50',
] as const;

export async function loadOpenbTrace(nodeFile: string, podFile: string): Promise<OpenbTrace> {
  const [nodes, podList] = await Promise.all([loadOpenbNodes(nodeFile), loadOpenbPods(podFile)]);
  checkGpuTypesExist(nodes, podList, podFile);
  return { nodes, pods: podList.pods };
}

/** {@link loadOpenbTrace} with the pods as a table: the same checks and messages, far fewer objects. */
export async function loadOpenbTraceTable(nodeFile: string, podFile: string): Promise<OpenbTraceTable> {
  const [nodes, podList] = await Promise.all([loadOpenbNodes(nodeFile), loadOpenbPodTable(podFile)]);
  checkGpuTypesExist(nodes, podList, podFile);
  return { nodes, pods: podList.table };
}
