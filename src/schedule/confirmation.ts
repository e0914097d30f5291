/**
 * @module schedule/confirmation
 * What turns a filter decision into a placement, so that no placement is lost (issue 15).
 *
 * kube-scheduler decides in filter but binds later, and tells an extender of the bind only when a `bindVerb` is
 * registered. Without one (the usual set-up, and the only one the FGD paper's simulator can run), a decision held
 * as a reservation until a bind that never comes expired after `--reservation-ttl`, and hyperfleet forgot the pod.
 * The service cannot read kube-scheduler's configuration, so the user says which signal confirms:
 * - `bind`: a bind call (a `bindVerb` is registered); a reservation that no bind confirms expires, logged and
 *   counted (`hyperfleet_reservations_expired_total`);
 * - `watch`: the API server's pod watch (`--kubeconfig`) — a pod seen bound is counted where it runs, a pod seen
 *   deleted is released; a bind call confirms too;
 * - `filter`: the filter decision is the placement at once. hyperfleet passes exactly one node, so kube-scheduler
 *   binds there unless one of its own later phases (reserve, permit, bind) fails — and then it filters the same pod
 *   again, which releases the earlier placement before deciding anew. A pod of the same namespace/name with another
 *   UID replaces the earlier one (names are unique among live pods). A bind call for the pod on that node is then
 *   acknowledged as it is.
 * `auto` (the default) is `watch` with a kubeconfig, else `filter`: inferring the mode from the first bind call was
 * rejected, as every decision before that call (or all of them, when no bind ever comes) would have to be held in
 * a mode not yet known, and a kube-scheduler restarted with another configuration would switch it unnoticed.
 */
export type ConfirmMode = 'bind' | 'watch' | 'filter';

/**
 * What `serve` warns about at start: in `filter` mode without a kubeconfig nothing but kube-scheduler's next
 * filter of a pod can correct a placement, and nothing tells hyperfleet that a pod ended.
 */
export function confirmationWarning(mode: ConfirmMode, hasKubeconfig: boolean): string | undefined {
  if (mode === 'bind') {
    return hasKubeconfig
      ? undefined
      : 'placements are confirmed by bind calls only (--confirm bind): register bindVerb in kube-scheduler, or every decision is forgotten after --reservation-ttl; without --kubeconfig, pods that end are not released (DELETE /v1/placements/NAMESPACE/NAME)';
  }
  if (mode !== 'filter' || hasKubeconfig) return undefined;
  return (
    'neither a bind nor a kubeconfig confirms placements: each filter decision is taken as the placement ' +
    '(--confirm filter); a pod is released only when kube-scheduler filters it again or through ' +
    'DELETE /v1/placements/NAMESPACE/NAME — give --kubeconfig so that watches confirm placements and release ended pods'
  );
}
