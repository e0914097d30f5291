/**
 * Helpers for the dashboard tests: Debian's Chromium driven by playwright-core (never a downloaded browser), the
 * web bundle built when missing, and a small openb-like pod list with creation/deletion times that a synthetic
 * time-simulation workload can be fitted to (point HYPERFLEET_CACHE_DIR at {@link writeTimedOpenbCache}'s folder).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { syntheticOpenbTrace } from '../../src/traces/synthetic-openb.js';
import { formatOpenbPods } from '../../src/traces/openb-format.js';
import { OPENB_DATASET, projectRoot } from '../../src/traces/locate.js';

export const CHROMIUM = process.env.HYPERFLEET_CHROMIUM ?? '/usr/bin/chromium';

export const CHROMIUM_SKIP_MESSAGE = `browser tests skipped: no Chromium at ${CHROMIUM} (apt-get install chromium, or set HYPERFLEET_CHROMIUM)`;

export function hasChromium(): boolean {
  return existsSync(CHROMIUM);
}

export async function launchChromium(): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/**
 * The dashboard of `app` in a new headless Chromium: the app listening on a free loopback port, one page of the
 * given viewport whose script errors are printed. Close the browser, then the app, when done.
 */
export async function openDashboard(
  app: FastifyInstance,
  viewport: { width: number; height: number },
): Promise<{ base: string; browser: Browser; page: Page }> {
  const base = await app.listen({ port: 0, host: '127.0.0.1' });
  const browser = await launchChromium();
  const page = await browser.newPage({ viewport });
  page.on('pageerror', (e) => console.error('page error:', e.message));
  return { base, browser, page };
}

/** dist/web, built with Vite first when it has no index.html. */
export function ensureWebBundle(): string {
  const root = projectRoot();
  const dir = join(root, 'dist', 'web');
  if (!existsSync(join(dir, 'index.html'))) {
    execFileSync(
      process.execPath,
      [
        join(root, 'node_modules', 'vite', 'bin', 'vite.js'),
        'build',
        '--config',
        'web/vite.config.ts',
        '--logLevel',
        'warn',
      ],
      {
        cwd: root,
        stdio: 'inherit',
      },
    );
  }
  return dir;
}

/** Where the tests save screenshots (gitignored). */
export function screenshotDir(): string {
  const dir = resolve(projectRoot(), 'test-artifacts', 'screenshots');
  mkdirSync(dir, { recursive: true });
  return dir;
}

/**
 * Writes `<cacheRoot>/traces/alibaba-gpu-v2023/openb_pod_list_default.csv`: the synthetic openb-like pods with
 * made-up, deterministic times over two days (arrivals every ~2.5 min, durations from 5 min to 10 h by class), so
 * that `synthetic:pods=N,days=D` workloads can be fitted without the real trace. Returns the cache root.
 */
export function writeTimedOpenbCache(cacheRoot: string): string {
  const dir = join(cacheRoot, 'traces', OPENB_DATASET);
  mkdirSync(dir, { recursive: true });
  const { pods } = syntheticOpenbTrace(5, 60);
  const durations = [300, 900, 1800, 3600, 7200, 14400, 36000];
  const timed = pods.map((p, i) => {
    const creation = 1000 + i * 150;
    const base = durations[(i * 3 + Math.floor(i / 7)) % durations.length];
    const duration = p.gpuCount > 1 ? base * 3 : p.gpuCount === 0 ? base / 2 : base;
    return {
      ...p,
      qos: i % 5 === 0 ? 'BE' : 'LS',
      creationTimeSec: creation,
      scheduledTimeSec: creation + 5,
      deletionTimeSec: creation + duration,
    };
  });
  writeFileSync(join(dir, 'openb_pod_list_default.csv'), formatOpenbPods(timed));
  return cacheRoot;
}
