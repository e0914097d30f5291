/**
 * @module schedule/kube/list-watch
 * Lists and watches one kind of object on the API server, on client-node's informer: list, then watch from the
 * list's resourceVersion, re-list when the API server answers 410 Gone (the version expired), and hand every
 * added, updated and deleted object to the handlers.
 *
 * Failures depend on the phase, hence one {@link WatchPhase} shared by the informers of one sync:
 * - during the initial lists, the first error is kept and the list that was being started fails with it (the
 *   sync cannot serve on a partial picture, so it stops);
 * - once synced, a failed watch is reported and started again after a back-off (1 s doubling to 30 s, back to
 *   the first delay once a watch connects).
 */
import {
  makeInformer,
  type Informer,
  type KubeConfig,
  type KubernetesObject,
  type ListPromise,
  type ObjectCache,
} from '@kubernetes/client-node';
import { describeKubeError } from './kube-config.js';

/** Longest wait before watching again after a failure. */
export const MAX_RETRY_MS = 30_000;

type Watched = Informer<KubernetesObject> & ObjectCache<KubernetesObject>;

/** What is done with the objects of a list-watch. */
export interface ListWatchHandlers {
  /** An object was added or updated (a re-list reports every object again). */
  readonly upsert: (obj: unknown) => void;
  readonly delete: (obj: unknown) => void;
}

/** The phase of one sync: the initial lists, then watching; and the timers of pending retries. */
export class WatchPhase {
  /** The first error during the initial lists. */
  initialError: unknown;
  synced = false;
  stopped = false;
  readonly timers = new Set<NodeJS.Timeout>();

  /** Stops: pending retries are cancelled, and errors after this are ignored. */
  stop(): void {
    this.stopped = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }
}

export interface ListWatchOptions {
  /** The API server's URL, for messages. */
  readonly server: string | undefined;
  /** First retry delay after a watch failure, in ms. */
  readonly retryMs: number;
  readonly report: (message: string) => void;
}

/** One kind of object to list and watch. */
export interface WatchedResource {
  /** The objects, for messages (`nodes`). */
  readonly what: string;
  /** The watch path (`/api/v1/nodes`). */
  readonly path: string;
  /** The list call. */
  readonly list: ListPromise<KubernetesObject>;
  readonly handlers: ListWatchHandlers;
}

export class ListWatch {
  private readonly informer: Watched;
  private readonly what: string;

  constructor(
    kc: KubeConfig,
    resource: WatchedResource,
    private readonly phase: WatchPhase,
    private readonly options: ListWatchOptions,
  ) {
    this.what = resource.what;
    this.informer = makeInformer(kc, resource.path, resource.list) as Watched;
    this.informer.on('add', resource.handlers.upsert);
    this.informer.on('update', resource.handlers.upsert);
    this.informer.on('delete', resource.handlers.delete);
    this.retryWithBackoff();
  }

  /** Lists and starts watching; rejects with the API server's answer when the initial list fails. */
  async list(): Promise<void> {
    await this.informer.start();
    const { initialError } = this.phase;
    if (initialError !== undefined) {
      throw describeKubeError(`list ${this.what}`, initialError, this.options.server);
    }
  }

  stop(): Promise<void> {
    return this.informer.stop();
  }

  private retryWithBackoff(): void {
    const { phase, options, informer } = this;
    let delay = options.retryMs;
    informer.on('connect', () => {
      if (phase.synced) delay = options.retryMs;
    });
    informer.on('error', (err: unknown) => {
      if (!phase.synced) {
        phase.initialError ??= err;
        return;
      }
      if (phase.stopped) return;
      const failure = describeKubeError(`watch of ${this.what}`, err, options.server).message;
      options.report(`${failure}; retrying in ${delay / 1000} s`);
      const timer = setTimeout(() => {
        phase.timers.delete(timer);
        if (!phase.stopped) void informer.start();
      }, delay);
      timer.unref();
      phase.timers.add(timer);
      delay = Math.min(delay * 2, MAX_RETRY_MS);
    });
  }
}
