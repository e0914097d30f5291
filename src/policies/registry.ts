/**
 * @module policies/registry
 * The single list of policies: name → factory. Every front-end (simulator, live service, planner, CLI)
 * creates policies here, so names and options are validated in one place.
 */
import { InputError, ErrorCode } from '../errors.js';
import { BestFitPolicy } from './best-fit.js';
import { DotProductPolicy } from './dot-product.js';
import { FgdPolicy } from './fgd.js';
import { GpuClusteringPolicy } from './gpu-clustering.js';
import { GpuPackingPolicy } from './gpu-packing.js';
import { POLICY_NAMES, type Policy, type PolicyName } from './policy.js';
import { RandomPolicy } from './random.js';
import type { TypicalPods } from './typical-pods.js';

export interface PolicyOptions {
  /** The target workload FGD optimises for (required by `fgd`). */
  readonly typical?: TypicalPods;
}

const FACTORIES: Record<PolicyName, (options: PolicyOptions) => Policy> = {
  random: () => new RandomPolicy(),
  dotprod: () => new DotProductPolicy(),
  clustering: () => new GpuClusteringPolicy(),
  packing: () => new GpuPackingPolicy(),
  bestfit: () => new BestFitPolicy(),
  fgd: (options) => {
    if (!options.typical) throw new Error('the fgd policy needs the typical pods of the workload');
    return new FgdPolicy(options.typical);
  },
};

export function isPolicyName(name: string): name is PolicyName {
  return (POLICY_NAMES as readonly string[]).includes(name);
}

/** Creates a policy by name; an unknown name is an input error listing the valid ones. */
export function createPolicy(name: string, options: PolicyOptions = {}): Policy {
  if (!isPolicyName(name)) {
    throw new InputError(ErrorCode.InvalidOption, {
      field: 'policy',
      expected: `one of ${POLICY_NAMES.join(', ')}`,
      got: name,
    });
  }
  return FACTORIES[name](options);
}

/** The paper's result-folder label of a policy (`06-FGD`). */
export function paperLabel(name: PolicyName): string {
  return createPolicy(name, { typical: { types: [], covered: 0, totalPods: 0 } }).paperLabel;
}
