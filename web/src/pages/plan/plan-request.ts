/**
 * What the plan form holds and the body it sends (`POST /v1/plans`): the demand document (JSON) and the solver
 * options. The options are one table — a new option the API accepts is one line in `PLAN_OPTIONS` — and only the
 * options the user filled in are sent, so the server's defaults apply to the rest. The server validates every
 * field; here only the demand's JSON syntax and the options' number syntax are read.
 */
import { EXAMPLE_DEMAND } from './example-demand.js';

export interface PlanOption {
  /** The body field (`POST /v1/plans`). */
  field: string;
  label: string;
  /** What the field starts with: empty leaves the server's default. */
  initial: string;
  kind: 'number' | 'boolean';
  hint?: string;
}

export const PLAN_OPTIONS: readonly PlanOption[] = [
  { field: 'gap', label: 'MIP gap', initial: '0.001', kind: 'number', hint: 'relative; 0.1 % is 0.001' },
  { field: 'timeLimitSec', label: 'Time limit per solve (s)', initial: '60', kind: 'number' },
  { field: 'check', label: 'Prove by simulation', initial: 'true', kind: 'boolean' },
  { field: 'seed', label: 'Seed of the check', initial: '42', kind: 'number' },
  {
    field: 'paretoPoints',
    label: 'Cost-against-power points',
    initial: '5',
    kind: 'number',
    hint: '0: none; each point is a solve',
  },
];

export interface PlanFormValues {
  demandText: string;
  /** Option field → its text (a number) or `true`/`false` (a box). */
  options: Record<string, string>;
}

export const INITIAL_PLAN_VALUES: PlanFormValues = {
  demandText: EXAMPLE_DEMAND,
  options: Object.fromEntries(PLAN_OPTIONS.map((o) => [o.field, o.initial])),
};

/** The request body, or what is wrong with the form, said as the server would (field: expected, got). */
export function planRequest(
  values: PlanFormValues,
  options: readonly PlanOption[] = PLAN_OPTIONS,
): { body: Record<string, unknown> } | { error: string } {
  let demand: unknown;
  try {
    demand = JSON.parse(values.demandText);
  } catch (err) {
    return { error: `demand: not valid JSON (${(err as Error).message})` };
  }
  const body: Record<string, unknown> = { demand };
  for (const option of options) {
    const text = (values.options[option.field] ?? '').trim();
    if (option.kind === 'boolean') {
      body[option.field] = text === 'true';
      continue;
    }
    if (text === '') continue;
    const value = Number(text);
    if (!Number.isFinite(value)) return { error: `${option.field}: expected a number, got "${text}"` };
    body[option.field] = value;
  }
  return { body };
}
