/**
 * @module fleet
 * The fleet: fleet files (YAML/JSON, validated with zod and located to file:line:field), their expansion into
 * nodes, their summary, and conversions from the openb node list and the spot-GPU node trace.
 */
export type { CatalogLookup } from './catalog-lookup.js';
export { type Conversion, parseModelMap } from './convert-common.js';
export { loadFleetFile, parseFleetText, stringifyFleet, unknownAcceleratorIssue } from './fleet-file.js';
export { FLEET_DEFAULTS, rentUsdPerNodeHour } from './fleet-schema.js';
export { formatFleetSummary, summarizeFleet } from './fleet-summary.js';
export { type ExpandedFleet, expandFleet, type Fleet } from './fleet.js';
export { fleetFromOpenbFile } from './from-openb.js';
export { DEFAULT_GIB_PER_VCPU, fleetFromSpotFile } from './from-spot.js';
export { fleetFromLiveNodes, type LiveConversion } from './from-live.js';
export { fleetToDocument, type FleetFileInput, validateFleet } from './fleet-schema.js';
