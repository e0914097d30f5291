/**
 * @module plan/inference-capacity
 * What one node of a chip serves of an inference service: the requests/s at the service's SLO from the per-chip
 * performance model ({@link sloCapacity}), with the layout chosen, or — when the chip cannot run it at all (no
 * figure for the precision, the model does not fit in a node) — capacity 0 and the reason. A chip that cannot
 * serve a line is simply not used for it; only a line no chip can serve is refused, naming the service and the
 * best TTFT and TPOT any chip reaches (the issue's "SLO impossible on every chip").
 */
import { getAccelerator, type Catalog } from '../catalog/index.js';
import { isInputError, type InputIssue } from '../errors/index.js';
import { closest, isRecord, type PathIssue } from '../input/index.js';
import type { Demand, InferenceLine } from './demand/demand.js';
import type { EfficiencyOverride } from './perf/efficiency.js';
import { getModel, type ModelRegistry } from './perf/model-registry.js';
import { checkDeployment } from './perf/inference-perf.js';
import { stepTime } from './perf/roofline.js';
import { sloCapacity } from './perf/slo-capacity.js';

/** How one chip serves one inference service (the figures behind `perNode.capacity`). */
export interface InferenceLayout {
  readonly line: string;
  readonly accelerator: string;
  readonly devicesPerNode: number;
  /** Requests/s one node serves at the SLO; 0 when it cannot. */
  readonly requestsPerSecPerNode: number;
  /**
   * Set when the simulation check lowered the capacity: the performance model's figure, which
   * `requestsPerSecPerNode` (the one the plan used) replaced.
   */
  readonly perfModelRequestsPerSecPerNode?: number;
  /** Devices per replica (tensor parallelism) and replicas per node of the layout chosen. */
  readonly tensorParallel?: number;
  readonly replicas?: number;
  /** Requests decoded together per replica, and the TTFT and TPOT there. */
  readonly batch?: number;
  readonly ttftSec?: number;
  readonly tpotSec?: number;
  /** The lowest TTFT and TPOT any layout reaches (batch 1); absent when the chip cannot run the model. */
  readonly best?: { readonly ttftSec: number; readonly tpotSec: number };
  /** Why the capacity is 0. */
  readonly reason?: string;
}

/** A node as the serving simulation runs it: the chosen layout's replicas, batch limit and step time. */
export interface NodeServingModel {
  readonly replicas: number;
  readonly batchLimit: number;
  /** Seconds of one step over `decoding` running requests plus `prefillTokens` prompt tokens (the roofline's). */
  readonly stepSec: (decoding: number, prefillTokens: number) => number;
}

/** The inference side of a plan: capacities computed on demand and kept, with what they assume. */
export class InferenceCapacities {
  private readonly layouts = new Map<string, InferenceLayout>();
  private readonly assumed = new Set<string>();

  constructor(
    private readonly catalog: Catalog,
    private readonly models: ModelRegistry,
    private readonly efficiency: readonly EfficiencyOverride[],
  ) {}

  /** Requests/s one node of `chip` serves of `line` at its SLO (0: it cannot). */
  capacity(chip: { accelerator: string; devicesPerNode: number }, line: InferenceLine): number {
    const key = `${chip.accelerator}\u0000${chip.devicesPerNode}\u0000${line.name}`;
    let layout = this.layouts.get(key);
    if (!layout) {
      layout = this.compute(chip, line);
      this.layouts.set(key, layout);
    }
    return layout.requestsPerSecPerNode;
  }

  /**
   * The chosen layout of `chip` for `line` as the serving simulation runs it (undefined: the chip serves none),
   * with the roofline's step at the mean context of a running request (prompt + half the output), as the
   * capacity figure assumes.
   */
  servingModel(
    chip: { accelerator: string; devicesPerNode: number },
    line: InferenceLine,
  ): NodeServingModel | undefined {
    this.capacity(chip, line);
    const layout = this.layouts.get(`${chip.accelerator}\u0000${chip.devicesPerNode}\u0000${line.name}`);
    if (!layout?.tensorParallel || !layout.replicas || !layout.batch) return undefined;
    const { deployment } = checkDeployment({
      accelerator: getAccelerator(this.catalog, chip.accelerator),
      devices: layout.tensorParallel,
      model: getModel(this.models, line.model),
      precision: line.precision,
      engine: 'generic',
      inputTokens: line.inputTokens,
      outputTokens: line.outputTokens,
      efficiency: this.efficiency,
    });
    const context = line.inputTokens + line.outputTokens / 2;
    return {
      replicas: layout.replicas,
      batchLimit: layout.batch,
      stepSec: (decoding, prefillTokens) => stepTime(deployment, decoding, prefillTokens, context),
    };
  }

  /** Every layout computed, in the order asked. */
  all(): InferenceLayout[] {
    return [...this.layouts.values()];
  }

  /** Every assumption of the performance model behind the capacities, each once. */
  assumptions(): string[] {
    return [...this.assumed];
  }

  /**
   * Issues for the services with demand that no chip can serve, at `inference[i].slo` (or `.model` when no chip
   * can run the model at all): the best TTFT and TPOT any chip reaches, or why each chip cannot run it.
   */
  unservable(demand: Demand): PathIssue[] {
    return demand.inference.flatMap((line, i): PathIssue[] => {
      if (!line.peakRequestsPerSec.some((r) => r > 0)) return [];
      const mine = this.all().filter((l) => l.line === line.name);
      if (mine.some((l) => l.requestsPerSecPerNode > 0)) return [];
      const reached = mine.filter((l) => l.best !== undefined);
      if (reached.length === 0) {
        return [
          {
            path: ['inference', i, 'model'],
            message: `${line.name}: no chip offered can run ${line.model} at ${line.precision} (${mine.map((l) => `${l.accelerator}: ${l.reason}`).join('; ')})`,
            expected: 'a chip that runs it, another precision, or more devices per node',
          },
        ];
      }
      const bestTtft = minBy(reached, (l) => l.best?.ttftSec ?? Infinity);
      const bestTpot = minBy(reached, (l) => l.best?.tpotSec ?? Infinity);
      return [
        {
          path: ['inference', i, 'slo'],
          message:
            `${line.name}: SLO impossible on every chip: the best TTFT is ${secs(bestTtft.best?.ttftSec)} ` +
            `(${bestTtft.accelerator}) and the best TPOT ${secs(bestTpot.best?.tpotSec)} (${bestTpot.accelerator}), ` +
            `the SLO asks TTFT ≤ ${secs(line.slo.ttftSec)} and TPOT ≤ ${secs(line.slo.tpotSec)}`,
          expected: 'an SLO some chip reaches, shorter requests, or a faster chip',
        },
      ];
    });
  }

  private compute(
    chip: { accelerator: string; devicesPerNode: number },
    line: InferenceLine,
  ): InferenceLayout {
    const base = { line: line.name, accelerator: chip.accelerator, devicesPerNode: chip.devicesPerNode };
    try {
      const c = sloCapacity({
        accelerator: getAccelerator(this.catalog, chip.accelerator),
        devicesPerNode: chip.devicesPerNode,
        model: getModel(this.models, line.model),
        precision: line.precision,
        inputTokens: line.inputTokens,
        outputTokens: line.outputTokens,
        slo: line.slo,
        efficiency: this.efficiency,
      });
      for (const a of c.assumptions) this.assumed.add(a);
      return {
        ...base,
        requestsPerSecPerNode: c.requestsPerSec,
        ...(c.point
          ? {
              tensorParallel: c.tensorParallel,
              replicas: c.replicas,
              batch: c.point.batch,
              ttftSec: c.point.ttftSec,
              tpotSec: c.point.tpotSec,
            }
          : { reason: 'no batch meets the SLO' }),
        best: c.best,
      };
    } catch (e) {
      // A chip that cannot run this service (precision, memory, interconnect) serves none of it.
      if (!isInputError(e)) throw e;
      return { ...base, requestsPerSecPerNode: 0, reason: e.issues.map(reasonText).join('; ') };
    }
  }
}

/** Issues for inference lines whose model is not in `models`, with the closest ids (a demand-file check). */
export function unknownModels(data: unknown, models: ModelRegistry): PathIssue[] {
  const lines: unknown[] = isRecord(data) && Array.isArray(data.inference) ? data.inference : [];
  return lines.flatMap((entry, i): PathIssue[] => {
    const id = isRecord(entry) ? entry.model : undefined;
    if (typeof id !== 'string' || id === '' || models.has(id)) return [];
    const near = closest(id, models.keys(), 3);
    return [
      {
        path: ['inference', i, 'model'],
        message: near.length > 0 ? `unknown model (did you mean ${near[0]}?)` : 'unknown model',
        expected: `a built-in model id or one of --model-file (${near.length > 0 ? `closest: ${near.join(', ')}` : [...models.keys()].join(', ')})`,
      },
    ];
  });
}

function reasonText(issue: InputIssue): string {
  return issue.message && issue.message !== 'invalid' ? issue.message : `${issue.field}: ${issue.expected}`;
}

function minBy<T>(items: readonly T[], key: (t: T) => number): T {
  return items.reduce((a, b) => (key(b) < key(a) ? b : a));
}

const secs = (x: number | undefined) =>
  x === undefined
    ? '?'
    : x < 0.1
      ? `${Number((x * 1000).toPrecision(3))} ms`
      : `${Number(x.toPrecision(3))} s`;
