/**
 * @module traces
 * Public traces: the Alibaba openb CSV loaders and writers, where the files are (shared copy, download cache),
 * downloading them, and the built-in synthetic openb-like trace.
 */
export {
  defaultBaseUrl,
  type FetchEvent,
  fetchOpenbFiles,
  type FetchResult,
  openbFileSet,
} from './download.js';
export { findOpenbFile, openbCacheDir, openbDir, projectRoot, sharedTracesDir } from './locate.js';
export { formatOpenbNodes, formatOpenbPods } from './openb-format.js';
export {
  loadOpenbTrace,
  loadOpenbTraceTable,
  OPENB_NODE_FILE,
  openbPodFile,
  type OpenbTraceTable,
  PAPER_WORKLOADS,
} from './openb-trace.js';
export { loadOpenbNodes, loadOpenbPods, loadOpenbPodTable, type OpenbPodList } from './openb.js';
export { syntheticOpenbTrace } from './synthetic-openb.js';
