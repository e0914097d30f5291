/**
 * @module defrag/plan-search
 * The search for the cheapest set of moves after which one pending pod fits a target node (see defrag/planner
 * for the whole algorithm and its guarantees). A plan frees room on one target node T: a set S of T's pods leaves
 * (each to a node where it fits, T's other devices included), and a pod of S that fits nowhere may go to a node U
 * once one pod of U has moved away (a chain of two moves). Sets are tried by size, then cheapest first, and the
 * search stops as soon as no untried set can beat the best plan found (branch and bound).
 */
import { fits, fitsEmptyNode } from '../framework/index.js';
import type { PodRequest } from '../policies/index.js';
import type { DefragState } from './defrag-state.js';
import { deviceChoices, destinations, policyDevices, type Place } from './destinations.js';
import { type EvictionSet, evictionSets, podsFitWithout } from './eviction-sets.js';
import { COST_SCALE } from './move-cost.js';

/** One move of a plan being built, with its pod's index. */
export interface MoveStep {
  readonly pod: number;
  readonly from: Place;
  readonly to: Place;
  /** Thousandths. */
  readonly cost: number;
}

export interface FoundPlan {
  readonly moves: readonly MoveStep[];
  readonly target: Place;
  /** Thousandths. */
  readonly cost: number;
}

export interface SearchSettings {
  readonly maxMoves: number;
  /** Every set, order and place that can change the outcome (see defrag/destinations), or the fallback's few. */
  readonly exact: boolean;
  /** Plans costing this much or more are not wanted (a plan found earlier). */
  readonly bound: number;
  /** Most work (placements tried plus nodes scanned) before giving up (the answer is then not proven). */
  readonly workLimit: number;
}

export class PlanSearch {
  best: FoundPlan | null = null;
  /** Eviction sets that would make room, over all sizes tried (for the reasons of a failure). */
  setsFound = 0;
  /** The first set tried (the cheapest of the smallest size), for the reasons of a failure. */
  cheapestSet: EvictionSet | null = null;
  /** True when the work limit cut the search short. */
  cutShort = false;
  private bestCost: number;
  private work = 0;
  private readonly trail: MoveStep[] = [];
  private target = -1;

  constructor(
    private readonly ds: DefragState,
    private readonly req: PodRequest,
    private readonly settings: SearchSettings,
  ) {
    this.bestCost = settings.bound;
  }

  run(): void {
    const { ds, req, settings } = this;
    const candidates: number[] = [];
    for (let node = 0; node < ds.state.nodeCount; node++) {
      if (fitsEmptyNode(ds.state, req, node)) candidates.push(node);
    }
    for (let size = 1; size <= settings.maxMoves && size * COST_SCALE < this.bestCost; size++) {
      const sets: EvictionSet[] = [];
      const search = { size, minimalOnly: !settings.exact, bound: this.bestCost };
      for (const node of candidates) evictionSets(ds, req, node, search, sets);
      this.setsFound += sets.length;
      sets.sort((a, b) => a.cost - b.cost || a.node - b.node);
      this.cheapestSet ??= sets[0] ?? null;
      for (const set of sets) {
        if (set.cost >= this.bestCost || this.cutShort) break;
        this.realise(set);
      }
      if (this.cutShort) return;
    }
  }

  /** Tries to move the pods of `set` off its node in every order (exact) or largest first (fallback). */
  private realise(set: EvictionSet): void {
    this.target = set.node;
    const spare = this.settings.maxMoves - set.pods.length;
    const orders = this.settings.exact ? permutations(set.pods) : [this.largestFirst(set.pods)];
    for (const order of orders) {
      this.place(order, 0, set.cost, spare);
      if (this.cutShort) return;
    }
  }

  /** Moves `order[i..]` off the target, given the cost so far and the moves left for chains. */
  private place(order: readonly number[], i: number, cost: number, spare: number): void {
    if (cost >= this.bestCost) return;
    const { ds } = this;
    if (i === order.length) {
      if (fits(ds.state, this.req, this.target)) this.record(cost);
      return;
    }
    const s = order[i];
    const from: Place = { node: ds.nodeOf[s], devices: ds.devicesOf[s] };
    ds.lift(s);
    ds.moved[s] = 1;
    const last = i === order.length - 1;
    const options = this.destinationsWithin(s, [this.target], last);
    for (const to of options) {
      if (this.spend()) break;
      if (isSamePlace(from, to)) continue;
      this.step(s, from, to, () => this.place(order, i + 1, cost, spare));
      // Direct moves add nothing to the cost: a plan at this cost is the best this branch can do.
      if (this.bestCost <= cost) break;
    }
    if (spare > 0 && !this.cutShort && this.bestCost > cost) this.chains(order, i, from, cost, spare);
    ds.moved[s] = 0;
    ds.drop(s, from.node, from.devices);
  }

  /**
   * Pod `order[i]` (lifted) goes to a node U ≠ target after one pod c of U has moved away. c moves first, so it
   * moves while `order[i]` is still in its place.
   */
  private chains(order: readonly number[], i: number, from: Place, cost: number, spare: number): void {
    const { ds } = this;
    const s = order[i];
    const reqS = ds.requestOf(s);
    const last = i === order.length - 1;
    ds.drop(s, from.node, from.devices);
    // A look over every node for one to go through.
    this.spend(ds.state.nodeCount);
    for (let u = 0; u < ds.state.nodeCount && !this.cutShort; u++) {
      if (u === this.target || !fitsEmptyNode(ds.state, reqS, u)) continue;
      for (const c of [...ds.podsOn[u]]) {
        if (!ds.canMove(c) || cost + ds.cost[c] >= this.bestCost || this.spend()) continue;
        if (!podsFitWithout(ds, reqS, u, [c])) continue;
        const fromC: Place = { node: u, devices: ds.devicesOf[c] };
        ds.lift(c);
        ds.moved[c] = 1;
        const options = this.destinationsWithin(c, [this.target, u], last);
        for (const toC of options) {
          if (this.spend()) break;
          if (isSamePlace(fromC, toC)) continue;
          this.step(c, fromC, toC, () => {
            ds.lift(s);
            if (fits(ds.state, reqS, u)) {
              const mode = this.settings.exact && !last ? 'all' : 'pick';
              for (const devices of deviceChoices(ds, reqS, u, mode)) {
                this.step(s, from, { node: u, devices }, () =>
                  this.place(order, i + 1, cost + ds.cost[c], spare - 1),
                );
              }
            }
            ds.drop(s, from.node, from.devices);
          });
        }
        ds.moved[c] = 0;
        ds.drop(c, fromC.node, fromC.devices);
      }
    }
    ds.lift(s);
  }

  /** Puts lifted pod `p` at `to`, runs `next`, and lifts it again. */
  private step(p: number, from: Place, to: Place, next: () => void): void {
    const { ds } = this;
    ds.drop(p, to.node, to.devices);
    this.trail.push({ pod: p, from, to: { node: to.node, devices: [...to.devices] }, cost: ds.cost[p] });
    next();
    this.trail.pop();
    ds.lift(p);
  }

  private record(cost: number): void {
    this.bestCost = cost;
    this.best = {
      moves: [...this.trail],
      target: { node: this.target, devices: policyDevices(this.ds, this.req, this.target) },
      cost,
    };
  }

  /**
   * Where pod `s` may go, none once the search is cut short: the scan's work is charged after it ran, and a scan
   * that takes the search over its limit gives nothing, as one never started.
   */
  private destinationsWithin(s: number, special: number[], last: boolean): Place[] {
    if (this.cutShort) return [];
    const found = destinations(this.ds, s, { special, last, exact: this.settings.exact });
    return this.spend(this.ds.takeScanWork()) ? [] : found;
  }

  /** Counts work (a placement tried: 1, a look for where a pod fits: the nodes looked at); true beyond the limit. */
  private spend(amount = 1): boolean {
    this.work += amount;
    if (this.work > this.settings.workLimit) this.cutShort = true;
    return this.cutShort;
  }

  private largestFirst(pods: readonly number[]): number[] {
    const share = (i: number) => this.ds.requestOf(i).totalGpuMilli;
    return [...pods].sort((a, b) => share(b) - share(a) || this.ds.cost[a] - this.ds.cost[b] || a - b);
  }
}

function isSamePlace(a: Place, b: Place): boolean {
  return (
    a.node === b.node &&
    a.devices.length === b.devices.length &&
    a.devices.every((d, k) => d === b.devices[k])
  );
}

/** Every order of `items` (the sets of the exact search have at most two pods). */
function permutations(items: readonly number[]): number[][] {
  if (items.length <= 1) return [[...items]];
  return items.flatMap((x, k) => permutations(items.filter((_, j) => j !== k)).map((rest) => [x, ...rest]));
}
