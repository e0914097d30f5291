/**
 * @module plan/scenario/scenario-schema
 * The `scenarios` of a demand file: what planners compare against the plan as written — an NVIDIA part's supply set
 * to 0 by an export rule, a domestic chip delivering less than the model assumes, another electricity price or
 * power cap, another budget. Each scenario names only what it changes; everything else is the file's. The fields
 * reuse the file's own definitions (demand-fields), so a scenario's value is refused exactly as the file's would be.
 *
 * ```yaml
 * scenarios:
 *   - { name: h20-banned, supply: { nvidia-h20: 0 } }
 *   - { name: zhenwu-0.7, supply: { nvidia-h20: 0 }, efficiency: { t-head-zhenwu-810e: 0.7 } }
 *   - { name: cheap-power, site: { electricityUsdPerKWh: 0.05, powerCapMW: 400 } }
 * ```
 */
import * as z from 'zod';
import { isRecord, type PathIssue } from '../../input/index.js';
import {
  amount,
  BUDGET_EXAMPLE,
  BUDGET_FIELDS,
  fraction,
  ID,
  lineName,
  perQuarter,
  SITE_FIELDS,
} from '../demand/demand-fields.js';

const byChip = <T extends z.ZodType>(value: T, expected: string) =>
  z.record(z.string().regex(ID, { error: 'an accelerator catalog id such as nvidia-h20' }), value, {
    error: expected,
  });

/** What a scenario may change; at least one of these. */
export const SCENARIO_CHANGES = ['supply', 'priceUsd', 'efficiency', 'site', 'budget'] as const;

export const ScenarioSchema = z.strictObject(
  {
    name: lineName('a scenario name'),
    description: z
      .string({ error: 'a sentence' })
      .optional()
      .describe('What the scenario stands for, in words.'),
    supply: byChip(
      perQuarter('a number of devices ≥ 0'),
      'a mapping of offered chips to devices per quarter, such as { nvidia-h20: 0 }',
    )
      .optional()
      .describe("Replaces offered chips' supplyDevices (0 = export-restricted)."),
    priceUsd: byChip(amount('a price in USD ≥ 0'), 'a mapping of offered chips to USD per device')
      .optional()
      .describe("Replaces offered chips' price per device, USD."),
    efficiency: byChip(
      fraction(),
      'a mapping of accelerators to the share of their modelled throughput they deliver, such as { t-head-zhenwu-810e: 0.7 }',
    )
      .optional()
      .describe(
        'Derates an accelerator: it delivers this share of the throughput the model gives it (compute and memory ' +
          'bandwidth: inference and training alike).',
      ),
    site: z
      .strictObject(
        {
          pue: SITE_FIELDS.pue().optional(),
          electricityUsdPerKWh: SITE_FIELDS.electricityUsdPerKWh().optional(),
          powerCapMW: SITE_FIELDS.powerCapMW().optional(),
          powerUtilisation: SITE_FIELDS.powerUtilisation().optional(),
          amortisationYears: SITE_FIELDS.amortisationYears().optional(),
        },
        { error: 'a mapping of site fields to replace, such as { electricityUsdPerKWh: 0.05 }' },
      )
      .optional(),
    budget: z
      .strictObject(
        {
          totalUsd: BUDGET_FIELDS.totalUsd().optional(),
          perQuarterUsd: BUDGET_FIELDS.perQuarterUsd().optional(),
        },
        { error: BUDGET_EXAMPLE },
      )
      .optional(),
  },
  {
    error:
      'a scenario such as { name: h20-banned, supply: { nvidia-h20: 0 } } (fields: name, description, supply, priceUsd, efficiency, site, budget)',
  },
);

export type ScenarioInput = z.output<typeof ScenarioSchema>;

/**
 * Rules across the file for its scenarios: unique names, at least one change each, supply and prices only for
 * offered chips, per-quarter lists of `quarters` entries. (Efficiency keys are checked against the catalog by the
 * reader, with the file's other accelerator ids.)
 */
export function scenarioRules(
  file: Readonly<Record<string, unknown>>,
  report: (issue: PathIssue) => void,
  checkLength: (v: unknown, path: (string | number)[]) => void,
): void {
  const scenarios = Array.isArray(file.scenarios) ? file.scenarios : [];
  const offered = new Set(
    (Array.isArray(file.chips) ? file.chips : []).flatMap((c: unknown) =>
      isRecord(c) && typeof c.accelerator === 'string' ? [c.accelerator] : [],
    ),
  );
  const seen = new Map<string, number>();
  scenarios.forEach((s: unknown, i) => {
    if (!isRecord(s)) return;
    if (typeof s.name === 'string') {
      const first = seen.get(s.name);
      if (first !== undefined) {
        report({
          path: ['scenarios', i, 'name'],
          message: `${s.name} is already the name of scenarios[${first}]`,
          expected: 'a name used by one scenario only',
        });
      } else seen.set(s.name, i);
    }
    if (!SCENARIO_CHANGES.some((k) => s[k] !== undefined)) {
      report({
        path: ['scenarios', i],
        expected: `at least one change: ${SCENARIO_CHANGES.join(', ')} (a scenario that changes nothing is the plan itself)`,
      });
    }
    for (const field of ['supply', 'priceUsd'] as const) {
      const map = s[field];
      if (!isRecord(map)) continue;
      for (const [id, v] of Object.entries(map)) {
        if (!offered.has(id) && offered.size > 0) {
          report({
            path: ['scenarios', i, field, id],
            message: `${id} is not offered in chips`,
            expected: `one of the offered chips: ${[...offered].join(', ')}`,
            key: true,
          });
        }
        if (field === 'supply') checkLength(v, ['scenarios', i, field, id]);
      }
    }
    if (isRecord(s.budget)) checkLength(s.budget.perQuarterUsd, ['scenarios', i, 'budget', 'perQuarterUsd']);
  });
}
