/**
 * @module sim/time/tally
 * The counts of a time simulation's outcome: rejections by reason, preemptions, pods done (finished or
 * rejected, reported to the progress callback) and the time of the last departure.
 */

/** Progress is reported about every hundredth of the pods. */
const PROGRESS_STEPS = 100;

export class Tally {
  rejected = 0;
  readonly rejections = new Map<string, number>();
  preemptions = 0;
  /** Pods that finished or were rejected. */
  done = 0;
  lastDeparture = 0;
  private readonly total: number;
  private readonly progressEvery: number;
  private readonly onProgress: ((done: number, total: number) => void) | undefined;

  constructor(total: number, onProgress?: (done: number, total: number) => void) {
    this.total = total;
    this.progressEvery = Math.max(1, Math.floor(total / PROGRESS_STEPS));
    this.onProgress = onProgress;
  }

  /** A pod that can never be placed, and why. */
  reject(reason: string): void {
    this.rejected++;
    this.rejections.set(reason, (this.rejections.get(reason) ?? 0) + 1);
    this.done++;
  }

  /** A pod that finished its run at `time`. */
  departed(time: number): void {
    this.lastDeparture = time;
    this.done++;
    if (this.done % this.progressEvery === 0) this.onProgress?.(this.done, this.total);
  }

  /** The run is over: every pod is accounted for. */
  finished(): void {
    this.onProgress?.(this.total, this.total);
  }

  /** Rejection reasons, most frequent first. */
  rejectionCounts(): Record<string, number> {
    return Object.fromEntries([...this.rejections.entries()].sort((a, b) => b[1] - a[1]));
  }
}
