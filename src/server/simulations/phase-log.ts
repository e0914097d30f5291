/**
 * @module server/simulations/phase-log
 * The phases of a run as a client polls them: the one running now, and those finished so far with the seconds
 * each took (a plan's reading, solving, checking…, as `hyperfleet plan` prints a line for). Times are this
 * service's clock when each phase's report arrives, so they include the hop from the worker thread (well under a
 * millisecond: the service's event loop is free while a plan runs off it).
 */

/** What of a run the log writes. */
export interface PhasedRun<Phase> {
  phase?: Phase | undefined;
  /** What the phase running works on (a plan's scenario), when it says. */
  phaseDetail?: string | undefined;
  phases: { phase: Phase; detail?: string; seconds: number }[];
}

export class PhaseLog<Phase> {
  private startedMs = 0;

  constructor(
    private readonly run: PhasedRun<Phase>,
    /** Milliseconds, monotonic (a test's own clock). */
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** `phase` starts (on `detail`, if given): the one before it ends. */
  start(phase: Phase, detail?: string): void {
    this.end();
    this.run.phase = phase;
    this.run.phaseDetail = detail;
    this.startedMs = this.now();
  }

  /** The phase running ends (the run finished or failed); nothing runs after it. */
  end(): void {
    const { phase, phaseDetail: detail } = this.run;
    if (phase === undefined) return;
    // Milliseconds are all a client can use of it; rounding keeps the JSON short.
    const seconds = Math.round(this.now() - this.startedMs) / 1000;
    this.run.phases.push(detail === undefined ? { phase, seconds } : { phase, detail, seconds });
    this.run.phase = undefined;
    this.run.phaseDetail = undefined;
  }
}
