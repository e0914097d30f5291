/**
 * @module cli/commands/serve-policy
 * Which policy a `hyperfleet serve` replica runs: the one asked for (`--policy`), else the one stored (the last
 * one set, by this replica or by an earlier leader), else FGD when typical pods are known, else BestFit. One rule
 * for the start and for every rebuild of a replica that becomes the leader, so that both refuse the same way a
 * policy this replica cannot run (FGD without typical pods).
 */
import { ErrorCode, InputError } from '../../errors/index.js';
import { createPolicy, type Policy, type TypicalPods } from '../../policies/index.js';

export const DEFAULT_TYPICAL_FILE = 'openb_pod_list_default.csv';

/** The policy to run, and what to tell the user when the default fell back to BestFit. */
export interface ResolvedPolicy {
  readonly policy: Policy;
  readonly fallback?: string;
}

/**
 * Resolves the policy; `running` is reused when it has the chosen name (a rebuild keeps its policy object).
 * Throws an input error for a policy that needs typical pods when there are none.
 */
export function resolvePolicy(
  requested: string | undefined,
  stored: string | undefined,
  typical: TypicalPods | undefined,
  running?: Policy,
): ResolvedPolicy {
  const name: string = requested ?? stored ?? (typical ? 'fgd' : 'bestfit');
  if (name.startsWith('fgd') && !typical) {
    throw new InputError(ErrorCode.InvalidOption, {
      field: '--policy',
      message: `${name} needs the typical pods of the workload: give --pods FILE (an openb pod list) or fetch the openb traces`,
      expected: 'a policy without a target workload (bestfit, packing, clustering, dotprod, random)',
      got: name,
    });
  }
  const fallback =
    requested === undefined && stored === undefined && !typical
      ? `no typical pods for FGD (no --pods and no ${DEFAULT_TYPICAL_FILE} found; ` +
        "run 'hyperfleet traces fetch openb'): using bestfit"
      : undefined;
  const policy = running?.name === name ? running : createPolicy(name, { typical });
  return { policy, fallback };
}
