import { describe, expect, it } from 'vitest';
import { DEFAULT_TRAINING_POLICY, PLAN_RUN_DEFAULTS, PLAN_SOLVE_DEFAULTS } from '../../plan/index.js';
import { PLAN_DEFAULTS, PLAN_MAX_PARETO_POINTS } from './plan.js';

// The CLI writes its defaults as text so that it starts without loading the plan pillar; they must stay the
// pillar's, which POST /v1/plans uses.
describe('hyperfleet plan defaults', () => {
  it('are the plan pillar’s solver defaults', () => {
    expect(Number(PLAN_DEFAULTS.gap)).toBe(PLAN_SOLVE_DEFAULTS.mipRelGap);
    expect(Number(PLAN_DEFAULTS.timeLimitSec)).toBe(PLAN_SOLVE_DEFAULTS.timeLimitSec);
    expect(PLAN_DEFAULTS.checkPolicy).toBe(DEFAULT_TRAINING_POLICY);
    expect(Number(PLAN_DEFAULTS.seed)).toBe(PLAN_RUN_DEFAULTS.checkSeed);
    expect(Number(PLAN_DEFAULTS.paretoPoints)).toBe(PLAN_RUN_DEFAULTS.paretoPoints);
    expect(PLAN_MAX_PARETO_POINTS).toBe(PLAN_RUN_DEFAULTS.maxParetoPoints);
  });
});
