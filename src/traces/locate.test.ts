/** Unit tests of traces/locate: the shared-trace and cache folders and their environment overrides. */
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { cacheRoot, findOpenbFile, openbCacheDir, openbDir, projectRoot, sharedTracesDir } from './locate.js';

let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'hf-locate-'));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});
afterEach(() => {
  vi.unstubAllEnvs();
});

describe('locate', () => {
  it('finds the project root (the folder with package.json)', () => {
    expect(existsSync(join(projectRoot(), 'package.json'))).toBe(true);
    expect(existsSync(join(projectRoot(), 'src', 'traces', 'locate.ts'))).toBe(true);
  });

  it('HYPERFLEET_SHARED_TRACES overrides the shared folder; absent folders give undefined', async () => {
    vi.stubEnv('HYPERFLEET_SHARED_TRACES', join(tmp, 'none'));
    expect(sharedTracesDir()).toBeUndefined();
    expect(openbDir()).toBeUndefined();
    const shared = join(tmp, 'shared');
    await mkdir(shared);
    vi.stubEnv('HYPERFLEET_SHARED_TRACES', shared);
    expect(sharedTracesDir()).toBe(shared);
    expect(openbDir()).toBeUndefined();
    await mkdir(join(shared, 'alibaba-gpu-v2023'));
    expect(openbDir()).toBe(join(shared, 'alibaba-gpu-v2023'));
  });

  it('cache folder: ~/.cache/hyperfleet, XDG_CACHE_HOME, HYPERFLEET_CACHE_DIR', () => {
    vi.stubEnv('HYPERFLEET_CACHE_DIR', '');
    vi.stubEnv('XDG_CACHE_HOME', '');
    expect(openbCacheDir()).toBe(join(homedir(), '.cache', 'hyperfleet', 'traces', 'alibaba-gpu-v2023'));
    vi.stubEnv('XDG_CACHE_HOME', join(tmp, 'xdg'));
    expect(cacheRoot()).toBe(join(tmp, 'xdg', 'hyperfleet'));
    vi.stubEnv('HYPERFLEET_CACHE_DIR', join(tmp, 'cache'));
    expect(openbCacheDir()).toBe(join(tmp, 'cache', 'traces', 'alibaba-gpu-v2023'));
  });

  it('findOpenbFile looks in the cache first, then in the shared copy', async () => {
    const shared = join(tmp, 'shared2');
    await mkdir(join(shared, 'alibaba-gpu-v2023'), { recursive: true });
    await writeFile(join(shared, 'alibaba-gpu-v2023', 'a.csv'), 'x');
    vi.stubEnv('HYPERFLEET_SHARED_TRACES', shared);
    vi.stubEnv('HYPERFLEET_CACHE_DIR', join(tmp, 'cache2'));
    expect(findOpenbFile('a.csv')).toBe(join(shared, 'alibaba-gpu-v2023', 'a.csv'));
    await mkdir(openbCacheDir(), { recursive: true });
    await writeFile(join(openbCacheDir(), 'a.csv'), 'x');
    expect(findOpenbFile('a.csv')).toBe(join(openbCacheDir(), 'a.csv'));
    expect(findOpenbFile('b.csv')).toBeUndefined();
  });
});
