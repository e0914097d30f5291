/**
 * @module cli/commands/demo
 * `hyperfleet demo`: the README's main job. The six policies of the FGD paper on the openb default trace —
 * from ../shared when present, else the download cache, else downloaded, else a built-in synthetic trace (with a
 * notice) — then a comparison table beside the paper's published means, the paper-layout CSVs and a report.
 */
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { PAPER_POLICIES, paperLabel } from '../../policies/index.js';
import {
  defaultBaseUrl,
  fetchOpenbFiles,
  formatOpenbNodes,
  formatOpenbPods,
  OPENB_NODE_FILE,
  openbCacheDir,
  openbDir,
  openbPodFile,
  syntheticOpenbTrace,
} from '../../traces/index.js';
import { parseInteger } from '../options.js';
import { runExperiment } from './experiment.js';

export function register(program: Command): void {
  program
    .command('demo')
    .description('compare the six placement policies on the openb default trace and write a report')
    .option('--seeds <list>', 'seeds as a list or range', '42-51')
    .option('--out <dir>', 'output folder', 'out/demo')
    .option('--workers <n>', 'worker threads (default: number of cores)')
    .option('--no-download', 'never download the trace; fall back to the synthetic one')
    .action(async (opts: { seeds: string; out: string; workers?: string; download: boolean }) => {
      const { dir, source, synthetic } = await locateDefaultTrace(opts.download);
      process.stderr.write(`trace: ${source}\n`);
      const { parseSeeds, publishedMeans } = await import('../../sim/index.js');
      const seeds = parseSeeds(opts.seeds);
      const workers =
        opts.workers === undefined ? availableParallelism() : parseInteger('--workers', opts.workers, 1);
      const results = await runExperiment({
        tracesDir: dir,
        workloads: ['default'],
        policies: [...PAPER_POLICIES],
        seeds,
        tune: 1.3,
        workers,
        outDir: opts.out,
        title: synthetic
          ? 'hyperfleet demo — six placement policies on a synthetic openb-like trace'
          : 'hyperfleet demo — six placement policies on the openb default trace',
        notes: synthetic
          ? [
              `Trace: ${source}.`,
              'The real openb trace was not available: these results are NOT comparable with the paper, so its published means are not shown.',
            ]
          : [`Trace: ${source}.`],
        comparableWithPaper: !synthetic,
      });
      const published = publishedMeans()['openb_pod_list_default'];
      const rows = PAPER_POLICIES.map((policy) => {
        const mine = results.filter((r) => r.policy === policy);
        const mean = (x: number) => mine.reduce((s, r) => s + r.allocation[x], 0) / mine.length;
        const paper = published[paperLabel(policy)];
        return [
          policy.padEnd(11),
          mean(100).toFixed(2).padStart(8),
          mean(130).toFixed(2).padStart(8),
          (synthetic ? '—' : paper.at100.toFixed(2)).padStart(10),
          (synthetic ? '—' : paper.at130.toFixed(2)).padStart(10),
          (mine.reduce((s, r) => s + r.failedPods, 0) / mine.length).toFixed(0).padStart(8),
        ].join(' ');
      });
      const out = [
        `GPU allocation (%) at 100 % and 130 % arrived workload, mean over ${seeds.length} seed(s), tune 1.3`,
        '',
        'policy       ours@100 ours@130 paper@100 paper@130  failed',
        ...rows,
        '',
        synthetic
          ? 'NOTE: the real openb trace was not available, so this ran on a built-in SYNTHETIC trace; the paper columns do not apply.'
          : 'paper = Weng et al., USENIX ATC 2023, published means over seeds 42–51.',
        `report: ${resolve(opts.out, 'report.html')}`,
      ];
      process.stdout.write(out.join('\n') + '\n');
    });
}

/** Where the openb default trace comes from, in order of preference. */
async function locateDefaultTrace(
  download: boolean,
): Promise<{ dir: string; source: string; synthetic: boolean }> {
  const files = [OPENB_NODE_FILE, openbPodFile('default')];
  const has = (dir: string | undefined): dir is string =>
    !!dir && files.every((f) => existsSync(join(dir, f)));
  const shared = openbDir();
  if (has(shared)) return { dir: shared, source: `openb default trace from ${shared}`, synthetic: false };
  const cache = openbCacheDir();
  if (has(cache)) return { dir: cache, source: `openb default trace from ${cache}`, synthetic: false };
  if (download) {
    try {
      await mkdir(cache, { recursive: true });
      await fetchOpenbFiles({ dir: cache, files, baseUrl: defaultBaseUrl(), idleTimeoutMs: 15000 });
      if (has(cache))
        return { dir: cache, source: `openb default trace downloaded to ${cache}`, synthetic: false };
    } catch (e) {
      process.stderr.write(
        `could not download the openb trace (${e instanceof Error ? e.message.split('\n')[0] : e})\n`,
      );
    }
  }
  process.stderr.write(
    'NOTICE: using a built-in synthetic openb-like trace; results are NOT comparable with the paper.\n',
  );
  const dir = await mkdtemp(join(tmpdir(), 'hyperfleet-synthetic-'));
  const { nodes, pods } = syntheticOpenbTrace(1);
  await writeFile(join(dir, OPENB_NODE_FILE), formatOpenbNodes(nodes));
  await writeFile(join(dir, openbPodFile('default')), formatOpenbPods(pods));
  return { dir, source: 'built-in synthetic openb-like trace (seed 1)', synthetic: true };
}
