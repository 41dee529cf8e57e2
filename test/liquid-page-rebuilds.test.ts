/**
 * Pages whose Liquid shows posts stay right across rebuilds: a body edit of
 * a post that such a page shows re-renders the page (in watch, where the
 * last build is in memory, and from the edit index a one-shot build leaves),
 * and a change to an include or a data file re-renders the pages using it.
 * Each rebuild is compared with a clean build of the same source.
 *
 * The site is test/fixtures/watch/site.ts (24 posts) plus three pages.
 */
import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { build, createBuilder } from '../src/index.js';
import { type FixturePost, NOW, writeFixtureSite } from './fixtures/watch/site.js';
import { siteSnapshot } from './helpers/site.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/**
 * The oldest post's text, through `post.content`. Only its own page shows
 * that post's body otherwise (it is on no first list page and in no feed), so
 * without this page a body edit of it would take the body-edit shortcuts.
 */
const LATEST = '---\ntitle: 최신\n---\n{% assign oldest = site.posts | last %}<p class="oldest">{{ oldest.content | strip_html | strip }}</p>\n';
const MENU = '---\ntitle: 메뉴\n---\n{% include menu.html items=site.data.menu %}\n';
const INCLUDE = '<nav>{% for item in include.items %}<a href="{{ item.url | relative_url }}">{{ item.title }}</a>{% endfor %}</nav>\n';

function setupSite(): { root: string; site: string; out: string; posts: FixturePost[] } {
  const root = mkdtempSync(join(tmpdir(), 'gazette-liquid-rebuild-'));
  cleanups.push(() => rmSync(root, { recursive: true, force: true }));
  const site = join(root, 'site');
  const posts = writeFixtureSite(site);
  writeFileSync(join(site, 'latest.md'), LATEST);
  writeFileSync(join(site, 'menu.md'), MENU);
  mkdirSync(join(site, '_includes'));
  writeFileSync(join(site, '_includes', 'menu.html'), INCLUDE);
  mkdirSync(join(site, '_data'));
  writeFileSync(join(site, '_data', 'menu.yml'), '- title: 경제\n  url: /categories/경제/\n');
  return { root, site, out: join(root, 'out'), posts };
}

async function cleanBuild(site: string, root: string): Promise<Map<string, string>> {
  const out = join(root, `clean-${Math.random().toString(36).slice(2)}`);
  const result = await build({ source: site, destination: out, jobs: 1, cache: false, now: NOW, editIndex: false });
  expect(result.ok).toBe(true);
  return siteSnapshot(out);
}

const oldest = (posts: FixturePost[]) => posts[0] as FixturePost;

describe('pages with Liquid across rebuilds', () => {
  it('watch: a body edit of a post a page shows re-renders that page', async () => {
    const { root, site, out, posts } = setupSite();
    const builder = createBuilder({ source: site, destination: out, jobs: 1, cache: false, now: NOW });
    cleanups.push(() => builder.close());
    expect((await builder.build()).ok).toBe(true);
    const file = join(site, oldest(posts).source);
    appendFileSync(file, '\n<p>MARKER-WATCH</p>\n');
    const result = await builder.build([file]);
    expect(result.ok).toBe(true);
    expect(readFileSync(join(out, 'latest/index.html'), 'utf8')).toContain('MARKER-WATCH');
    expect(siteSnapshot(out)).toEqual(await cleanBuild(site, root));
  });

  it('watch: an include or a data file changed re-renders the pages using it', async () => {
    const { root, site, out } = setupSite();
    const builder = createBuilder({ source: site, destination: out, jobs: 1, cache: false, now: NOW });
    cleanups.push(() => builder.close());
    expect((await builder.build()).ok).toBe(true);
    const include = join(site, '_includes', 'menu.html');
    writeFileSync(include, INCLUDE.replace('<nav>', '<nav class="menu">'));
    expect((await builder.build([include])).ok).toBe(true);
    expect(readFileSync(join(out, 'menu/index.html'), 'utf8')).toContain('<nav class="user-content-menu">');
    const data = join(site, '_data', 'menu.yml');
    writeFileSync(data, '- title: 정치\n  url: /categories/정치/\n');
    expect((await builder.build([data])).ok).toBe(true);
    expect(readFileSync(join(out, 'menu/index.html'), 'utf8')).toContain('>정치</a>');
    expect(siteSnapshot(out)).toEqual(await cleanBuild(site, root));
  });

  it('one-shot builds: a page that reads post bodies keeps the next body edit from the edit index', async () => {
    const { root, site, out, posts } = setupSite();
    const options = { source: site, destination: out, jobs: 1, now: NOW };
    expect((await build(options)).ok).toBe(true);
    appendFileSync(join(site, oldest(posts).source), '\n<p>MARKER-INDEX</p>\n');
    const second = await build(options);
    expect(second.ok).toBe(true);
    expect(second.stats.fromEditIndex).toBe(false);
    expect(readFileSync(join(out, 'latest/index.html'), 'utf8')).toContain('MARKER-INDEX');
    expect(siteSnapshot(out)).toEqual(await cleanBuild(site, root));
  });
});
