/**
 * @module catalog
 * The accelerator catalog: sourced figures per model (accelerators), sharing modes and request rounding (sharing),
 * and loading, merging and lookup (catalog). Import from here unless you need one module's internals.
 */
export {
  buildCatalog,
  getAccelerator,
  KEBAB_ID,
  loadCatalog,
  openbAccelerator,
  type Catalog,
  type LookupContext,
} from './catalog.js';
export {
  BUILTIN_ACCELERATORS,
  DEFAULT_IDLE_FRACTION_OF_TDP,
  OPENB_GPU_TYPES,
  type TraceGpuType,
} from './accelerators.js';
export {
  BUILTIN_SHARING,
  describeSharing,
  roundRequest,
  sliceMilli,
  type PartitionProfile,
  type RoundResult,
  type Sharing,
  type SharingMode,
} from './sharing.js';
export {
  builtinPartitions,
  builtinPartitionSets,
  memorySlices,
  partitionFootprint,
  type PartitionSet,
} from './partition-sets.js';
export { ASCEND_VNPU_SHARING } from './vnpu-templates.js';
export { relativeSpeed, SPEED_FIGURE, type WorkKind } from './device-speed.js';
export {
  FIGURES,
  FIGURE_UNITS,
  figureValue,
  type Accelerator,
  type Assumption,
  type Figure,
  type FigureRange,
  type Provenance,
  type ScaleUp,
  type Sources,
} from './types.js';
