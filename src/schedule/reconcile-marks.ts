/**
 * @module schedule/reconcile-marks
 * Which pods and nodes the Kubernetes API server reported during the initial sync. Why: while the service was
 * down, pods may have ended and nodes may have left; the API server does not tell of what it no longer has, so
 * the live scheduler notes what it is told between `begin` and `end`, and whatever it holds that was not told of
 * is stale (schedule/live-scheduler's `endReconcile` releases it).
 */

/** What the API server reported during one reconcile. */
export interface Reported {
  readonly pods: ReadonlySet<string>;
  readonly nodes: ReadonlySet<string>;
}

export class ReconcileMarks {
  /** Null when not reconciling: nothing is noted. */
  private pods: Set<string> | null = null;
  private nodes: Set<string> | null = null;

  /** Starts noting (before the initial lists). */
  begin(): void {
    this.pods = new Set();
    this.nodes = new Set();
  }

  /** A pod the API server reports as bound, by UID. */
  notePod(uid: string): void {
    this.pods?.add(uid);
  }

  /** A node the API server reports, by name. */
  noteNode(name: string): void {
    this.nodes?.add(name);
  }

  /** Stops noting; what was reported, or undefined when no reconcile had begun. */
  end(): Reported | undefined {
    const { pods, nodes } = this;
    this.pods = null;
    this.nodes = null;
    return pods && nodes ? { pods, nodes } : undefined;
  }
}
