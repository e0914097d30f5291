/**
 * @module schedule/binding
 * How a pod becomes a placement: bound by hyperfleet (bind turns the pod's reservation into a placement, on the
 * node filter chose or on another one where it fits), or bound by someone else (adopt counts it as it is).
 *
 * The single-threaded ordering of binds: every call is synchronous and Node runs them on one thread, so two binds
 * never interleave. Of two binds that would overcommit a device, the second sees the first's placement (and the
 * devices it holds) and is refused; no lock is needed, and none may be added by making a step asynchronous.
 *
 * Refusals are values (errors/refusal): not-found (no reservation, unknown node) or conflict (already bound, does
 * not fit), and a refused call changes nothing. A store that fails to write is a failure, not a refusal: the state
 * is put back and the store's error is thrown (schedule/placements).
 */
import { type Outcome, refuse } from '../errors/index.js';
import type { PodSpec } from '../model/index.js';
import { fits, unfitReasons } from '../framework/index.js';
import { compileRequest, type CycleContext, type Policy } from '../policies/index.js';
import type { ConfirmMode } from './confirmation.js';
import type { NodeInventory } from './node-inventory.js';
import { type Placement, placementView, type PodIdentity, type Placements } from './placements.js';
import type { PodTraits } from './pod-traits.js';
import type { Reservations } from './reservations.js';

/**
 * A bind that was done: where the pod now runs; `alreadyBound` when the pod was bound in the cluster before this
 * call (the bind is acknowledged as it is, and the API server must not be asked again: it would refuse).
 */
export type BindOutcome = Outcome<{ readonly placement: Placement; readonly alreadyBound?: true }>;

/** A pod bound by someone else, as the API server reports it. */
export interface PlacedPod extends PodIdentity {
  readonly node: string;
  readonly spec: PodSpec;
  /** The devices it holds, when known (its annotation); else the policy picks them. */
  readonly devices?: readonly number[];
  readonly traits?: PodTraits;
}

/** The live scheduler's units that a bind or an adopt changes. */
export interface BindingUnits {
  readonly inventory: NodeInventory;
  readonly reservations: Reservations;
  readonly placements: Placements;
  readonly policy: Policy;
  readonly ctx: CycleContext;
  readonly now: () => number;
  /** What confirms a filter decision (schedule/confirmation): whether a placement is bound in the cluster yet. */
  readonly confirm: ConfirmMode;
  /** Node `node`'s devices changed: refresh its gauges (and record the fleet's figures when `record`). */
  changed(node: number, record?: boolean): void;
}

/**
 * Bind: place the pod on `nodeName` (its reservation when filter chose that node); a pod placed on that node
 * already is acknowledged as it is. Returns the placement, or the refusal whose reason is the protocol's `Error`;
 * when refused nothing changed.
 */
export function bindReserved(
  u: BindingUnits,
  args: PodIdentity & { readonly nodeName: string },
): BindOutcome {
  const { inventory, reservations, placements } = u;
  const state = inventory.state;
  const who = `pod ${args.namespace}/${args.name} (uid ${args.uid})`;
  const bound = placements.get(args.uid);
  if (bound?.node === args.nodeName) {
    // Confirmed at filter: acknowledged as it is, the cluster still to be told. Otherwise the pod is bound in the
    // cluster already (a bind or the API server confirmed it): nothing is left to do there.
    const inCluster = u.confirm !== 'filter';
    return { ok: true, placement: placementView(bound), ...(inCluster ? { alreadyBound: true } : {}) };
  }
  if (bound) return refuse('conflict', `${who} is already bound to node ${bound.node}`);
  const sameName = placements.named(args.namespace, args.name);
  if (sameName !== undefined) {
    return refuse(
      'conflict',
      `${who}: a pod of that name is already bound (uid ${sameName.uid}, node ${sameName.node})`,
    );
  }
  const reservation = reservations.get(args.uid);
  if (!reservation) {
    return refuse(
      'not-found',
      `${who}: no filter decision to bind (bind carries no pod spec, so hyperfleet must filter the pod first; a decision is held ${reservations.ttlMs / 1000} s)`,
    );
  }
  const node = inventory.indexOf(args.nodeName);
  if (node === undefined) return refuse('not-found', `${who}: node ${args.nodeName} unknown to hyperfleet`);
  const reserved = inventory.indexOf(reservation.node)!;
  const { spec } = reservation;
  let devices = reservation.devices;
  if (node !== reserved) {
    // Another node than filter chose: free the reservation, and place the pod there if it fits.
    state.forget(reserved, spec, reservation.devices);
    const req = compileRequest(state, spec);
    if (!fits(state, req, node)) {
      const why = unfitReasons(state, req, node).join('; ');
      state.assume(reserved, spec, reservation.devices);
      return refuse('conflict', `${who} does not fit node ${args.nodeName}: ${why}`);
    }
    devices = u.policy.pickDevices(u.ctx, req, node);
    state.assume(node, spec, devices);
  }
  const at = { node: args.nodeName, spec, devices, boundAt: u.now(), traits: reservation.traits };
  const placement = placements.add(args, at, () => {
    if (node !== reserved) {
      state.forget(node, spec, devices);
      state.assume(reserved, spec, reservation.devices);
    }
  });
  reservations.consume(args.uid);
  if (node !== reserved) u.changed(reserved, false);
  u.changed(node);
  return { ok: true, placement: placementView(placement) };
}

/**
 * A pod placed by someone else (e.g. found on a node when syncing with the API server): counted as it is, with
 * its devices when known, else devices the policy picks. Idempotent by UID (`adopted: false` when already
 * counted). A reservation the pod still had is released first.
 */
export function adoptPlaced(u: BindingUnits, p: PlacedPod): Outcome<{ readonly adopted: boolean }> {
  const { inventory, placements } = u;
  if (placements.get(p.uid)) return { ok: true, adopted: false };
  u.reservations.release(p.uid);
  const who = `pod ${p.namespace}/${p.name}`;
  const node = inventory.indexOf(p.node);
  if (node === undefined) return refuse('not-found', `${who}: node ${p.node} unknown to hyperfleet`);
  const state = inventory.state;
  const req = compileRequest(state, p.spec);
  const devices = p.devices ?? (fits(state, req, node) ? u.policy.pickDevices(u.ctx, req, node) : null);
  if (devices === null) {
    return refuse(
      'conflict',
      `${who} does not fit node ${p.node}: ${unfitReasons(state, req, node).join('; ')}`,
    );
  }
  try {
    // The devices may come from the pod's annotation: assume checks them against the node.
    state.assume(node, p.spec, devices);
  } catch (e) {
    return refuse('conflict', `${who} cannot be counted on node ${p.node}: ${(e as Error).message}`);
  }
  const at = { node: p.node, spec: p.spec, devices, boundAt: u.now(), traits: p.traits };
  placements.add(p, at, () => state.forget(node, p.spec, devices));
  u.changed(node);
  return { ok: true, adopted: true };
}
