/**
 * @module schedule/hami
 * HAMi's device-sharing protocol (`hyperfleet serve --device-protocol hami`): node registrations, pod requests,
 * and the allocation annotations HAMi's device plugins read. See schedule/hami/hami-protocol and docs/hami.md.
 */
export { allocationAnnotations, encodePodDevices, type PodAllocation } from './allocation-annotations.js';
export { type HamiNodeDevices, type HamiNodeReading, hamiTypeModel, readHamiNode } from './hami-node.js';
export { HamiProtocol } from './hami-protocol.js';
export { HAMI_VENDORS, type HamiVendor } from './hami-vendors.js';
export { type HamiDevice, parseNodeRegister } from './node-register.js';
export { milliOf, readHamiRequest, type HamiPodRequest } from './pod-request.js';
