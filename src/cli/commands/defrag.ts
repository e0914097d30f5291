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
  DEFAULT_MAX_MOVES,
  type DefragPlan,
  EXACT_MAX_MOVES,
  loadPlacementsFile,
  MAX_MOVES_LIMIT,
  parsePendingPodText,
  PendingPodInput,
  pendingPodSpec,
  planDefrag,
  type PlanFragmentation,
  planFragmentation,
} from '../../defrag/index.js';
import { ErrorCode, InputError, isInputError } from '../../errors/index.js';
import { readInputText, UserDocument } from '../../input/index.js';
import type { PodSpec } from '../../model/index.js';
import { Pod, podSpecOf } from '../../schedule/index.js';
import { parseInteger } from '../options.js';
import { loadNodes } from './serve-service.js';
import { askServer, fragmentationOfAnswer } from './defrag-server.js';

interface DefragCliOptions {
  nodes?: string;
  placements?: string;
  server?: string;
  token?: string;
  pod: string[];
  maxMoves: string;
  allowGuaranteed?: boolean;
  json?: boolean;
}

export function register(program: Command): void {
  program
    .command('defrag')
    .description('plan the cheapest moves of running pods after which a pending pod (or a gang) fits')
    .option('--nodes <file>', 'the nodes: an openb node list (.csv) or a fleet file (.yaml/.json)')
    .option(
      '--placements <file>',
      'running pods (JSON/YAML): the answer of GET /v1/placements, or its list (docs/cli.md)',
    )
    .option(
      '--server <url>',
      'plan on a live service instead (POST /v1/defrag: its nodes, placements and reservations); not with --nodes/--placements',
    )
    .option('--token <token>', 'bearer token of the live service (default: $HYPERFLEET_TOKEN)')
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
      const source = fleetSource(opts);
      const pending = opts.pod.map((spec, i) =>
        readPendingPod(spec, opts.pod.length > 1 ? `pending-${i + 1}` : 'pending'),
      );
      if (source.server !== undefined) {
        const token = opts.token ?? process.env.HYPERFLEET_TOKEN;
        const answer = await askServer(
          source.server,
          token,
          pending,
          maxMoves,
          opts.allowGuaranteed === true,
        );
        if (opts.json) process.stdout.write(`${JSON.stringify(answer)}\n`);
        else process.stdout.write(formatPlan(answer, fragmentationOfAnswer(answer)));
        return;
      }
      const nodes = await loadNodes(source.nodes);
      const { state, pods } = loadPlacementsFile(source.placements, nodes);
      const plan = planDefrag(state, pods, pending, {
        maxMoves,
        allowGuaranteed: opts.allowGuaranteed === true,
      });
      const fragmentation = planFragmentation(state, pods, pending, plan);
      if (opts.json) {
        process.stdout.write(`${JSON.stringify({ ...plan, ...(fragmentation ? { fragmentation } : {}) })}\n`);
      } else process.stdout.write(formatPlan(plan, fragmentation));
    });
}

/** Where the fleet comes from: files, or a live service — exactly one of the two. */
function fleetSource(
  opts: DefragCliOptions,
):
  | { server: string; nodes?: never; placements?: never }
  | { server?: never; nodes: string; placements: string } {
  const files = [
    opts.nodes !== undefined && '--nodes',
    opts.placements !== undefined && '--placements',
  ].filter((f): f is string => f !== false);
  const choice = 'give --server URL (a live service), or --nodes FILE and --placements FILE';
  if (opts.server !== undefined) {
    if (files.length > 0) {
      throw new InputError(ErrorCode.InvalidOption, {
        field: '--server',
        message: `${files.join(' and ')} cannot be combined with --server: ${choice}, not both`,
      });
    }
    return { server: opts.server };
  }
  if (opts.nodes === undefined || opts.placements === undefined) {
    throw new InputError(ErrorCode.InvalidOption, {
      field: opts.nodes === undefined ? '--nodes' : '--placements',
      message: `missing: ${choice}`,
    });
  }
  return { nodes: opts.nodes, placements: opts.placements };
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

function formatPlan(
  plan: Pick<DefragPlan, 'feasible' | 'reason' | 'moves' | 'cost' | 'exhaustive' | 'targets'>,
  frag: PlanFragmentation | null,
): string {
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
