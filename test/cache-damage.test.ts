/**
 * A damaged or foreign cache (.gazette-cache/) is a miss, never an error and
 * never trusted: posts whose cached details cannot be read, or were not
 * written on this machine, are parsed again and published as a build without
 * a cache publishes them (src/cache/body-store.ts, cache.ts, cache-key.ts).
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CACHE_DIR } from '../src/cache/cache.js';
import { build } from '../src/index.js';
import { cleanTemp, copyFixture, readTree, treeDifferences } from './helpers/site.js';

afterAll(cleanTemp);

const now = new Date('2026-01-01T00:00:00Z');

/** A copy of the basic site built once with the cache on, and what a build without a cache publishes. */
async function cachedSite(): Promise<{ source: string; cacheDir: string; clean: Map<string, Buffer> }> {
  const source = await copyFixture('basic');
  const first = await build({ source, destination: path.join(source, '..', 'first'), jobs: 1, now });
  expect(first.ok).toBe(true);
  const clean = path.join(source, '..', 'clean');
  expect((await build({ source, destination: clean, jobs: 1, cache: false, now })).ok).toBe(true);
  const root = path.join(source, CACHE_DIR);
  const [version] = readdirSync(root);
  return { source, cacheDir: path.join(root, version as string), clean: await readTree(clean) };
}

function packsOf(cacheDir: string): string[] {
  return readdirSync(path.join(cacheDir, 'bodies')).map((name) => path.join(cacheDir, 'bodies', name));
}

/** The index as JSON, without what follows it (its MAC). */
function readIndex(cacheDir: string): {
  entries: { source: string; body?: { pack: string; offset: number; length: number }; summary?: { excerptHtml: string } }[];
} {
  const text = readFileSync(path.join(cacheDir, 'index.json'), 'utf8');
  return JSON.parse(text.slice(0, text.lastIndexOf('}') + 1)) as ReturnType<typeof readIndex>;
}

/** A build into a new destination (every page rendered, every body read); then the next one takes every post from the cache again. */
async function expectRebuilt(source: string, clean: Map<string, Buffer>, name: string): Promise<void> {
  const destination = path.join(source, '..', name);
  const result = await build({ source, destination, jobs: 1, now });
  expect(result.ok).toBe(true);
  expect(treeDifferences(clean, await readTree(destination))).toEqual([]);
  const next = await build({ source, destination: path.join(source, '..', `${name}-next`), jobs: 1, now });
  expect(next.ok).toBe(true);
  expect(next.stats.parsed).toBe(0);
}

describe('a damaged cache is rebuilt', () => {
  it('packs cut short, garbage, or a folder in their place', async () => {
    const { source, cacheDir, clean } = await cachedSite();
    const packs = packsOf(cacheDir);
    expect(packs.length).toBeGreaterThan(0);
    for (const [i, pack] of packs.entries()) {
      if (i % 3 === 0) truncateSync(pack, 7);
      else if (i % 3 === 1) writeFileSync(pack, '\u0000garbage{"html":');
      else {
        rmSync(pack);
        mkdirSync(pack);
      }
    }
    await expectRebuilt(source, clean, 'after-damage');
  });

  it('index entries whose lengths are 2^40 or -5', async () => {
    const { source, cacheDir, clean } = await cachedSite();
    const index = readIndex(cacheDir);
    index.entries.forEach((entry, i) => {
      if (entry.body) entry.body.length = i % 2 === 0 ? 2 ** 40 : -5;
    });
    writeFileSync(path.join(cacheDir, 'index.json'), JSON.stringify(index));
    rmSync(path.join(cacheDir, 'index.journal'), { force: true });
    await expectRebuilt(source, clean, 'after-lengths');
  });
});

describe('a tampered cache is not published', () => {
  it('an entry pointed at a pack holding <script>, with an excerpt that has onerror, is parsed again', async () => {
    const { source, cacheDir, clean } = await cachedSite();
    const html = '<p>본문</p><script>alert("pack")</script>';
    const bytes = Buffer.from(JSON.stringify({ html, featureHtml: '<img src=x onerror=alert(2)>', data: {} }), 'utf8');
    // Named by the hash of its bytes, as a pack is: without this machine's key, that is all one can do.
    const pack = `${createHash('sha256').update(bytes).digest('hex')}.pack`;
    writeFileSync(path.join(cacheDir, 'bodies', pack), bytes);
    const index = readIndex(cacheDir);
    for (const entry of index.entries) {
      if (!entry.summary || !entry.body) continue;
      entry.body = { pack, offset: 0, length: bytes.length };
      entry.summary.excerptHtml = '<img src=x onerror=alert(1)>';
    }
    writeFileSync(path.join(cacheDir, 'index.json'), JSON.stringify(index));
    rmSync(path.join(cacheDir, 'index.journal'), { force: true });

    const destination = path.join(source, '..', 'after-tamper');
    const result = await build({ source, destination, jobs: 1, now });
    expect(result.ok).toBe(true);
    const tree = await readTree(destination);
    for (const [file, text] of tree) {
      expect(text.toString('utf8'), file).not.toContain('<script>alert');
      expect(text.toString('utf8'), file).not.toContain('onerror');
    }
    expect(treeDifferences(clean, tree)).toEqual([]);
  });
});
