import { existsSync, mkdirSync } from 'node:fs';
import { link, mkdir, mkdtemp, readdir, readFile, rm, stat, symlink, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { checkDestination, checkDestinationContents, checkDestinationPlace, FORCE_HINT } from '../src/output/destination.js';
import type { Manifest } from '../src/output/manifest.js';
import { createManifest, MANIFEST_FILE, readManifest, writeManifest } from '../src/output/manifest.js';
import { isReservedPath, resolveInside, UnsafePathError } from '../src/output/paths.js';
import type { CommitResult } from '../src/output/write.js';
import { abortOutput, commitOutput, prepareOutput, STAGING_DIR, stageCopy, stageFile } from '../src/output/write.js';

let tmp: string;

beforeEach(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'gazette-output-'));
});

afterEach(async () => {
  await rm(tmp, { recursive: true, force: true });
});

type Files = Record<string, string | Uint8Array>;

/** One whole build the way the caller drives it. */
async function build(dest: string, files: Files, routes: Record<string, string> = {}): Promise<CommitResult> {
  const staging = prepareOutput(dest);
  const previous = await readManifest(dest);
  for (const [rel, data] of Object.entries(files)) stageFile(staging, rel, data);
  return commitOutput(staging, Object.keys(files), previous, routes);
}

/** Every file under `root` with its bytes and mtime. */
async function snapshot(root: string): Promise<Record<string, { text: string; mtimeMs: number; ino: number }>> {
  const out: Record<string, { text: string; mtimeMs: number; ino: number }> = {};
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const full = path.join(entry.parentPath, entry.name);
    const info = await stat(full);
    out[path.relative(root, full).split(path.sep).join('/')] = {
      text: (await readFile(full)).toString('base64'),
      mtimeMs: info.mtimeMs,
      ino: info.ino,
    };
  }
  return out;
}

/** Sets every file's mtime to the past, so "not rewritten" cannot pass by timer resolution luck. */
async function ageFiles(root: string): Promise<void> {
  const old = new Date('2020-01-01T00:00:00Z');
  for (const rel of Object.keys(await snapshot(root))) await utimes(path.join(root, rel), old, old);
}

const read = (file: string): Promise<string> => readFile(file, 'utf8');

describe('resolveInside', () => {
  it('joins a site-relative path to the destination', () => {
    expect(resolveInside('/site/out', 'a/b/index.html')).toBe(path.join('/site/out', 'a', 'b', 'index.html'));
    expect(resolveInside('/site/out', '뉴스/한국 기사/index.html')).toBe(path.join('/site/out', '뉴스', '한국 기사', 'index.html'));
    expect(resolveInside('/site/out', 'a..b/..c')).toBe(path.join('/site/out', 'a..b', '..c'));
  });

  it.each(['../x', '/abs', 'a/../../x', 'a/..', '..', 'a\0b', '', 'a//b', './a', 'a/', 'a\\..\\..\\x'])('refuses %j', (rel) => {
    expect(() => resolveInside('/site/out', rel)).toThrow(UnsafePathError);
  });

  it('knows the bookkeeping paths', () => {
    expect(isReservedPath(MANIFEST_FILE)).toBe(true);
    expect(isReservedPath(`${STAGING_DIR}/index.html`)).toBe(true);
    expect(isReservedPath('index.html')).toBe(false);
  });
});

describe('building into a destination', () => {
  it('writes a first build into a new folder', async () => {
    const dest = path.join(tmp, 'new', '_site');
    const result = await build(
      dest,
      { 'index.html': '<h1>home</h1>', 'news/a/index.html': 'A', 'feed.xml': '<rss/>' },
      {
        'index.html': 'f1',
      },
    );
    expect(result).toMatchObject({ written: 3, removed: 0, skipped: [] });
    expect(await read(path.join(dest, 'news/a/index.html'))).toBe('A');
    expect(existsSync(path.join(dest, STAGING_DIR))).toBe(false);
    const manifest = await readManifest(dest);
    expect(manifest).toEqual({
      version: 1,
      generator: 'gazette',
      files: ['feed.xml', 'index.html', 'news/a/index.html'],
      routes: { 'index.html': 'f1' },
    });
    expect(result.manifest).toEqual(manifest);
  });

  it('stages a first build as a tree and moves its top folders whole', async () => {
    const dest = path.join(tmp, '_site');
    const staging = prepareOutput(dest);
    expect(staging).toMatchObject({ destination: dest, layout: 'tree' });
    stageFile(staging, '뉴스/2024/06/12/a/index.html', 'A');
    stageFile(staging, '뉴스/2024/06/12/b/index.html', 'B');
    stageFile(staging, 'index.html', 'home');
    const stagedFolder = await stat(path.join(dest, STAGING_DIR, '뉴스'));

    const result = commitOutput(staging, ['index.html', '뉴스/2024/06/12/a/index.html', '뉴스/2024/06/12/b/index.html'], undefined, {});

    expect(result).toMatchObject({ written: 3, removed: 0 });
    expect((await stat(path.join(dest, '뉴스'))).ino).toBe(stagedFolder.ino); // moved, not rebuilt file by file
    expect(await read(path.join(dest, '뉴스/2024/06/12/b/index.html'))).toBe('B');
    expect(await readdir(dest)).toEqual([MANIFEST_FILE, 'index.html', '뉴스'].sort());
  });

  it('makes tree folders again when they vanished, and for each new build', async () => {
    const dest = path.join(tmp, '_site');
    const first = prepareOutput(dest);
    stageFile(first, 'news/a/index.html', 'A');
    await rm(path.join(dest, STAGING_DIR, 'news'), { recursive: true });
    stageFile(first, 'news/b/index.html', 'B'); // the thread knew news/: the write finds it missing and makes it
    abortOutput(dest);
    const second = prepareOutput(dest);
    expect(second.id).not.toBe(first.id);
    stageFile(second, 'news/c/index.html', 'C');
    commitOutput(second, ['news/c/index.html'], undefined, {});
    expect(await readdir(path.join(dest, 'news'))).toEqual(['c']);
  });

  it('stages into shards once the destination holds a site', async () => {
    const dest = path.join(tmp, '_site');
    await build(dest, { 'index.html': 'home' });
    expect(prepareOutput(dest).layout).toBe('shards');
    abortOutput(dest);
    await rm(dest, { recursive: true });
    await mkdir(dest);
    await writeFile(path.join(dest, 'theirs.txt'), 'a file gazette did not write (built with --force)');
    expect(prepareOutput(dest).layout).toBe('shards');
  });

  it('merges a tree file by file into a folder that appeared during the build, keeping what is in it', async () => {
    const dest = path.join(tmp, '_site');
    const staging = prepareOutput(dest);
    stageFile(staging, 'news/a/index.html', 'A');
    stageFile(staging, 'assets/site.css', 'css');
    await mkdir(path.join(dest, 'news'));
    await writeFile(path.join(dest, 'news', 'theirs.txt'), 'theirs');

    commitOutput(staging, ['assets/site.css', 'news/a/index.html'], undefined, {});

    expect(await read(path.join(dest, 'news/a/index.html'))).toBe('A');
    expect(await read(path.join(dest, 'news/theirs.txt'))).toBe('theirs');
    expect(await read(path.join(dest, 'assets/site.css'))).toBe('css');
    expect(existsSync(path.join(dest, STAGING_DIR))).toBe(false);
  });

  it('refuses a tree with a top-level entry missing from the file list before moving anything', async () => {
    const dest = path.join(tmp, '_site');
    const staging = prepareOutput(dest);
    stageFile(staging, 'index.html', 'home');
    stageFile(staging, 'extra/index.html', 'extra');
    expect(() => commitOutput(staging, ['index.html'], undefined, {}, ['index.html'])).toThrow(/not in this build's file list/);
    expect(await readdir(dest)).toEqual([STAGING_DIR]);
  });

  it('says which path a tree cannot stage when the build writes a file and a folder of one name', async () => {
    const dest = path.join(tmp, '_site');
    const staging = prepareOutput(dest);
    stageFile(staging, 'news', 'a file named news');
    expect(() => stageFile(staging, 'news/a/index.html', 'A')).toThrow(
      /cannot write "news\/a\/index.html": this build writes a file and a folder of the same name/,
    );
    expect(() => stageFile(staging, 'news/a/b/index.html', 'B')).toThrow(/cannot write "news\/a\/b\/index.html"/);
    stageFile(staging, 'sport/a/index.html', 'A');
    expect(() => stageFile(staging, 'sport/a', 'a file where a folder is')).toThrow(/cannot write "sport\/a"/);
  });

  it('rewrites nothing when a second build has identical content', async () => {
    const dest = path.join(tmp, '_site');
    const files = { 'index.html': 'home', 'a/b/index.html': 'deep', 'img.bin': new Uint8Array([0, 1, 2, 255]) };
    await build(dest, files, { 'index.html': 'x' });
    await ageFiles(dest);
    const before = await snapshot(dest);

    const result = await build(dest, files, { 'index.html': 'x' });

    expect(result).toMatchObject({ written: 0, removed: 0 });
    expect(await snapshot(dest)).toEqual(before); // bytes, mtimes and inodes, manifest included
  });

  it('rewrites only the file that changed', async () => {
    const dest = path.join(tmp, '_site');
    await build(dest, { 'index.html': 'home', 'about/index.html': 'about' });
    await ageFiles(dest);
    const before = await snapshot(dest);

    const result = await build(dest, { 'index.html': 'HOME', 'about/index.html': 'about' });

    expect(result).toMatchObject({ written: 1, removed: 0 });
    const after = await snapshot(dest);
    expect(await read(path.join(dest, 'index.html'))).toBe('HOME');
    expect(after['about/index.html']).toEqual(before['about/index.html']);
    expect(after['index.html']?.mtimeMs).not.toBe(before['index.html']?.mtimeMs);
  });

  it('notices a same-size change, also past the first compared chunk', async () => {
    const dest = path.join(tmp, '_site');
    const big = new Uint8Array(200_000).fill(7);
    const changedAtEnd = new Uint8Array(big);
    changedAtEnd[199_999] = 8;
    await build(dest, { 'a.txt': 'abc', 'big.bin': big });
    expect(await build(dest, { 'a.txt': 'abc', 'big.bin': big })).toMatchObject({ written: 0 });
    expect(await build(dest, { 'a.txt': 'abd', 'big.bin': changedAtEnd })).toMatchObject({ written: 2 });
    expect(await read(path.join(dest, 'a.txt'))).toBe('abd');
    expect((await readFile(path.join(dest, 'big.bin')))[199_999]).toBe(8);
  });

  it('removes a stale file and the folder it leaves empty, never the destination', async () => {
    const dest = path.join(tmp, '_site');
    await build(dest, { 'index.html': 'home', 'old/post/index.html': 'gone soon', 'keep/x.html': 'x', 'keep/y.html': 'y' });

    const result = await build(dest, { 'index.html': 'home', 'keep/x.html': 'x' });

    expect(result).toMatchObject({ written: 0, removed: 2 });
    expect(existsSync(path.join(dest, 'old'))).toBe(false);
    expect(existsSync(path.join(dest, 'keep/y.html'))).toBe(false);
    expect(existsSync(path.join(dest, 'keep/x.html'))).toBe(true);
    expect((await readManifest(dest))?.files).toEqual(['index.html', 'keep/x.html']);

    const empty = await build(dest, {});
    expect(empty).toMatchObject({ removed: 2 });
    expect(await readdir(dest)).toEqual([MANIFEST_FILE]);
  });

  it('never removes a file gazette did not write', async () => {
    const dest = path.join(tmp, '_site');
    await build(dest, { 'index.html': 'home', 'old/index.html': 'old' });
    await writeFile(path.join(dest, 'CNAME'), 'example.com');
    await writeFile(path.join(dest, 'old', 'notes.txt'), 'mine');

    const result = await build(dest, { 'index.html': 'home' });

    expect(result.removed).toBe(1);
    expect(await read(path.join(dest, 'CNAME'))).toBe('example.com');
    expect(await read(path.join(dest, 'old', 'notes.txt'))).toBe('mine');
  });

  it('replaces a stale file with a folder of the same name, and a stale folder with a file', async () => {
    const dest = path.join(tmp, '_site');
    await build(dest, { news: 'a file', 'feed/index.xml': 'a folder' });

    const result = await build(dest, { 'news/index.html': 'now a folder', feed: 'now a file' });

    expect(result).toMatchObject({ written: 2, removed: 2 });
    expect(await read(path.join(dest, 'news/index.html'))).toBe('now a folder');
    expect(await read(path.join(dest, 'feed'))).toBe('now a file');
  });

  it('copies static files only when they differ', async () => {
    const dest = path.join(tmp, '_site');
    const asset = path.join(tmp, 'logo.png');
    await writeFile(asset, 'png-bytes');
    const first = prepareOutput(dest);
    expect(stageCopy(first, 'assets/logo.png', asset)).toBe('staged');
    commitOutput(first, ['assets/logo.png'], undefined, {});

    const second = prepareOutput(dest);
    expect(stageCopy(second, 'assets/logo.png', asset)).toBe('unchanged');
    await writeFile(asset, 'png-BYTES');
    expect(stageCopy(second, 'assets/logo.png', asset)).toBe('staged');
    commitOutput(second, ['assets/logo.png'], await readManifest(dest), {});
    expect(await read(path.join(dest, 'assets/logo.png'))).toBe('png-BYTES');
  });

  it('stages many files at once', async () => {
    const dest = path.join(tmp, '_site');
    const files: Files = {};
    for (let i = 0; i < 300; i++) files[`posts/${i % 7}/${i}/index.html`] = `post ${i}`;
    expect(await build(dest, files)).toMatchObject({ written: 300 });
    expect(await build(dest, files)).toMatchObject({ written: 0 });
    expect(await read(path.join(dest, 'posts/3/10/index.html'))).toBe('post 10');
  });

  it('handles Korean and space-containing paths', async () => {
    const dest = path.join(tmp, '내 사이트', '_site');
    const files = { '뉴스/2024/06/12/한일 정상회담/index.html': '회담', 'assets/내 사진.txt': '사진' };
    expect(await build(dest, files)).toMatchObject({ written: 2 });
    expect(await read(path.join(dest, '뉴스', '2024', '06', '12', '한일 정상회담', 'index.html'))).toBe('회담');
    expect(await build(dest, files)).toMatchObject({ written: 0 });
    expect(await build(dest, { 'assets/내 사진.txt': '사진' })).toMatchObject({ removed: 1 });
    expect(existsSync(path.join(dest, '뉴스'))).toBe(false);
  });

  it('keeps a stale spelling that is the same file as a current one', async () => {
    // What a case-insensitive file system does to 'Index.html' and 'index.html'; a hard link shows it here.
    const dest = path.join(tmp, '_site');
    await build(dest, { 'Index.html': 'home' });
    await link(path.join(dest, 'Index.html'), path.join(dest, 'index.html'));
    const result = await build(dest, { 'index.html': 'home' });
    expect(result.removed).toBe(0);
    expect(await read(path.join(dest, 'index.html'))).toBe('home');
  });

  it('stores routes untouched and writes deterministic manifests', async () => {
    const dest = path.join(tmp, '_site');
    const result = await build(dest, { 'b.html': 'b', 'a.html': 'a' }, { 'b.html': '2', 'a.html': '1' });
    expect(result.manifest.files).toEqual(['a.html', 'b.html']);
    expect(Object.keys(result.manifest.routes)).toEqual(['a.html', 'b.html']);
    await writeFile(path.join(dest, MANIFEST_FILE), '{ not json');
    expect(await readManifest(dest)).toBeUndefined();
    await writeFile(path.join(dest, MANIFEST_FILE), JSON.stringify({ version: 2, generator: 'gazette', files: [], routes: {} }));
    expect(await readManifest(dest)).toBeUndefined();
  });
});

describe('failed and interrupted builds', () => {
  it('abort leaves the old site byte-identical', async () => {
    const dest = path.join(tmp, '_site');
    await build(dest, { 'index.html': 'home', 'a/index.html': 'a' });
    const before = await snapshot(dest);

    const staging = prepareOutput(dest);
    stageFile(staging, 'index.html', 'NEW HOME');
    stageFile(staging, 'b/index.html', 'new page');
    abortOutput(dest, staging);

    expect(await snapshot(dest)).toEqual(before);
    expect(existsSync(path.join(dest, STAGING_DIR))).toBe(false);
  });

  it('abort removes a destination the build made, with the parents it made, and nothing else', () => {
    const dest = path.join(tmp, 'made', 'for', '_site');
    const staging = prepareOutput(dest);
    stageFile(staging, 'index.html', 'home');
    abortOutput(dest, staging);
    expect(existsSync(path.join(tmp, 'made'))).toBe(false);
    expect(existsSync(tmp)).toBe(true);

    // A folder put beside the destination meanwhile is left, and so is the parent that holds it.
    const again = prepareOutput(dest);
    mkdirSync(path.join(tmp, 'made', 'theirs'));
    abortOutput(dest, again);
    expect(existsSync(path.join(tmp, 'made', 'for'))).toBe(false);
    expect(existsSync(path.join(tmp, 'made', 'theirs'))).toBe(true);
  });

  it('cleans leftover staging from an interrupted build and never serves it', async () => {
    const dest = path.join(tmp, '_site');
    await build(dest, { 'index.html': 'home' });
    // The interrupted build: staged, then killed before commit or abort.
    const interrupted = prepareOutput(dest);
    stageFile(interrupted, 'index.html', 'half-built home');
    stageFile(interrupted, 'ghost/index.html', 'never committed');
    expect(await read(path.join(dest, 'index.html'))).toBe('home');

    const staging = prepareOutput(dest);
    expect(await readdir(path.join(dest, STAGING_DIR))).toEqual([]);
    const previous = await readManifest(dest);
    expect(stageFile(staging, 'index.html', 'home')).toBe('unchanged');
    const result = commitOutput(staging, ['index.html'], previous, {});

    expect(result).toMatchObject({ written: 0, removed: 0 });
    expect(await read(path.join(dest, 'index.html'))).toBe('home');
    expect(existsSync(path.join(dest, 'ghost'))).toBe(false);
    expect(await readdir(dest)).toEqual([MANIFEST_FILE, 'index.html'].sort());
  });

  it('refuses a staged file missing from the file list before moving anything', async () => {
    const dest = path.join(tmp, '_site');
    await build(dest, { 'index.html': 'home' });
    const before = await snapshot(dest);
    const staging = prepareOutput(dest);
    stageFile(staging, 'index.html', 'new');
    stageFile(staging, 'extra.html', 'extra');
    const previous = await readManifest(dest);
    expect(() => commitOutput(staging, ['index.html'], previous, {})).toThrow(/not in this build's file list/);
    abortOutput(dest);
    expect(await snapshot(dest)).toEqual(before);
  });

  it("a folder of the owner's where a new file goes: refused before anything moves, the owner's files and the manifest as they were", async () => {
    const dest = path.join(tmp, '_site');
    await build(dest, { 'index.html': 'home' });
    await mkdir(path.join(dest, 'blocked'));
    await writeFile(path.join(dest, 'blocked', 'mine.txt'), 'user file'); // a folder in the way of a file
    const manifest = await readManifest(dest);

    await expect(build(dest, { 'index.html': 'home', 'new.css': 'css', blocked: 'page' })).rejects.toThrow(/blocked\/mine\.txt/);
    await abortOutput(dest);
    expect(existsSync(path.join(dest, 'new.css'))).toBe(false);
    expect(await readManifest(dest)).toEqual(manifest);
    expect(await read(path.join(dest, 'blocked', 'mine.txt'))).toBe('user file');
  });
});

describe('never outside the destination', () => {
  it('does not delete files outside when a tampered manifest lists them', async () => {
    const dest = path.join(tmp, '_site');
    const outside = path.join(tmp, 'outside.txt');
    await writeFile(outside, 'precious');
    await build(dest, { 'index.html': 'home' });
    const tampered: Manifest = createManifest(['index.html', '../outside.txt', outside, 'a/../../outside.txt', `${STAGING_DIR}/x`, MANIFEST_FILE], {});
    await writeManifest(dest, tampered);

    const result = await build(dest, { 'index.html': 'home' });

    expect(await read(outside)).toBe('precious');
    expect(result.removed).toBe(0);
    expect(result.skipped.map((s) => s.path).sort()).toEqual(['../outside.txt', outside, 'a/../../outside.txt', `${STAGING_DIR}/x`, MANIFEST_FILE].sort());
    expect((await readManifest(dest))?.files).toEqual(['index.html']);
  });

  it('does not write or delete through a symbolic link inside the destination', async () => {
    const dest = path.join(tmp, '_site');
    const elsewhere = path.join(tmp, 'elsewhere');
    await mkdir(elsewhere);
    await writeFile(path.join(elsewhere, 'old.txt'), 'not gazette’s');
    await build(dest, { 'index.html': 'home', 'media/old.txt': 'old' });
    await rm(path.join(dest, 'media'), { recursive: true });
    await symlink(elsewhere, path.join(dest, 'media'));
    const before = await snapshot(dest);

    await expect(build(dest, { 'index.html': 'HOME', 'media/new.txt': 'new' })).rejects.toThrow(/symbolic link/);
    await abortOutput(dest);
    expect(await snapshot(dest)).toEqual(before);
    expect(await readdir(elsewhere)).toEqual(['old.txt']);

    const result = await build(dest, { 'index.html': 'home' });
    expect(result.skipped).toEqual([{ path: 'media/old.txt', reason: expect.stringMatching(/not a plain folder/) }]);
    expect(await read(path.join(elsewhere, 'old.txt'))).toBe('not gazette’s');
  });

  it('replaces a symbolic link at an output path instead of writing through it', async () => {
    const dest = path.join(tmp, '_site');
    const outside = path.join(tmp, 'outside.html');
    await writeFile(outside, 'precious');
    await mkdir(dest);
    await symlink(outside, path.join(dest, 'index.html'));

    expect(await build(dest, { 'index.html': 'precious' })).toMatchObject({ written: 1 });
    expect(await read(outside)).toBe('precious');
    expect((await snapshot(dest))['index.html']).toBeDefined(); // a regular file now
    expect(await build(dest, { 'index.html': 'home' })).toMatchObject({ written: 1 });
    expect(await read(outside)).toBe('precious');
  });

  it('clears a leftover staging path that is a symbolic link without touching its target', async () => {
    const dest = path.join(tmp, '_site');
    const elsewhere = path.join(tmp, 'elsewhere');
    await mkdir(elsewhere);
    await writeFile(path.join(elsewhere, 'keep.txt'), 'keep');
    await mkdir(dest);
    await symlink(elsewhere, path.join(dest, STAGING_DIR));

    await build(dest, { 'index.html': 'home' });

    expect(await readdir(elsewhere)).toEqual(['keep.txt']);
    expect(existsSync(path.join(dest, STAGING_DIR))).toBe(false);
  });

  it('refuses bookkeeping paths as output files', async () => {
    const dest = path.join(tmp, '_site');
    for (const layout of ['tree', 'shards'] as const) {
      const staging = { ...prepareOutput(dest), layout };
      expect(() => stageFile(staging, MANIFEST_FILE, '{}')).toThrow(UnsafePathError);
      expect(() => stageFile(staging, `${STAGING_DIR}/a.html`, 'x')).toThrow(UnsafePathError);
      expect(() => stageFile(staging, '../escape.html', 'x')).toThrow(UnsafePathError);
      expect(() => stageFile(staging, 'a/../../escape.html', 'x')).toThrow(UnsafePathError);
      expect(() => commitOutput(staging, [`${STAGING_DIR}/a.html`], undefined, {})).toThrow(UnsafePathError);
      expect(existsSync(path.join(tmp, 'escape.html'))).toBe(false);
    }
  });
});

describe('checkDestination', () => {
  let source: string;

  beforeEach(async () => {
    source = path.join(tmp, 'site');
    await mkdir(path.join(source, '_posts'), { recursive: true });
    await writeFile(path.join(source, '_config.yml'), 'title: t\n');
  });

  const check = (destination: string, force = false) => checkDestination({ source, destination, force });

  it('accepts the default SOURCE/_site, new or built before', async () => {
    expect(await check(path.join(source, '_site'))).toEqual({ ok: true });
    await build(path.join(source, '_site'), { 'index.html': 'home' });
    const again = await check(path.join(source, '_site'));
    expect(again.ok && again.previous?.files).toEqual(['index.html']);
  });

  it('refuses the source itself, also through a symbolic link', async () => {
    expect(await check(source)).toMatchObject({ ok: false, message: expect.stringMatching(/is the source/) });
    await symlink(source, path.join(tmp, 'alias'));
    expect(await check(path.join(tmp, 'alias'), true)).toMatchObject({ ok: false });
  });

  it('refuses a destination that contains the source', async () => {
    expect(await check(tmp, true)).toMatchObject({ ok: false, message: expect.stringMatching(/contains the source/) });
  });

  it("refuses a destination inside the source's own files", async () => {
    const result = await check(path.join(source, '_posts', 'out'), true);
    expect(result).toMatchObject({ ok: false, message: expect.stringMatching(/inside the source's _posts/) });
    expect(await check(path.join(source, 'assets'), true)).toMatchObject({ ok: false });
  });

  it('refuses a non-empty folder gazette did not create, unless forced', async () => {
    const dest = path.join(tmp, 'public');
    await mkdir(dest);
    await writeFile(path.join(dest, 'index.html'), 'someone else');
    expect(await check(dest)).toEqual({ ok: false, message: expect.stringMatching(/not empty/), hint: FORCE_HINT });
    expect(await check(dest, true)).toEqual({ ok: true });
  });

  it('treats a damaged manifest as none', async () => {
    const dest = path.join(tmp, 'public');
    await mkdir(dest);
    await writeFile(path.join(dest, MANIFEST_FILE), '{"version":1,');
    expect(await check(dest)).toMatchObject({ ok: false, message: expect.stringMatching(/damaged/) });
    expect(await check(dest, true)).toEqual({ ok: true });
  });

  it('accepts an empty folder, or one holding only a leftover staging folder', async () => {
    const dest = path.join(tmp, 'public');
    await mkdir(path.join(dest, STAGING_DIR), { recursive: true });
    expect(await check(dest)).toEqual({ ok: true });
  });

  it('refuses an existing file', async () => {
    const dest = path.join(tmp, 'file.txt');
    await writeFile(dest, 'x');
    expect(await check(dest, true)).toMatchObject({ ok: false, message: expect.stringMatching(/is a file/) });
  });

  it('is the place check, then the contents check: the first never reads the manifest', async () => {
    const dest = path.join(tmp, 'public');
    await mkdir(dest);
    await writeFile(path.join(dest, MANIFEST_FILE), '{"version":1,');
    // A build from the edit index asks only where the destination is; the index holds only while the manifest is unchanged.
    expect(await checkDestinationPlace({ source, destination: dest, force: false })).toBeUndefined();
    expect(await checkDestinationContents({ destination: dest, force: false })).toMatchObject({ ok: false, message: expect.stringMatching(/damaged/) });
    expect(await checkDestinationPlace({ source, destination: source, force: true })).toMatchObject({
      ok: false,
      message: expect.stringMatching(/is the source/),
    });
    expect(await checkDestinationContents({ destination: path.join(tmp, 'not-yet'), force: false })).toEqual({ ok: true });
  });
});
