/**
 * @module fleet/fleet-schema
 * The fleet file: a site (PUE, electricity price) and node pools (accelerator model and count per node, CPU,
 * memory, node power overhead, price). The zod schema below is the single definition of the format; every field
 * carries its description, unit and default, and {@link fleetJsonSchema} exports them for editors.
 *
 * Rules across fields and pools (unique names, one price per pool, one accelerator per model string, the node total)
 * are zod checks of the pools list. Validation is file-agnostic here: {@link validateFleet} returns issues as paths
 * (`pools[1].devicesPerNode`) with what was expected; fleet/fleet-file reads files with input's UserDocument, which
 * maps the paths back to lines of the YAML or JSON source.
 *
 * Defaults and why:
 * - `site.pue` 1.3 — the ceiling China sets for new large data centres in its national computing hubs and the
 *   issue's example; hyperscalers report 1.1–1.2, the industry-wide average is about 1.56 (Uptime Institute 2024).
 * - `site.electricityUsdPerKWh` 0.08 — about 0.58 CNY/kWh, a typical Chinese large-industry tariff, and close to the
 *   2024 US industrial average.
 * - `nodePowerOverheadW` 0 — energy counts accelerators only unless the file says what the hosts draw (a
 *   dual-socket 8-GPU server adds roughly 1–2 kW of CPUs, memory, NICs and fans); a made-up default would shift
 *   every fleet comparison by a figure nobody chose.
 * - pricing — `capex` with the catalog's unit price, no per-node overhead, amortised over 4 years: between the
 *   3-year horizon of analyst GPU TCO models and the 5–6-year book lives cloud providers use for servers, since
 *   accelerator generations turn over every ~2 years and their resale value falls fast.
 * - `gpuModelAlias` — the accelerator id; set it to the model string of a trace (e.g. `V100M32`) so that pods'
 *   gpu_spec constraints keep matching.
 */
import * as z from 'zod';
import { crossFieldRule, isRecord, pathIssuesOf, type PathIssue } from '../input/index.js';
import { generatedNodeName } from './node-names.js';

/** Documented defaults (see the module header for the reasons). */
export const FLEET_DEFAULTS = {
  pue: 1.3,
  electricityUsdPerKWh: 0.08,
  nodePowerOverheadW: 0,
  usdPerNodeOverhead: 0,
  amortisationYears: 4,
} as const;

/** Most nodes one fleet may expand to (a typo such as `nodes: 1000000000` must not exhaust memory). */
export const MAX_FLEET_NODES = 10_000_000;

/** Largest CPU or memory figure: the simulator keeps them in 32-bit counters. */
const INT32_MAX = 2 ** 31 - 1;

// ---------------------------------------------------------------------------------------------------------------
// Field builders: the `error` text is what the user reads after "expected".

function wholeNumber(expected: string, min: number, max = Number.MAX_SAFE_INTEGER) {
  return z.int({ error: expected }).min(min, { error: expected }).max(max, { error: expected });
}

function amount(expected: string, max = Number.MAX_VALUE) {
  return z.number({ error: expected }).min(0, { error: expected }).max(max, { error: expected });
}

const COUNT = 'a whole number ≥ 1';
const USD = 'an amount in USD ≥ 0';
const POOL_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const NODE_NAME = 'a node name of 1 to 253 characters';

const text = (expected: string) => z.string({ error: expected }).min(1, { error: expected });

const SiteSchema = z
  .strictObject(
    {
      name: text('a site name').optional().describe('Name of the site, shown in reports.'),
      pue: z
        .number({ error: 'a PUE between 1 and 5' })
        .min(1, { error: 'a PUE ≥ 1 (facility power / IT power can never be below 1)' })
        .max(5, { error: 'a PUE ≤ 5 (facility power / IT power; 130 % is written 1.3)' })
        .default(FLEET_DEFAULTS.pue)
        .describe(
          'Power usage effectiveness: facility power / IT power, ≥ 1. Default 1.3 (China’s ceiling for new ' +
            'hub data centres; hyperscalers 1.1–1.2, industry average ≈ 1.56).',
        ),
      electricityUsdPerKWh: amount(
        'an electricity price in USD per kWh, between 0 and 5 (80 USD/MWh = 0.08)',
        5,
      )
        .default(FLEET_DEFAULTS.electricityUsdPerKWh)
        .describe(
          'Electricity price, USD per kWh. Default 0.08 (≈ 0.58 CNY/kWh, a typical industrial tariff).',
        ),
    },
    { error: 'a mapping such as { pue: 1.3, electricityUsdPerKWh: 0.08 }' },
  )
  .describe('The site all pools share: PUE and electricity price.');

const CapexSchema = z
  .strictObject(
    {
      usdPerDevice: amount(USD)
        .optional()
        .describe('Purchase price of one accelerator, USD. Default: the catalog’s unit price for the model.'),
      usdPerNodeOverhead: amount(USD)
        .default(FLEET_DEFAULTS.usdPerNodeOverhead)
        .describe(
          'Purchase price of one node without its accelerators (chassis, CPUs, memory, NICs), USD. Default 0.',
        ),
      amortisationYears: z
        .number({ error: 'a number of years between 0 and 30' })
        .gt(0, { error: 'a number of years > 0' })
        .max(30, { error: 'a number of years ≤ 30 (years, not months)' })
        .default(FLEET_DEFAULTS.amortisationYears)
        .describe(
          'Years over which the purchase is written off linearly. Default 4 (accelerator generations turn over every ~2 years).',
        ),
    },
    { error: 'a mapping such as { usdPerDevice: 12000, amortisationYears: 4 }' },
  )
  .describe('Owned hardware: purchase prices amortised linearly.');

const LabelValue = z
  .union([z.string(), z.number(), z.boolean()], { error: 'a label value (text, a number or true/false)' })
  .transform(String);

const PoolSchema = z
  .strictObject(
    {
      name: z
        .string({ error: 'a pool name' })
        .regex(POOL_NAME, {
          error: 'a pool name of letters, digits, ".", "_" or "-", starting with a letter or digit',
        })
        .max(63, { error: 'a pool name of at most 63 characters' })
        .describe('Unique pool name; node names are `<name>-00001`, `<name>-00002`, …'),
      accelerator: text('an accelerator catalog id such as nvidia-h20').describe(
        'Accelerator catalog id of every device in the pool (`hyperfleet catalog` lists them).',
      ),
      nodes: wholeNumber(COUNT, 1, MAX_FLEET_NODES).describe('Number of nodes in the pool, ≥ 1.'),
      devicesPerNode: wholeNumber(COUNT, 1, 1024).describe('Accelerators per node, ≥ 1.'),
      cpuMilli: wholeNumber(
        'a whole number of milli-cores ≥ 1000 (1000 = one core; 128 cores = 128000)',
        1000,
        INT32_MAX,
      ).describe('CPU capacity per node in milli-cores (1000 = one core or vCPU).'),
      memoryMiB: wholeNumber(
        'a whole number of MiB ≥ 1024 (1 GiB = 1024 MiB; 1 TiB = 1048576)',
        1024,
        INT32_MAX,
      ).describe('Memory per node in MiB.'),
      nodePowerOverheadW: amount('a power in W ≥ 0')
        .default(FLEET_DEFAULTS.nodePowerOverheadW)
        .describe(
          'Constant power of a node’s non-accelerator parts (CPUs, memory, NICs, fans), W, before PUE. Default 0: ' +
            'accelerator-only energy; a dual-socket 8-GPU server adds roughly 1000–2000 W.',
        ),
      capex: CapexSchema.optional().describe(
        'Owned hardware (the default when no price is given: catalog price, amortised over 4 years).',
      ),
      hourlyUsdPerNode: amount(USD).optional().describe('Rented: price of one node for one hour, USD.'),
      hourlyUsdPerDevice: amount(USD)
        .optional()
        .describe('Rented: price of one accelerator for one hour, USD.'),
      labels: z
        .record(z.string(), LabelValue, { error: 'a mapping of label names to values' })
        .default(() => ({}))
        .describe('Free-form labels copied to reports (e.g. { zone: a, owner: infra }).'),
      gpuModelAlias: text('a GPU model name such as V100M32')
        .optional()
        .describe(
          'Model string pods’ gpu_spec constraints match (NodeSpec.gpuModel). Default: the accelerator id. ' +
            'Set it to a trace’s own type name (V100M32, G2, A100-SXM4-80GB) to replay that trace.',
        ),
      nodeNames: z
        .array(z.string({ error: NODE_NAME }).min(1, { error: NODE_NAME }).max(253, { error: NODE_NAME }), {
          error: 'a list of node names',
        })
        .optional()
        .describe(
          'Names of the pool’s nodes in order, one per node (as many as `nodes`). Default `<name>-00001`, … ' +
            '`hyperfleet fleet snapshot` keeps a live cluster’s node names here, so placements name them.',
        ),
    },
    { error: 'a pool mapping such as { name: h20, accelerator: nvidia-h20, nodes: 100, … }' },
  )
  .describe(
    'Identical nodes of one accelerator model. Price it one way only: capex, hourlyUsdPerNode or hourlyUsdPerDevice.',
  );

/** The fleet file as written (YAML or JSON). */
export const FleetFileSchema = z
  .strictObject(
    {
      site: SiteSchema.default(() => ({
        pue: FLEET_DEFAULTS.pue,
        electricityUsdPerKWh: FLEET_DEFAULTS.electricityUsdPerKWh,
      })),
      pools: crossFieldRule(
        z.array(PoolSchema, { error: 'a list of pools' }).min(1, { error: 'at least one pool' }),
        poolRules,
      ).describe('Node pools, in the order nodes are numbered.'),
    },
    { error: 'a mapping with `site` and `pools`' },
  )
  .describe('hyperfleet fleet file: one site and its node pools.');

/** The fleet file as written, before defaults (what converters emit and users type). */
export type FleetFileInput = z.input<typeof FleetFileSchema>;
type FleetFileOutput = z.output<typeof FleetFileSchema>;

/** JSON Schema of the fleet file, with every field's description and default (for editors and docs). */
export function fleetJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(FleetFileSchema, { io: 'input' }) as Record<string, unknown>;
}

// ---------------------------------------------------------------------------------------------------------------
// The validated fleet.

export interface Site {
  readonly name?: string;
  readonly pue: number;
  readonly electricityUsdPerKWh: number;
}

/** How a pool is paid for: owned (amortised purchase) or rented by the hour. */
export type PoolPricing =
  | {
      readonly kind: 'capex';
      /** USD per device; undefined = the catalog's unit price. */
      readonly usdPerDevice?: number;
      readonly usdPerNodeOverhead: number;
      readonly amortisationYears: number;
    }
  | { readonly kind: 'hourlyPerNode'; readonly usd: number }
  | { readonly kind: 'hourlyPerDevice'; readonly usd: number };

export interface Pool {
  readonly name: string;
  readonly accelerator: string;
  readonly nodes: number;
  readonly devicesPerNode: number;
  readonly cpuMilli: number;
  readonly memoryMiB: number;
  readonly nodePowerOverheadW: number;
  readonly pricing: PoolPricing;
  readonly labels: Readonly<Record<string, string>>;
  /** The model string of the pool's nodes (`NodeSpec.gpuModel`); the accelerator id unless the file sets one. */
  readonly gpuModelAlias: string;
  /** The names of the pool's nodes when the file gives them (a snapshot of a live cluster); else generated. */
  readonly nodeNames?: readonly string[];
}

export interface Fleet {
  readonly site: Site;
  readonly pools: readonly Pool[];
}

export type FleetValidation =
  { readonly ok: true; readonly fleet: Fleet } | { readonly ok: false; readonly issues: PathIssue[] };

/** Validates a parsed fleet document: every schema issue, the rules across fields and pools included. */
export function validateFleet(data: unknown): FleetValidation {
  const parsed = FleetFileSchema.safeParse(data, { reportInput: true });
  if (parsed.success) return { ok: true, fleet: resolveFleet(parsed.data) };
  return {
    ok: false,
    issues: pathIssuesOf(parsed.error, FleetFileSchema, data, { synonyms: FLEET_SYNONYMS }),
  };
}

/** Other names people use for a field, for the "did you mean" hint. */
export const FLEET_SYNONYMS: Readonly<Record<string, string>> = {
  gpus: 'devicesPerNode',
  gpusPerNode: 'devicesPerNode',
  gpuCount: 'devicesPerNode',
  devices: 'devicesPerNode',
  count: 'nodes',
  nodeCount: 'nodes',
  replicas: 'nodes',
  cpu: 'cpuMilli',
  cpus: 'cpuMilli',
  memory: 'memoryMiB',
  mem: 'memoryMiB',
  model: 'accelerator',
  gpuModel: 'gpuModelAlias',
  price: 'capex',
  electricityPrice: 'electricityUsdPerKWh',
  amortizationYears: 'amortisationYears',
};

const PRICING_KEYS = ['capex', 'hourlyUsdPerNode', 'hourlyUsdPerDevice'] as const;

/** Rules across fields and pools, on the pools as parsed so far (tolerating pools and fields of the wrong type). */
function poolRules(pools: unknown, report: (issue: PathIssue) => void): void {
  if (!Array.isArray(pools)) return;
  const firstName = new Map<string, number>();
  const aliasOwner = new Map<string, { accelerator: string; pool: number }>();
  let totalNodes = 0;
  const named = new Map<string, number>();
  pools.forEach((pool: unknown, i) => {
    if (!isRecord(pool)) return;
    nodeNameRules(pool, i, named, report);
    if (typeof pool.name === 'string') {
      const first = firstName.get(pool.name);
      if (first === undefined) firstName.set(pool.name, i);
      else {
        report({
          path: [i, 'name'],
          message: `duplicate pool name (first at pools[${first}])`,
          expected: 'pool names unique within the fleet',
        });
      }
    }
    const priced = PRICING_KEYS.filter((k) => pool[k] !== undefined);
    if (priced.length > 1) {
      report({
        path: [i, priced[1]],
        key: true,
        message: `a pool is priced one way only, found both ${priced[0]} and ${priced[1]}`,
        expected: 'one of capex, hourlyUsdPerNode, hourlyUsdPerDevice',
      });
    }
    // Policies and reports key device economics by the node's model string: one string, one accelerator.
    if (typeof pool.accelerator === 'string') {
      const hasAlias = typeof pool.gpuModelAlias === 'string';
      const alias = hasAlias ? (pool.gpuModelAlias as string) : pool.accelerator;
      const owner = aliasOwner.get(alias);
      if (owner === undefined) aliasOwner.set(alias, { accelerator: pool.accelerator, pool: i });
      else if (owner.accelerator !== pool.accelerator) {
        report({
          path: [i, hasAlias ? 'gpuModelAlias' : 'accelerator'],
          message:
            `GPU model "${alias}" already stands for ${owner.accelerator} (pools[${owner.pool}]); ` +
            'one model string must mean one accelerator',
          expected: 'a distinct gpuModelAlias',
        });
      }
    }
    if (typeof pool.nodes === 'number' && Number.isFinite(pool.nodes)) {
      const before = totalNodes;
      totalNodes += pool.nodes;
      if (before <= MAX_FLEET_NODES && totalNodes > MAX_FLEET_NODES) {
        report({
          path: [i, 'nodes'],
          message: `the fleet reaches ${totalNodes} nodes here`,
          expected: `at most ${MAX_FLEET_NODES} nodes in all pools together`,
        });
      }
    }
  });
  generatedNameClashes(pools, named, report);
}

/** A listed node name equal to one generated for a pool without a list (`gpu-00002` when pool `gpu` has ≥ 2 nodes). */
function generatedNameClashes(
  pools: unknown[],
  named: ReadonlyMap<string, number>,
  report: (issue: PathIssue) => void,
): void {
  if (named.size === 0) return;
  const generated = new Map<string, number>();
  pools.forEach((pool: unknown) => {
    if (isRecord(pool) && pool.nodeNames === undefined && typeof pool.name === 'string')
      generated.set(pool.name, typeof pool.nodes === 'number' ? pool.nodes : 0);
  });
  for (const [name, i] of named) {
    const m = /^(.*)-(\d+)$/.exec(name);
    const nodes = m ? generated.get(m[1]) : undefined;
    if (nodes === undefined || name !== generatedNodeName(m![1], Number(m![2]), nodes)) continue;
    if (Number(m![2]) < 1 || Number(m![2]) > nodes) continue;
    report({
      path: [i, 'nodeNames'],
      message: `node name "${name}" is also the name of a node of pool ${m![1]}`,
      expected: 'node names unique within the fleet',
    });
  }
}

/**
 * A pool's `nodeNames`: one per node, each unique in the fleet (`named` holds the names of the pools before, with
 * their pool index); {@link generatedNameClashes} checks them against the names pools without a list generate.
 */
function nodeNameRules(
  pool: Record<string, unknown>,
  i: number,
  named: Map<string, number>,
  report: (issue: PathIssue) => void,
): void {
  const names = pool.nodeNames;
  if (!Array.isArray(names)) return;
  if (typeof pool.nodes === 'number' && names.length !== pool.nodes) {
    report({
      path: [i, 'nodeNames'],
      message: `${names.length} node names for ${pool.nodes} nodes`,
      expected: 'one name per node of the pool',
    });
  }
  names.forEach((name: unknown, k) => {
    if (typeof name !== 'string') return;
    const first = named.get(name);
    if (first === undefined) named.set(name, i);
    else {
      report({
        path: [i, 'nodeNames', k],
        message: `node name "${name}" is already taken (pools[${first}])`,
        expected: 'node names unique within the fleet',
      });
    }
  });
}

/** The fleet of a validated fleet file: defaults applied, pricing resolved. */
export function resolveFleet(f: FleetFileOutput): Fleet {
  return {
    site: f.site,
    pools: f.pools.map((p) => ({
      name: p.name,
      accelerator: p.accelerator,
      nodes: p.nodes,
      devicesPerNode: p.devicesPerNode,
      cpuMilli: p.cpuMilli,
      memoryMiB: p.memoryMiB,
      nodePowerOverheadW: p.nodePowerOverheadW,
      pricing: pricingOf(p),
      labels: p.labels,
      gpuModelAlias: p.gpuModelAlias ?? p.accelerator,
      ...(p.nodeNames !== undefined ? { nodeNames: p.nodeNames } : {}),
    })),
  };
}

function pricingOf(p: FleetFileOutput['pools'][number]): PoolPricing {
  if (p.hourlyUsdPerNode !== undefined) return { kind: 'hourlyPerNode', usd: p.hourlyUsdPerNode };
  if (p.hourlyUsdPerDevice !== undefined) return { kind: 'hourlyPerDevice', usd: p.hourlyUsdPerDevice };
  const c = p.capex;
  return {
    kind: 'capex',
    ...(c?.usdPerDevice !== undefined ? { usdPerDevice: c.usdPerDevice } : {}),
    usdPerNodeOverhead: c?.usdPerNodeOverhead ?? FLEET_DEFAULTS.usdPerNodeOverhead,
    amortisationYears: c?.amortisationYears ?? FLEET_DEFAULTS.amortisationYears,
  };
}

/** Hourly price of one node of a rented pool, USD; undefined for owned pools. */
export function rentUsdPerNodeHour(pool: Pick<Pool, 'pricing' | 'devicesPerNode'>): number | undefined {
  const p = pool.pricing;
  if (p.kind === 'hourlyPerNode') return p.usd;
  if (p.kind === 'hourlyPerDevice') return p.usd * pool.devicesPerNode;
  return undefined;
}

/**
 * The fleet as a document to write (YAML or JSON), leaving out fields equal to their defaults so that converted
 * files stay short; {@link validateFleet} of the result gives the same fleet back.
 */
export function fleetToDocument(fleet: Fleet): FleetFileInput {
  const site: Record<string, unknown> = {};
  if (fleet.site.name !== undefined) site.name = fleet.site.name;
  site.pue = fleet.site.pue;
  site.electricityUsdPerKWh = fleet.site.electricityUsdPerKWh;
  const pools = fleet.pools.map((p) => {
    const out: Record<string, unknown> = {
      name: p.name,
      accelerator: p.accelerator,
      nodes: p.nodes,
      devicesPerNode: p.devicesPerNode,
      cpuMilli: p.cpuMilli,
      memoryMiB: p.memoryMiB,
    };
    if (p.nodePowerOverheadW !== FLEET_DEFAULTS.nodePowerOverheadW)
      out.nodePowerOverheadW = p.nodePowerOverheadW;
    const pr = p.pricing;
    if (pr.kind === 'hourlyPerNode') out.hourlyUsdPerNode = pr.usd;
    else if (pr.kind === 'hourlyPerDevice') out.hourlyUsdPerDevice = pr.usd;
    else {
      const capex: Record<string, number> = {};
      if (pr.usdPerDevice !== undefined) capex.usdPerDevice = pr.usdPerDevice;
      if (pr.usdPerNodeOverhead !== FLEET_DEFAULTS.usdPerNodeOverhead)
        capex.usdPerNodeOverhead = pr.usdPerNodeOverhead;
      if (pr.amortisationYears !== FLEET_DEFAULTS.amortisationYears)
        capex.amortisationYears = pr.amortisationYears;
      if (Object.keys(capex).length > 0) out.capex = capex;
    }
    if (Object.keys(p.labels).length > 0) out.labels = { ...p.labels };
    if (p.gpuModelAlias !== p.accelerator) out.gpuModelAlias = p.gpuModelAlias;
    if (p.nodeNames !== undefined) out.nodeNames = [...p.nodeNames];
    return out;
  });
  return { site, pools } as FleetFileInput;
}
