/**
 * @module plan/optimiser/plan-result
 * What a plan answers (issue 14's contract; other tools read these names): the status, the total cost, per chip the
 * nodes bought and owned per quarter with the per-node coefficients, which chips serve which demand line, the
 * binding constraints with their prices, and — when infeasible — the constraints that make it so and by how much.
 */

export interface PlanChipResult {
  readonly accelerator: string;
  readonly devicesPerNode: number;
  readonly existingNodes: number;
  /** Whole nodes bought per quarter. */
  readonly nodesBought: readonly number[];
  /** Nodes owned per quarter: existing + bought so far. */
  readonly nodesOwned: readonly number[];
  readonly perNode: {
    /** null: no price known, so the plan did not buy it. */
    readonly capitalUsd: number | null;
    readonly energyUsdPerQuarter: number;
    readonly facilityKw: number;
    /** Demand line name → what one node serves of it per quarter, in the line's unit. */
    readonly capacity: Readonly<Record<string, number>>;
  };
}

/** How much of a line each chip serves: nodes' worth of time given to it and the demand it covers, per quarter. */
export interface LineAssignment {
  readonly line: string;
  readonly unit: string;
  readonly demand: readonly number[];
  readonly chips: readonly {
    readonly accelerator: string;
    readonly nodes: readonly number[];
    readonly served: readonly number[];
  }[];
}

export type ConstraintKind =
  'powerCap' | 'budgetTotal' | 'budgetQuarter' | 'supply' | 'racks' | 'price' | 'capacity';

/** A constraint at its limit and what one more step of it would save. */
export interface BindingConstraint {
  readonly constraint: ConstraintKind;
  readonly quarter?: number;
  readonly accelerator?: string;
  /** The limit, in `unit`. */
  readonly limit: number;
  readonly unit: string;
  /** The step priced: 1 MW, 100 M USD, 1000 devices, 10 racks. */
  readonly step: number;
  /** How much the objective falls with one more step, USD. */
  readonly priceUsd: number;
  readonly description: string;
}

/** A constraint that makes the demand infeasible, and the least it would have to be to make it feasible. */
export interface InfeasibilityReason {
  readonly constraint: ConstraintKind;
  readonly quarter?: number;
  readonly accelerator?: string;
  readonly line?: string;
  readonly limit: number;
  /** What the cheapest feasible plan needs, in `unit`. */
  readonly needs: number;
  readonly unit: string;
  readonly message: string;
}

export interface PlanResult {
  readonly status: 'optimal' | 'infeasible';
  /** Σ nodesBought × capitalUsd + nodesOwned × energyUsdPerQuarter; null when infeasible. */
  readonly objectiveUsd: number | null;
  readonly capitalUsd: number | null;
  readonly energyUsd: number | null;
  readonly quarters: number;
  readonly chips: readonly PlanChipResult[];
  readonly assignment: readonly LineAssignment[];
  /** Facility MW drawn by owned nodes per quarter. */
  readonly facilityMW: readonly number[];
  /** Capital spent per quarter, USD. */
  readonly capitalSpentUsd: readonly number[];
  /** Racks the owned nodes fill per quarter, existing ones included; null when the site gives no racks. */
  readonly racksUsed: readonly number[] | null;
  /**
   * The run-rate a finance team books per quarter: capital of the nodes bought so far written off linearly over
   * 4 × amortisationYears quarters (each node only within its life), + that quarter's energy. Not the objective
   * (cash at purchase + energy); null when infeasible.
   */
  readonly amortisedCostUsdPerQuarter: readonly number[] | null;
  /** Σ of amortisedCostUsdPerQuarter over the horizon; null when infeasible. */
  readonly amortisedCostUsd: number | null;
  readonly binding: readonly BindingConstraint[];
  readonly reasons: readonly InfeasibilityReason[];
  /** Offered chips with no price: left out of the plan (the message says which field to add). */
  readonly unpriced: readonly {
    readonly accelerator: string;
    readonly field: string;
    readonly message: string;
  }[];
  readonly solver: {
    readonly name: 'HiGHS';
    readonly version: string;
    readonly mipRelGap: number;
    readonly seconds: number;
  };
}
