/**
 * Variants of the example demand for plan tests: examples/plans/small.yaml changed by a function and written to a
 * test's temp folder, so each test states only what it changes.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { projectRoot } from './cli.js';

export const SMALL_DEMAND = join(projectRoot, 'examples/plans/small.yaml');

/* eslint-disable @typescript-eslint/no-explicit-any -- a demand file's YAML is untyped data */
/** The example demand changed by `edit`, written as `name` in `dir`; returns its path. */
export function demandVariant(dir: string, name: string, edit: (demand: any) => void): string {
  const demand = parse(readFileSync(SMALL_DEMAND, 'utf8'));
  edit(demand);
  const file = join(dir, name);
  writeFileSync(file, stringify(demand));
  return file;
}
