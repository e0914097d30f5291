/**
 * @module schedule/candidates
 * The nodes kube-scheduler lets a decision choose from. Only membership and iteration are asked of them, so the
 * HTTP layer may hand over the names still encoded as it received them (server/extender/node-name-list).
 */

/** Candidate node names: a plain array, or any list that answers `includes` and iterates its names. */
export interface Candidates extends Iterable<string> {
  includes(name: string): boolean;
}
