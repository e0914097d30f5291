/**
 * @module plan
 * The Plan pillar (which accelerators to buy). So far: the per-chip LLM performance model behind `hyperfleet perf`
 * and the requests/s one node serves at an SLO, which the optimiser's capacity figures rest on.
 */
export { BUILTIN_MODELS } from './perf/builtin-models.js';
export {
  calibrate,
  calibrationMarkdown,
  GENERATED_BEGIN,
  GENERATED_END,
  type Calibration,
} from './perf/calibration.js';
export { PRECISIONS, type Precision } from './perf/chip-figures.js';
export {
  ENGINES,
  loadEfficiencyFile,
  TRTLLM_FIT,
  type EfficiencyOverride,
  type Engine,
} from './perf/efficiency.js';
export { perf, type PerfQuery, type PerfResult } from './perf/inference-perf.js';
export { getModel, loadModels, type ModelRegistry } from './perf/model-registry.js';
export type { ModelSpec } from './perf/model-spec.js';
export { sloCapacity, type SloCapacity, type SloCapacityQuery } from './perf/slo-capacity.js';
export { trainingSpeed } from './perf/training-speed.js';
