/**
 * @module cli/commands/catalog
 * `hyperfleet catalog [--json] [--catalog FILE]`: lists the accelerator catalog, optionally merged with a JSON
 * catalog file. The table marks every value that is not a single published figure (chosen from a range, assumed,
 * set by the file) and lists the assumptions under it, so nobody mistakes a modelling choice for a datasheet
 * figure; `--json` prints one JSON array of the full entries (sources, ranges, assumptions, provenance, sharing).
 */
import type { Command } from 'commander';
import {
  type Accelerator,
  type Catalog,
  describeSharing,
  type Figure,
  figureValue,
  loadCatalog,
} from '../../catalog/index.js';

export function register(program: Command): void {
  program
    .command('catalog')
    .description('list the accelerator catalog: figures with their sources, assumptions and sharing modes')
    .option('--json', 'print one JSON array of the full entries')
    .option('--catalog <file>', 'JSON catalog file that adds entries or overrides fields by id')
    .action((opts: { json?: boolean; catalog?: string }) => {
      const catalog = loadCatalog(opts.catalog);
      if (opts.json) process.stdout.write(JSON.stringify(catalog.accelerators) + '\n');
      else process.stdout.write(catalogTable(catalog));
    });
}

const MARK = { range: '~', assumed: '*', user: '+' } as const;

/** A figure as a table cell: the value with its provenance marker, `-` when unknown, `n/a` when unsupported. */
function cell(a: Accelerator, f: Figure): string {
  const p = a.provenance[f];
  const v = figureValue(a, f);
  if (p === 'unsupported') return 'n/a';
  if (v === null) return '-';
  const marker = p === 'range' || p === 'assumed' || p === 'user' ? MARK[p] : '';
  return `${marker}${formatNumber(v)}`;
}

function formatNumber(v: number): string {
  return String(Number(v.toFixed(4)));
}

function clip(s: string, width: number): string {
  return s.length <= width ? s : `${s.slice(0, width - 1)}…`;
}

/** The human-readable listing: one row per entry, a legend, the assumptions and the openb type mapping. */
export function catalogTable(catalog: Catalog): string {
  const header = [
    'id',
    'vendor',
    'model',
    'mem GiB',
    'BF16 TFLOPS',
    'TDP W',
    'idle W',
    'price USD',
    'sharing',
  ];
  const rows = catalog.accelerators.map((a) => [
    a.id,
    clip(a.vendor, 17),
    clip(a.model, 26),
    cell(a, 'memoryGiB'),
    cell(a, 'bf16Tflops'),
    cell(a, 'tdpW'),
    cell(a, 'idleW'),
    cell(a, 'priceUsd'),
    describeSharing(a.sharing),
  ]);
  const numeric = new Set([3, 4, 5, 6, 7]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: string[]) =>
    r
      .map((c, i) => (i === r.length - 1 ? c : numeric.has(i) ? c.padStart(widths[i]) : c.padEnd(widths[i])))
      .join('  ')
      .trimEnd();

  const out = [line(header), ...rows.map(line), ''];
  out.push(
    'Legend: ~ chosen from a range of published values   * assumed (no published value)   ' +
      (catalog.overrideFile ? `+ set in ${catalog.overrideFile}   ` : '') +
      '- not found in a citable source   n/a the feature does not exist',
    `Idle power is published for no part: idle W = ${catalog.idleFractionOfTdp} × TDP unless a catalog file sets ` +
      'idleW (an assumption; see --json).',
    'BF16 is the FP16 figure on parts without BF16 (see notes in --json); prices are street/press estimates.',
    '',
    'Assumptions other than idle power:',
  );
  let any = false;
  for (const a of catalog.accelerators) {
    for (const s of a.assumptions) {
      if (s.field === 'idleW') continue;
      any = true;
      out.push(`  ${a.id} ${s.field} = ${formatNumber(s.value)}: ${s.basis}`);
      for (const alt of s.alternatives ?? [])
        out.push(`    alternative ${formatNumber(alt.value)}: ${alt.basis}`);
    }
  }
  if (!any) out.push('  none');
  out.push(
    '',
    'openb GPU types: ' +
      Object.entries(catalog.openbGpuTypes)
        .map(([type, t]) => `${type} → ${t.id}${t.assumed ? ' (assumed)' : ''}`)
        .join(', '),
    '',
  );
  return out.join('\n');
}
