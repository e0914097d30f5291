/**
 * @module server/simulations/limits
 * What one simulation request may ask of this service. These are the service's own capacity limits, beside the
 * run options' bounds (sim's option schemas, the same as the CLI's): a user's own machine may run bigger grids.
 */

/** Most grid cells one request may ask for (a paper run is ~0.1–1 s per cell on the openb trace). */
export const MAX_PAPER_CELLS = 200;
/** Largest synthetic workload and fleet a time run may ask for. */
export const MAX_TIME_PODS = 200_000;
export const MAX_TIME_DEVICES = 200_000;
/** Runs kept in memory; the oldest finished ones are dropped first. */
export const MAX_KEPT_RUNS = 50;
/** Plans queued or running at once: a submission beyond is refused (503) rather than waiting without bound. */
export const MAX_WAITING_PLANS = 4;
