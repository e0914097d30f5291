/**
 * @module cli/commands/traces-fetch
 * `hyperfleet traces fetch openb [--dir DIR] [--base-url URL] [--files default|all|LIST] [--force]`: downloads the
 * public openb trace CSVs into the user cache (or DIR). Progress goes to stderr — a progress bar on a terminal,
 * one line per file otherwise — and a one-line summary to stdout. Download failures exit 2 (InputError).
 */
import { Argument, type Command } from 'commander';
import cliProgress from 'cli-progress';
import {
  defaultBaseUrl,
  type FetchEvent,
  fetchOpenbFiles,
  type FetchResult,
  openbCacheDir,
  openbFileSet,
} from '../../traces/index.js';

export interface TracesFetchOptions {
  dir?: string;
  baseUrl?: string;
  files?: string;
  force?: boolean;
}

/** Adds `traces fetch` to the program, reusing a `traces` command if another module already created it. */
export function register(program: Command): void {
  const traces =
    program.commands.find((c) => c.name() === 'traces') ??
    program.command('traces').description('download and inspect public cluster traces');
  traces
    .command('fetch')
    .description('download a public trace (openb: Alibaba cluster-trace-gpu-v2023, the FGD paper traces)')
    .addArgument(new Argument('<dataset>', 'trace to download').choices(['openb']))
    .option('--dir <dir>', `destination folder (default: ${openbCacheDir()})`)
    .option('--base-url <url>', `repository root to download from (default: ${defaultBaseUrl()})`)
    .option(
      '--files <set>',
      'default | all | comma list of file names or short names (cpu050, gpu_node …)',
      'default',
    )
    .option('--force', 'download again files already present')
    .action(async (_dataset: string, opts: TracesFetchOptions) => {
      await runTracesFetch(opts);
    });
}

/** The command itself, callable in-process (tests). */
export async function runTracesFetch(opts: TracesFetchOptions): Promise<FetchResult[]> {
  const dir = opts.dir ?? openbCacheDir();
  const files = openbFileSet(opts.files ?? 'default');
  const reporter = process.stderr.isTTY ? barReporter(files) : lineReporter();
  let results: FetchResult[];
  try {
    results = await fetchOpenbFiles({
      dir,
      baseUrl: opts.baseUrl ?? defaultBaseUrl(),
      files,
      force: opts.force ?? false,
      onEvent: reporter.onEvent,
    });
  } finally {
    reporter.stop();
  }
  const downloaded = results.filter((r) => r.status === 'downloaded').length;
  process.stdout.write(
    `openb: ${results.length} file(s) in ${dir} (${downloaded} downloaded, ${results.length - downloaded} already present)\n`,
  );
  return results;
}

interface Reporter {
  onEvent(e: FetchEvent): void;
  stop(): void;
}

/** Not a terminal (CI, logs, pipes): one line per finished file. */
function lineReporter(): Reporter {
  return {
    onEvent(e) {
      if (e.type === 'done') {
        const what = e.status === 'downloaded' ? 'downloaded' : 'skipped (already present)';
        process.stderr.write(`${e.file}: ${what}, ${e.bytes} bytes\n`);
      }
    },
    stop() {},
  };
}

/** A terminal: one progress bar per file, in KiB. */
function barReporter(files: readonly string[]): Reporter {
  const multi = new cliProgress.MultiBar(
    {
      stream: process.stderr,
      format: ' {file} {bar} {percentage}% {value}/{total} KiB {status}',
      barsize: 20,
      hideCursor: true,
      clearOnComplete: false,
      stopOnComplete: false,
    },
    cliProgress.Presets.shades_classic,
  );
  const bars = new Map<string, cliProgress.SingleBar>();
  const width = Math.max(...files.map((f) => f.length)); // aligns the bars
  const kib = (n: number): number => Math.ceil(n / 1024);
  const bar = (file: string, total: number): cliProgress.SingleBar => {
    let b = bars.get(file);
    if (!b) {
      b = multi.create(total, 0, { file: file.padEnd(width), status: '' });
      bars.set(file, b);
    }
    return b;
  };
  return {
    onEvent(e) {
      switch (e.type) {
        case 'start':
          bar(e.file, kib(e.total ?? 0));
          break;
        case 'progress': {
          const b = bar(e.file, kib(e.total ?? e.received));
          if (e.total === undefined) b.setTotal(kib(e.received));
          b.update(kib(e.received));
          break;
        }
        case 'done': {
          const b = bar(e.file, kib(e.bytes));
          b.setTotal(kib(e.bytes));
          b.update(kib(e.bytes), { status: e.status === 'skipped' ? '(already present)' : '✔' });
          break;
        }
        case 'failed':
          bar(e.file, 0).update(0, { status: '✖ failed' });
          break;
      }
    },
    stop() {
      multi.stop();
    },
  };
}
