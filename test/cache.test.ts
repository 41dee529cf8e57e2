/**
 * The persistent parse cache (.gazette-cache/): what it stores comes back,
 * changes are appended to a journal instead of rewriting the whole index, and
 * a damaged or foreign index or journal is ignored, never trusted.
 */
import { randomBytes } from 'node:crypto';
import { appendFileSync, existsSync, readdirSync, readFileSync, statSync, truncateSync, utimesSync, writeFileSync } from 'node:fs';
import { cp } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { pipelineKey } from '../src/build/parse.js';
import { CACHE_DIR, type CacheStore, openCache, writeIndexFile } from '../src/cache/cache.js';
import { cacheKey, macOf } from '../src/cache/cache-key.js';
import { resolveConfig } from '../src/config.js';
import { type ParsedEntry, type ParseTask, runParseTask } from '../src/workers/parse-task.js';
import { cleanTemp, ROOT, tempDir } from './helpers/site.js';

const FIXTURE = path.join(ROOT, 'test', 'fixtures', 'cache');
const { config } = resolveConfig('timezone: Asia/Seoul\n');
const KEY = pipelineKey(config);
/** This machine's cache key (under the test run's XDG_CACHE_HOME, vitest.config.ts). */
const MACHINE = cacheKey();

afterAll(cleanTemp);

async function copySite(): Promise<string> {
  const source = path.join(await tempDir('cache'), 'site');
  await cp(FIXTURE, source, { recursive: true });
  return source;
}

function postFiles(source: string): ParseTask['files'][number][] {
  return readdirSync(path.join(source, '_posts'))
    .sort()
    .map((name) => {
      const absolute = path.join(source, '_posts', name);
      const info = statSync(absolute);
      return { source: `_posts/${name}`, absolute, draft: false, mtimeMs: info.mtimeMs, size: info.size };
    });
}

function parse(cache: CacheStore, files: ParseTask['files']): ParsedEntry[] {
  return runParseTask({ config, positions: false, bodyDir: cache.bodyDir, key: cache.key, files });
}

/** What lookup gives for each file, by source: undefined for a miss. */
function lookupAll(cache: CacheStore, files: ParseTask['files']): Map<string, ParsedEntry | undefined> {
  return new Map(files.map((file) => [file.source, cache.lookup(file, () => 'no digest: the size and mtime decide')]));
}

/** An entry as the index keeps it: no timing, and its search record only by reference (in its body pack). */
const without = ({ ms: _ms, search: _search, ...entry }: ParsedEntry) => entry;

function cacheFiles(source: string): { dir: string; index: string; journal: string; bodies: string } {
  const root = path.join(source, CACHE_DIR);
  const [version] = readdirSync(root);
  const dir = path.join(root, version as string);
  return { dir, index: path.join(dir, 'index.json'), journal: path.join(dir, 'index.journal'), bodies: path.join(dir, 'bodies') };
}

/** A first build's cache: every post parsed and written as the index. */
async function filledCache(source: string): Promise<{ entries: ParsedEntry[]; files: ParseTask['files'][number][] }> {
  const cache = await openCache({ source, enabled: true, pipelineKey: KEY });
  const files = postFiles(source);
  const entries = parse(cache, files);
  cache.update(entries);
  await cache.flush();
  return { entries, files };
}

async function editSecondPost(source: string): Promise<{ cache: CacheStore; files: ParseTask['files'][number][]; edited: ParsedEntry }> {
  const file = path.join(source, '_posts', '2024-04-02-second.md');
  writeFileSync(file, `${readFileSync(file, 'utf8')}\n고친 문단.\n`);
  const cache = await openCache({ source, enabled: true, pipelineKey: KEY });
  const files = postFiles(source);
  const misses = files.filter((file) => cache.lookup(file, () => '') === undefined);
  expect(misses.map((file) => file.source)).toEqual(['_posts/2024-04-02-second.md']);
  const [edited] = parse(cache, misses);
  cache.replace([edited as ParsedEntry]);
  await cache.flush();
  return { cache, files, edited: edited as ParsedEntry };
}

describe('parse cache', () => {
  it('gives back every stored entry, dates and all, for files whose size and mtime did not change', async () => {
    const source = await copySite();
    const { entries, files } = await filledCache(source);
    expect(entries.every((entry) => entry.summary !== undefined && entry.body !== undefined)).toBe(true);
    const reopened = await openCache({ source, enabled: true, pipelineKey: KEY });
    const hits = lookupAll(reopened, files);
    for (const entry of entries) {
      const hit = hits.get(entry.source);
      expect(hit && without(hit)).toEqual(without(entry));
      expect(hit?.summary?.date).toBeInstanceOf(Date);
    }
  });

  it('appends a changed post to the journal and leaves the index file as it was', async () => {
    const source = await copySite();
    await filledCache(source);
    const { index, journal } = cacheFiles(source);
    const indexBefore = readFileSync(index);
    const { files, edited } = await editSecondPost(source);
    expect(readFileSync(index).equals(indexBefore)).toBe(true);
    expect(readFileSync(journal, 'utf8').trim().split('\n')).toHaveLength(2); // header and one entry

    const reopened = await openCache({ source, enabled: true, pipelineKey: KEY });
    const hits = lookupAll(reopened, files);
    expect([...hits.values()].every((hit) => hit !== undefined)).toBe(true);
    expect(without(hits.get(edited.source) as ParsedEntry)).toEqual(without(edited));
  });

  it('records a deleted post in the journal', async () => {
    const source = await copySite();
    const { entries, files } = await filledCache(source);
    const cache = await openCache({ source, enabled: true, pipelineKey: KEY });
    cache.update(entries.filter((entry) => entry.source !== '_posts/2024-04-03-third.md'));
    await cache.flush();
    const reopened = await openCache({ source, enabled: true, pipelineKey: KEY });
    const hits = lookupAll(reopened, files);
    expect(hits.get('_posts/2024-04-03-third.md')).toBeUndefined();
    expect(hits.get('_posts/2024-04-01-first.md')).toBeDefined();
  });

  it('ignores a journal line cut short, keeps what came before it, and writes the index whole next time', async () => {
    const source = await copySite();
    await filledCache(source);
    const { edited, files } = await editSecondPost(source);
    const { index, journal } = cacheFiles(source);
    appendFileSync(journal, '{"source":"_posts/2024-04-01-first.md","size":');
    const reopened = await openCache({ source, enabled: true, pipelineKey: KEY });
    const hits = lookupAll(reopened, files);
    expect(without(hits.get(edited.source) as ParsedEntry)).toEqual(without(edited));
    expect(hits.get('_posts/2024-04-01-first.md')).toBeDefined();

    reopened.replace([hits.get('_posts/2024-04-01-first.md') as ParsedEntry, { ...(hits.get('_posts/2024-04-03-third.md') as ParsedEntry), mtimeMs: 1 }]);
    await reopened.flush();
    expect(existsSync(journal)).toBe(false);
    const stored = JSON.parse(readFileSync(index, 'utf8').slice(0, -65)) as { entries: { source: string }[] };
    expect(stored.entries.map((entry) => entry.source).sort()).toEqual(files.map((file) => file.source));
  });

  it('does not apply a journal written for another index', async () => {
    const source = await copySite();
    await filledCache(source);
    const { files, edited } = await editSecondPost(source);
    const { journal } = cacheFiles(source);
    const lines = readFileSync(journal, 'utf8').split('\n');
    const header = { ...(JSON.parse((lines[0] as string).slice(65)) as object), base: 'another-index' };
    lines[0] = `${macOf(MACHINE, 'another-index', '\0', JSON.stringify(header))} ${JSON.stringify(header)}`;
    writeFileSync(journal, lines.join('\n'));
    const reopened = await openCache({ source, enabled: true, pipelineKey: KEY });
    expect(reopened.lookup(files.find((file) => file.source === edited.source) as ParseTask['files'][number], () => '')).toBeUndefined();
  });

  it('ignores a damaged index and one written under another pipeline key', async () => {
    const source = await copySite();
    const { files } = await filledCache(source);
    const other = await openCache({ source, enabled: true, pipelineKey: pipelineKey(resolveConfig('timezone: UTC\n').config) });
    expect([...lookupAll(other, files).values()].every((hit) => hit === undefined)).toBe(true);

    const again = await copySite();
    await filledCache(again);
    const { index } = cacheFiles(again);
    truncateSync(index, Math.floor(statSync(index).size / 2));
    const damaged = await openCache({ source: again, enabled: true, pipelineKey: KEY });
    expect([...lookupAll(damaged, postFiles(again)).values()].every((hit) => hit === undefined)).toBe(true);
  });

  it("does not use an index or a journal written under another machine's key (a cache committed with the site)", async () => {
    const source = await copySite();
    const { files } = await filledCache(source);
    await editSecondPost(source);
    const elsewhere = randomBytes(32).toString('hex');
    const foreign = await openCache({ source, enabled: true, pipelineKey: KEY, key: elsewhere });
    expect([...lookupAll(foreign, files).values()].every((hit) => hit === undefined)).toBe(true);
    // Written here, read here: trusted.
    const own = await openCache({ source, enabled: true, pipelineKey: KEY });
    expect([...lookupAll(own, postFiles(source)).values()].every((hit) => hit !== undefined)).toBe(true);
  });

  it('removes the index.json.<pid>.tmp of a process that stopped while writing, not one of a running process', async () => {
    const source = await copySite();
    await filledCache(source);
    const { dir } = cacheFiles(source);
    // Above Linux's largest pid (2^22): no process has it.
    const abandoned = path.join(dir, 'index.json.4194305.tmp');
    const running = path.join(dir, `index.json.${process.pid}.tmp`);
    writeFileSync(abandoned, '');
    writeFileSync(running, '');
    await openCache({ source, enabled: true, pipelineKey: KEY });
    expect(existsSync(abandoned)).toBe(false);
    expect(existsSync(running)).toBe(true);
  });

  it('removes body packs no entry uses, once a day old, when it writes the index whole', async () => {
    const source = await copySite();
    const { entries } = await filledCache(source);
    const { bodies } = cacheFiles(source);
    const packsBefore = readdirSync(bodies);
    expect(packsBefore).toHaveLength(1);
    // Every post parsed again one by one: each gets a pack of its own, and the first pack is no longer used.
    const cache = await openCache({ source, enabled: true, pipelineKey: KEY });
    const files = postFiles(source);
    const reparsed = files.flatMap((file) => parse(cache, [{ ...file, mtimeMs: file.mtimeMs + 1 }]));
    const packs = new Set(reparsed.map((entry) => entry.body?.pack));
    expect(packs.size).toBe(entries.length);
    cache.update(reparsed);
    await cache.flush();
    // Three changed entries fit in the journal: nothing is removed yet.
    expect(readdirSync(bodies).sort()).toEqual([...packsBefore, ...packs].sort());

    // A damaged journal makes each next flush write the index whole. An unused pack written
    // today stays (another gazette process may be reading it); one a day old goes.
    const { journal } = cacheFiles(source);
    const current = files.map((file) => ({ ...file, mtimeMs: file.mtimeMs + 1 }));
    // Each flush records one entry as touched (a new mtime), so there is something to write.
    const flushWhole = async (touched: number) => {
      if (!existsSync(journal)) {
        const { id, format } = JSON.parse(readFileSync(cacheFiles(source).index, 'utf8').slice(0, -65)) as { id: string; format: number };
        const header = JSON.stringify({ format, pipelineKey: KEY, base: id });
        writeFileSync(journal, `${macOf(MACHINE, id, '\0', header)} ${header}\n`);
      }
      appendFileSync(journal, '{"cut short');
      const reopened = await openCache({ source, enabled: true, pipelineKey: KEY });
      const hit = lookupAll(reopened, current).get(current[touched]?.source ?? '');
      expect(hit).toBeDefined();
      reopened.replace([{ ...(hit as ParsedEntry), mtimeMs: 5 }]);
      await reopened.flush();
      expect(existsSync(journal)).toBe(false);
    };
    await flushWhole(0);
    expect(readdirSync(bodies).sort()).toEqual([...packsBefore, ...packs].sort());
    const dayAndMinuteAgo = new Date(Date.now() - 24 * 60 * 60 * 1000 - 60_000);
    for (const pack of packsBefore) utimesSync(path.join(bodies, pack), dayAndMinuteAgo, dayAndMinuteAgo);
    await flushWhole(1);
    expect(readdirSync(bodies).sort()).toEqual([...packs].sort());
  });

  it('writes the index in slices, byte for byte what JSON.stringify of the whole index gives', async () => {
    const source = await copySite();
    const { entries } = await filledCache(source);
    // More entries than one slice holds, with dates and Korean text among them.
    // Some with search records, which an entry parsed in this thread carries and the index leaves to the body packs.
    const record = { strong: ['제목'], body: ['본문'], text: '본문' };
    const many = Array.from({ length: 2345 }, (_, i) =>
      entries.map((entry) => ({ ...entry, source: `${entry.source}-${i}`, ...(i % 2 === 0 ? { search: record } : {}) })),
    ).flat();
    const header = { format: 3, pipelineKey: KEY, id: 'an id' };
    const file = path.join(await tempDir('cache-index'), 'index.json');
    const json = (entries: readonly ParsedEntry[]) => JSON.stringify({ ...header, entries });
    await writeIndexFile(file, header, many, MACHINE);
    const stored = many.map(({ search: _search, ...entry }) => entry);
    expect(readFileSync(file, 'utf8')).toBe(`${json(stored)}\n${macOf(MACHINE, json(stored))}`);
    await writeIndexFile(file, header, [], MACHINE);
    expect(readFileSync(file, 'utf8')).toBe(`${json([])}\n${macOf(MACHINE, json([]))}`);
  });
});
