/**
 * @module plan/plan-run
 * One plan, as `hyperfleet plan` and `POST /v1/plans` run it: read the demand file or request (its model
 * ids checked against the model registry, `existing` replaced by a fleet file when one is given), build the
 * programme's coefficients — training from the catalog, inference from the per-chip performance model at each
 * service's SLO — refuse a service no chip can serve, solve, and return the result with every assumption the
 * figures rest on — and, when asked, the plan proven by simulation (check/plan-check: solved again with the
 * capacities the simulation shows until it holds). Phases are reported through `onPhase` so a caller can show
 * progress.
 */
import { figureValue, SPEED_FIGURE, type Accelerator, type Catalog, type Figure } from '../catalog/index.js';
import { ErrorCode, InputError, isInputError } from '../errors/index.js';
import type { PaperPolicyName } from '../policies/index.js';
import { closest, readInputText, UserDocument, type PathIssue } from '../input/index.js';
import { checkPlan, type PlanCheck } from './check/plan-check.js';
import type { Demand, Scenario } from './demand/demand.js';
import { readDemandFile } from './demand/demand-file.js';
import {
  DEMAND_REQUEST_NAME,
  type DemandRequest,
  failInDemandRequest,
  parseDemandRequest,
} from './demand/demand-request.js';
import { InferenceCapacities, unknownModels, type InferenceLayout } from './inference-capacity.js';
import { planModel, type PlanModel } from './optimiser/plan-model.js';
import type { PlanResult } from './optimiser/plan-result.js';
import { solvePlanModel } from './optimiser/solve-plan.js';
import { planCapacity } from './optimiser/training-capacity.js';
import type { EfficiencyOverride } from './perf/efficiency.js';
import type { ModelRegistry } from './perf/model-registry.js';
import { powerFrontier, type ParetoFrontier } from './pareto/power-frontier.js';
import { applyScenario } from './scenario/apply-scenario.js';

/** The solver's defaults for `hyperfleet plan` and `POST /v1/plans`: 0.1 % is the plan's promise, 60 s per solve. */
export const PLAN_SOLVE_DEFAULTS = { mipRelGap: 0.001, timeLimitSec: 60 } as const;

/**
 * What `hyperfleet plan` and `POST /v1/plans` do unless told otherwise: the check's seed, the points of the
 * cost-against-power frontier (0 or 2 to `maxParetoPoints`: each point is a solve).
 */
export const PLAN_RUN_DEFAULTS = { checkSeed: 42, paretoPoints: 5, maxParetoPoints: 100 } as const;

/**
 * The phases of a plan, in order (`explaining` only when the demand is infeasible); `scenario` starts each
 * scenario's own phases (its name as the detail), `pareto` the power frontier.
 */
export type PlanPhase =
  | 'reading'
  | 'performance model'
  | 'solving'
  | 'pricing'
  | 'explaining'
  | 'checking'
  | 're-solving'
  | 'scenario'
  | 'pareto';

/** Where the demand comes from: a demand file (and maybe a fleet file), or a request's data (REST). */
export type PlanDemandSource =
  | {
      readonly demandFile: string;
      /** A fleet file of nodes already owned, replacing the demand file's `existing`. */
      readonly fleetFile?: string;
    }
  | { readonly demandRequest: DemandRequest };

export type PlanRunInput = PlanDemandSource & {
  readonly catalog: Catalog;
  readonly models: ModelRegistry;
  readonly efficiency?: readonly EfficiencyOverride[];
  readonly mipRelGap?: number;
  /** Seconds per solve. */
  readonly timeLimitSec?: number;
  /** Told when each phase starts; `detail` names the scenario of a `scenario` phase. */
  readonly onPhase?: (phase: PlanPhase, detail?: string) => void;
  /**
   * Prove the plan (and each scenario's) by simulation with this seed (absent: no check), replaying training
   * jobs with `policy` (default: the check's, bestfit).
   */
  readonly check?: { readonly seed: number; readonly policy?: PaperPolicyName };
  /**
   * The demand's scenarios to plan too, by name (absent: all of them; empty: none). An unknown name is refused
   * as a mistake in `scenariosField` (default `--scenario`).
   */
  readonly scenarios?: readonly string[];
  readonly scenariosField?: string;
  /** Points of the cost-against-power frontier to compute for the plan as written (absent or 0: none). */
  readonly paretoPoints?: number;
};

/** A plan as `--json` prints it: the optimiser's result, how each chip serves each service, and the assumptions. */
export interface PlanRun extends PlanResult {
  readonly demandFile: string;
  readonly existingFile?: string;
  /** Per (service, chip): the requests/s one node serves at the SLO and the layout, or why it serves none. */
  readonly inference: readonly InferenceLayout[];
  /** Every assumed figure or factor the capacities, power and prices rest on, in words. */
  readonly assumptions: readonly string[];
  /** The simulation check and its iterations, when asked. */
  readonly check?: PlanCheck;
  /** The demand's scenarios, each planned (and checked) as the plan as written is, when it has any. */
  readonly scenarios?: readonly PlanScenarioRun[];
  /** Total cost against facility power for the plan as written, when asked. */
  readonly pareto?: ParetoFrontier;
}

/** One scenario's plan: the same fields as the plan as written, with what the scenario changed. */
export type PlanScenarioRun = Omit<PlanRun, 'scenarios' | 'pareto'> & {
  readonly name: string;
  readonly description?: string;
  readonly changes: readonly string[];
};

/** A demand read and turned into the programme's coefficients, ready to solve. */
export interface PreparedPlan {
  readonly demand: Demand;
  readonly demandFile: string;
  readonly model: PlanModel;
  readonly inference: InferenceCapacities;
  /** The scenarios to plan too, as selected. */
  readonly scenarios: readonly Scenario[];
  /** Throws issues located in the demand (by line in a file, by JSON path in a request). */
  readonly fail: (issues: readonly PathIssue[]) => never;
}

/**
 * Everything of a plan before the solver: read the demand, build the coefficients, refuse a service no chip can
 * serve. Every refusal of bad input happens here (cheap: no solve), so a service can answer it before queueing.
 */
export async function preparePlan(input: PlanRunInput): Promise<PreparedPlan> {
  const { catalog, onPhase } = input;
  onPhase?.('reading');
  const check = (data: unknown) => unknownModels(data, input.models);
  let demand: Demand;
  let demandFile: string;
  let fail: (issues: readonly PathIssue[]) => never;
  if ('demandRequest' in input) {
    const request = input.demandRequest;
    demand = await parseDemandRequest(request, catalog, { check });
    demandFile = DEMAND_REQUEST_NAME;
    fail = (issues) => failInDemandRequest(request, issues);
  } else {
    demand = await readDemandFile(input.demandFile, catalog, {
      ...(input.fleetFile !== undefined ? { existing: input.fleetFile } : {}),
      check,
    });
    demandFile = input.demandFile;
    fail = (issues) => failAt(input.demandFile, issues);
  }
  onPhase?.('performance model');
  const inference = new InferenceCapacities(catalog, input.models, input.efficiency ?? []);
  const model = await locatedIn(demandFile, fail, async () =>
    planModel(demand, catalog, capacityOf(catalog, inference)),
  );
  const unservable = inference.unservable(demand);
  if (unservable.length > 0) fail(unservable);
  const scenarios = selectScenarios(demand, input.scenarios, input.scenariosField ?? '--scenario');
  return { demand, demandFile, model, inference, scenarios, fail };
}

/** The scenarios named, in the order named (all of the demand's when none are named). */
function selectScenarios(demand: Demand, names: readonly string[] | undefined, field: string): Scenario[] {
  if (names === undefined) return [...demand.scenarios];
  const known = demand.scenarios.map((s) => s.name);
  const unknown = names.filter((n) => !known.includes(n));
  if (unknown.length > 0) {
    throw new InputError(
      ErrorCode.InvalidOption,
      unknown.map((n) => {
        const near = closest(n, known, 3);
        return {
          field,
          message: `no scenario named ${n} in the demand`,
          expected:
            known.length === 0
              ? 'no scenario: the demand lists none (add scenarios to it)'
              : `one of ${known.join(', ')}${near.length > 0 ? ` (closest: ${near.join(', ')})` : ''}`,
          got: n,
        };
      }),
    );
  }
  return names.map((n) => demand.scenarios.find((s) => s.name === n) as Scenario);
}

export async function runPlan(input: PlanRunInput): Promise<PlanRun> {
  return runPreparedPlan(input, await preparePlan(input));
}

/** A plan from a demand already prepared (a caller that needs the demand too reads it once). */
export async function runPreparedPlan(input: PlanRunInput, prepared: PreparedPlan): Promise<PlanRun> {
  const { catalog, onPhase } = input;
  const { demand, demandFile, fail } = prepared;
  const base = await planDemand(input, prepared);
  let pareto: ParetoFrontier | undefined;
  if ((input.paretoPoints ?? 0) > 0 && base.run.status === 'optimal') {
    onPhase?.('pareto');
    pareto = await powerFrontier(
      base.planned,
      (m) => solver(input, prepared)(m, { price: false, progress: false }),
      input.paretoPoints as number,
      base.run,
    );
  }
  const scenarios: PlanScenarioRun[] = [];
  for (const s of prepared.scenarios) {
    onPhase?.('scenario', s.name);
    const variant = applyScenario(demand, catalog, s);
    // The perf model's figures depend on the catalog only: a scenario that derates no chip reuses them.
    const inference =
      variant.catalog === catalog
        ? prepared.inference
        : new InferenceCapacities(variant.catalog, input.models, input.efficiency ?? []);
    const model = withCheckedCapacities(
      await locatedIn(demandFile, fail, async () =>
        planModel(variant.demand, variant.catalog, capacityOf(variant.catalog, inference)),
      ),
      base.planned,
      new Set(Object.keys(s.efficiency)),
    );
    const { run } = await planDemand(
      { ...input, catalog: variant.catalog },
      { ...prepared, demand: variant.demand, model, inference },
    );
    scenarios.push({
      name: s.name,
      ...(s.description !== undefined ? { description: s.description } : {}),
      changes: variant.changes,
      ...run,
    });
  }
  return {
    ...base.run,
    ...(prepared.scenarios.length > 0 ? { scenarios } : {}),
    ...(pareto !== undefined ? { pareto } : {}),
  };
}

/**
 * A scenario's programme starting from what the plan's simulation check learnt: a chip the scenario does not derate
 * serves each line at the capacity the check settled on (the same chip, service and SLO), so the scenario is
 * not re-learnt from the optimistic model — and a scenario with fewer options cannot come out cheaper for having
 * drawn luckier samples.
 */
function withCheckedCapacities(
  model: PlanModel,
  checked: PlanModel,
  derated: ReadonlySet<string>,
): PlanModel {
  return {
    ...model,
    chips: model.chips.map((chip) => {
      const known = checked.chips.find(
        (c) => c.accelerator === chip.accelerator && c.devicesPerNode === chip.devicesPerNode,
      );
      return known === undefined || derated.has(chip.accelerator)
        ? chip
        : { ...chip, capacity: { ...chip.capacity, ...known.capacity } };
    }),
  };
}

/** The capacity of a chip for each demand line: training from the catalog, inference from the perf model. */
function capacityOf(catalog: Catalog, inference: InferenceCapacities) {
  return planCapacity(catalog, (chip, line) =>
    line.type === 'inference' ? inference.capacity(chip, line) : 0,
  );
}

/**
 * Solves at the run's gap and time limit, refusals located in the demand. Pricing re-solves once per constraint, so
 * only final plans are priced; progress lines are told only for the plan's own solves, not the frontier's.
 */
function solver(input: PlanRunInput, prepared: Pick<PreparedPlan, 'demandFile' | 'fail'>) {
  return (model: PlanModel, options: { readonly price: boolean; readonly progress: boolean }) =>
    locatedIn(prepared.demandFile, prepared.fail, () =>
      solvePlanModel(model, {
        ...(input.mipRelGap !== undefined ? { mipRelGap: input.mipRelGap } : {}),
        ...(input.timeLimitSec !== undefined ? { timeLimitSec: input.timeLimitSec } : {}),
        bindingPrices: options.price,
        ...(options.progress ? { onPhase: (phase: PlanPhase) => input.onPhase?.(phase) } : {}),
      }),
    );
}

/**
 * One demand planned: solved, checked by simulation when asked (solved again with the capacities the simulation
 * shows), priced; with the programme it finally solved.
 */
async function planDemand(
  input: PlanRunInput,
  prepared: Pick<PreparedPlan, 'demand' | 'demandFile' | 'model' | 'inference' | 'fail'>,
): Promise<{ run: Omit<PlanRun, 'scenarios' | 'pareto'>; planned: PlanModel }> {
  const { catalog, onPhase } = input;
  const { demand, demandFile, model, inference } = prepared;
  // The programmes the check solves again are priced only once it ends.
  const solve = (m: PlanModel, final: boolean) =>
    solver(input, prepared)(m, { price: final, progress: true });
  let result = await solve(model, !input.check);
  let check: PlanCheck | undefined;
  let planned = model;
  if (input.check && result.status === 'optimal') {
    onPhase?.('checking');
    const checked = await checkPlan({
      demand,
      catalog,
      model,
      result,
      servingModel: (chip, line) => inference.servingModel(chip, line),
      solve: (m) => {
        onPhase?.('re-solving');
        return solve(m, false);
      },
      seed: input.check.seed,
      ...(input.check.policy !== undefined ? { policy: input.check.policy } : {}),
    });
    check = checked.check;
    planned = checked.model;
    result = checked.result.status === 'optimal' ? await solve(checked.model, true) : checked.result;
  }
  return {
    planned,
    run: {
      ...result,
      demandFile,
      ...(demand.existingFile !== undefined ? { existingFile: demand.existingFile } : {}),
      inference: simulatedCapacities(inference.all(), planned),
      // The perf model and the catalog may state one figure's assumption in the same words: each once.
      assumptions: [...new Set([...inference.assumptions(), ...catalogAssumptions(demand, model, catalog)])],
      ...(check !== undefined ? { check } : {}),
    },
  };
}

/** The layouts with the capacity the plan used where the simulation check lowered it (the model's kept aside). */
function simulatedCapacities(layouts: readonly InferenceLayout[], planned: PlanModel): InferenceLayout[] {
  return layouts.map((l) => {
    const used = planned.chips.find(
      (c) => c.accelerator === l.accelerator && c.devicesPerNode === l.devicesPerNode,
    )?.capacity[l.line];
    return used === undefined || used === l.requestsPerSecPerNode
      ? l
      : { ...l, requestsPerSecPerNode: used, perfModelRequestsPerSecPerNode: l.requestsPerSecPerNode };
  });
}

/** A field of a demand-file entry or of the site as the optimiser names it: `chips[2].priceUsd`, `site.racks`. */
const ENTRY_FIELD = /^(?:(chips|training|inference)\[(\d+)\]|site)\.([A-Za-z]+)$/;

/**
 * Runs `step`; its refusals that name a field of the demand file but no line (the optimiser knows fields, not
 * lines: a chip without TDP, a price the plan needs) are thrown again located at their lines.
 */
async function locatedIn<T>(
  file: string,
  fail: (issues: readonly PathIssue[]) => never,
  step: () => Promise<T>,
): Promise<T> {
  try {
    return await step();
  } catch (e) {
    if (!isInputError(e)) throw e;
    const fields = e.issues.map((i) =>
      i.file === file && i.line === undefined ? ENTRY_FIELD.exec(i.field ?? '') : null,
    );
    if (fields.length === 0 || fields.some((f) => f === null)) throw e;
    fail(
      e.issues.map((issue, k) => {
        const [, list, index, field] = fields[k] as RegExpExecArray;
        return {
          path: list === undefined ? ['site', field] : [list, Number(index), field],
          ...(issue.message !== undefined ? { message: issue.message } : {}),
          ...(issue.expected !== undefined ? { expected: issue.expected } : {}),
          // A value is shown only where the refusal showed one (a price to add has none).
          key: issue.got === undefined,
          code: e.code,
        };
      }),
    );
  }
}

/** Throws `issues` located at their lines of the demand file (it was read and validated just before). */
function failAt(file: string, issues: readonly PathIssue[]): never {
  const json = file.toLowerCase().endsWith('.json');
  const text = readInputText(file, { what: 'a demand file, YAML or JSON' });
  return UserDocument.parse(text, file, { syntax: json ? 'json' : 'yaml', what: 'a demand file' }).fail(
    issues,
  );
}

/**
 * The catalog's assumed or range-chosen figures the plan used — speed figures of training lines, TDP and idle
 * power, prices taken from the catalog — each once, in chip order.
 */
function catalogAssumptions(demand: Demand, model: PlanModel, catalog: Catalog): string[] {
  const out = new Set<string>();
  const figure = (a: Accelerator, field: Figure) => {
    for (const s of a.assumptions ?? []) {
      if (s.field === field) out.add(`${a.id}: ${field} = ${s.value} (assumed: ${s.basis}).`);
    }
    if (a.provenance[field] === 'range')
      out.add(`${a.id}: ${field} = ${figureValue(a, field)} chosen from a range of published values.`);
  };
  const ids = new Set([...model.chips.map((c) => c.accelerator), ...demand.training.map((l) => l.reference)]);
  for (const id of ids) {
    const a = catalog.get(id);
    if (!a) continue;
    for (const line of demand.training) figure(a, SPEED_FIGURE[line.kind]);
    if (!model.chips.some((c) => c.accelerator === id)) continue;
    figure(a, 'tdpW');
    if (a.idleW === null && demand.site.powerUtilisation < 1) {
      out.add(
        `${a.id}: idle power assumed ${catalog.idleFractionOfTdp} × TDP (no published figure); devices draw ` +
          `idle + (TDP − idle) × ${demand.site.powerUtilisation}.`,
      );
    }
  }
  demand.chips.forEach((c, i) => {
    const a = catalog.get(c.accelerator);
    if (c.priceFrom === 'catalog' && a) {
      const range = a.provenance.priceUsd === 'range' ? ', chosen from a range of published values' : '';
      out.add(
        `${c.accelerator}: price ${c.priceUsd} USD per device from the catalog (a street or press estimate` +
          `${range}; set chips[${i}].priceUsd to use your own).`,
      );
    }
  });
  return [...out];
}
