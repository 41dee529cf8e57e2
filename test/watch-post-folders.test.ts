/**
 * `gazette watch` (the library call, no server) with the post-folder watcher:
 * a post folder created during the session, at any depth of the site, and a
 * `_drafts/` folder created with `--drafts`, are watched, and their posts
 * built; a file outside post folders still goes through chokidar.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import type { BuildResult } from '../src/index.js';
import { createReporter } from '../src/report.js';
import { watch } from '../src/serve/watch.js';
import { fixture } from './helpers/site.js';

const root = mkdtempSync(path.join(tmpdir(), 'gazette-watch-folders-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function until(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((done) => setTimeout(done, 20));
  }
}

describe('gazette watch and post folders', () => {
  it('builds the posts of post folders made during the session (news/_posts/, sports/_drafts/), and a new static file', async () => {
    const site = path.join(root, 'site');
    cpSync(fixture('basic'), site, { recursive: true, filter: (from) => !['_site', '.gazette-cache'].includes(path.basename(from)) });
    const out = path.join(root, 'out');
    const builds: BuildResult[] = [];
    let stop = () => undefined as void;
    const stopped = new Promise<void>((done) => (stop = done));
    let ready = false;
    const reporter = createReporter({ quiet: true, verbose: false, profile: false, stream: new PassThrough() });
    const session = watch({
      source: site,
      destination: out,
      jobs: 1,
      drafts: true,
      port: 0,
      host: '127.0.0.1',
      open: false,
      serve: false,
      reporter,
      until: stopped,
      onBuild: (result) => builds.push(result),
      onReady: () => (ready = true),
    });
    try {
      await until(() => ready, 'the watcher');
      const built = () => builds.length;

      mkdirSync(path.join(site, 'news', '_posts'), { recursive: true });
      await new Promise((done) => setTimeout(done, 200));
      let before = built();
      writeFileSync(path.join(site, 'news', '_posts', '2024-06-01-new-folder.md'), '---\ntitle: 새 폴더 기사\n---\n본문.\n');
      await until(() => existsSync(path.join(out, 'news', '2024', '06', '01', 'new-folder', 'index.html')), 'the post of the new folder');
      await until(() => built() > before, 'the end of that build');
      expect(builds.at(-1)?.ok).toBe(true);

      mkdirSync(path.join(site, 'sports', '_drafts'), { recursive: true });
      await new Promise((done) => setTimeout(done, 200));
      writeFileSync(path.join(site, 'sports', '_drafts', 'draft-one.md'), '---\ntitle: 초안\ndate: 2024-06-02 09:00:00 +09:00\n---\n초안.\n');
      await until(() => existsSync(path.join(out, 'sports', '2024', '06', '02', 'draft-one', 'index.html')), 'the draft');

      before = built();
      writeFileSync(path.join(site, 'robots-note.txt'), 'a static file\n');
      await until(() => existsSync(path.join(out, 'robots-note.txt')), 'the static file');
      await until(() => built() > before, 'the end of that build');
      expect(builds.every((result) => result.ok)).toBe(true);
    } finally {
      stop();
      expect(await session).toBe(0);
    }
  }, 60_000);
});
