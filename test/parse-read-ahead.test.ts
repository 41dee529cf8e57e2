/**
 * src/build/parse.ts with worker threads: batches reach the pool with
 * their files read by the main thread, a bounded number at a time, and a
 * file the main thread cannot read is still reported by the worker. In one
 * thread, each batch reads its own files, with the same result.
 */
import { copyFileSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseContent } from '../src/build/parse.js';
import { openCache } from '../src/cache/cache.js';
import { resolveConfig } from '../src/config.js';
import type { PostSourceFile } from '../src/content/discover.js';
import { type ParsedEntry, type ParseTask, runParseTask } from '../src/workers/parse-task.js';
import type { WorkerPool } from '../src/workers/pool.js';
import { cleanTemp, ROOT, tempDir } from './helpers/site.js';

afterAll(cleanTemp);

const FIXTURE = path.join(ROOT, 'test', 'fixtures', 'pool', '_posts', '2024-03-01-short-report.md');
const { config } = resolveConfig('timezone: Asia/Seoul\n');

/** A pool that runs each batch in this thread after a turn of the event loop, recording what it was given. */
function recordingPool(threads: number) {
  const tasks: ParseTask[] = [];
  let running = 0;
  let mostAtOnce = 0;
  const pool: WorkerPool = {
    threads,
    redone: 0,
    parse: async (task: ParseTask): Promise<ParsedEntry[]> => {
      tasks.push(task);
      running++;
      mostAtOnce = Math.max(mostAtOnce, running);
      await new Promise((resolve) => setTimeout(resolve, 1));
      running--;
      return runParseTask(task);
    },
    render: () => Promise.reject(new Error('not in this test')),
    image: () => Promise.reject(new Error('not in this test')),
    close: async () => undefined,
  };
  return { pool, tasks, mostAtOnce: () => mostAtOnce };
}

async function postsIn(dir: string, count: number): Promise<PostSourceFile[]> {
  const posts: PostSourceFile[] = [];
  for (let i = 1; i <= count; i++) {
    const absolute = path.join(dir, `2024-03-01-report-${i}.md`);
    copyFileSync(FIXTURE, absolute);
    const info = statSync(absolute);
    posts.push({ source: `_posts/${path.basename(absolute)}`, absolute, draft: false, size: info.size, mtimeMs: info.mtimeMs });
  }
  return posts;
}

describe('parsing in worker threads reads the files ahead', () => {
  it('hands each batch over with its bytes, at most two batches per thread at once, and parses every post', async () => {
    const dir = await tempDir('read-ahead');
    const posts = await postsIn(dir, 400);
    const cache = await openCache({ source: dir, enabled: false, pipelineKey: 'test' });
    const { pool, tasks, mostAtOnce } = recordingPool(2);
    try {
      const parsed = await parseContent({ files: { posts, pages: [], statics: [], diagnostics: [] }, config, pool: () => pool, cache, positions: false });
      expect(parsed.posts).toHaveLength(400);
      expect(parsed.diagnostics).toEqual([]);
      expect(tasks).toHaveLength(10);
      for (const file of tasks.flatMap((task) => task.files)) expect(file.bytes && Buffer.from(file.bytes)).toEqual(readFileSync(file.absolute));
      expect(mostAtOnce()).toBeLessThanOrEqual(4);
    } finally {
      await cache.close();
    }
  });

  it('leaves a file it cannot read to the worker, which reports it, and parses the rest', async () => {
    const dir = await tempDir('read-ahead');
    const posts = await postsIn(dir, 250);
    const missing = path.join(dir, '2024-03-02-gone.md');
    posts.push({ source: '_posts/2024-03-02-gone.md', absolute: missing, draft: false, size: 10, mtimeMs: 0 });
    const cache = await openCache({ source: dir, enabled: false, pipelineKey: 'test' });
    const { pool, tasks } = recordingPool(2);
    try {
      const parsed = await parseContent({ files: { posts, pages: [], statics: [], diagnostics: [] }, config, pool: () => pool, cache, positions: false });
      expect(parsed.posts).toHaveLength(250);
      expect(parsed.diagnostics.map((d) => [d.file, d.message.startsWith('cannot read this post')])).toEqual([['_posts/2024-03-02-gone.md', true]]);
      const handed = tasks.flatMap((task) => task.files).find((file) => file.absolute === missing);
      expect(handed).toBeDefined();
      expect(handed?.bytes).toBeUndefined();
    } finally {
      await cache.close();
    }
  });
});

describe('parsing in this thread', () => {
  it('parses every post, in source order, as the pool does, and reports a file gone before it was read', async () => {
    const dir = await tempDir('read-ahead');
    const posts = await postsIn(dir, 130);
    const missing = path.join(dir, '2024-03-02-gone.md');
    posts.splice(45, 0, { source: '_posts/2024-03-02-gone.md', absolute: missing, draft: false, size: 10, mtimeMs: 0 });
    const cache = await openCache({ source: dir, enabled: false, pipelineKey: 'test' });
    try {
      const here = await parseContent({ files: { posts, pages: [], statics: [], diagnostics: [] }, config, pool: undefined, cache, positions: false });
      const { pool } = recordingPool(2);
      const pooled = await parseContent({
        files: { posts, pages: [], statics: [], diagnostics: [] },
        config,
        pool: () => pool,
        poolFrom: 1,
        cache,
        positions: false,
      });
      expect(here.posts.map((post) => post.source)).toEqual(posts.filter((post) => post.absolute !== missing).map((post) => post.source));
      expect(here.posts).toEqual(pooled.posts);
      expect(here.diagnostics.map((d) => [d.file, d.message.startsWith('cannot read this post')])).toEqual([['_posts/2024-03-02-gone.md', true]]);
    } finally {
      await cache.close();
    }
  });
});
