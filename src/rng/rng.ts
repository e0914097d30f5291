/**
 * @module rng/rng
 * The random source every seeded choice draws from. Policies and simulators take an `Rng` (never
 * `Math.random`), so the same inputs and seed give the same output.
 */
export interface Rng {
  /** Uniform integer in [0, n), n > 0. */
  intn(n: number): number;
  /** Uniform float in [0, 1). */
  float64(): number;
}
