/**
 * @module schedule/snapshot
 * A snapshot of the live fleet as the simulators read it (`GET /v1/snapshot`, `hyperfleet fleet snapshot`): the
 * nodes as a fleet file that keeps their names (fleet/from-live), the bound pods as placement records (the
 * entries of `GET /v1/placements`, which `hyperfleet run --initial` and `hyperfleet defrag --placements` read),
 * and the same pods as an openb pod list for a workload. Reservations (filtered, not yet bound) are not running
 * pods and are only counted; CPU-only nodes, which a fleet file cannot hold, are left out with the pods on them.
 */
import type { CatalogLookup, FleetFileInput } from '../fleet/index.js';
import { fleetFromLiveNodes, fleetToDocument } from '../fleet/index.js';
import { placementPodSpec } from '../defrag/index.js';
import { MILLI_PER_DEVICE, type NodeSpec, type PodSpec } from '../model/index.js';
import type { Placement } from './placements.js';

export interface LiveSnapshot {
  /** When it was taken (ISO 8601). */
  readonly takenAt: string;
  /** A fleet file (docs/cli.md#fleet-files) of the nodes with devices, their names kept in `nodeNames`. */
  readonly fleet: FleetFileInput;
  /** The bound pods on the fleet's nodes. */
  readonly placements: readonly Placement[];
  /** Device milli the placements hold / device capacity of the fleet, in %. */
  readonly gpuAllocationPercent: number;
  /** Pods filtered onto a node and not bound yet: not in the snapshot. */
  readonly reservations: number;
  /** What the fleet file cannot hold: CPU-only nodes and the pods bound to them. */
  readonly skipped: {
    readonly nodes: readonly string[];
    readonly placements: readonly { namespace: string; name: string; node: string }[];
  };
  /** Guesses the fleet depends on (an undisclosed model's catalog id), one sentence each. */
  readonly assumptions: readonly string[];
}

export interface SnapshotOptions {
  /** Accelerator catalog: a node model that is a catalog id maps to itself. */
  readonly catalog?: CatalogLookup;
  /** Node model → catalog id, for models that are neither catalog ids nor openb types. */
  readonly map?: Readonly<Record<string, string>>;
  /** Clock (Unix ms), for tests. */
  readonly now?: number;
}

/**
 * The snapshot of `nodes` and the `placements` bound on them. Throws an InputError when a node model has no
 * catalog id (the caller names the option that maps it) or no node has devices.
 */
export function takeSnapshot(
  nodes: readonly NodeSpec[],
  placements: readonly Placement[],
  reservations: number,
  options: SnapshotOptions = {},
): LiveSnapshot {
  const conversion = fleetFromLiveNodes(nodes, {
    ...(options.catalog ? { catalog: options.catalog } : {}),
    ...(options.map ? { map: options.map } : {}),
  });
  const skippedNodes = new Set(conversion.skippedNodeNames);
  const kept = placements.filter((p) => !skippedNodes.has(p.node));
  const capacity = nodes.reduce((sum, n) => sum + n.gpuCount * MILLI_PER_DEVICE, 0);
  const used = kept.reduce((sum, p) => sum + p.devices.length * p.milliPerDevice, 0);
  return {
    takenAt: new Date(options.now ?? Date.now()).toISOString(),
    fleet: fleetToDocument(conversion.fleet),
    placements: kept,
    gpuAllocationPercent: capacity === 0 ? 0 : (100 * used) / capacity,
    reservations,
    skipped: {
      nodes: conversion.skippedNodeNames,
      placements: placements
        .filter((p) => skippedNodes.has(p.node))
        .map((p) => ({ namespace: p.namespace, name: p.name, node: p.node })),
    },
    assumptions: conversion.assumptions,
  };
}

/**
 * The placements as pods of an openb pod list (named `namespace/name`, the request `run --initial` pins:
 * defrag/running-pods), for a workload the simulators re-decide:
 * each created when it was bound and deleted at `takenAtMs` — the time it has run so far, which is all a snapshot
 * knows (the workload reader flags pods ending at the file's last time as censored).
 */
export function snapshotPods(placements: readonly Placement[], takenAtMs: number): PodSpec[] {
  const seconds = (ms: number) => Math.floor(ms / 1000);
  return placements.map((p) => ({
    ...placementPodSpec(p),
    creationTimeSec: seconds(p.boundAt),
    scheduledTimeSec: seconds(p.boundAt),
    deletionTimeSec: Math.max(seconds(p.boundAt), seconds(takenAtMs)),
  }));
}
