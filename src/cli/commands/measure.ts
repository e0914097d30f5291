/**
 * @module cli/commands/measure
 * `hyperfleet measure`: efficiency accounting from Prometheus (DCGM exporter, kube-state-metrics) or from the
 * GenAI trace CSVs — device-hours allocated, busy, idle, energy and cost per model and team — and what
 * right-sizing would save, checked by simulation. Heavy modules load inside the action.
 */
import type { Command } from 'commander';
import type { z } from 'zod';
import { ErrorCode, InputError } from '../../errors/index.js';
import { checkOption, numberOption, parseInteger } from '../options.js';
import { startProgress } from '../progress.js';

interface MeasureCliOptions {
  scheduler?: string;
  prometheus?: string;
  genai?: string;
  from?: string;
  to?: string;
  step?: string;
  teamLabel: string;
  idleBelow: string;
  idleFor: string;
  mapping: string;
  accelerator?: string;
  devicesPerNode: string;
  percentile: string;
  headroom: string;
  rightSizing: boolean;
  pue?: string;
  electricity?: string;
  amortisationYears?: string;
  catalog?: string;
  timeout: string;
  sampling: string;
  concurrency: string;
  json?: boolean;
  report?: string;
}

export function register(program: Command): void {
  program
    .command('measure')
    .description(
      'efficiency accounting from Prometheus/DCGM telemetry or trace CSVs, and what right-sizing saves',
    )
    .option('--prometheus <url>', 'Prometheus (or Thanos/VictoriaMetrics) HTTP API base URL')
    .option('--genai <dir>', 'folder of the Alibaba GenAI trace (CSVs or their .tar.gz)')
    .option('--from <time>', 'window start: RFC 3339 or Unix seconds (with --prometheus)')
    .option('--to <time>', 'window end: RFC 3339 or Unix seconds (with --prometheus)')
    .option(
      '--step <duration>',
      'accounting step, ≥ the scrape interval (default 1m; GenAI: its 57 s sampling)',
    )
    .option('--team-label <label>', 'namespace, or a pod label read from kube_pod_labels', 'namespace')
    .option('--idle-below <pct>', 'utilisation (%) below which an allocated device is idle', '5')
    .option('--idle-for <duration>', 'shortest idle stretch', '30m')
    .option('--mapping <file>', 'metric mapping: dcgm, ascend, or a YAML/JSON file', 'dcgm')
    .option('--accelerator <id>', 'GenAI: catalog id of the devices', 'nvidia-l20')
    .option('--devices-per-node <n>', 'GenAI: devices per node for the right-sizing replay', '8')
    .option('--percentile <q>', 'right-sizing: utilisation percentile to cover (0..1)', '0.95')
    .option(
      '--headroom <h>',
      'right-sizing: headroom over peak memory and the percentile (0.2 = +20 %)',
      '0.2',
    )
    .option('--no-right-sizing', 'skip the right-sizing replay')
    .option('--pue <x>', 'facility power / IT power (default 1.3)')
    .option('--electricity <usd>', 'electricity price, USD per kWh (default 0.08)')
    .option('--amortisation-years <y>', 'capital amortisation period (default 4)')
    .option('--catalog <file>', 'JSON file extending or overriding the accelerator catalog')
    .option(
      '--sampling <mode>',
      'lookback (Prometheus lookback and staleness, for live data) or step (last sample in each step, for backfilled data)',
      'lookback',
    )
    .option('--concurrency <n>', 'Prometheus queries in flight at once', '2')
    .option('--timeout <duration>', 'timeout of one Prometheus request', '2m')
    .option(
      '--scheduler <url>',
      'a running hyperfleet serve whose fragmentation history gives the stranded device-hours',
    )
    .option('--json', 'print one JSON object on stdout')
    .option('--report <file>', 'write an HTML report')
    .action(async (opts: MeasureCliOptions) => {
      await measureCommand(opts);
    });
}

async function measureCommand(opts: MeasureCliOptions): Promise<void> {
  const m = await import('../../measure/index.js');
  const { parseDuration, parseTime } = m;
  if ((opts.prometheus === undefined) === (opts.genai === undefined)) {
    throw new InputError(ErrorCode.InvalidOption, {
      field: '--prometheus/--genai',
      expected: 'exactly one source: --prometheus URL (with --from and --to) or --genai DIR',
      got: opts.prometheus && opts.genai ? 'both' : 'neither',
    });
  }
  /** An optional numeric option checked against the measurement schema's field. */
  const num = (schema: z.ZodType<number>, option: string, v: string | undefined) =>
    v === undefined ? undefined : numberOption(schema, option, v);
  let source: import('../../measure/index.js').MeasureSourceOptions;
  if (opts.prometheus !== undefined) {
    if (!opts.from || !opts.to) {
      throw new InputError(ErrorCode.InvalidOption, {
        field: opts.from ? '--to' : '--from',
        expected: 'a time (RFC 3339 or Unix seconds): --prometheus needs --from and --to',
        got: '',
      });
    }
    source = {
      kind: 'prometheus',
      url: opts.prometheus,
      fromSec: parseTime('--from', opts.from),
      toSec: parseTime('--to', opts.to),
      mapping: opts.mapping,
      timeoutMs: checkOption(
        m.TimeoutMs,
        '--timeout',
        Math.round(parseDuration('--timeout', opts.timeout) * 1000),
        opts.timeout,
      ),
      sampling: parseSampling(opts.sampling),
      concurrency: parseInteger('--concurrency', opts.concurrency, 1),
    };
  } else {
    source = {
      kind: 'genai',
      dir: opts.genai!,
      accelerator: opts.accelerator,
      devicesPerNode: numberOption(m.DevicesPerNode, '--devices-per-node', opts.devicesPerNode),
    };
  }
  const stepSec =
    opts.step === undefined
      ? undefined
      : checkOption(m.StepSec, '--step', parseDuration('--step', opts.step), opts.step);
  const { runMeasure } = m;
  const progress = startProgress('measuring', 100, '%');
  let result: import('../../measure/index.js').MeasureResult;
  try {
    result = await runMeasure({
      source,
      stepSec,
      teamLabel: checkOption(m.TeamLabel, '--team-label', opts.teamLabel, opts.teamLabel),
      idleBelowPct: numberOption(m.IdleBelowPct, '--idle-below', opts.idleBelow),
      idleForSec: checkOption(
        m.IdleForSec,
        '--idle-for',
        parseDuration('--idle-for', opts.idleFor),
        opts.idleFor,
      ),
      pue: num(m.Pue, '--pue', opts.pue),
      usdPerKWh: num(m.UsdPerKWh, '--electricity', opts.electricity),
      amortisationYears: num(m.AmortisationYears, '--amortisation-years', opts.amortisationYears),
      catalog: opts.catalog,
      rightSizing: opts.rightSizing
        ? {
            percentile: numberOption(m.Percentile, '--percentile', opts.percentile),
            headroom: numberOption(m.Headroom, '--headroom', opts.headroom),
          }
        : false,
      onProgress: (done, total, detail) =>
        progress.update(Math.min(100, Math.round((100 * done) / Math.max(1, total))), detail),
    });
  } finally {
    progress.stop();
  }
  if (opts.scheduler) {
    const { applyStranded, fetchSchedulerHistory } = await import('../../measure/index.js');
    applyStranded(
      result,
      await fetchSchedulerHistory(opts.scheduler),
      `hyperfleet serve at ${opts.scheduler}`,
    );
  }
  if (opts.report) {
    // Rendered in full before anything is written; written to a temporary file and renamed, so a failure never
    // leaves a partial report that looks complete.
    const { renderMeasureReport } = await import('../../report/index.js');
    const { writeFile, rename } = await import('node:fs/promises');
    const html = renderMeasureReport(result);
    const tmp = `${opts.report}.tmp-${process.pid}`;
    await writeFile(tmp, html);
    await rename(tmp, opts.report);
    process.stderr.write(`report: ${opts.report}\n`);
  }
  if (opts.json) process.stdout.write(JSON.stringify(result) + '\n');
  else {
    const { summaryText } = await import('../../report/index.js');
    process.stdout.write(summaryText(result));
  }
}

function parseSampling(text: string): 'lookback' | 'step' {
  if (text === 'lookback' || text === 'step') return text;
  throw new InputError(ErrorCode.InvalidOption, {
    field: '--sampling',
    expected: 'lookback or step',
    got: text,
  });
}
