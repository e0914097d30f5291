/**
 * @module model/units
 * Fixed units of the model. Device capacity is expressed in milli-devices ("GPU-milli", as the openb trace and
 * the FGD paper do): a whole device is 1000, a quarter-GPU sharing pod asks for 250.
 */

/** Capacity of one device in milli-devices. */
export const MILLI_PER_DEVICE = 1000;

/** Most pods a node may host (kube-scheduler's pod-count filter in the reference simulator; never binding). */
export const MAX_PODS_PER_NODE = 1001;
