/**
 * Plans for the Plan page's tests, all solved by the real planner: the small example demand (the YAML file the
 * page's form starts with), variants of it, and a plan carrying `scenarios` and `pareto` — fields the REST API is
 * about to send — assembled from real plans of the same demand under other supplies and power caps, so that every
 * figure the page shows comes from the planner.
 */
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { loadCatalog } from '../../src/catalog/index.js';
import { demandRequest, loadModels, runPlan } from '../../src/plan/index.js';
import type { Plan, ParetoPoint, Scenario } from '../../web/src/pages/plan/plan-types.js';

export const SMALL_DEMAND_FILE = 'examples/plans/small.yaml';

/** The example demand file's content, as data. */
export function smallDemand(): Record<string, unknown> {
  return parseYaml(readFileSync(SMALL_DEMAND_FILE, 'utf8')) as Record<string, unknown>;
}

/** The parts of the example demand the tests change. */
export interface ExampleDemand {
  site: { powerCapMW?: number };
  chips: { accelerator: string; supplyDevices?: number[] }[];
}

/** The example demand with `change` applied to a copy. */
export function demandWith(change: (d: ExampleDemand) => void): Record<string, unknown> {
  const d = smallDemand();
  change(d as unknown as ExampleDemand);
  return d;
}

const reference = { catalog: loadCatalog(), models: loadModels() };

/** What `POST /v1/plans` with default options makes of `demand` (as JSON, so as the page receives it). */
export async function planOf(demand: Record<string, unknown>, check?: { seed: number }): Promise<Plan> {
  const plan = await runPlan({ demandRequest: demandRequest(demand, 'demand'), ...reference, check });
  return JSON.parse(JSON.stringify(plan)) as Plan;
}

/** The site cap of the demand behind {@link planWithScenariosAndPareto}: between the points of its frontier. */
export const FIXTURE_SITE_CAP_MW = 0.45;
/** Power caps of the frontier: one the demand cannot meet, the others feasible. */
const PARETO_CAPS_MW = [0.3, 0.37, 0.4, 0.5];

/**
 * The example demand capped at {@link FIXTURE_SITE_CAP_MW}, planned (and proven by simulation with `check`), with
 * two scenarios (the H20 export-restricted in every quarter; a power cap no plan meets) and the frontier over
 * {@link PARETO_CAPS_MW}; returns the demand too.
 */
export async function planWithScenariosAndPareto(check?: {
  seed: number;
}): Promise<{ demand: Record<string, unknown>; plan: Plan }> {
  const capped = (mw: number) => demandWith((d) => (d.site.powerCapMW = mw));
  const demand = capped(FIXTURE_SITE_CAP_MW);
  const base = await planOf(demand, check);
  const noH20 = demandWith((d) => {
    d.site.powerCapMW = FIXTURE_SITE_CAP_MW;
    d.chips.find((c) => c.accelerator === 'nvidia-h20')!.supplyDevices = [0, 0];
  });
  const scenarios: Scenario[] = [
    {
      ...(await planOf(noH20)),
      name: 'no-h20',
      changes: ['supply of nvidia-h20 set to 0 devices per quarter'],
    },
    { ...(await planOf(capped(0.3))), name: 'cap-0.3', changes: ['site power cap set to 0.3 MW'] },
  ];
  const points: ParetoPoint[] = [];
  for (const mw of PARETO_CAPS_MW) {
    const p = await planOf(capped(mw));
    const optimal = p.status === 'optimal';
    points.push({
      powerCapMW: mw,
      status: p.status,
      objectiveUsd: p.objectiveUsd,
      capitalUsd: p.capitalUsd,
      energyUsd: p.energyUsd,
      peakFacilityMW: optimal ? Math.max(...p.facilityMW) : null,
      nodesOwned: optimal
        ? Object.fromEntries(p.chips.map((c) => [c.accelerator, c.nodesOwned.at(-1)!]))
        : {},
    });
  }
  const uncapped = await planOf(demandWith((d) => delete d.site.powerCapMW));
  const feasible = points.filter((p) => p.status === 'optimal').map((p) => p.powerCapMW);
  const pareto = {
    method: 'The demand solved again under each power cap (fixture: a few caps, not a search).',
    minFeasibleMW: feasible.length > 0 ? Math.min(...feasible) : null,
    uncappedMW: Math.max(...uncapped.facilityMW),
    siteCapMW: FIXTURE_SITE_CAP_MW,
    points,
  };
  return { demand, plan: { ...base, scenarios, pareto } };
}
