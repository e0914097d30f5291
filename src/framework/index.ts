/**
 * @module framework
 * One scheduling cycle shared by every caller (paper protocol, time simulator, live service, what-if): resource
 * fit with every reason, filter → score → normalise → pick with the policy, and the per-node fragmentation tracker.
 */
export { EmptyFleetFit, fits, fitsEmptyNode, modelFits, unfitReasons } from './fit.js';
export { FragTracker } from './frag-tracker.js';
export { type ScheduleOutcome, Scheduler } from './scheduler.js';
