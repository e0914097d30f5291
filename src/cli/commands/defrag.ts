/**
 * @module cli/commands/defrag
 * `hyperfleet defrag`: the cheapest moves of running pods after which a pending pod (or a gang: `--pod` given once
 * per pod) fits — issue 16's planner on a fleet read from files (docs/cli.md#hyperfleet-defrag). `--json` prints
 * the contract's object `{ feasible, moves, target, reason? }` plus extensions (cost, exhaustive, targets,
 * fragmentation before/after); without it, a readable plan. Exit codes: 0 an answer (a plan, or why none exists);
 * 2 bad input.
 */
import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import {
  applyPlan,
  DEFAULT_MAX_MOVES,
  type DefragPlan,
  EXACT_MAX_MOVES,
  fragmentedGpus,
  loadPlacementsFile,
  MAX_MOVES_LIMIT,
  parsePendingPodText,
  PendingPodInput,
  pendingPodSpec,
  planDefrag,
} from '../../defrag/index.js';
import { ErrorCode, InputError, isInputError } from '../../errors/index.js';
import { readInputText, UserDocument } from '../../input/index.js';
import type { ClusterState, PodSpec } from '../../model/index.js';
import { typicalPods } from '../../policies/index.js';
import { Pod, podSpecOf } from '../../schedule/index.js';
import { parseInteger } from '../options.js';
import { loadNodes } from './serve-service.js';

interface DefragCliOptions {
  nodes: string;
  placements: string;
  pod: string[];
  maxMoves: string;
  allowGuaranteed?: boolean;
  json?: boolean;
}

export function register(program: Command): void {
  program
    .command('defrag')
    .description('plan the cheapest moves of running pods after which a pending pod (or a gang) fits')
    .requiredOption('--nodes <file>', 'the nodes: an openb node list (.csv) or a fleet file (.yaml/.json)')
    .requiredOption(
      '--placements <file>',
      'running pods (JSON/YAML): the answer of GET /v1/placements, or its list (docs/cli.md); --server URL, reading a live service, comes in a later step',
    )
    .requiredOption(
      '--pod <spec>',
      'the pending pod: gpu=4,cpu=8000,mem=32768[,milli=500][,model=a|b], or a JSON/YAML file (a Kubernetes pod or { cpuMilli, memMiB, gpuCount, gpuMilli, gpuModels }); repeat for a gang',
      (value: string, previous: string[] = []) => [...previous, value],
    )
    .option(
      '--max-moves <k>',
      `most moves (exact up to ${EXACT_MAX_MOVES}, a bounded search beyond)`,
      String(DEFAULT_MAX_MOVES),
    )
    .option('--allow-guaranteed', 'let pods of QoS Guaranteed move too')
    .option('--json', 'print the plan as one JSON object')
    .action(async (opts: DefragCliOptions) => {
      const maxMoves = parseInteger('--max-moves', opts.maxMoves, 0);
      if (maxMoves > MAX_MOVES_LIMIT) {
        throw new InputError(ErrorCode.InvalidOption, {
          field: '--max-moves',
          expected: `a whole number from 0 to ${MAX_MOVES_LIMIT}`,
          got: opts.maxMoves,
        });
      }
      const pending = opts.pod.map((spec, i) =>
        readPendingPod(spec, opts.pod.length > 1 ? `pending-${i + 1}` : 'pending'),
      );
      const nodes = await loadNodes(opts.nodes);
      const { state, pods } = loadPlacementsFile(opts.placements, nodes);
      const plan = planDefrag(state, pods, pending, {
        maxMoves,
        allowGuaranteed: opts.allowGuaranteed === true,
      });
      const applied = plan.feasible ? applyPlan(state, pods, pending, plan) : null;
      // The planner's plans pass this check (property tests); a failure here is a bug, not bad input.
      if (applied && !applied.ok) throw new Error(`the plan does not apply: ${applied.problem}`);
      const fragmentation = fragmentationOf(
        [...pods.map((p) => p.spec), ...pending],
        state,
        applied?.ok ? applied.state : null,
      );
      if (opts.json) {
        process.stdout.write(`${JSON.stringify({ ...plan, ...(fragmentation ? { fragmentation } : {}) })}\n`);
      } else process.stdout.write(formatPlan(plan, fragmentation));
    });
}

/** The pending pod of one `--pod`: a file when one of that name exists, else the short spec. */
function readPendingPod(spec: string, name: string): PodSpec {
  if (!existsSync(spec) && !/\.(json|ya?ml)$/i.test(spec)) return parsePendingPodText(spec, '--pod', name);
  const text = readInputText(spec, { what: 'a pod file (JSON or YAML)', field: '--pod' });
  const doc = UserDocument.parse(text, spec, {
    syntax: spec.toLowerCase().endsWith('.json') ? 'json' : 'yaml',
    what: 'a Kubernetes pod, or { cpuMilli, memMiB, gpuCount, gpuMilli, gpuModels }',
  });
  const data = doc.data;
  if (data !== null && typeof data === 'object' && 'metadata' in data) {
    try {
      return { ...podSpecOf(doc.validate(Pod)), name };
    } catch (e) {
      // podSpecOf names the field inside the pod; the file is the user's.
      if (isInputError(e))
        throw new InputError(
          e.code,
          e.issues.map((i) => ({ file: spec, ...i })),
        );
      throw e;
    }
  }
  return pendingPodSpec(doc.validate(PendingPodInput), name);
}

interface Fragmentation {
  readonly typicalFrom: string;
  readonly beforeGpus: number;
  readonly afterGpus: number | null;
}

/** FGD's fragmentation against the workload at hand (the running and pending pods), before and after the plan. */
function fragmentationOf(
  specs: PodSpec[],
  before: ClusterState,
  after: ClusterState | null,
): Fragmentation | null {
  const gpuPods = specs.filter((s) => s.gpuCount > 0 && s.gpuMilli > 0);
  if (gpuPods.length === 0) return null;
  const typical = typicalPods(specs);
  const round = (x: number) => Math.round(x * 1000) / 1000;
  return {
    typicalFrom: 'the running and pending pods',
    beforeGpus: round(fragmentedGpus(before, typical)),
    afterGpus: after ? round(fragmentedGpus(after, typical)) : null,
  };
}

function formatPlan(plan: DefragPlan, frag: Fragmentation | null): string {
  const lines: string[] = [];
  const devices = (d: readonly number[]) => (d.length > 0 ? ` [${d.join(',')}]` : '');
  if (!plan.feasible) {
    lines.push(`no plan: ${plan.reason}`);
  } else {
    const n = plan.moves.length;
    const proven = plan.exhaustive ? 'least cost, proven' : 'best found; not proven least';
    lines.push(
      n === 0
        ? 'the pod fits as the fleet is: no move needed'
        : `plan: ${n} move${n === 1 ? '' : 's'}, cost ${plan.cost} (${proven})`,
    );
    plan.moves.forEach((m, i) => {
      lines.push(
        `  ${i + 1}. ${m.namespace}/${m.name}: ${m.from.node}${devices(m.from.devices)} → ${m.to.node}${devices(m.to.devices)} (cost ${m.cost})`,
      );
    });
    plan.targets.forEach((t, i) => {
      const who = plan.targets.length > 1 ? `pending pod ${i + 1}` : 'the pending pod';
      lines.push(`  then ${who} → ${t.node}${devices(t.devices)}`);
    });
  }
  if (frag) {
    const after = frag.afterGpus === null ? '' : ` → ${frag.afterGpus} after`;
    lines.push(`fragmented GPUs (against ${frag.typicalFrom}): ${frag.beforeGpus} before${after}`);
  }
  return `${lines.join('\n')}\n`;
}
