/**
 * @module sim/time/live-slots
 * The pods of a streamed workload (pod-stream) that are live — arrived, and waiting, running, or with a departure
 * still pending — each in a slot. The simulator's per-pod state (pod-runs, the events' pod numbers, the waiting
 * queue) is indexed by slot, and a slot is reused once its pod is done: memory follows the pods live at once,
 * not the pods of the run. A pod is done when it was rejected or left for good *and* no departure of it is still
 * queued (a run cut short by an eviction leaves a stale departure behind, which must not end the slot's next pod).
 */
import type { TimedPod } from './time-sim-input.js';

export class LiveSlots {
  /** The pod in each slot (a reused slot's former pod until then). */
  readonly pods: TimedPod[] = [];
  /** Pods admitted so far. */
  admitted = 0;
  /** Position of each slot's pod in the stream: the pod's identity where the simulator breaks ties by pod. */
  private ordinals = new Float64Array(1024);
  /** Departures of each slot's pod queued and not yet handled. */
  private pending = new Int32Array(1024);
  /** 1 once the slot's pod left for good (or was rejected). */
  private left = new Uint8Array(1024);
  private readonly free: number[] = [];

  /** Number of slots ever used (the live pods' high-water mark). */
  get capacity(): number {
    return this.pods.length;
  }

  /** Takes a slot for `pod`, the next pod of the stream. */
  admit(pod: TimedPod): number {
    const slot = this.free.length > 0 ? this.free.pop()! : this.pods.length;
    if (slot === this.ordinals.length) this.grow();
    this.pods[slot] = pod;
    this.ordinals[slot] = this.admitted++;
    this.pending[slot] = 0;
    this.left[slot] = 0;
    return slot;
  }

  ordinalOf(slot: number): number {
    return this.ordinals[slot];
  }

  /** Whether the slot's pod is live (not yet left for good). */
  isLive(slot: number): boolean {
    return this.left[slot] === 0;
  }

  /** A departure of the slot's pod was queued. */
  departureQueued(slot: number): void {
    this.pending[slot]++;
  }

  /** A departure of the slot's pod was handled; true when that makes the slot free. */
  departureHandled(slot: number): boolean {
    return --this.pending[slot] === 0 && this.left[slot] === 1 && this.release(slot);
  }

  /** The slot's pod left for good; true when the slot is free (no departure of it is queued any more). */
  podLeft(slot: number): boolean {
    this.left[slot] = 1;
    return this.pending[slot] === 0 && this.release(slot);
  }

  private release(slot: number): boolean {
    this.free.push(slot);
    return true;
  }

  private grow(): void {
    const n = this.ordinals.length * 2;
    const ordinals = new Float64Array(n);
    ordinals.set(this.ordinals);
    this.ordinals = ordinals;
    const pending = new Int32Array(n);
    pending.set(this.pending);
    this.pending = pending;
    const left = new Uint8Array(n);
    left.set(this.left);
    this.left = left;
  }
}
