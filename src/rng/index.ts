/**
 * @module rng
 * Seeded randomness: Go's math/rand source (the FGD reference simulator's), bit for bit, behind a small interface.
 */
export { GoRand } from './go-rand.js';
export type { Rng } from './rng.js';
