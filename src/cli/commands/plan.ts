/**
 * @module cli/commands/plan
 * `hyperfleet plan`: the cheapest fleet that serves a demand file under its budget, power and supply limits (the
 * Plan pillar, docs/cli.md#hyperfleet-plan). A progress line per phase on stderr; `--json` prints one object (a
 * contract other tools read); without it, a readable summary. Exit codes: 0 a plan was found; 2 bad input — a
 * demand that cannot be met (an infeasible budget, power cap or supply) included, as issue 14 asks; its plan is
 * still printed with status `infeasible` and the reasons, so a script tells the two apart by the JSON.
 */
import type { Command } from 'commander';
import { ErrorCode, InputError } from '../../errors/index.js';
import type { PlanPhase, PlanRunInput } from '../../plan/index.js';
import { parseInteger, parseNumber, parsePolicy } from '../options.js';
import { checkOutputPath, writeOutputFile } from '../output-file.js';
import { planSummary } from './plan-summary.js';

interface PlanOptions {
  demand: string;
  fleet?: string;
  catalog?: string;
  modelFile?: string;
  efficiency?: string;
  timeLimit: string;
  gap: string;
  check: boolean;
  seed: string;
  checkPolicy: string;
  scenario?: string[];
  pareto: string;
  json?: boolean;
  report?: string;
}

/** Exit code of a demand that was read and solved but cannot be met: bad input, like any other. */
export const EXIT_INFEASIBLE = 2;

/** What the CLI passes to the solver unless told otherwise: 0.1 % is the plan's promise, 60 s per solve. */
export const PLAN_DEFAULTS = {
  gap: '0.001',
  timeLimitSec: '60',
  seed: '42',
  checkPolicy: 'bestfit',
  paretoPoints: '5',
} as const;

/** Most points of the frontier (each one solve): the pillar's `PLAN_RUN_DEFAULTS.maxParetoPoints`. */
export const PLAN_MAX_PARETO_POINTS = 100;

const PHASE_LINES: Readonly<Record<PlanPhase, string>> = {
  reading: 'reading the demand file',
  'performance model': 'performance model: capacity of each chip for each demand line',
  solving: 'solving the purchase programme (HiGHS)',
  pricing: 'pricing binding constraints',
  explaining: 'no plan meets the demand: finding the constraints that prevent it',
  checking: 'checking the plan by simulation (serving SLOs, training jobs in the time simulator)',
  're-solving': 'a check failed in simulation: solving again with the simulated capacity',
  scenario: 'scenario',
  pareto: 'cost against facility power: solving at caps from the least power needed to the uncapped plan',
};

/** `--scenario a,b --scenario c` → [a, b, c]; `none` alone → no scenario. */
function collectScenarios(value: string, previous: string[] = []): string[] {
  return [...previous, ...value.split(',').map((s) => s.trim())];
}

export function register(program: Command): void {
  program
    .command('plan')
    .description(
      'the cheapest accelerator purchases per quarter that serve a demand under budget, power and supply',
    )
    .requiredOption('--demand <file>', 'demand and constraints file, YAML or JSON (docs/cli.md#demand-files)')
    .option('--fleet <file>', "fleet file of nodes already owned (replaces the demand file's existing)")
    .option('--catalog <file>', 'JSON file extending or overriding the accelerator catalog')
    .option('--model-file <file>', 'YAML or JSON file adding or replacing models (docs/perf.md)')
    .option('--efficiency <file>', 'YAML or JSON file setting efficiency factors per chip (docs/perf.md)')
    .option('--time-limit <sec>', 'seconds the solver may spend on each solve', PLAN_DEFAULTS.timeLimitSec)
    .option('--gap <fraction>', 'relative MIP gap at which a plan counts as optimal', PLAN_DEFAULTS.gap)
    .option('--no-check', 'skip the proof by simulation (serving SLOs, training jobs)')
    .option('--seed <n>', 'seed of the simulation check', PLAN_DEFAULTS.seed)
    .option(
      '--check-policy <name>',
      'placement policy of the training replay: fgd | bestfit | dotprod | packing | clustering | random',
      PLAN_DEFAULTS.checkPolicy,
    )
    .option(
      '--scenario <names>',
      "the demand file's scenarios to plan too, by name (comma list, repeatable; none: no scenario; default: all)",
      collectScenarios,
    )
    .option(
      '--pareto <points>',
      'points of the frontier of cost against facility power (0: none)',
      PLAN_DEFAULTS.paretoPoints,
    )
    .option('--json', 'print one JSON object on stdout')
    .option('--report <file>', 'write an HTML report of the plan (docs/cli.md#hyperfleet-plan)')
    .action(async (opts: PlanOptions) => {
      await planCommand(opts);
    });
}

async function planCommand(opts: PlanOptions): Promise<void> {
  const timeLimitSec = parseNumber('--time-limit', opts.timeLimit, { positive: true });
  const gap = parseNumber('--gap', opts.gap);
  const seed = parseInteger('--seed', opts.seed);
  const checkPolicy = parsePolicy(opts.checkPolicy, '--check-policy');
  const paretoPoints = parseInteger('--pareto', opts.pareto);
  if (paretoPoints === 1 || paretoPoints > PLAN_MAX_PARETO_POINTS) {
    throw new InputError(ErrorCode.InvalidOption, {
      field: '--pareto',
      expected: `0 (no frontier) or a number of points between 2 and ${PLAN_MAX_PARETO_POINTS}`,
      got: opts.pareto,
    });
  }
  const scenarios = opts.scenario?.filter((s) => s !== '');
  if (scenarios?.includes('none') && scenarios.length > 1) {
    throw new InputError(ErrorCode.InvalidOption, {
      field: '--scenario',
      expected: 'none alone, or scenario names',
      got: opts.scenario?.join(','),
    });
  }
  if (!(gap > 0 && gap < 1)) {
    throw new InputError(ErrorCode.InvalidOption, {
      field: '--gap',
      expected: 'a fraction between 0 and 1 (exclusive; 0.1 % is 0.001)',
      got: opts.gap,
    });
  }
  if (opts.report) checkOutputPath(opts.report, '--report');
  const [{ loadCatalog }, plan] = await Promise.all([
    import('../../catalog/index.js'),
    import('../../plan/index.js'),
  ]);
  const catalog = loadCatalog(opts.catalog);
  const models = plan.loadModels(opts.modelFile);
  const efficiency = opts.efficiency ? plan.loadEfficiencyFile(opts.efficiency, catalog.ids()) : [];
  let result;
  let demand;
  try {
    const input: PlanRunInput = {
      demandFile: opts.demand,
      ...(opts.fleet !== undefined ? { fleetFile: opts.fleet } : {}),
      catalog,
      models,
      efficiency,
      mipRelGap: gap,
      timeLimitSec,
      ...(opts.check ? { check: { seed, policy: checkPolicy } } : {}),
      ...(scenarios !== undefined ? { scenarios: scenarios[0] === 'none' ? [] : scenarios } : {}),
      paretoPoints,
      onPhase: (phase, detail) =>
        process.stderr.write(`plan: ${PHASE_LINES[phase]}${detail !== undefined ? ` ${detail}` : ''}\n`),
    };
    const prepared = await plan.preparePlan(input);
    // The report shows the site cap, budget and SLOs the plan was held to: the demand as read for the plan.
    demand = prepared.demand;
    result = await plan.runPreparedPlan(input, prepared);
  } catch (e) {
    if (!(e instanceof plan.SolverTimeLimitError)) throw e;
    throw new InputError(ErrorCode.InvalidOption, {
      field: '--time-limit',
      message: `the solver reached the time limit of ${timeLimitSec} s before proving a plan within a ${gap * 100} % gap`,
      expected: 'a larger --time-limit, or a larger --gap',
      got: opts.timeLimit,
    });
  }
  for (const u of result.unpriced) process.stderr.write(`plan: warning: ${u.message}\n`);
  process.stdout.write(opts.json ? JSON.stringify(result) + '\n' : planSummary(result));
  if (opts.report) {
    const { renderPlanReport } = await import('../../report/index.js');
    await writeOutputFile(opts.report, renderPlanReport(result, { demand }), '--report');
    process.stderr.write(`report: ${opts.report}\n`);
  }
  if (result.status === 'infeasible') {
    process.stderr.write(
      `✖ ${result.demandFile}: the demand cannot be met: ${result.reasons.map((r) => r.message).join('; ')}\n`,
    );
    process.exitCode = EXIT_INFEASIBLE;
  }
}
