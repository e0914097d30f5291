/**
 * @module plan/optimiser/plan-model
 * The coefficients of the planning programme, one set per chip and demand line, all visible in the result so
 * anyone can check the optimum: capital per node (devices × price + node overhead), facility kW and energy USD per
 * quarter per node, and what one node serves of each demand line per quarter. Built from a demand and the catalog
 * by {@link planModel}; tests build it by hand.
 *
 * Power at the modelled utilisation u (`site.powerUtilisation`, default 1): device W = idle + (TDP − idle) × u — the
 * simulator's device power model with u as the allocated share; idle is the catalog's idleW, else its idle
 * fraction of TDP. Facility kW = (devices × device W + node overhead W) × PUE / 1000; energy per quarter =
 * facility kW × 2190 h × USD/kWh.
 *
 * Racks (`site.racks`): each chip's nodes fill whole racks of its `nodesPerRack`. Existing nodes of an offered
 * chip's shape are that chip's nodes and fill its racks; existing nodes of no offered chip's shape take the fixed
 * `site.racksUsedByExisting` — the file says how many racks they fill, since no rack density is known for them — and
 * a rack-limited demand with such nodes but no `racksUsedByExisting` is refused naming the pools.
 */
import { getAccelerator, type Catalog } from '../../catalog/index.js';
import { ErrorCode, InputError } from '../../errors/index.js';
import {
  demandLines,
  lineDemand,
  type Demand,
  type DemandLine,
  type ExistingPool,
} from '../demand/demand.js';
import { HOURS_PER_QUARTER } from '../demand/demand-schema.js';

/** One chip of the programme: offered for purchase, owned already, or both. */
export interface PlanChip {
  readonly accelerator: string;
  readonly devicesPerNode: number;
  /** USD per node bought; null when no price is known (the chip is then not bought). */
  readonly capitalUsd: number | null;
  readonly energyUsdPerQuarter: number;
  readonly facilityKw: number;
  /** Demand line name → what one node serves of it per quarter, in the line's unit (0 or absent: nothing). */
  readonly capacity: Readonly<Record<string, number>>;
  /** Nodes owned from quarter 0, free of capital. */
  readonly existingNodes: number;
  /** Whether the plan may buy it (offered in `chips`). */
  readonly buyable: boolean;
  /** Devices that can be bought per quarter; undefined = no limit. */
  readonly supplyDevices?: readonly number[];
  /** Where in the demand file to add a missing price (`chips[1].priceUsd`). */
  readonly priceField?: string;
  /** Whole nodes one rack holds (offered chips, when the site has racks). */
  readonly nodesPerRack?: number;
}

/** The site's racks: those available per quarter, and those the existing nodes of no offered chip fill. */
export interface PlanRacks {
  readonly available: readonly number[];
  readonly usedByExisting: number;
}

export interface PlanLine {
  readonly name: string;
  readonly unit: 'reference device-hours' | 'requests/s';
  /** Demand per quarter, in `unit`. */
  readonly demand: readonly number[];
}

export interface PlanModel {
  readonly quarters: number;
  readonly chips: readonly PlanChip[];
  readonly lines: readonly PlanLine[];
  readonly budget: { readonly totalUsd?: number; readonly perQuarterUsd?: readonly number[] };
  /** Facility power cap, MW; undefined = none. */
  readonly powerCapMW?: number;
  /** Racks for accelerator nodes; undefined = no rack limit. */
  readonly racks?: PlanRacks;
  /** Years a node bought is written off over, for the amortised cost; undefined = 4 (the demand's default). */
  readonly amortisationYears?: number;
  /** The file the demand came from, for messages. */
  readonly file?: string;
}

/** What one node of `chip` serves of `line` per quarter, in the line's unit (0: it cannot serve it). */
export type CapacityOf = (chip: { accelerator: string; devicesPerNode: number }, line: DemandLine) => number;

/** The programme's coefficients for `demand`: offered chips first (file order), then existing pools not offered. */
export function planModel(demand: Demand, catalog: Catalog, capacityOf: CapacityOf): PlanModel {
  const lines = demandLines(demand);
  const { pue, electricityUsdPerKWh, powerUtilisation } = demand.site;
  const perNode = (accelerator: string, devicesPerNode: number, overheadW: number, field: string) => {
    const a = getAccelerator(catalog, accelerator, { file: demand.file, field });
    if (a.tdpW === null) {
      throw new InputError(ErrorCode.InvalidField, {
        file: demand.file,
        field,
        message: `${a.id} has no TDP (tdpW) in the catalog, and the plan needs its power`,
        expected: 'tdpW set for it in a catalog file (--catalog FILE), or another accelerator',
      });
    }
    const idleW = a.idleW ?? a.tdpW * catalog.idleFractionOfTdp;
    const deviceW = idleW + (a.tdpW - idleW) * powerUtilisation;
    const facilityKw = ((devicesPerNode * deviceW + overheadW) * pue) / 1000;
    const capacity: Record<string, number> = {};
    for (const line of lines) capacity[line.name] = capacityOf({ accelerator, devicesPerNode }, line);
    return {
      facilityKw,
      energyUsdPerQuarter: facilityKw * HOURS_PER_QUARTER * electricityUsdPerKWh,
      capacity,
    };
  };
  const chips: PlanChip[] = [];
  const remaining = [...demand.existing];
  demand.chips.forEach((c, i) => {
    const owned = remaining.filter(
      (p) =>
        p.accelerator === c.accelerator &&
        p.devicesPerNode === c.devicesPerNode &&
        p.nodePowerOverheadW === c.nodePowerOverheadW,
    );
    for (const p of owned) remaining.splice(remaining.indexOf(p), 1);
    chips.push({
      accelerator: c.accelerator,
      devicesPerNode: c.devicesPerNode,
      capitalUsd: c.priceUsd === null ? null : c.devicesPerNode * c.priceUsd + c.nodeOverheadUsd,
      ...perNode(c.accelerator, c.devicesPerNode, c.nodePowerOverheadW, `chips[${i}].accelerator`),
      existingNodes: owned.reduce((n, p) => n + p.nodes, 0),
      buyable: true,
      ...(c.supplyDevices !== undefined ? { supplyDevices: c.supplyDevices } : {}),
      priceField: `chips[${i}].priceUsd`,
      ...(c.nodesPerRack !== undefined ? { nodesPerRack: c.nodesPerRack } : {}),
    });
  });
  // Pools of one shape not offered for purchase are one chip of the programme: results name chips by accelerator.
  const shapes = new Map<string, ExistingPool & { nodes: number }>();
  for (const p of remaining) {
    const key = `${p.accelerator}\u0000${p.devicesPerNode}\u0000${p.nodePowerOverheadW}`;
    const seen = shapes.get(key);
    shapes.set(key, seen ? { ...seen, nodes: seen.nodes + p.nodes } : { ...p });
  }
  for (const p of shapes.values()) {
    chips.push({
      accelerator: p.accelerator,
      devicesPerNode: p.devicesPerNode,
      capitalUsd: null,
      ...perNode(p.accelerator, p.devicesPerNode, p.nodePowerOverheadW, `existing pool ${p.pool}`),
      existingNodes: p.nodes,
      buyable: false,
    });
  }
  refuseMixedShapes(demand, chips);
  return {
    quarters: demand.quarters,
    chips,
    lines: lines.map((l) => ({
      name: l.name,
      unit: l.type === 'training' ? 'reference device-hours' : 'requests/s',
      demand: lineDemand(l),
    })),
    budget: demand.budget,
    ...(demand.site.powerCapMW !== undefined ? { powerCapMW: demand.site.powerCapMW } : {}),
    ...planRacks(demand, remaining),
    amortisationYears: demand.site.amortisationYears,
    ...(demand.file !== undefined ? { file: demand.file } : {}),
  };
}

/**
 * The programme, its result and its check name a chip by its accelerator: two node shapes of one accelerator
 * (an existing pool of 4-device H20 nodes beside offered 8-device ones) would be confused, so they are refused.
 */
function refuseMixedShapes(demand: Demand, chips: readonly PlanChip[]): void {
  const shape = (devices: number, watts: number) => `nodes of ${devices} devices and ${watts} W overhead`;
  const issues = demand.existing.flatMap((p) => {
    const offered = demand.chips.findIndex((c) => c.accelerator === p.accelerator);
    const offer = demand.chips[offered];
    const clash =
      offer !== undefined
        ? offer.devicesPerNode !== p.devicesPerNode || offer.nodePowerOverheadW !== p.nodePowerOverheadW
        : chips.filter((c) => c.accelerator === p.accelerator).length > 1;
    if (!clash) return [];
    const other =
      offer !== undefined
        ? `chips[${offered}] offers ${shape(offer.devicesPerNode, offer.nodePowerOverheadW)}`
        : 'another existing pool has nodes of another shape';
    return [
      {
        file: demand.existingFile ?? demand.file,
        field: `pools (pool ${p.pool})`,
        message: `${p.accelerator} ${shape(p.devicesPerNode, p.nodePowerOverheadW)}, but ${other}: the plan models one node shape per accelerator`,
        expected: `the same devicesPerNode and nodePowerOverheadW for every pool and offer of ${p.accelerator}`,
        got: p.pool,
      },
    ];
  });
  if (issues.length > 0) throw new InputError(ErrorCode.InvalidField, issues);
}

/**
 * The site's racks, if it has any. Existing pools left over (of no offered chip's shape) fill
 * `site.racksUsedByExisting`; without it their racks are unknown and the demand is refused naming them.
 */
function planRacks(demand: Demand, unoffered: readonly ExistingPool[]): { racks?: PlanRacks } {
  const { racks, racksUsedByExisting } = demand.site;
  if (racks === undefined) return {};
  const pools = unoffered.filter((p) => p.nodes > 0);
  if (pools.length > 0 && racksUsedByExisting === undefined) {
    const names = pools.map((p) => `${p.pool} (${p.nodes} × ${p.devicesPerNode} ${p.accelerator})`);
    throw new InputError(ErrorCode.InvalidField, {
      file: demand.file,
      field: 'site.racks',
      message: `the existing pool${pools.length > 1 ? 's' : ''} ${names.join(', ')} fill racks no offered chip describes`,
      expected:
        'site.racksUsedByExisting: the racks those nodes fill, or a chip of their shape offered with nodesPerRack ' +
        '(supplyDevices: 0 to buy none)',
    });
  }
  return { racks: { available: racks, usedByExisting: racksUsedByExisting ?? 0 } };
}
