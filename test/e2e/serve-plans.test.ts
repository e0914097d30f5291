/**
 * Plans through `hyperfleet serve` as users run it (the built CLI, so the plan runs on a worker thread): the
 * example demand sent with no options is planned as `hyperfleet plan --demand small.yaml --json` plans the file —
 * proven by simulation with the same seed, the same object apart from timings — and a client polling the plan
 * while it runs sees the phase running and those finished so far, as many in the end as the CLI printed progress
 * lines: every report crossed the thread boundary in order, none was lost or came after the plan was done.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { projectRoot, runCli } from '../support/cli.js';
import { startServe, type ServeProcess } from '../support/serve-process.js';

const SMALL = join(projectRoot, 'examples/plans/small.yaml');
let serve: ServeProcess | undefined;

afterAll(async () => {
  if (serve && serve.child.exitCode === null) await serve.stop('SIGTERM');
});

/* eslint-disable @typescript-eslint/no-explicit-any -- plans as the wire carries them */
/** A plan without what differs between two runs of one demand: the solver's times and the demand's name. */
function comparable(plan: any): any {
  const { solver, demandFile: _d, scenarios, ...rest } = plan;
  const { seconds: _s, ...solverRest } = solver;
  return { ...rest, solver: solverRest, ...(scenarios ? { scenarios: scenarios.map(comparable) } : {}) };
}

interface Phase {
  phase: string;
  seconds: number;
}
interface PlanState {
  status: string;
  phase?: string;
  phases: Phase[];
  error?: string;
  request: { check: boolean; seed: number };
  result?: any;
}

describe('plans in hyperfleet serve', () => {
  it('plan and check as the CLI does, the phases visible while it runs', async () => {
    const cli = runCli(['plan', '--demand', SMALL, '--json']);
    expect(cli.status).toBe(0);
    // One progress line per phase (warnings aside).
    const cliPhaseLines = cli.stderr
      .split('\n')
      .filter((l) => l.startsWith('plan: ') && !l.startsWith('plan: warning:'));

    serve = await startServe(['--policy', 'bestfit', '--db', ':memory:']);
    const base = serve.address;
    const demand = parseYaml(readFileSync(SMALL, 'utf8')) as object;
    const submitted = await fetch(`${base}/v1/plans`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ demand }),
    });
    expect(submitted.status).toBe(202);
    const { id } = (await submitted.json()) as { id: string };
    const seen: PlanState[] = [];
    let run: PlanState;
    for (;;) {
      run = (await (await fetch(`${base}/v1/plans/${id}`)).json()) as PlanState;
      seen.push(run);
      if (run.status === 'done' || run.status === 'failed') break;
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(run.error).toBeUndefined();
    expect(run.request).toMatchObject({ check: true, seed: 42 });
    expect(comparable(run.result)).toEqual(comparable(JSON.parse(cli.stdout)));
    expect(run.result.check.verdict).toBe('meets');

    // Done: a phase for each line the CLI printed, each timed; none running.
    const final = run.phases.map((p) => p.phase);
    expect(final).toHaveLength(cliPhaseLines.length);
    expect(final.slice(0, 3)).toEqual(['reading', 'performance model', 'solving']);
    expect(final).toContain('checking');
    expect(final).toContain('pareto');
    expect(run.phase).toBeUndefined();
    for (const p of run.phases) expect(p.seconds).toBeGreaterThanOrEqual(0);
    // While running: what a client saw is a prefix of the plan's phases, and the phase after it runs now.
    const running = seen.filter((s) => s.status === 'running' && s.phase !== undefined);
    expect(running.length).toBeGreaterThan(0);
    for (const s of running) {
      const done = s.phases.map((p) => p.phase);
      expect(final.slice(0, done.length)).toEqual(done);
      expect(s.phase).toBe(final[done.length]);
    }
    // The check runs long enough to be seen, with phases behind it.
    expect(running.some((s) => s.phase === 'checking' && s.phases.length >= 3)).toBe(true);
  }, 180_000);
});
