/**
 * @module plan/optimiser/lp-text
 * The planning programme of a {@link PlanModel} as CPLEX LP text, the format HiGHS reads. Names say what each
 * column and row is — `bought_c0_nvidia_h20_q1`, `share_c0_nvidia_h20_l1_chat_q1`, `power_cap_q1` — with the chip
 * and line index first so that two ids never clash once made LP-safe.
 *
 * minimise   Σ bought × capitalUsd + Σ owned × energyUsdPerQuarter
 * subject to owned[c,q] = existing[c] + Σ_{t≤q} bought[c,t]             (ownership: bought nodes serve from q on)
 *            Σ_c share[c,l,q] × capacity[c,l] ≥ demand[l,q]               (demand met)
 *            Σ_l share[c,l,q] ≤ owned[c,q]                                (each node's time split at most once)
 *            Σ_c bought[c,q] × capitalUsd ≤ budget[q], Σ_{c,q} … ≤ total  (capital, cash at purchase)
 *            Σ_c owned[c,q] × facilityKw ≤ cap × 1000                     (facility power, existing nodes included)
 *            bought[c,q] × devicesPerNode ≤ supply[c,q]                   (0 = export-restricted)
 *            racks[c,q] × nodesPerRack[c] ≥ owned[c,q]                    (with site racks: whole racks per chip)
 *            Σ_c racks[c,q] ≤ racksAvailable[q] − racksUsedByExisting      (a half-full rack still takes a rack)
 *            bought and racks integer ≥ 0, owned and share continuous ≥ 0
 *
 * With `relax`, the named constraint families get a slack column each (MW of power, 100 M USD of budget, 1000
 * devices of supply, 10 racks) and the objective becomes the sum of those slacks: the smallest relaxation that
 * makes the demand feasible, used to explain an infeasible plan.
 */
import type { PlanChip, PlanModel } from './plan-model.js';

/** Constraint families that can be relaxed to explain an infeasible plan. */
export type RelaxableFamily = 'power' | 'budget' | 'supply' | 'racks';

/**
 * Units of the slack columns: one MW, 100 M USD, 1000 devices, 10 racks — the steps binding prices are quoted for.
 * Ten racks rather than one: at a platform's scale one rack's saving sits inside the 0.1 % MIP gap (noise), while
 * ten are of the order of the other steps (1 MW ≈ 100 nodes ≈ 25 racks of four).
 */
export const SLACK_UNIT = { power: 1, budget: 1e8, supply: 1000, racks: 10 } as const;

export interface LpOptions {
  /** Families given a slack column; the objective is then their sum. */
  readonly relax?: ReadonlySet<RelaxableFamily>;
  /** Treat chips without a price as free (to learn whether the plan needs them at all). */
  readonly pricelessAsFree?: boolean;
}

/** Column and row names of the programme, for reading the solution back. */
export interface LpNames {
  bought(c: number, q: number): string;
  owned(c: number, q: number): string;
  share(c: number, l: number, q: number): string;
  /** Whole racks chip c's owned nodes fill in quarter q (with site racks). */
  racks(c: number, q: number): string;
  /** Whether chip c's nodes are counted in racks (the site has racks and the chip a nodesPerRack). */
  racked(c: number): boolean;
  /** Whether the plan may buy chip c (offered, and priced unless priceless chips count as free). */
  canBuy(c: number): boolean;
  /** Whether chip c may serve line l (a positive capacity). */
  serves(c: number, l: number): boolean;
  readonly extraPowerMW: string;
  readonly extraBudgetTotal: string;
  extraBudget(q: number): string;
  extraSupply(c: number, q: number): string;
  extraRacks(q: number): string;
}

/** LP-safe: letters, digits and `_` only. */
function safe(s: string): string {
  return s.replace(/[^A-Za-z0-9]+/g, '_');
}

/** Numbers as the LP reader takes them (JavaScript's shortest round-trip form, exponents included). */
function num(x: number): string {
  return String(x);
}

export function lpNames(model: PlanModel, options: LpOptions = {}): LpNames {
  const chip = model.chips.map((c, i) => `c${i}_${safe(c.accelerator)}`);
  const line = model.lines.map((l, i) => `l${i}_${safe(l.name)}`);
  const canBuy = (c: number) =>
    model.chips[c].buyable && (model.chips[c].capitalUsd !== null || options.pricelessAsFree === true);
  return {
    bought: (c, q) => `bought_${chip[c]}_q${q}`,
    owned: (c, q) => `owned_${chip[c]}_q${q}`,
    share: (c, l, q) => `share_${chip[c]}_${line[l]}_q${q}`,
    racks: (c, q) => `racks_${chip[c]}_q${q}`,
    racked: (c) => model.racks !== undefined && model.chips[c].nodesPerRack !== undefined,
    canBuy,
    serves: (c, l) => (model.chips[c].capacity[model.lines[l].name] ?? 0) > 0,
    extraPowerMW: 'extra_power_MW',
    extraBudgetTotal: 'extra_budget_total_100MUSD',
    extraBudget: (q) => `extra_budget_q${q}_100MUSD`,
    extraSupply: (c, q) => `extra_supply_${chip[c]}_q${q}_1000devices`,
    extraRacks: (q) => `extra_racks_q${q}_10racks`,
  };
}

/** A linear expression as LP text, a few terms per line (the reader is happiest with short lines). */
function expression(terms: readonly (readonly [number, string])[]): string {
  const parts = terms.map(([k, v], i) => `${k < 0 ? '-' : i === 0 ? '' : '+'} ${num(Math.abs(k))} ${v}`);
  const lines: string[] = [];
  for (let i = 0; i < parts.length; i += 8) lines.push(parts.slice(i, i + 8).join(' '));
  return lines.join('\n   ') || '0';
}

/** The programme as LP text. */
export function lpText(model: PlanModel, options: LpOptions = {}): string {
  const n = lpNames(model, options);
  const relax = options.relax ?? new Set<RelaxableFamily>();
  const Q = model.quarters;
  const chips = model.chips.map((c, i) => [i, c] as const);
  const capitalOf = (c: PlanChip) => c.capitalUsd ?? 0;
  const objective: [number, string][] = [];
  const rows: string[] = [];
  const generals: string[] = [];
  const bounds: string[] = [];
  const row = (name: string, terms: [number, string][], sense: '<=' | '>=' | '=', rhs: number) =>
    rows.push(` ${name}: ${expression(terms)} ${sense} ${num(rhs)}`);

  if (relax.size === 0) {
    for (const [i, c] of chips)
      for (let q = 0; q < Q; q++) {
        if (n.canBuy(i) && capitalOf(c) > 0) objective.push([capitalOf(c), n.bought(i, q)]);
        if (c.energyUsdPerQuarter > 0) objective.push([c.energyUsdPerQuarter, n.owned(i, q)]);
      }
  }
  for (const [i, c] of chips) {
    for (let q = 0; q < Q; q++) {
      const terms: [number, string][] = [[1, n.owned(i, q)]];
      if (n.canBuy(i)) for (let t = 0; t <= q; t++) terms.push([-1, n.bought(i, t)]);
      row(`ownership_${n.owned(i, q)}`, terms, '=', c.existingNodes);
      const shares: [number, string][] = [];
      model.lines.forEach((_, l) => n.serves(i, l) && shares.push([1, n.share(i, l, q)]));
      if (shares.length > 0) row(`split_${n.owned(i, q)}`, [...shares, [-1, n.owned(i, q)]], '<=', 0);
      if (n.canBuy(i)) generals.push(n.bought(i, q));
    }
  }
  model.lines.forEach((line, l) => {
    for (let q = 0; q < Q; q++) {
      const terms: [number, string][] = [];
      for (const [i, c] of chips) if (n.serves(i, l)) terms.push([c.capacity[line.name], n.share(i, l, q)]);
      if (line.demand[q] > 0 && terms.length > 0)
        row(`demand_l${l}_${safe(line.name)}_q${q}`, terms, '>=', line.demand[q]);
    }
  });
  const capital = (q: number) =>
    chips
      .filter(([i, c]) => n.canBuy(i) && capitalOf(c) > 0)
      .map(([i, c]) => [capitalOf(c), n.bought(i, q)] as [number, string]);
  const perQuarter = model.budget.perQuarterUsd;
  if (perQuarter) {
    for (let q = 0; q < Q; q++) {
      const terms = capital(q);
      if (relax.has('budget')) {
        terms.push([-SLACK_UNIT.budget, n.extraBudget(q)]);
        objective.push([1, n.extraBudget(q)]);
      }
      if (terms.length > 0) row(`budget_q${q}`, terms, '<=', perQuarter[q]);
    }
  }
  if (model.budget.totalUsd !== undefined) {
    const terms = Array.from({ length: Q }, (_, q) => capital(q)).flat();
    if (relax.has('budget')) {
      terms.push([-SLACK_UNIT.budget, n.extraBudgetTotal]);
      objective.push([1, n.extraBudgetTotal]);
    }
    if (terms.length > 0) row('budget_total', terms, '<=', model.budget.totalUsd);
  }
  if (model.powerCapMW !== undefined) {
    if (relax.has('power')) objective.push([1, n.extraPowerMW]);
    for (let q = 0; q < Q; q++) {
      const terms = chips
        .filter(([, c]) => c.facilityKw > 0)
        .map(([i, c]) => [c.facilityKw, n.owned(i, q)] as [number, string]);
      if (relax.has('power')) terms.push([-1000 * SLACK_UNIT.power, n.extraPowerMW]);
      if (terms.length > 0) row(`power_cap_q${q}`, terms, '<=', model.powerCapMW * 1000);
    }
  }
  for (const [i, c] of chips) {
    if (!n.canBuy(i) || c.supplyDevices === undefined) continue;
    for (let q = 0; q < Q; q++) {
      const terms: [number, string][] = [[c.devicesPerNode, n.bought(i, q)]];
      if (relax.has('supply')) {
        terms.push([-SLACK_UNIT.supply, n.extraSupply(i, q)]);
        objective.push([1, n.extraSupply(i, q)]);
      }
      row(`supply_${n.bought(i, q)}`, terms, '<=', c.supplyDevices[q]);
    }
  }
  if (model.racks !== undefined) {
    const { available, usedByExisting } = model.racks;
    for (let q = 0; q < Q; q++) {
      const terms: [number, string][] = [];
      for (const [i, c] of chips) {
        if (!n.racked(i)) continue;
        row(
          `rack_fill_${n.racks(i, q)}`,
          [
            [c.nodesPerRack as number, n.racks(i, q)],
            [-1, n.owned(i, q)],
          ],
          '>=',
          0,
        );
        generals.push(n.racks(i, q));
        terms.push([1, n.racks(i, q)]);
      }
      if (relax.has('racks')) {
        terms.push([-SLACK_UNIT.racks, n.extraRacks(q)]);
        objective.push([1, n.extraRacks(q)]);
      }
      if (terms.length > 0) row(`racks_q${q}`, terms, '<=', available[q] - usedByExisting);
    }
  }
  if (relax.size > 0 && objective.length === 0) objective.push([0, n.owned(0, 0)]);
  return [
    'Minimize',
    ` total_cost: ${expression(objective)}`,
    'Subject To',
    ...rows,
    ...(bounds.length > 0 ? ['Bounds', ...bounds] : []),
    ...(generals.length > 0 ? ['General', ` ${generals.join('\n ')}`] : []),
    'End',
    '',
  ].join('\n');
}
