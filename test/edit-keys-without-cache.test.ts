/**
 * A post's edit-index key (`shown`: the hash of what other pages show of it)
 * is computed while parsing only when a cache on disk will store it; a
 * `--no-cache` build skips it and builds the same site.
 */
import { readdirSync, statSync } from 'node:fs';
import { cp } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openCache } from '../src/cache/cache.js';
import { resolveConfig } from '../src/config.js';
import { build } from '../src/index.js';
import { shownHash } from '../src/render/route-kinds.js';
import { runParseTask } from '../src/workers/parse-task.js';
import { cleanTemp, ROOT, siteSnapshot, tempDir } from './helpers/site.js';

const FIXTURE = path.join(ROOT, 'test', 'fixtures', 'cache');
const { config } = resolveConfig('timezone: Asia/Seoul\n');

afterAll(cleanTemp);

function postFiles() {
  return readdirSync(path.join(FIXTURE, '_posts'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => {
      const absolute = path.join(FIXTURE, '_posts', name);
      const info = statSync(absolute);
      return { source: `_posts/${name}`, absolute, draft: false, mtimeMs: info.mtimeMs, size: info.size };
    });
}

describe('edit-index keys while parsing', () => {
  it('are computed by default and skipped with editKeys: false, the entries otherwise equal', async () => {
    const cache = await openCache({ source: FIXTURE, enabled: false, pipelineKey: 'test' });
    try {
      const task = { config, positions: false, bodyDir: cache.bodyDir, key: cache.key, files: postFiles() };
      const keyed = runParseTask(task);
      const bare = runParseTask({ ...task, editKeys: false });
      expect(keyed.length).toBeGreaterThan(0);
      for (const [i, entry] of keyed.entries()) {
        expect(entry.shown).toBe(shownHash(entry));
        const { shown: _shown, ms: _ms, body: _body, ...rest } = entry;
        const { ms: _ms2, body: _body2, ...other } = bare[i] ?? entry;
        expect(bare[i]?.shown).toBeUndefined();
        expect(other).toEqual(rest);
      }
    } finally {
      await cache.close();
    }
  });

  it('a --no-cache build (no keys) writes the same site as one with the cache', async () => {
    const dir = await tempDir('edit-keys');
    const site = path.join(dir, 'site');
    await cp(FIXTURE, site, { recursive: true });
    const now = new Date('2026-01-01T00:00:00Z');
    const without = await build({ source: site, destination: path.join(dir, 'a'), jobs: 1, cache: false, now });
    const withCache = await build({ source: site, destination: path.join(dir, 'b'), jobs: 1, cache: true, now });
    expect(without.ok && withCache.ok).toBe(true);
    expect(siteSnapshot(path.join(dir, 'a'))).toEqual(siteSnapshot(path.join(dir, 'b')));
  });
});
