/**
 * @module workload
 * Workloads over time: fitting openb statistics, generating synthetic workloads from them, and loading workload
 * files.
 */
export { loadWorkload, openSynthetic, type ReopenableWorkload, streamWorkloadSpec } from './load-workload.js';
export { fitOpenbStats, fitOpenbStatsFile } from './openb-stats.js';
export { generateWorkload, isSyntheticSpec, parseSyntheticSpec, streamWorkload } from './synthetic.js';
export { loadWorkloadFile } from './workload-file.js';
