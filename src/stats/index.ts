/**
 * @module stats
 * Small statistics shared by the pillars (quantiles).
 */
export { quantileSorted } from './quantile.js';
