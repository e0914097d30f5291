/**
 * The same bounds on the CLI and over REST: each run option the two share is checked with the pillar's one schema
 * (sim's paper and time options, measure's accounting options), so an out-of-bound value is refused by both, in
 * the same words — `--tune: expected …, got "11"` with exit 2 on the CLI, a 400 whose issue names the field
 * `tune` with `expected …` over REST.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPolicy } from '../../src/policies/registry.js';
import { buildApp } from '../../src/server/app.js';
import { runCli } from '../support/cli.js';

let app: FastifyInstance;
beforeAll(() => {
  app = buildApp({ nodes: [], policy: createPolicy('bestfit') });
});
afterAll(async () => {
  await app.close();
});

interface Case {
  /** The CLI's option and the REST field. */
  readonly option: string;
  readonly field: string;
  /** The CLI command line with the bad value (other options valid or never read). */
  readonly cli: readonly string[];
  /** The REST request with the bad value. */
  readonly url: string;
  readonly body: object;
}

const SIMULATE = ['simulate', '--nodes', 'nodes.csv', '--pods', 'pods.csv'];
const EXPERIMENT = ['experiment', '--traces', 'traces', '--out', 'out'];
const RUN = ['run', '--fleet', 'fleet.yaml', '--workload', 'synthetic:pods=10,days=1'];
const MEASURE = ['measure', '--genai', 'genai'];
const PAPER = { kind: 'paper', workload: 'synthetic' };
const TIME = { kind: 'time', fleet: 'mixed-10k', workload: { pods: 10, days: 1 } };
const GENAI = { genai: 'genai' };

const paper = (option: string, value: string, field: string, rest: unknown, cli = SIMULATE): Case => ({
  option,
  field,
  cli: [...cli, option, value],
  url: '/v1/simulations',
  body: { ...PAPER, [field.split('.')[0]]: rest },
});
const time = (option: string, value: string, field: string, rest: unknown): Case => ({
  option,
  field,
  cli: [...RUN, option, value],
  url: '/v1/simulations',
  body: { ...TIME, [field.split('.')[0]]: rest },
});
const measure = (option: string, value: string, field: string, rest: object, cli = MEASURE): Case => ({
  option,
  field,
  cli: [...cli, option, value],
  url: '/v1/measurements',
  body: { ...GENAI, ...rest },
});

const CASES: Case[] = [
  // The paper protocol: hyperfleet simulate / experiment and POST /v1/simulations { kind: "paper" }.
  paper('--tune', '11', 'tune', 11),
  paper('--tune', '0', 'tune', 0),
  paper('--tune', '-1', 'tune', -1, EXPERIMENT),
  paper('--seed', '4.5', 'seeds.0', [4.5]),
  paper('--policies', 'tetris', 'policies.0', ['tetris'], EXPERIMENT),
  paper('--policy', 'fgd-cost', 'policies.0', ['fgd-cost']),
  paper(
    '--seeds',
    '1-10000,20000,20001',
    'seeds',
    [...Array.from({ length: 10_000 }, (_, i) => i + 1), 20_000, 20_001],
    EXPERIMENT,
  ),
  // A fleet over time: hyperfleet run and POST /v1/simulations { kind: "time" }.
  time('--policy', 'tetris', 'policies.0', ['tetris']),
  time('--seed', '4.5', 'seed', 4.5),
  time('--queue', 'lifo', 'queue', 'lifo'),
  time('--backfill-depth', '0', 'backfillDepth', 0),
  time('--backfill-depth', '1000001', 'backfillDepth', 1_000_001),
  time('--fgd-weight', '1.5', 'fgdWeight', 1.5),
  time('--reference', '', 'reference', ''),
  // Measurements: hyperfleet measure and POST /v1/measurements.
  measure('--step', '2d', 'stepSec', { stepSec: 172_800 }),
  measure('--step', '1.5', 'stepSec', { stepSec: 1.5 }),
  measure('--idle-below', '101', 'idleBelowPct', { idleBelowPct: 101 }),
  measure('--idle-for', '400d', 'idleForSec', { idleForSec: 400 * 86_400 }),
  measure('--pue', '0.9', 'pue', { pue: 0.9 }),
  measure('--electricity', '6', 'usdPerKWh', { usdPerKWh: 6 }),
  measure('--amortisation-years', '0', 'amortisationYears', { amortisationYears: 0 }),
  measure('--percentile', '0', 'rightSizing.percentile', { rightSizing: { percentile: 0 } }),
  measure('--headroom', '11', 'rightSizing.headroom', { rightSizing: { headroom: 11 } }),
  measure('--devices-per-node', '65', 'devicesPerNode', { devicesPerNode: 65 }),
  measure('--devices-per-node', '2.5', 'devicesPerNode', { devicesPerNode: 2.5 }),
  measure('--team-label', '', 'teamLabel', { teamLabel: '' }),
  {
    option: '--timeout',
    field: 'timeoutMs',
    cli: ['measure', '--prometheus', 'http://127.0.0.1:9', '--from', '0', '--to', '60', '--timeout', '2h'],
    url: '/v1/measurements',
    body: { prometheus: 'http://127.0.0.1:9', from: 0, to: 60, timeoutMs: 7_200_000 },
  },
];

describe('the CLI and the REST API refuse the same out-of-bound values, in the same words', () => {
  it.each(CASES.map((c) => [`${c.option} ${JSON.stringify(c.cli.at(-1))} / ${c.field}`, c] as const))(
    '%s',
    async (_name, c) => {
      const res = await app.inject({ method: 'POST', url: c.url, payload: c.body });
      expect(res.statusCode).toBe(400);
      const issue = res.json().issues.find((i: { field?: string }) => i.field === c.field);
      expect(issue, JSON.stringify(res.json().issues)).toBeDefined();
      expect(issue.message).toMatch(/^expected /);
      const expected = issue.message.slice('expected '.length);

      const cli = runCli(c.cli);
      expect(cli.status).toBe(2);
      expect(cli.stderr).toContain(`${c.option}: expected ${expected}, got ${JSON.stringify(c.cli.at(-1))}`);
      expect(cli.stderr).not.toMatch(/\n\s+at /);
    },
  );
});
