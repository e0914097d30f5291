/**
 * @module server/api/placements
 * Where bound pods run: the list, and a pod that left.
 */
import { z } from 'zod';
import { apiRoute } from './route-contract.js';

/** Where a bound pod runs and on which devices. */
export const Placement = z.strictObject({
  namespace: z.string(),
  name: z.string(),
  uid: z.string(),
  node: z.string(),
  devices: z.array(z.number().int()).describe('device indices within the node; empty for CPU-only pods'),
  milliPerDevice: z.number().int().describe('milli held on each device (1000 = whole devices)'),
  profile: z
    .string()
    .optional()
    .describe('the partition held on each device (MIG profile such as 3g.40gb, vNPU template such as 4c)'),
  cpuMilli: z.number(),
  memMiB: z.number(),
  gpuModels: z.array(z.string()).optional().describe('device models the pod accepts (absent: any)'),
  qos: z.string().optional().describe('Kubernetes QoS class (Guaranteed, Burstable, BestEffort), when known'),
  annotations: z
    .record(z.string(), z.string())
    .optional()
    .describe("the pod's hyperfleet.io/ annotations (move-cost, movable), when it has any"),
  owner: z
    .string()
    .optional()
    .describe("kind of the pod's controller, when known (DaemonSet pods never move)"),
  localStorage: z.boolean().optional().describe('the pod mounts emptyDir or hostPath volumes (never moved)'),
  boundAt: z.number().describe('Unix milliseconds when bound'),
});

export const PodParams = z.object({ namespace: z.string(), name: z.string() });

export const placementRoutes = {
  list: apiRoute({
    method: 'GET',
    url: '/v1/placements',
    tag: 'fleet',
    summary: 'Every placement: pod, node, devices and milli per device',
    responses: {
      200: z.strictObject({ placements: z.array(Placement), gpuAllocationPercent: z.number() }),
    },
  }),
  release: apiRoute({
    method: 'DELETE',
    url: '/v1/placements/:namespace/:name',
    tag: 'fleet',
    summary: 'A pod left: free its devices',
    params: PodParams,
    responses: { 200: z.strictObject({ released: Placement }) },
    refusals: [404],
  }),
};
