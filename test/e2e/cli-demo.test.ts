/**
 * `hyperfleet demo` when the real openb trace is nowhere (no shared copy, an empty cache, no download): it runs on
 * the built-in synthetic trace and says so, and neither its table nor its report compares that trace with the
 * paper's published means, which do not apply to it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../support/cli.js';

describe('hyperfleet demo without the openb trace', () => {
  it('falls back to the synthetic trace and shows no paper columns or Δ anywhere', () => {
    const dir = tempDir('hyperfleet-demo-');
    const out = join(dir, 'out');
    const run = runCli(['demo', '--no-download', '--seeds', '42', '--workers', '1', '--out', out], {
      env: { HYPERFLEET_SHARED_TRACES: join(dir, 'no-shared'), HYPERFLEET_CACHE_DIR: join(dir, 'cache') },
    });
    expect(run.status).toBe(0);
    expect(run.stderr).toContain('NOTICE: using a built-in synthetic openb-like trace');
    // The table keeps its columns, with dashes where the paper does not apply, and says why.
    const rows = run.stdout.split('\n').filter((l) => /^(random|fgd) /.test(l));
    expect(rows).toHaveLength(2);
    for (const row of rows) expect(row.split(/\s+/).slice(3, 5)).toEqual(['—', '—']);
    expect(run.stdout).toContain('the paper columns do not apply');

    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(html).toContain('synthetic openb-like trace');
    expect(html).toContain('NOT comparable with the paper');
    expect(html).not.toMatch(/Paper at \d+/);
    expect(html).not.toMatch(/Δ at \d+/);
    expect(html).toContain('Allocation at x = 100 (%)');
  });
});
