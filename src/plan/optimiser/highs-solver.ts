/**
 * @module plan/optimiser/highs-solver
 * HiGHS (compiled to WebAssembly by the `highs` package) loaded once per process, and one call that solves LP text
 * and returns its status, objective and column values by name. Solves are deterministic: one thread, a fixed seed.
 */
import highsPackage, { type Highs } from 'highs';

/** The package's loader, as far as this module calls it. */
type HighsLoader = () => Promise<Highs>;

/**
 * The loader. The package's types are CommonJS-shaped (`default` is a property) while Node loads its ES build (the
 * default export is the loader): take whichever this runtime gives. (Typed without `.default`: the dashboard's
 * type check, which reaches this file through the API's types, resolves the package as an ES module.)
 */
const loadHighs = ((highsPackage as unknown as { default?: HighsLoader }).default ??
  highsPackage) as unknown as HighsLoader;

/** Relative MIP gap at which HiGHS stops and reports `Optimal`: 0.01 %, well inside the 0.1 % the plan promises. */
export const DEFAULT_MIP_REL_GAP = 1e-4;

let runtime: Promise<Highs> | undefined;

/** The HiGHS runtime, compiled on first use (about 0.1 s) and shared afterwards. */
export function highs(): Promise<Highs> {
  return (runtime ??= loadHighs());
}

export interface LpSolution {
  readonly status: 'optimal' | 'infeasible';
  readonly objective: number;
  /** Column value by name (0 for a column HiGHS dropped). */
  value(name: string): number;
}

export interface SolveOptions {
  readonly mipRelGap?: number;
  /** Seconds per solve; a solve that reaches it throws {@link SolverTimeLimitError} (no plan is proven). */
  readonly timeLimitSec?: number;
}

/** A solve stopped by its time limit before proving a plan within the gap: the caller says how to go on. */
export class SolverTimeLimitError extends Error {
  constructor(
    readonly timeLimitSec: number,
    readonly mipRelGap: number,
  ) {
    super(
      `HiGHS reached the time limit of ${timeLimitSec} s before proving a plan within a ${mipRelGap} gap`,
    );
    this.name = 'SolverTimeLimitError';
  }
}

/** Solves LP text; statuses other than optimal or infeasible are errors (a bug in the model, or a time limit). */
export async function solveLp(text: string, options: SolveOptions = {}): Promise<LpSolution> {
  const h = await highs();
  const result = h.solve(text, {
    output_flag: false,
    random_seed: 0,
    threads: 1,
    mip_rel_gap: options.mipRelGap ?? DEFAULT_MIP_REL_GAP,
    ...(options.timeLimitSec !== undefined ? { time_limit: options.timeLimitSec } : {}),
  });
  if (result.Status === 'Infeasible') return { status: 'infeasible', objective: NaN, value: () => NaN };
  if (result.Status === 'Time limit reached' && options.timeLimitSec !== undefined) {
    throw new SolverTimeLimitError(options.timeLimitSec, options.mipRelGap ?? DEFAULT_MIP_REL_GAP);
  }
  if (result.Status !== 'Optimal') throw new Error(`HiGHS stopped with status "${result.Status}"`);
  const columns = result.Columns as Record<string, { Primal: number } | undefined>;
  return {
    status: 'optimal',
    objective: result.ObjectiveValue,
    value: (name) => columns[name]?.Primal ?? 0,
  };
}
