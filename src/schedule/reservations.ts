/**
 * @module schedule/reservations
 * The devices held for pods that filter placed and that are not bound yet, by pod UID.
 *
 * Why reservations exist: kube-scheduler runs a pod's binding cycle asynchronously, so it may filter the next pod
 * before the previous one is bound. The devices filter chose are therefore assumed on the state at once, as a
 * reservation of the pod's UID, and bind turns the reservation into a placement. A reservation ends when the pod
 * is bound, filtered again, seen bound elsewhere, or after the TTL without a bind (the pod was bound elsewhere or
 * given up). Reservations live in memory only: a bind that arrives after a restart finds none and is refused, so
 * kube-scheduler retries the pod.
 *
 * One TTL for all, so the order in which reservations were made is the order in which they expire: the map's
 * insertion order is the expiry queue, and expiring stops at the first one still valid. At most `max` are kept
 * (pods filtered but never bound must not grow memory without bound): beyond, the oldest are released first.
 * Either way the reservation ended unconfirmed, which `onExpired` is told of (logged and counted in /metrics: with
 * the wrong confirmation mode, schedule/confirmation, each one is a placement forgotten).
 */
import type { PodSpec } from '../model/index.js';
import type { PodTraits } from './pod-traits.js';

/** Devices held on a node for a pod that filter placed. */
export interface Reservation {
  /** Node name (stable across rebuilds of the node inventory, unlike its index). */
  readonly node: string;
  readonly devices: readonly number[];
  readonly spec: PodSpec;
  /** What decides whether a defrag plan may move the pod once bound (kept for its placement). */
  readonly traits?: PodTraits;
  /** Unix ms after which the reservation is released. */
  readonly expiresAt: number;
}

/** Reservations kept at most by default (pods filtered but never bound); the oldest is released beyond. */
export const MAX_RESERVATIONS = 10_000;

export interface ReservationsOptions {
  /** How long a reservation holds its devices without a bind. */
  readonly ttlMs: number;
  /** Clock (Unix ms). */
  readonly now: () => number;
  /** Reservations kept at most (default {@link MAX_RESERVATIONS}). */
  readonly max?: number;
  /** Frees the devices of a reservation that ends without a bind (forget them on the state). */
  readonly free: (r: Reservation) => void;
  /** Told of each reservation that ends unconfirmed: its time was up (`ttl`) or the cap was reached (`cap`). */
  readonly onExpired?: (uid: string, r: Reservation, why: 'ttl' | 'cap') => void;
}

export class Reservations {
  /** In insertion order, which is expiry order (one TTL for all). */
  private readonly held = new Map<string, Reservation>();
  private readonly max: number;

  constructor(private readonly options: ReservationsOptions) {
    this.max = options.max ?? MAX_RESERVATIONS;
  }

  /** How long a reservation holds its devices without a bind, in ms. */
  get ttlMs(): number {
    return this.options.ttlMs;
  }

  get size(): number {
    return this.held.size;
  }

  get(uid: string): Reservation | undefined {
    return this.held.get(uid);
  }

  /** Every reservation with its pod's UID, oldest first. */
  entries(): IterableIterator<[string, Reservation]> {
    return this.held.entries();
  }

  /**
   * Records devices already assumed on the state for a pod, until `ttlMs` from now. A pod holds one reservation:
   * release its previous one first (so that the new one goes to the end of the expiry order). Call
   * {@link expire} after, to keep the cap.
   */
  hold(uid: string, r: Omit<Reservation, 'expiresAt'>): void {
    // Spelled out rather than spread: one object shape for every reservation (this is on filter's hot path).
    const expiresAt = this.options.now() + this.options.ttlMs;
    this.held.set(uid, { node: r.node, devices: r.devices, spec: r.spec, traits: r.traits, expiresAt });
  }

  /** Ends a pod's reservation and frees its devices (nothing when it has none). */
  release(uid: string): void {
    const r = this.held.get(uid);
    if (!r) return;
    this.held.delete(uid);
    this.options.free(r);
  }

  /** Ends a pod's reservation without freeing its devices: the pod was bound, the devices are its placement's. */
  consume(uid: string): void {
    this.held.delete(uid);
  }

  /** Releases the reservations whose time is up, and the oldest beyond the cap. */
  expire(): void {
    const now = this.options.now();
    for (const [uid, r] of this.held) {
      if (r.expiresAt > now && this.held.size <= this.max) break;
      this.release(uid);
      this.options.onExpired?.(uid, r, r.expiresAt > now ? 'cap' : 'ttl');
    }
  }

  /** Releases every reservation on a node. */
  releaseOn(node: string): void {
    for (const [uid, r] of this.held) if (r.node === node) this.release(uid);
  }

  /** How many reservations hold devices on a node. */
  countOn(node: string): number {
    let n = 0;
    for (const r of this.held.values()) if (r.node === node) n++;
    return n;
  }
}
