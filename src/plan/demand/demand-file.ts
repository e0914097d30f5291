/**
 * @module plan/demand/demand-file
 * Reads a demand file (YAML, or JSON by its `.json` extension) into a resolved {@link Demand}. Every problem is one
 * issue of an {@link InputError} located at its line — `demand.yaml:9: chips[1].accelerator: unknown accelerator,
 * expected a catalog id such as nvidia-h20` — through input's UserDocument, as fleet files are read. The `existing`
 * fleet file is read relative to the demand file, with the fleet file reader (its own problems name its own lines);
 * a caller may replace it (`--fleet`) and add checks of its own (model ids), reported with the file's issues. A
 * training line's `workload` file is read relative to the demand file too (plan/demand/workload-demand).
 */
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { getAccelerator, type Catalog } from '../../catalog/index.js';
import { isSyntheticSpec, parseSyntheticSpec } from '../../workload/index.js';
import { type Fleet, loadFleetFile, unknownAcceleratorIssue } from '../../fleet/index.js';
import { isRecord, readInputText, UserDocument, type PathIssue } from '../../input/index.js';
import { resolveDemand, type Demand, type ExistingPool } from './demand.js';
import { DEMAND_SYNONYMS, DemandFileSchema, type DemandFileOutput } from './demand-schema.js';
import { DEFAULT_WORKLOAD_SEED, readWorkloadDemand, type WorkloadDemand } from './workload-demand.js';

/** How a caller adjusts the reading of a demand file. */
export interface DemandReadOptions {
  /** A fleet file read instead of the file's `existing` (e.g. `--fleet`), as given (not relative to the file). */
  readonly existing?: string;
  /** A fleet already read (an inline fleet of a REST request), instead of the file's `existing`. */
  readonly existingFleet?: Fleet;
  /**
   * A demand sent over REST: a training line's `workload` names no file (never a server path), and a synthetic one
   * at most {@link MAX_REQUEST_WORKLOAD_PODS} pods (it is read before the plan is queued, on the server's thread).
   */
  readonly fromRequest?: boolean;
  /** More checks on the parsed data (e.g. model ids against a registry), reported with the file's own issues. */
  readonly check?: (data: unknown) => readonly PathIssue[];
}

/** Loads and validates a demand file; accelerator ids (chips, training references) must be `catalog` ids. */
export async function readDemandFile(
  path: string,
  catalog: Catalog,
  options: DemandReadOptions = {},
): Promise<Demand> {
  const text = readInputText(path, { what: 'a demand file, YAML or JSON' });
  return parseDemandText(text, path, catalog, options);
}

/** Parses and validates demand-file text; `file` names it in messages, locates `existing`, and `.json` picks JSON. */
export async function parseDemandText(
  text: string,
  file: string,
  catalog: Catalog,
  options: DemandReadOptions = {},
): Promise<Demand> {
  const json = file.toLowerCase().endsWith('.json');
  const doc = UserDocument.parse(text, file, {
    syntax: json ? 'json' : 'yaml',
    what: `a ${json ? 'JSON' : 'YAML'} demand file with quarters, site, chips and demand lines`,
  });
  const parsed = doc.validate(DemandFileSchema, {
    synonyms: DEMAND_SYNONYMS,
    check: (data) => [...unknownAccelerators(data, catalog), ...(options.check?.(data) ?? [])],
  });
  let existing: ExistingPool[] = [];
  let existingFile: string | undefined;
  if (options.existingFleet !== undefined) {
    existing = existingPools(options.existingFleet);
  } else if (options.existing !== undefined) {
    existingFile = options.existing;
    existing = existingPools(await loadFleetFile(existingFile, catalog));
  } else if (parsed.existing !== undefined) {
    existingFile = resolve(dirname(file), parsed.existing);
    if (!existsSync(existingFile)) {
      doc.fail([
        {
          path: ['existing'],
          message: `fleet file not found at ${existingFile}`,
          expected: 'a fleet file path relative to this file',
        },
      ]);
    }
    existing = existingPools(await loadFleetFile(existingFile, catalog));
  }
  const workloads = await readTrainingWorkloads(parsed, doc, file, options.fromRequest ?? false);
  return resolveDemand(
    parsed,
    (id) => getAccelerator(catalog, id).priceUsd,
    existing,
    { file, ...(existingFile !== undefined ? { existingFile } : {}) },
    workloads,
  );
}

/** Most pods a synthetic workload of a REST request may ask for: summed in about a second. */
export const MAX_REQUEST_WORKLOAD_PODS = 1_000_000;

/** The pods a synthetic spec asks for; undefined for a file or a bad spec (its reader then says what is wrong). */
function syntheticPods(spec: string): number | undefined {
  if (!isSyntheticSpec(spec)) return undefined;
  try {
    return parseSyntheticSpec(spec, { seed: DEFAULT_WORKLOAD_SEED }).pods;
  } catch {
    return undefined;
  }
}

/**
 * The workloads of training lines given as `workload`, by line index; a file is read relative to the demand file.
 * Every line's problems (a file not found, the workload reader's own errors) are reported at once, at its line.
 */
async function readTrainingWorkloads(
  parsed: DemandFileOutput,
  doc: UserDocument,
  file: string,
  fromRequest: boolean,
): Promise<Map<number, WorkloadDemand>> {
  const out = new Map<number, WorkloadDemand>();
  const issues: PathIssue[] = [];
  for (const [i, line] of parsed.training.entries()) {
    if (line.workload === undefined) continue;
    const path = ['training', i, 'workload'];
    let spec = line.workload;
    if (fromRequest && (syntheticPods(spec) ?? 0) > MAX_REQUEST_WORKLOAD_PODS) {
      issues.push({
        path,
        expected: `a synthetic workload of at most ${MAX_REQUEST_WORKLOAD_PODS} pods in a request`,
      });
      continue;
    }
    if (!isSyntheticSpec(spec)) {
      if (fromRequest) {
        issues.push({
          path,
          expected: 'a synthetic spec: synthetic:pods=N,days=D,seed=S (a request names no file)',
        });
        continue;
      }
      spec = resolve(dirname(file), spec);
      if (!existsSync(spec)) {
        issues.push({
          path,
          message: `workload file not found at ${spec}`,
          expected: 'synthetic:pods=N,days=D,seed=S or a workload file path relative to this file',
        });
        continue;
      }
    }
    const read = await readWorkloadDemand(spec, parsed.quarters, path);
    if (Array.isArray(read)) issues.push(...read);
    else out.set(i, read);
  }
  if (issues.length > 0) doc.fail(issues);
  return out;
}

/** The pools of a fleet, as nodes already owned. */
function existingPools(fleet: Fleet): ExistingPool[] {
  return fleet.pools.map((p) => ({
    pool: p.name,
    accelerator: p.accelerator,
    devicesPerNode: p.devicesPerNode,
    nodes: p.nodes,
    nodePowerOverheadW: p.nodePowerOverheadW,
  }));
}

/** Chips, training references and derated accelerators of scenarios that are not catalog ids. */
function unknownAccelerators(data: unknown, catalog: Catalog): PathIssue[] {
  if (!isRecord(data)) return [];
  const issues: PathIssue[] = [];
  const check = (list: unknown, name: 'chips' | 'training', field: string) => {
    if (!Array.isArray(list)) return;
    list.forEach((entry: unknown, i) => {
      const id = isRecord(entry) ? entry[field] : undefined;
      if (typeof id === 'string' && id !== '' && !catalog.has(id))
        issues.push(unknownAcceleratorIssue([name, i, field], id, catalog));
    });
  };
  check(data.chips, 'chips', 'accelerator');
  check(data.training, 'training', 'reference');
  if (Array.isArray(data.scenarios)) {
    data.scenarios.forEach((s: unknown, i) => {
      if (!isRecord(s) || !isRecord(s.efficiency)) return;
      for (const id of Object.keys(s.efficiency)) {
        if (!catalog.has(id))
          issues.push({
            ...unknownAcceleratorIssue(['scenarios', i, 'efficiency', id], id, catalog),
            key: true,
          });
      }
    });
  }
  return issues;
}
