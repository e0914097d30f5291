/**
 * @module cli/commands/measure
 * `hyperfleet measure`: efficiency accounting from Prometheus (DCGM exporter, kube-state-metrics) or from the
 * GenAI trace CSVs — device-hours allocated, busy, idle, energy and cost per model and team — and what
 * right-sizing would save, checked by simulation. Heavy modules load inside the action.
 */
import type { Command } from 'commander';
import type { MeasureResult } from '../../measure/index.js';
import { startProgress } from '../progress.js';
import { parseMeasureOptions, type MeasureCliOptions } from './measure-options.js';
import { checkOutputPath } from '../output-file.js';
import { printMeasureResult, writeMeasureReport } from './measure-output.js';

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
  const options = parseMeasureOptions(m, opts);
  if (opts.report) checkOutputPath(opts.report, '--report');
  const progress = startProgress('measuring', 100, '%');
  let result: MeasureResult;
  try {
    result = await m.runMeasure({
      ...options,
      onProgress: (done, total, detail) =>
        progress.update(Math.min(100, Math.round((100 * done) / Math.max(1, total))), detail),
    });
  } finally {
    progress.stop();
  }
  if (opts.scheduler) {
    m.applyStranded(
      result,
      await m.fetchSchedulerHistory(opts.scheduler),
      `hyperfleet serve at ${opts.scheduler}`,
    );
  }
  if (opts.report) await writeMeasureReport(opts.report, result);
  await printMeasureResult(result, opts.json === true);
}
