/**
 * @module plan/demand/demand-schema
 * The demand and constraints file of the planner (issue 14's contract): the horizon in quarters, the site (PUE,
 * electricity price, facility power cap), the capital budget, the chips the plan may buy, the fleet already owned,
 * and the demand lines — training in device-hours of a reference chip (given, or summed from the pods of a
 * workload), inference services in peak requests/s or tokens/s under an SLO. The zod schema below is the one definition of the format; rules across fields (array lengths against
 * `quarters`, unique names) are cross-field rules so every problem is reported at once, located by input's
 * UserDocument.
 *
 * Per-quarter values (`deviceHours`, `peakRequestsPerSec`, `peakTokensPerSec`, `supplyDevices`,
 * `budget.perQuarterUsd`) are a list with one entry per quarter, or one number meaning the same value in every quarter.
 * A line gives its demand in exactly one of two ways ({@link DEMAND_ALTERNATIVES}), checked as a cross-field rule.
 */
import * as z from 'zod';
import { crossFieldRule, isRecord, type PathIssue } from '../../input/index.js';
import {
  amount,
  BUDGET_EXAMPLE,
  BUDGET_FIELDS,
  fraction,
  ID,
  lineName,
  perQuarter,
  rackCount,
  SITE_FIELDS,
  text,
} from './demand-fields.js';
import { scenarioRules, ScenarioSchema } from '../scenario/scenario-schema.js';

/** Most quarters a plan may span (25 years): a typo such as `quarters: 800` must not build a huge model. */
export const MAX_QUARTERS = 100;

/** Hours in a quarter: a quarter of 8760 h, as the contract fixes it. */
export const HOURS_PER_QUARTER = 2190;

/** Documented defaults of the optional extensions. */
export const DEMAND_DEFAULTS = {
  /** Devices draw their TDP: what a site provisions its power for (see `site.powerUtilisation`). */
  powerUtilisation: 1,
  nodeOverheadUsd: 0,
  nodePowerOverheadW: 0,
  growthPerQuarter: 0,
  /** As fleet files' capex: accelerator generations turn over every ~2 years, kept about twice that. */
  amortisationYears: 4,
} as const;

const SiteSchema = z.strictObject(
  {
    pue: SITE_FIELDS.pue(),
    electricityUsdPerKWh: SITE_FIELDS.electricityUsdPerKWh(),
    powerCapMW: SITE_FIELDS.powerCapMW().optional(),
    powerUtilisation: SITE_FIELDS.powerUtilisation()
      .default(DEMAND_DEFAULTS.powerUtilisation)
      .describe(
        'Extension: the utilisation devices draw power at, idle + (TDP − idle) × u. Default 1: every device at ' +
          'TDP, what a site must provision its power cap for.',
      ),
    racks: z
      .union([rackCount(), z.array(rackCount(), { error: 'a list of whole numbers of racks ≥ 0' })], {
        error: 'a whole number of racks ≥ 0, or a list with one per quarter',
      })
      .optional()
      .describe(
        'Extension: racks available for accelerator nodes (one number, or one per quarter). Every chip offered ' +
          'then needs nodesPerRack, and the nodes owned each quarter must fit in whole racks. Absent: no limit.',
      ),
    racksUsedByExisting: rackCount()
      .optional()
      .describe(
        'Extension: racks the existing nodes of no offered chip’s shape fill (nodes of an offered chip’s shape ' +
          'fill racks by that chip’s nodesPerRack). Needed with racks when the existing fleet has such nodes.',
      ),
    amortisationYears: SITE_FIELDS.amortisationYears().default(DEMAND_DEFAULTS.amortisationYears),
  },
  { error: 'a mapping such as { pue: 1.3, electricityUsdPerKWh: 0.08, powerCapMW: 300 }' },
);

const BudgetSchema = z.strictObject(
  {
    totalUsd: BUDGET_FIELDS.totalUsd().optional(),
    perQuarterUsd: BUDGET_FIELDS.perQuarterUsd().optional(),
  },
  { error: BUDGET_EXAMPLE },
);

const ChipSchema = z.strictObject(
  {
    accelerator: text('an accelerator catalog id such as nvidia-h20'),
    devicesPerNode: z
      .int({ error: 'a whole number between 1 and 1024' })
      .min(1, { error: 'a whole number between 1 and 1024' })
      .max(1024, { error: 'a whole number between 1 and 1024' }),
    supplyDevices: perQuarter('a number of devices ≥ 0')
      .optional()
      .describe('Devices that can be bought per quarter (0 = export-restricted). Absent: no limit.'),
    priceUsd: amount('a price in USD ≥ 0')
      .optional()
      .describe('Price of one device, USD. Default: the catalog’s priceUsd.'),
    nodeOverheadUsd: amount('a price in USD ≥ 0')
      .default(DEMAND_DEFAULTS.nodeOverheadUsd)
      .describe('Price of a node without its devices (chassis, CPUs, NICs), USD. Default 0.'),
    nodePowerOverheadW: amount('a power in W ≥ 0')
      .default(DEMAND_DEFAULTS.nodePowerOverheadW)
      .describe('Power of a node’s non-accelerator parts, W, before PUE. Default 0.'),
    nodesPerRack: z
      .int({ error: 'a whole number of nodes between 1 and 1024' })
      .min(1, { error: 'a whole number of nodes between 1 and 1024' })
      .max(1024, { error: 'a whole number of nodes between 1 and 1024' })
      .optional()
      .describe(
        'Extension: whole nodes of this chip one rack holds (its power density is the site’s business). ' +
          'Needed when site.racks is given.',
      ),
  },
  { error: 'a chip mapping such as { accelerator: nvidia-h20, devicesPerNode: 8, priceUsd: 12000 }' },
);

const growth = () =>
  z
    .number({ error: 'a growth rate per quarter > -1 (10 % is 0.1)' })
    .gt(-1, { error: 'a growth rate per quarter > -1 (10 % is 0.1)' })
    .max(10, { error: 'a growth rate per quarter ≤ 10 (10 % is 0.1)' })
    .default(DEMAND_DEFAULTS.growthPerQuarter)
    .describe('Extension: quarter q’s demand is the given value × (1 + growth)^q. Default 0.');

const TrainingSchema = z.strictObject(
  {
    name: lineName(),
    reference: text('an accelerator catalog id such as nvidia-h100'),
    kind: z.enum(['compute', 'memory'], { error: 'compute or memory' }),
    deviceHours: perQuarter('device-hours ≥ 0').optional(),
    workload: text(
      'a workload: synthetic:pods=N,days=D,seed=S or a workload file path (relative to this file)',
    )
      .optional()
      .describe(
        'Extension, instead of deviceHours: the jobs of a workload; quarter q’s demand is the reference ' +
          'device-hours of the pods that arrive in it.',
      ),
    utilisation: fraction(),
    growthPerQuarter: growth(),
  },
  {
    error:
      'a training line such as { name: pretrain, reference: nvidia-h100, kind: compute, deviceHours: [2e7], utilisation: 0.8 }',
  },
);

const SloSchema = z.strictObject(
  {
    ttftSec: z.number({ error: 'seconds > 0' }).gt(0, { error: 'seconds > 0' }),
    tpotSec: z.number({ error: 'seconds > 0' }).gt(0, { error: 'seconds > 0' }),
    percentile: z
      .number({ error: 'a percentile between 0 and 100 (exclusive), such as 99' })
      .gt(0, { error: 'a percentile between 0 and 100 (exclusive), such as 99' })
      .lt(100, { error: 'a percentile between 0 and 100 (exclusive), such as 99' }),
  },
  { error: 'a mapping such as { ttftSec: 2, tpotSec: 0.1, percentile: 99 }' },
);

const tokens = () =>
  z
    .int({ error: 'a whole number of tokens ≥ 1' })
    .min(1, { error: 'a whole number of tokens ≥ 1' })
    .max(10_000_000, { error: 'a whole number of tokens ≤ 10000000' });

const InferenceSchema = z.strictObject(
  {
    name: lineName(),
    model: z
      .string({ error: 'a model id such as qwen3-32b' })
      .regex(ID, { error: 'a model id in lower case such as qwen3-32b' }),
    precision: z.enum(['bf16', 'fp8', 'int8'], { error: 'bf16, fp8 or int8' }),
    inputTokens: tokens(),
    outputTokens: tokens(),
    peakRequestsPerSec: perQuarter('requests per second ≥ 0').optional(),
    peakTokensPerSec: perQuarter('tokens per second ≥ 0')
      .optional()
      .describe(
        'Extension, instead of peakRequestsPerSec: total tokens (input + output) per second at peak; ' +
          'requests/s = tokens/s ÷ (inputTokens + outputTokens).',
      ),
    slo: SloSchema,
    growthPerQuarter: growth(),
  },
  {
    error:
      'an inference line such as { name: chat, model: qwen3-32b, precision: bf16, inputTokens: 1000, outputTokens: 300, peakRequestsPerSec: [400], slo: { … } }',
  },
);

/** The demand with `existing` given by `existing` (a fleet file path in files, an inline fleet over REST). */
function demandSchema<E extends z.ZodType>(existing: E) {
  return crossFieldRule(
    z.strictObject(
      {
        quarters: z
          .int({ error: `a whole number of quarters between 1 and ${MAX_QUARTERS}` })
          .min(1, { error: `a whole number of quarters between 1 and ${MAX_QUARTERS}` })
          .max(MAX_QUARTERS, { error: `a whole number of quarters between 1 and ${MAX_QUARTERS}` }),
        site: SiteSchema,
        budget: BudgetSchema.optional(),
        chips: z
          .array(ChipSchema, { error: 'a list of chips the plan may buy' })
          .min(1, { error: 'at least one chip' }),
        existing: existing.optional(),
        training: z.array(TrainingSchema, { error: 'a list of training lines' }).default(() => []),
        inference: z.array(InferenceSchema, { error: 'a list of inference services' }).default(() => []),
        scenarios: z
          .array(ScenarioSchema, { error: 'a list of scenarios' })
          .default(() => [])
          .describe('Extension: variants of this demand to plan too and compare (plan/scenario).'),
      },
      { error: 'a mapping with quarters, site, chips and training or inference lines' },
    ),
    demandRules,
  );
}

/** The demand file as written (YAML or JSON). */
export const DemandFileSchema = demandSchema(text('a fleet file path (relative to this file)'));

/**
 * The demand as a request body (`POST /v1/plans`): the same fields, but `existing` is an inline fleet document —
 * a client never names a path on the server. The fleet document itself is read by the fleet-file schema.
 */
export const DemandRequestSchema = demandSchema(
  z
    .record(z.string(), z.unknown(), { error: 'an inline fleet document (the fleet-file schema)' })
    .describe('the nodes already owned, free of capital: an inline fleet document (the fleet-file schema)'),
);

export type DemandFileOutput = z.output<typeof DemandFileSchema>;

/** Other names people use for fields, for "did you mean". */
export const DEMAND_SYNONYMS: Readonly<Record<string, string>> = {
  gpus: 'devicesPerNode',
  gpusPerNode: 'devicesPerNode',
  supply: 'supplyDevices',
  price: 'priceUsd',
  rps: 'peakRequestsPerSec',
  tps: 'peakTokensPerSec',
  tokensPerSec: 'peakTokensPerSec',
  jobs: 'workload',
  horizon: 'quarters',
  pueRatio: 'pue',
};

/** The two ways each kind of line may give its demand: exactly one of them. */
export const DEMAND_ALTERNATIVES = {
  training: ['deviceHours', 'workload'],
  inference: ['peakRequestsPerSec', 'peakTokensPerSec'],
} as const;

/**
 * Rules across fields: per-quarter lists have `quarters` entries, names and chips are unique, each line gives its
 * demand one way.
 */
function demandRules(value: unknown, report: (issue: PathIssue) => void): void {
  if (!isRecord(value)) return;
  const quarters = typeof value.quarters === 'number' ? value.quarters : undefined;
  const checkLength = (v: unknown, path: (string | number)[]) => {
    if (quarters !== undefined && Array.isArray(v) && v.length !== quarters) {
      report({
        path,
        expected: `${quarters} entries, one per quarter (quarters: ${quarters}), or one number for every quarter`,
      });
    }
  };
  if (isRecord(value.budget)) checkLength(value.budget.perQuarterUsd, ['budget', 'perQuarterUsd']);
  const site = isRecord(value.site) ? value.site : {};
  const racked = site.racks !== undefined;
  checkLength(site.racks, ['site', 'racks']);
  if (!racked && site.racksUsedByExisting !== undefined) {
    report({
      path: ['site', 'racksUsedByExisting'],
      message: 'racksUsedByExisting counts only against site.racks, which is not given',
      expected: 'site.racks (the racks available) as well, or no racksUsedByExisting',
      key: true,
    });
  }
  const seenChips = new Map<string, number>();
  listOf(value.chips).forEach((chip, i) => {
    if (!isRecord(chip)) return;
    checkLength(chip.supplyDevices, ['chips', i, 'supplyDevices']);
    if (racked && chip.nodesPerRack === undefined) {
      report({
        path: ['chips', i],
        message: `${typeof chip.accelerator === 'string' ? chip.accelerator : 'this chip'} has no nodesPerRack, and site.racks is given`,
        expected:
          'nodesPerRack: the whole nodes of this chip one rack holds (every chip offered needs it with site.racks)',
        key: true,
      });
    }
    if (typeof chip.accelerator !== 'string') return;
    const first = seenChips.get(chip.accelerator);
    if (first !== undefined) {
      report({
        path: ['chips', i, 'accelerator'],
        message: `${chip.accelerator} is already offered by chips[${first}]`,
        expected: 'each accelerator once',
      });
    } else seenChips.set(chip.accelerator, i);
  });
  const seenNames = new Map<string, string>();
  for (const list of ['training', 'inference'] as const) {
    const [one, other] = DEMAND_ALTERNATIVES[list];
    listOf(value[list]).forEach((line, i) => {
      if (!isRecord(line)) return;
      for (const f of [one, other]) checkLength(line[f], [list, i, f]);
      const given = [one, other].filter((f) => line[f] !== undefined);
      if (given.length !== 1) {
        report({
          path: [list, i],
          message:
            given.length === 0
              ? `neither ${one} nor ${other} is given`
              : `both ${one} and ${other} are given`,
          expected: `exactly one of ${one} and ${other}`,
          key: true,
        });
      }
      if (typeof line.name !== 'string') return;
      const first = seenNames.get(line.name);
      if (first !== undefined) {
        report({
          path: [list, i, 'name'],
          message: `${line.name} is already the name of ${first}`,
          expected: 'a name used by one demand line only',
        });
      } else seenNames.set(line.name, `${list}[${i}]`);
    });
  }
  scenarioRules(value, report, checkLength);
  if (listOf(value.training).length + listOf(value.inference).length === 0 && Array.isArray(value.chips)) {
    report({ path: [], expected: 'at least one training or inference line (nothing to plan for)' });
  }
}

function listOf(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}
