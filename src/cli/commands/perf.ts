/**
 * @module cli/commands/perf
 * `hyperfleet perf`: what one LLM deployment delivers on a chip of the catalog — output and total tokens/s, TTFT,
 * TPOT and the largest batch memory allows — from the Plan pillar's roofline model (docs/perf.md). `--json` prints
 * one object (other tools read it: the field names are a contract); without it, a short table and the
 * assumptions.
 */
import type { Command } from 'commander';
import { ErrorCode, InputError } from '../../errors/index.js';
import type { Engine, PerfResult, Precision } from '../../plan/index.js';
import { parseInteger } from '../options.js';

interface PerfOptions {
  accelerator: string;
  devices: string;
  model: string;
  precision: string;
  engine: string;
  inputTokens: string;
  outputTokens: string;
  batch: string;
  json?: boolean;
  catalog?: string;
  modelFile?: string;
  efficiency?: string;
}

export function register(program: Command): void {
  program
    .command('perf')
    .description(
      'LLM inference performance of a model on N devices of a chip: tokens/s, TTFT, TPOT, max batch',
    )
    .requiredOption('--accelerator <id>', 'catalog id of the chip (hyperfleet catalog lists them)')
    .requiredOption('--devices <n>', 'devices serving one replica with tensor parallelism')
    .requiredOption(
      '--model <id>',
      'model id: llama-3.1-70b, qwen3-32b, deepseek-v3, … or one in --model-file',
    )
    .requiredOption('--precision <p>', 'bf16 | fp8 | int8 (weights and KV cache)')
    .option('--engine <name>', 'generic | trtllm | vllm | sglang | mindie', 'generic')
    .requiredOption('--input-tokens <n>', 'prompt tokens per request')
    .requiredOption('--output-tokens <n>', 'generated tokens per request')
    .requiredOption('--batch <b>', 'requests decoded together, or max (the most memory allows)')
    .option('--json', 'print one JSON object on stdout')
    .option('--catalog <file>', 'JSON file extending or overriding the accelerator catalog')
    .option('--model-file <file>', 'YAML or JSON file adding or replacing models (docs/perf.md)')
    .option('--efficiency <file>', 'YAML or JSON file setting efficiency factors per chip (docs/perf.md)')
    .action(async (opts: PerfOptions) => {
      await perfCommand(opts);
    });
}

function oneOf<T extends string>(field: string, values: readonly T[], text: string): T {
  if ((values as readonly string[]).includes(text)) return text as T;
  throw new InputError(ErrorCode.InvalidOption, {
    field,
    expected: `one of ${values.join(', ')}`,
    got: text,
  });
}

async function perfCommand(opts: PerfOptions): Promise<void> {
  const devices = parseInteger('--devices', opts.devices, 1);
  const inputTokens = parseInteger('--input-tokens', opts.inputTokens, 1);
  const outputTokens = parseInteger('--output-tokens', opts.outputTokens, 1);
  const batch = opts.batch.trim() === 'max' ? 'max' : parseInteger('--batch', opts.batch, 1);
  const [{ getAccelerator, loadCatalog }, plan] = await Promise.all([
    import('../../catalog/index.js'),
    import('../../plan/index.js'),
  ]);
  const precision = oneOf<Precision>('--precision', plan.PRECISIONS, opts.precision);
  const engine = oneOf<Engine>('--engine', plan.ENGINES, opts.engine);
  const catalog = loadCatalog(opts.catalog);
  const accelerator = getAccelerator(catalog, opts.accelerator, { field: '--accelerator' });
  const model = plan.getModel(plan.loadModels(opts.modelFile), opts.model);
  const efficiency = opts.efficiency ? plan.loadEfficiencyFile(opts.efficiency, catalog.ids()) : [];
  const result = plan.perf({
    accelerator,
    devices,
    model,
    precision,
    engine,
    inputTokens,
    outputTokens,
    batch,
    efficiency,
  });
  process.stdout.write(opts.json ? JSON.stringify(result) + '\n' : perfTable(result));
}

const num = (x: number, digits = 0) =>
  x.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const secs = (x: number) => (x < 0.1 ? `${num(x * 1000, 1)} ms` : `${num(x, 3)} s`);

/** The readable answer: what was asked, the figures, and every assumption they rest on. */
export function perfTable(r: PerfResult): string {
  const rows: [string, string][] = [
    ['output tokens/s', num(r.outputTokensPerSec)],
    ['total tokens/s', num(r.totalTokensPerSec)],
    ['requests/s', num(r.requestsPerSec, 2)],
    ['TTFT', secs(r.ttftSec)],
    ['TPOT', `${secs(r.tpotSec)} (${num(1 / r.tpotSec, 1)} tokens/s per request)`],
    ['batch', `${r.batch} (max ${r.maxBatch})`],
    ['weights per device', `${num(r.weightGBPerDevice, 1)} GB`],
    ['KV cache per token per device', `${num(r.kvCacheBytesPerTokenPerDevice)} B`],
    [
      'efficiency',
      `decode bandwidth ${r.efficiency.decodeBandwidth}, prefill compute ${r.efficiency.prefillCompute}`,
    ],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  return [
    `${r.model} on ${r.devices} × ${r.accelerator}, ${r.precision}, engine ${r.engine}, ` +
      `${r.inputTokens} input / ${r.outputTokens} output tokens`,
    ...rows.map(([k, v]) => `  ${k.padEnd(width)}  ${v}`),
    '',
    'Assumptions:',
    ...r.assumptions.map((a) => `  - ${a}`),
    '',
  ].join('\n');
}
