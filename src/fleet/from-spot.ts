/**
 * @module fleet/from-spot
 * A fleet from the spot-GPU node list of Alibaba's cluster-trace-v2026-spot-gpu (`node_info_df.csv`: `gpu_model`,
 * `gpu_capacity_num`, `cpu_num` in vCPUs, `node_name`): one pool per distinct (model, GPU count, vCPUs), sorted by
 * model and size, `gpuModelAlias` = the trace's model string.
 *
 * The file has no memory column. Memory is `vCPUs × memoryGiBPerVcpu`, default {@link DEFAULT_GIB_PER_VCPU} = 8:
 * the ratio of Alibaba's 8-GPU A100/A800-class hosts (128 vCPUs, 1 TiB) and of the openb A10 and V100M32 nodes
 * (128 cores / 1 TiB, 96 / 768 GiB). Every converted fleet states the ratio it used.
 */
import { ErrorCode, InputError } from '../errors/index.js';
import {
  csvKind,
  csvRecords,
  CsvRows,
  INVALID,
  readCsvFile,
  type CsvColumn,
  type CsvTableKind,
} from '../input/index.js';
import {
  coresTag,
  byText,
  mapModels,
  siteOf,
  slug,
  uniqueName,
  type ConvertOptions,
  type Conversion,
  type ModelTable,
} from './convert-common.js';
import type { Pool } from './fleet-schema.js';
import { convertedPool } from './node-pools.js';

/** Memory per vCPU when the caller gives none, GiB (see the module header). */
export const DEFAULT_GIB_PER_VCPU = 8;

/** Model strings of the spot trace (and close variants) with a known catalog id. */
export const SPOT_KNOWN: Readonly<Record<string, string>> = {
  A10: 'nvidia-a10',
  'A100-SXM4-80GB': 'nvidia-a100',
  'A800-SXM4-80GB': 'nvidia-a800',
  H800: 'nvidia-h800',
  H20: 'nvidia-h20',
  H100: 'nvidia-h100',
  H200: 'nvidia-h200',
  L20: 'nvidia-l20',
  T4: 'nvidia-t4',
};

/**
 * Defaults for the anonymised `GPU-series-N` models, inferred from node shapes (a guess, written into the file):
 * series 1 comes as 1, 4 or 8 cards per 192-vCPU host, which is how PCIe cards are sold in slices, and the
 * China-market PCIe part of the trace's period is the L20; series 2 comes only as 8-GPU hosts of 192 vCPUs like the
 * file's H800 nodes, i.e. an HGX board, and the China-market HGX part after the H800 is the H20.
 */
export const SPOT_UNDISCLOSED: ModelTable['undisclosed'] = {
  'GPU-series-1': { id: 'nvidia-l20', why: '1, 4 or 8 cards per 192-vCPU host, taken for PCIe L20' },
  'GPU-series-2': { id: 'nvidia-h20', why: '8-GPU hosts of 192 vCPUs only, taken for HGX H20' },
};

const SPOT_TABLE: ModelTable = { what: 'spot node list', known: SPOT_KNOWN, undisclosed: SPOT_UNDISCLOSED };

export interface SpotConvertOptions extends ConvertOptions {
  /** Memory per vCPU, GiB (the file has no memory column); default {@link DEFAULT_GIB_PER_VCPU}. */
  readonly memoryGiBPerVcpu?: number;
}

/** One row of node_info_df.csv. */
export interface SpotNode {
  readonly line: number;
  readonly name: string;
  readonly gpuModel: string;
  readonly gpuCount: number;
  readonly vcpus: number;
}

interface SpotRow {
  gpu_model: string;
  gpu_capacity_num: number;
  cpu_num: number;
  node_name: string;
}

/** A field that must not be blank, read trimmed. */
function trimmed(expected: string): CsvColumn<string> {
  return { required: true, expected, parse: (raw) => raw.trim() || INVALID };
}

function wholeAtLeast1(unit: string): CsvColumn<number> {
  return {
    required: true,
    expected: `a whole number ≥ 1 (${unit})`,
    parse: (raw) => {
      const t = raw.trim();
      const n = /^[0-9]+$/.test(t) ? Number(t) : NaN;
      return n >= 1 && Number.isSafeInteger(n) ? n : INVALID;
    },
  };
}

const SPOT_CSV: CsvTableKind<SpotRow> = {
  what: 'a spot node list',
  columns: {
    gpu_model: trimmed('a GPU model name such as A10'),
    gpu_capacity_num: wholeAtLeast1('GPUs'),
    cpu_num: wholeAtLeast1('vCPUs'),
    node_name: trimmed('a non-empty node name'),
  },
};

/** Reads and validates a spot node list; every bad row is reported as `file:line: column: expected …, got "…"`. */
export async function loadSpotNodes(file: string): Promise<SpotNode[]> {
  const kind = csvKind(SPOT_CSV);
  const { count, record, lineOf } = csvRecords(readCsvFile(file, kind), file, kind);
  const rows = new CsvRows(file, SPOT_CSV, record(0));
  const row = {} as Record<string, unknown>;
  const nodes: SpotNode[] = [];
  const firstSeen = new Map<string, number>();
  for (let r = 1; r < count; r++) {
    const line = lineOf(r);
    let ok = rows.read(record(r), line, row);
    if (ok === undefined) continue;
    const { gpu_model, gpu_capacity_num, cpu_num, node_name } = row as Partial<SpotRow>;
    if (node_name !== undefined) {
      const first = firstSeen.get(node_name);
      if (first === undefined) firstSeen.set(node_name, line);
      else {
        rows.report({
          line,
          field: 'node_name',
          message: `duplicate node name (first on line ${first})`,
          expected: 'node names unique within the file',
          got: node_name,
        });
        ok = false;
      }
    }
    if (ok)
      nodes.push({
        line,
        name: node_name!,
        gpuModel: gpu_model!,
        gpuCount: gpu_capacity_num!,
        vcpus: cpu_num!,
      });
  }
  rows.finish();
  return nodes;
}

/** Loads a spot node list and converts it ({@link fleetFromSpotNodes}). */
export async function fleetFromSpotFile(file: string, options: SpotConvertOptions = {}): Promise<Conversion> {
  return fleetFromSpotNodes(await loadSpotNodes(file), options, file);
}

/** Groups spot nodes into pools; `file` names the source in errors. */
export function fleetFromSpotNodes(
  nodes: readonly SpotNode[],
  options: SpotConvertOptions = {},
  file?: string,
): Conversion {
  const gibPerVcpu = options.memoryGiBPerVcpu ?? DEFAULT_GIB_PER_VCPU;
  if (!(gibPerVcpu > 0) || !Number.isFinite(gibPerVcpu)) {
    throw new InputError(ErrorCode.InvalidOption, {
      field: 'memoryGiBPerVcpu',
      expected: 'a number of GiB > 0',
      got: String(gibPerVcpu),
    });
  }
  const groups = new Map<string, { node: SpotNode; count: number }>();
  const firstLine = new Map<string, number>();
  for (const n of nodes) {
    if (!firstLine.has(n.gpuModel)) firstLine.set(n.gpuModel, n.line);
    const key = `${n.gpuModel}\u0000${n.gpuCount}\u0000${n.vcpus}`;
    const g = groups.get(key);
    if (g) g.count++;
    else groups.set(key, { node: n, count: 1 });
  }
  const models = [...firstLine.keys()].sort(byText);
  const { ids, assumptions } = mapModels(models, SPOT_TABLE, options, file, firstLine);
  assumptions.push(
    `memory is not in the spot node list: ${gibPerVcpu} GiB per vCPU assumed` +
      (options.memoryGiBPerVcpu === undefined ? ' (default)' : ''),
  );
  const used = new Set<string>();
  const sorted = [...groups.values()].sort(
    (x, y) =>
      byText(x.node.gpuModel, y.node.gpuModel) ||
      x.node.gpuCount - y.node.gpuCount ||
      x.node.vcpus - y.node.vcpus,
  );
  const pools: Pool[] = sorted.map(({ node: n, count }) => {
    const cpuMilli = n.vcpus * 1000;
    const memoryMiB = Math.round(n.vcpus * gibPerVcpu * 1024);
    return convertedPool({
      name: uniqueName(`${slug(n.gpuModel)}-${n.gpuCount}x-${coresTag(cpuMilli)}`, used),
      accelerator: ids.get(n.gpuModel)!,
      nodes: count,
      devicesPerNode: n.gpuCount,
      cpuMilli,
      memoryMiB,
      gpuModelAlias: n.gpuModel,
    });
  });
  return { fleet: { site: siteOf(options.site, 'alibaba-spot-gpu'), pools }, assumptions, skippedNodes: 0 };
}
