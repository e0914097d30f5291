/**
 * @module policies/policy-name-schemas
 * Policy names as zod schemas whose failure reads `expected one of …`, so the CLI (`--policy: expected one of …`)
 * and the REST API (`policy: expected one of …`) refuse the same names in the same words. In zod/mini, as the other
 * run-option values (sim/option-bounds), so the simulate bundle stays small; here in the core, beside the names,
 * so a command can check a policy without loading a pillar.
 */
import * as zm from 'zod/mini';
import { PAPER_POLICIES, POLICY_NAMES } from './policy.js';

/** One of the paper's six policies (the protocol has no fleet economics, so no fleet-aware policy). */
export const PaperPolicy = zm.enum(PAPER_POLICIES, {
  error: `expected one of ${PAPER_POLICIES.join(', ')}`,
});

/** Any policy, the fleet-aware ones included (a fleet over time, the live scheduler). */
export const TimePolicy = zm.enum(POLICY_NAMES, { error: `expected one of ${POLICY_NAMES.join(', ')}` });
