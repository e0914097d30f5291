/**
 * @module policies/registry
 * The single list of policies: name → factory. Every front-end (simulator, live service, planner, CLI)
 * creates policies here, so names and options are validated in one place.
 */
import { InputError, ErrorCode } from '../errors/index.js';
import { BestFitPolicy } from './best-fit.js';
import { DotProductPolicy } from './dot-product.js';
import { FgdPolicy } from './fgd.js';
import { GpuClusteringPolicy } from './gpu-clustering.js';
import { GpuPackingPolicy } from './gpu-packing.js';
import { POLICY_LABELS, POLICY_NAMES, type Policy, type PolicyName } from './policy.js';
import { RandomPolicy } from './random.js';
import type { TypicalPods } from './typical-pods.js';
import type { FleetEconomics } from './economics.js';
import { WeightedFgdPolicy } from './fgd-weighted.js';
import { HeteroPolicy } from './hetero.js';

export interface PolicyOptions {
  /** The target workload FGD optimises for (required by `fgd`, `fgd-energy`, `fgd-cost`). */
  readonly typical?: TypicalPods;
  /** Per-model speed, power and price (required by the fleet-aware policies). */
  readonly economics?: FleetEconomics;
  /** Weight of FGD's own score in `fgd-energy`/`fgd-cost`, 0..1 (default 0.5). */
  readonly fgdWeight?: number;
  /** Electricity price, for the cost-aware policies. */
  readonly usdPerKWh?: number;
}

function needTypical(name: string, options: PolicyOptions): TypicalPods {
  if (!options.typical) {
    // A user's choice (e.g. PUT /v1/policy on a server started without --pods), so an input error, not a bug.
    throw new InputError(ErrorCode.InvalidOption, {
      field: 'policy',
      message: `the ${name} policy needs the typical pods of the workload`,
    });
  }
  return options.typical;
}

function needEconomics(name: string, options: PolicyOptions): FleetEconomics {
  if (!options.economics) {
    throw new InputError(ErrorCode.InvalidOption, {
      field: 'policy',
      message: `${name} weighs device speed, power and price, which come from a fleet file`,
      expected: 'a fleet (hyperfleet run --fleet FILE) or one of the paper policies',
      got: name,
    });
  }
  return options.economics;
}

const FACTORIES: Record<PolicyName, (options: PolicyOptions) => Policy> = {
  random: () => new RandomPolicy(),
  dotprod: () => new DotProductPolicy(),
  clustering: () => new GpuClusteringPolicy(),
  packing: () => new GpuPackingPolicy(),
  bestfit: () => new BestFitPolicy(),
  fgd: (options) => new FgdPolicy(needTypical('fgd', options)),
  'fgd-energy': (o) =>
    new WeightedFgdPolicy('energy', {
      typical: needTypical('fgd-energy', o),
      economics: needEconomics('fgd-energy', o),
      fgdWeight: o.fgdWeight,
    }),
  'fgd-cost': (o) =>
    new WeightedFgdPolicy('cost', {
      typical: needTypical('fgd-cost', o),
      economics: needEconomics('fgd-cost', o),
      fgdWeight: o.fgdWeight,
      usdPerKWh: o.usdPerKWh,
    }),
  hetero: (o) => new HeteroPolicy(needEconomics('hetero', o), o.usdPerKWh),
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

/** The paper's result-folder label of a policy (`06-FGD`; the fleet-aware ones continue the numbering). */
export function paperLabel(name: PolicyName): string {
  return POLICY_LABELS[name];
}
