/**
 * The README and docs/ stay navigable and true to the tree: every relative link (and its #anchor) resolves, every
 * repository path they name exists (paths go stale when folders move), the README links each doc and each doc
 * links back, and the README stays a short page for users (the reference lives in docs/).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const README = join(root, 'README.md');
const DOCS = join(root, 'docs');
const pages = [
  README,
  ...readdirSync(DOCS)
    .filter((f) => f.endsWith('.md'))
    .map((f) => join(DOCS, f)),
];
const README_MAX_LINES = 400;

/** Top-level folders whose paths the docs name; a path starting with one of these must exist. */
const REPO_DIRS = ['src', 'test', 'bench', 'deploy', 'mappings', 'examples', 'scripts', 'web', 'docs', 'bin'];
const REPO_PATH = new RegExp(`^(?:${REPO_DIRS.join('|')})/`);

interface Page {
  /** Lines outside fenced code blocks. */
  readonly prose: string[];
  /** Lines inside fenced code blocks. */
  readonly code: string[];
}

function splitPage(file: string): Page {
  const prose: string[] = [];
  const code: string[] = [];
  let fenced = false;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (/^\s*```/.test(line)) fenced = !fenced;
    else (fenced ? code : prose).push(line);
  }
  return { prose, code };
}

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens, repeats numbered. */
function anchorsOf(file: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  for (const line of splitPage(file).prose) {
    const m = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (!m) continue;
    const base = m[1]
      .toLowerCase()
      .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
      .replace(/ /g, '-');
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    anchors.add(n === 0 ? base : `${base}-${n}`);
  }
  return anchors;
}

/** Link and image targets outside code (inline code spans removed first). */
function linksOf(file: string): string[] {
  const text = splitPage(file)
    .prose.join('\n')
    .replace(/`[^`\n]*`/g, '');
  return [...text.matchAll(/!?\[[^\]]*\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)].map((m) => m[1]);
}

/** Repository paths named in inline code spans and code blocks, relative to the root. */
function repoPathsOf(file: string): string[] {
  const { prose, code } = splitPage(file);
  const spans = [...prose.join('\n').matchAll(/`([^`\n]+)`/g)].map((m) => m[1]);
  const words = [...spans, ...code].flatMap((s) => s.split(/\s+/));
  return words
    .map((w) => w.replace(/[,;:.)]+$/, ''))
    .filter((w) => REPO_PATH.test(w) && !/[<>*{}$…]/.test(w));
}

const rel = (file: string) => relative(root, file);

describe('README and docs/', () => {
  it.each(pages.map((p) => [rel(p), p]))('%s: every relative link and anchor resolves', (_name, file) => {
    const broken: string[] = [];
    for (const target of linksOf(file)) {
      if (/^[a-z]+:/i.test(target)) continue; // http(s), mailto: not checked offline
      const [path, anchor] = target.split('#');
      const dest = path === '' ? file : resolve(dirname(file), decodeURI(path));
      if (!existsSync(dest)) broken.push(`${target}: no file ${rel(dest)}`);
      else if (anchor !== undefined && dest.endsWith('.md') && !anchorsOf(dest).has(anchor))
        broken.push(`${target}: no heading #${anchor} in ${rel(dest)}`);
    }
    expect(broken).toEqual([]);
  });

  it.each(pages.map((p) => [rel(p), p]))('%s: every repository path it names exists', (_name, file) => {
    const missing = repoPathsOf(file).filter((p) => !existsSync(join(root, p)));
    expect(missing).toEqual([]);
  });

  it('the README links every doc, and every doc links back to the README', () => {
    const fromReadme = new Set(linksOf(README).map((t) => t.split('#')[0]));
    const docs = pages.filter((p) => p !== README).map(rel);
    expect(docs.filter((d) => !fromReadme.has(d))).toEqual([]);
    const noWayBack = pages
      .filter((p) => p !== README)
      .filter((p) => !linksOf(p).some((t) => t.split('#')[0] === '../README.md'))
      .map(rel);
    expect(noWayBack).toEqual([]);
  });

  it(`the README stays a page for users (at most ${README_MAX_LINES} lines; the reference is in docs/)`, () => {
    const lines = readFileSync(README, 'utf8').trimEnd().split('\n').length;
    expect(lines).toBeLessThanOrEqual(README_MAX_LINES);
  });
});
