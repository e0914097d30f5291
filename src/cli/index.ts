/**
 * @module cli
 * The `hyperfleet` command line (bin/hyperfleet.cjs runs {@link main}): one sub-command per file in ./commands.
 */
export { main } from './main.js';
