/**
 * A site template that cannot render a page is the site's mistake, like a
 * broken post: the build reports it at the template's line and column, once
 * for all the pages it breaks, exits 1 and publishes nothing. It used to be
 * gazette's "internal error" with a stack trace. Fixtures:
 * test/fixtures/template-errors/*.njk, each used as the site's post.njk.
 */
import { appendFileSync, copyFileSync, existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { build, createBuilder } from '../src/index.js';
import { NOW, POSTS, writeFixtureSite } from './fixtures/watch/site.js';
import { cleanTemp, copyFixture, genCorpus, ROOT, runCli, siteSnapshot, summaryOf, tempDir } from './helpers/site.js';

vi.setConfig({ testTimeout: 120_000 });
afterAll(cleanTemp);

function usePostTemplate(site: string, name: string): void {
  mkdirSync(path.join(site, 'templates'), { recursive: true });
  copyFileSync(path.join(ROOT, 'test', 'fixtures', 'template-errors', `${name}.njk`), path.join(site, 'templates', 'post.njk'));
}

const OTHER_PAGES = /^cannot render \/\S+ and (\d+) other pages?: /;
/** The watch fixture site (24 posts) with long-body-fails.njk; `lengthen` appends to one post's body what the template refuses, and returns the post's path. */
async function longBodySite(label: string): Promise<{ site: string; destination: string; lengthen: () => string }> {
  const dir = await tempDir(label);
  const site = path.join(dir, 'site');
  const posts = writeFixtureSite(site);
  usePostTemplate(site, 'long-body-fails');
  const edited = posts[Math.floor(POSTS / 2)];
  if (!edited) throw new Error('the fixture has no posts');
  const file = path.join(site, edited.source);
  return {
    site,
    destination: path.join(dir, 'out'),
    lengthen: () => {
      appendFileSync(file, `\n\n${'긴 문단입니다. '.repeat(800)}\n`);
      return file;
    },
  };
}

/** What both body-edit scenarios report: the one post's page, not the others. */
const LONG_BODY_ERROR = { file: 'templates/post.njk', line: 4, message: expect.stringMatching(/^cannot render \/\S+: Unable to call `nope`/) as unknown };

describe('a template that cannot render', () => {
  it('is one error at its line and column for all the pages it breaks; the last build stays published', async () => {
    const site = await copyFixture('basic');
    const destination = path.join(path.dirname(site), 'out');
    const good = await build({ source: site, destination, jobs: 1 });
    expect(good.ok).toBe(true);
    const published = siteSnapshot(destination);

    usePostTemplate(site, 'call-undefined');
    const broken = await build({ source: site, destination, jobs: 1 });
    expect(broken.ok).toBe(false);
    const errors = broken.diagnostics.filter((d) => d.severity === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ file: 'templates/post.njk', line: 4, column: 10 });
    expect(errors[0]?.message).toMatch(OTHER_PAGES);
    expect(errors[0]?.message).toMatch(/: Unable to call `nope`, which is undefined or falsey$/);
    expect(Number(OTHER_PAGES.exec(errors[0]?.message ?? '')?.[1]) + 1).toBe(good.stats.posts);
    expect(siteSnapshot(destination)).toEqual(published);
  });

  it('gives a syntax error at the place the parser names', async () => {
    const site = await copyFixture('basic');
    usePostTemplate(site, 'syntax-error');
    const result = await build({ source: site, destination: path.join(path.dirname(site), 'out'), jobs: 1 });
    expect(result.ok).toBe(false);
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toMatchObject([
      { file: 'templates/post.njk', line: 2, column: 36, message: expect.stringMatching(/: expected symbol, got variable-end$/) as unknown },
    ]);
  });

  it('is reported by the CLI from the worker threads, exit 1, with a code frame and no stack trace', async () => {
    const dir = await tempDir('template-errors-cli');
    const site = path.join(dir, 'site');
    genCorpus(300, site);
    usePostTemplate(site, 'call-undefined');
    const destination = path.join(dir, 'out');
    const { status, stderr } = runCli(['build', '-s', site, '-d', destination, '--jobs', '2']);
    expect(status, stderr).toBe(1);
    expect(stderr).toContain('templates/post.njk:4:10: error: cannot render ');
    expect(stderr).toMatch(/and 299 other pages: Unable to call `nope`/);
    expect(stderr).toContain('> 4 |   {{ nope() }}');
    expect(stderr).not.toMatch(/internal error|\n\s+at /);
    expect(summaryOf(stderr)).toMatch(/1 error; nothing was written/);
    // The build made the destination; having published nothing, it removed it again.
    expect(existsSync(destination)).toBe(false);
  }, 180_000);

  it('after a body edit the edit index would publish, makes the build a full one that reports it', async () => {
    const { site, destination, lengthen } = await longBodySite('template-errors-edit');
    const cold = await build({ source: site, destination, jobs: 1, now: NOW });
    expect(cold.ok).toBe(true);
    const published = siteSnapshot(destination);
    lengthen();
    const result = await build({ source: site, destination, jobs: 1, now: NOW });
    expect(result.ok).toBe(false);
    expect(result.stats.fromEditIndex).toBe(false);
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toMatchObject([LONG_BODY_ERROR]);
    expect(siteSnapshot(destination)).toEqual(published);
  });

  it('in watch mode, after a body edit the rebuild would render alone, is reported by the full rebuild it falls back to', async () => {
    const { site, destination, lengthen } = await longBodySite('template-errors-watch');
    const builder = createBuilder({ source: site, destination, jobs: 1, cache: false, now: NOW });
    try {
      expect((await builder.build()).ok).toBe(true);
      const published = siteSnapshot(destination);
      const result = await builder.build([lengthen()]);
      expect(result.ok).toBe(false);
      expect(result.diagnostics.filter((d) => d.severity === 'error')).toMatchObject([LONG_BODY_ERROR]);
      expect(siteSnapshot(destination)).toEqual(published);
    } finally {
      await builder.close();
    }
  });
});
