/**
 * @module sim/time/waiting-queue
 * Pods waiting for room, one FIFO line per priority level, served highest level first. Two disciplines:
 * - `fifo`: strict order — a pass stops at the first pod that does not start, and lower levels wait while a
 *   higher one is blocked; a new pod may not overtake waiting pods of its level or above;
 * - `backfill`: a pass goes on past pods that do not start, trying up to `depth` of them per level.
 */
import { PRIORITY_LEVELS } from './qos.js';
import type { QueueDiscipline } from './time-sim-input.js';

/** Tries to start waiting pod `pod` of priority `level`; true when it started (and leaves the queue). */
export type StartAttempt = (pod: number, level: number) => boolean;

/** Past this many served entries at the head of a line (and half of it), the line is compacted. */
const COMPACT_AFTER = 4096;

export class WaitingQueue {
  readonly discipline: QueueDiscipline;
  readonly depth: number;
  /** Per level: the pods in arrival order; a served pod leaves a −1 until the line is compacted. */
  private readonly lines: number[][] = Array.from({ length: PRIORITY_LEVELS }, () => []);
  /** Per level: the index of the first entry that may still wait. */
  private readonly heads = new Int32Array(PRIORITY_LEVELS);
  private count = 0;

  constructor(discipline: QueueDiscipline, depth: number) {
    this.discipline = discipline;
    this.depth = depth;
  }

  /** Number of pods waiting. */
  get size(): number {
    return this.count;
  }

  add(pod: number, level: number): void {
    this.lines[level].push(pod);
    this.count++;
  }

  /** Whether a pod of `level` that just arrived may try to start before the waiting pods. */
  mayOvertake(level: number): boolean {
    if (this.discipline !== 'fifo') return true;
    for (let l = level; l < PRIORITY_LEVELS; l++) if (this.lines[l].length > this.heads[l]) return false;
    return true;
  }

  /**
   * One pass over the waiting pods, highest level first, calling `attempt` on each in order (it may add pods,
   * e.g. those it evicts). Returns the pods that started, in the order they started.
   */
  serve(attempt: StartAttempt): number[] {
    const started: number[] = [];
    for (let level = PRIORITY_LEVELS - 1; level >= 0 && this.count > 0; level--) {
      const blocked = this.serveLevel(level, attempt, started);
      // Strict FIFO across levels too: lower levels wait while a higher one is blocked.
      if (blocked && this.discipline === 'fifo') break;
    }
    return started;
  }

  /** Serves one level; returns whether some pod of it could not start. */
  private serveLevel(level: number, attempt: StartAttempt, started: number[]): boolean {
    const line = this.lines[level];
    let tried = 0;
    let blocked = false;
    for (let k = this.heads[level]; k < line.length; k++) {
      const pod = line[k];
      if (pod < 0) continue;
      if (attempt(pod, level)) {
        line[k] = -1;
        this.count--;
        started.push(pod);
        continue;
      }
      blocked = true;
      if (this.discipline === 'fifo' || ++tried >= this.depth) break;
    }
    this.compact(level);
    return blocked;
  }

  /** Moves the head past served entries, and drops them once they are many. */
  private compact(level: number): void {
    const line = this.lines[level];
    while (this.heads[level] < line.length && line[this.heads[level]] < 0) this.heads[level]++;
    if (this.heads[level] > COMPACT_AFTER && this.heads[level] * 2 > line.length) {
      line.splice(0, this.heads[level]);
      this.heads[level] = 0;
    }
  }
}
