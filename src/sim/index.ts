/**
 * @module sim
 * The Simulate pillar: the FGD paper protocol (one experiment, its series and CSVs, grids of them, published
 * means), the fleet-over-time simulator with its economics, seeds, and the tasks a service runs off its thread.
 */
export {
  default as runGridTask,
  type GridResult,
  type GridTask,
  type VariantGridResult,
} from './grid-task.js';
export { OffThread, type TaskFunction, type TaskPool } from './off-thread.js';
export { formatPaperCsv, PAPER_CSV_FILE, type PaperCsvKind, type PaperRow, paperRowOf } from './paper-csv.js';
export { runPaperExperiment } from './paper-experiment.js';
export { publishedMeans } from './paper-reference.js';
export { type PaperRunResult, type PaperVariantRunResult, runPaper } from './paper-run.js';
export {
  DefragMoves,
  DefragWorkLimit,
  type PaperDefragOptions,
  type PaperDefragSummary,
} from './paper-defrag.js';
export { paperSeries } from './paper-series.js';
export { fleetSetup, fleetSimInput } from './time/fleet-economics.js';
export {
  type PoolEconomics,
  runTimeSimulation,
  type TimedPod,
  type TimeSimResult,
} from './time/time-simulator.js';
export { refusePricedPolicies, type UnpricedPool } from './time/unpriced-pools.js';
export { default as runTimeTask, type TimeTask, type TimeTaskResult } from './time/time-task.js';
export { gridTasks, runGrid, runGridTasks, type GridSpec } from './experiment-grid.js';
export {
  COMPLETION_INDEX_VARIABLE,
  MAX_SHARDS,
  parseShard,
  type Shard,
  shardPositions,
} from './shard-spec.js';
export {
  checkedMerge,
  type MergedSweep,
  mergeShards,
  readShard,
  SHARD_MANIFEST_FILE,
  SHARD_RESULTS_FILE,
  type ShardFolder,
  type SweepCommand,
  type SweepInput,
  sweepInput,
  writeShard,
} from './shard-files.js';
export { GRID_TASK, runGridCellOffThread, runTimeTaskOffThread, TIME_TASK } from './off-thread-tasks.js';
export { parseSeeds } from './seeds.js';
export {
  BackfillDepth,
  type BoundedNumber,
  boundedNumber,
  FgdWeight,
  MAX_BACKFILL_DEPTH,
  MAX_TUNE,
  type NumberBounds,
  QueueDiscipline,
  ReferenceAccelerator,
  Seed,
  Tune,
} from './option-bounds.js';
export { MAX_SEEDS, PaperExperimentOptions, Seeds } from './paper-options.js';
export {
  DefragMaxMoves,
  DefragPeriodSec,
  MigrationCostSec,
  SyntheticWorkload,
  syntheticSpecText,
  TimeRunOptions,
} from './time-run-options.js';
export type {
  DefraggedTimeSimResult,
  DefragFigures,
  DefragTrigger,
  InitialFigures,
  TimeDefragSettings,
} from './time/time-simulator.js';
