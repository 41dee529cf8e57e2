/**
 * src/code-cache.ts: the CLI's bundle runs through node:vm with V8's code
 * cache on disk. A cache is written once and then used; a cache for other
 * code, a damaged one or one in a folder others could write is never used;
 * and whatever happens to the cache, the bundle runs.
 */
import { chmodSync, copyFileSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { threadId } from 'node:worker_threads';
import { afterAll, describe, expect, it } from 'vitest';
import { codeCacheFolder, KEEP_CACHE_FILES, loadBundle, prepareCodeCache } from '../src/code-cache.js';
import { cleanTemp, ROOT, tempDir } from './helpers/site.js';

afterAll(() => cleanTemp());

const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'code-cache');
const BUNDLE = path.join(FIXTURES, 'bundle.js');
const THROWS = path.join(FIXTURES, 'throws.js');
const UTF8 = path.join(FIXTURES, 'utf8.js');

interface FixtureExports {
  answer(): number;
  where: { filename: string; dirname: string; base: string };
  thisIsExports: boolean;
}

const load = (file: string, folder: string | undefined, write = true) => {
  const loaded = loadBundle(file, { folder, write });
  return { cache: loaded.cache, exports: loaded.exports as FixtureExports };
};

const cacheFiles = (folder: string) =>
  readdirSync(folder)
    .filter((name) => name.endsWith('.bin'))
    .sort();
const posix = process.platform !== 'win32';

describe('loadBundle', () => {
  it('runs the file as Node runs a CommonJS module, with no cache when there is no folder', () => {
    const { cache, exports } = load(BUNDLE, undefined);
    expect(cache).toBe('off');
    expect(exports.answer()).toBe(42);
    expect(exports.where).toEqual({ filename: BUNDLE, dirname: path.dirname(BUNDLE), base: 'bundle.js' });
    expect(exports.thisIsExports).toBe(true);
  });

  it('reads a bundle that is not ASCII as UTF-8, with or without a cache', async () => {
    const folder = path.join(await tempDir('code-cache'), 'cache');
    for (const expected of ['written', 'used', 'off']) {
      const loaded = loadBundle(UTF8, { folder: expected === 'off' ? undefined : folder });
      expect(loaded.cache).toBe(expected);
      expect(loaded.exports).toEqual({ greeting: '안녕하세요 — ẞ 🪦', matches: true });
    }
  });

  it('writes a cache on the first run and compiles from it on the next', async () => {
    const dir = await tempDir('code-cache');
    const folder = path.join(dir, 'cache');
    const first = load(BUNDLE, folder);
    expect(first.cache).toBe('written');
    const [file] = cacheFiles(folder);
    expect(file).toMatch(/^gazette-[0-9a-f]{32}\.bin$/);
    if (posix) {
      expect(statSync(folder).mode & 0o777).toBe(0o700);
      expect(statSync(path.join(folder, file as string)).mode & 0o777).toBe(0o600);
    }
    // Under another name, or V8 would take what this process compiled already and never read the cache.
    const bundle = path.join(dir, 'bundle.js');
    copyFileSync(BUNDLE, bundle);
    const second = load(bundle, folder);
    expect(second.cache).toBe('used');
    expect(second.exports.answer()).toBe(42);
    expect(cacheFiles(folder)).toEqual([file]);
  });

  it('keys the cache by content: other code of the same length does not run from it', async () => {
    // V8 itself compares only the source's length.
    const dir = await tempDir('code-cache');
    const folder = path.join(dir, 'cache');
    const bundle = path.join(dir, 'bundle.js');
    copyFileSync(BUNDLE, bundle);
    expect(load(bundle, folder).cache).toBe('written');
    const changed = readFileSync(bundle, 'utf8').replace('40 + 2', '40 + 3');
    writeFileSync(bundle, changed);
    const after = load(bundle, folder);
    expect(after.cache).toBe('written');
    expect(after.exports.answer()).toBe(43);
    expect(cacheFiles(folder)).toHaveLength(2);
  });

  it('replaces a damaged cache file, and the bundle runs all the same', async () => {
    const dir = await tempDir('code-cache');
    const folder = path.join(dir, 'cache');
    load(BUNDLE, folder);
    const file = path.join(folder, cacheFiles(folder)[0] as string);
    writeFileSync(file, Buffer.from('not a code cache'));
    // Under another name: V8 keeps what this process compiled, and would not look at the cache file for BUNDLE again.
    const bundle = path.join(dir, 'bundle.js');
    copyFileSync(BUNDLE, bundle);
    const damaged = load(bundle, folder);
    expect(damaged.cache).toBe('written');
    expect(damaged.exports.answer()).toBe(42);
    expect(readFileSync(file).length).toBeGreaterThan(100);
    expect(load(bundle, folder).cache).toBe('used');
  });

  it.skipIf(!posix)('does not use a folder others can write, or a symbolic link to one', async () => {
    const dir = await tempDir('code-cache');
    const open = path.join(dir, 'open');
    mkdirSync(open);
    chmodSync(open, 0o777);
    const unsafe = load(BUNDLE, open);
    expect(unsafe.cache).toBe('off');
    expect(unsafe.exports.answer()).toBe(42);
    expect(readdirSync(open)).toEqual([]);

    const own = path.join(dir, 'own');
    mkdirSync(own, { mode: 0o700 });
    const link = path.join(dir, 'link');
    symlinkSync(own, link);
    expect(load(BUNDLE, link).cache).toBe('off');
    expect(readdirSync(own)).toEqual([]);
  });

  it('writes nothing, and still runs the bundle, when the cache file cannot be made', async () => {
    const dir = await tempDir('code-cache');
    // Learn the file's name in one folder, then block its temporary name in another (root may write anywhere).
    const probe = path.join(dir, 'probe');
    load(BUNDLE, probe);
    const name = cacheFiles(probe)[0] as string;
    const folder = path.join(dir, 'cache');
    mkdirSync(path.join(folder, `${name}.${process.pid}-${threadId}.tmp`), { recursive: true });
    const bundle = path.join(dir, 'bundle.js');
    copyFileSync(BUNDLE, bundle);
    const blocked = load(bundle, folder);
    expect(blocked.cache).toBe('off');
    expect(blocked.exports.answer()).toBe(42);
    expect(cacheFiles(folder)).toEqual([]);
  });

  it(`keeps the newest ${KEEP_CACHE_FILES} cache files`, async () => {
    const folder = path.join(await tempDir('code-cache'), 'cache');
    mkdirSync(folder, { mode: 0o700 });
    const old = Array.from({ length: KEEP_CACHE_FILES + 2 }, (_, i) => `gazette-old${String(i).padStart(2, '0')}.bin`);
    old.forEach((name, i) => {
      const file = path.join(folder, name);
      writeFileSync(file, 'an older version');
      const when = new Date(Date.UTC(2026, 0, 1 + i));
      utimesSync(file, when, when);
    });
    expect(load(BUNDLE, folder).cache).toBe('written');
    const kept = cacheFiles(folder);
    expect(kept).toHaveLength(KEEP_CACHE_FILES);
    // This run's, and the newest of the others.
    expect(kept.filter((name) => !old.includes(name))).toHaveLength(1);
    expect(kept.filter((name) => old.includes(name))).toEqual(old.slice(-(KEEP_CACHE_FILES - 1)));
  });

  it('errors the bundle throws reach the caller, with or without a cache', async () => {
    const folder = path.join(await tempDir('code-cache'), 'cache');
    expect(() => loadBundle(THROWS, { folder })).toThrow('thrown by the bundle');
    expect(cacheFiles(folder)).toHaveLength(1);
    expect(() => loadBundle(THROWS, { folder })).toThrow('thrown by the bundle');
    expect(() => loadBundle(THROWS, { folder: undefined })).toThrow('thrown by the bundle');
  });
});

describe('the main thread writes, worker threads only read', () => {
  it('with write: false a missing cache is not written, and one that is there is used', async () => {
    const dir = await tempDir('code-cache');
    const folder = path.join(dir, 'cache');
    const missing = load(BUNDLE, folder, false);
    expect(missing.cache).toBe('missing');
    expect(missing.exports.answer()).toBe(42);
    expect(cacheFiles(folder)).toEqual([]);
    expect(prepareCodeCache(BUNDLE, { folder })).toBe('written');
    const bundle = path.join(dir, 'bundle.js');
    copyFileSync(BUNDLE, bundle);
    expect(load(bundle, folder, false).cache).toBe('used');
  });

  it('prepareCodeCache writes the cache without running the bundle, once', async () => {
    const dir = await tempDir('code-cache');
    const folder = path.join(dir, 'cache');
    expect(prepareCodeCache(THROWS, { folder })).toBe('written');
    expect(prepareCodeCache(THROWS, { folder })).toBe('used');
    expect(cacheFiles(folder)).toHaveLength(1);
    expect(prepareCodeCache(THROWS, { folder: undefined })).toBe('off');
  });
});

describe('codeCacheFolder', () => {
  it("follows Node 22's variables: NODE_DISABLE_COMPILE_CACHE turns it off, NODE_COMPILE_CACHE names the folder", () => {
    expect(codeCacheFolder({ NODE_DISABLE_COMPILE_CACHE: '1', NODE_COMPILE_CACHE: '/somewhere' })).toBeUndefined();
    expect(codeCacheFolder({ NODE_COMPILE_CACHE: 'relative/cache' })).toBe(path.resolve('relative/cache'));
  });

  it("defaults to a folder of the user's own in the temporary folder", () => {
    const folder = codeCacheFolder({});
    expect(path.dirname(folder as string)).toBe(os.tmpdir());
    expect(path.basename(folder as string)).toBe(posix ? `gazette-compile-cache-${process.getuid?.()}` : 'gazette-compile-cache');
  });
});
