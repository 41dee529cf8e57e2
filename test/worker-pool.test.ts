/**
 * The worker pool's bounded heap: a batch that outgrows a worker's heap is
 * run again in the main thread, with the same result as a build without
 * workers, and nothing is lost.
 */
import { randomBytes } from 'node:crypto';
import { statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveConfig } from '../src/config.js';
import { type ParseTask, runParseTask } from '../src/workers/parse-task.js';
import { createWorkerPool } from '../src/workers/pool.js';
import { cleanTemp, ROOT, tempDir } from './helpers/site.js';

const FIXTURE_POSTS = path.join(ROOT, 'test', 'fixtures', 'pool', '_posts');
const { config } = resolveConfig('timezone: Asia/Seoul\n');
/** Above the huge post's size: it must reach the worker, not be refused by `max_post_size`. */
const largePosts = resolveConfig('timezone: Asia/Seoul\nmax_post_size: 64MB\n').config;
const KEY = randomBytes(32).toString('hex');

afterAll(cleanTemp);

function postFile(absolute: string): ParseTask['files'][number] {
  const info = statSync(absolute);
  return { source: `_posts/${path.basename(absolute)}`, absolute, draft: false, mtimeMs: info.mtimeMs, size: info.size };
}

/** A post of about 4 MB: 50,000 paragraphs with inline colour styles and links, as generated posts can be. */
function writeHugePost(dir: string): string {
  const file = path.join(dir, '2024-03-02-huge-report.md');
  const paragraphs: string[] = [];
  for (let i = 0; i < 50_000; i++)
    paragraphs.push(`<p>문단 ${i} <span style="color: #ee2323;">빨간 글씨</span> <a href="https://example.com/${i}">링크</a></p>`);
  writeFileSync(file, `---\ntitle: 아주 긴 보도\n---\n${paragraphs.join('\n')}\n`);
  return file;
}

describe('worker pool with a bounded heap', () => {
  it('runs an ordinary batch in a worker', async () => {
    const bodyDir = await tempDir('pool-bodies');
    const task: ParseTask = { config, positions: false, bodyDir, key: KEY, files: [postFile(path.join(FIXTURE_POSTS, '2024-03-01-short-report.md'))] };
    const pool = createWorkerPool({ threads: 1 });
    try {
      const entries = await pool.parse(task);
      expect(pool.redone).toBe(0);
      expect(entries.map((entry) => entry.summary?.title)).toEqual(['짧은 보도']);
      expect(entries).toEqual(runParseTask(task).map((entry) => ({ ...entry, ms: entries[0]?.ms })));
    } finally {
      await pool.close();
    }
  }, 60_000);

  it('runs a batch that outgrows the heap again in the main thread, losing no post', async () => {
    const dir = await tempDir('pool-huge');
    const task: ParseTask = {
      config: largePosts,
      positions: false,
      bodyDir: dir,
      key: KEY,
      files: [postFile(path.join(FIXTURE_POSTS, '2024-03-01-short-report.md')), postFile(writeHugePost(dir))],
    };
    const pool = createWorkerPool({ threads: 1, heapMb: 32 });
    try {
      const entries = await pool.parse(task);
      expect(pool.redone).toBe(1);
      expect(entries.map((entry) => entry.summary?.title)).toEqual(['짧은 보도', '아주 긴 보도']);
      expect(entries.flatMap((entry) => entry.diagnostics)).toEqual([]);
      expect(entries[1]?.body?.length).toBeGreaterThan(4_000_000);
    } finally {
      await pool.close();
    }
  }, 120_000);
});
