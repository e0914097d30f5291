/**
 * @module defrag/defrag-plan
 * What the planner answers — the contract of `POST /v1/defrag` and `hyperfleet defrag --json` (issue 16): whether
 * the pending pod can be made to fit, the moves in the order they are to be executed, where the pod then goes,
 * and why not when it cannot; plus extensions (cost, exhaustiveness, every gang member's target).
 */

/** A node and device indices within it. */
export interface NodeDevices {
  readonly node: string;
  readonly devices: number[];
}

export interface DefragMove {
  readonly namespace: string;
  readonly name: string;
  readonly from: NodeDevices;
  readonly to: NodeDevices;
  /** This move's cost (defrag/move-cost). */
  readonly cost: number;
}

export interface DefragPlan {
  readonly feasible: boolean;
  /** In execution order: applying them one by one never overcommits a device, CPU or memory. */
  readonly moves: DefragMove[];
  /** Where the pending pod (the first pod of a gang) goes once the moves are done; absent when not feasible. */
  readonly target?: NodeDevices;
  /** Every pending pod's target, in the order given (one entry for a single pod). */
  readonly targets: NodeDevices[];
  /** Σ of the moves' costs. */
  readonly cost: number;
  /** Why no plan was found (only when not feasible). */
  readonly reason?: string;
  /**
   * True when the answer is proven: a feasible plan of least cost among plans of at most `maxMoves` moves, or a
   * proof that none exists. False for the fallback search beyond the exact bound (the best plan found, or none
   * found without a proof that none exists).
   */
  readonly exhaustive: boolean;
  readonly maxMoves: number;
}
