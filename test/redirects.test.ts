/**
 * jekyll-redirect-from, emulated: `redirect_from` and `redirect_to` in posts
 * and pages write the files Jekyll 4.3.1 with the plugin writes
 * (test/fixtures/jekyll-redirects/, recorded from Jekyll itself), with the
 * same targets, less the inline script; redirects.json as the plugin writes
 * it; a redirect over a page or post is an error naming both; a value that is
 * no path is a warning; a warm build rewrites nothing.
 */
import { appendFileSync, cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { resolveConfig } from '../src/config.js';
import { createRenderer } from '../src/content/markdown.js';
import { readPost } from '../src/content/post.js';
import { type BuildOptions, createBuilder } from '../src/index.js';
import { listFiles } from './helpers/site.js';

const FIXTURES = join(import.meta.dirname, 'fixtures');
const JEKYLL = join(FIXTURES, 'jekyll-redirects');
const NOW = new Date('2024-02-01T00:00:00Z');

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

/** A copy of a fixture site in a temp folder, `extraConfig` appended to its _config.yml. */
function copySite(from: string, extraConfig = ''): { site: string; out: string } {
  const root = mkdtempSync(join(tmpdir(), 'gazette-redirects-'));
  cleanups.push(() => rmSync(root, { recursive: true, force: true }));
  const site = join(root, 'site');
  cpSync(from, site, { recursive: true });
  if (extraConfig !== '') appendFileSync(join(site, '_config.yml'), extraConfig);
  return { site, out: join(root, 'out') };
}

function options(site: string, out: string): BuildOptions {
  return { source: site, destination: out, jobs: 1, cache: false, now: NOW };
}

async function buildOnce(site: string, out: string) {
  const builder = createBuilder(options(site, out));
  try {
    return await builder.build();
  } finally {
    await builder.close();
  }
}

/** The redirect page's targets: canonical, refresh, link (HTML references decoded). */
function targets(html: string): string[] {
  const decode = (value: string) => value.replaceAll('&amp;', '&').replaceAll('&quot;', '"');
  const pick = (re: RegExp) => decode(re.exec(html)?.[1] ?? '(none)');
  return [pick(/<link rel="canonical" href="([^"]*)">/), pick(/<meta http-equiv="refresh" content="0; url=([^"]*)">/), pick(/<a href="([^"]*)">/)];
}

const isRedirectPage = (text: string) => text.includes('<title>Redirecting&hellip;</title>');

describe('redirects as jekyll-redirect-from writes them (checked against Jekyll 4.3.1)', () => {
  for (const variant of ['plain', 'url'] as const) {
    it(`writes every file Jekyll writes, each redirect page with Jekyll's targets and no script (${variant})`, async () => {
      const extra = variant === 'url' ? 'url: "https://news.example.com"\nbaseurl: "/뉴스"\n' : '';
      const { site, out } = copySite(join(JEKYLL, 'site'), extra);
      const result = await buildOnce(site, out);
      expect(result.diagnostics).toEqual([]);
      const expectedDir = join(JEKYLL, 'jekyll', variant);
      const jekyllFiles = await listFiles(expectedDir);
      const ours = new Set(await listFiles(out));
      expect(jekyllFiles.filter((file) => !ours.has(file))).toEqual([]);

      const redirectFiles = jekyllFiles.filter((file) => isRedirectPage(readFileSync(join(expectedDir, file), 'utf8')));
      expect(redirectFiles.length).toBe(16);
      for (const file of redirectFiles) {
        const theirs = readFileSync(join(expectedDir, file), 'utf8');
        const mine = readFileSync(join(out, file), 'utf8');
        expect([file, targets(mine)]).toEqual([file, targets(theirs)]);
        // Byte for byte the plugin's page, without its inline script (the theme's CSP forbids it).
        expect([file, mine.replaceAll('&amp;', '&')]).toEqual([file, theirs.replace(/ {2}<script>.*<\/script>\n/, '')]);
      }
      // Same keys, values and order.
      expect(readFileSync(join(out, 'redirects.json'), 'utf8')).toBe(readFileSync(join(expectedDir, 'redirects.json'), 'utf8'));
    });
  }

  it('leaves redirect pages, and posts and pages that redirect, out of the sitemap', async () => {
    const { site, out } = copySite(join(JEKYLL, 'site'));
    await buildOnce(site, out);
    const sitemap = readFileSync(join(out, 'sitemap.xml'), 'utf8');
    for (const path of ['old/a/', 'old/b', 'about-us/', 'korean-old/', '2024/01/04/c.html', '2024/01/05/d.html', 'b.html'])
      expect([path, sitemap.includes(`<loc>/${path}</loc>`)]).toEqual([path, false]);
    // The posts that are redirected to stay.
    expect(sitemap).toContain('<loc>/2024/01/02/a.html</loc>');
    expect(sitemap).toContain('<loc>/about/</loc>');
  });

  it('writes redirects.json as {} when the site lists the plugin and has no redirects, and none when it lists neither', async () => {
    const listed = copySite(join(JEKYLL, 'empty-site'));
    await buildOnce(listed.site, listed.out);
    expect(readFileSync(join(listed.out, 'redirects.json'), 'utf8')).toBe(readFileSync(join(JEKYLL, 'jekyll', 'empty', 'redirects.json'), 'utf8'));

    const unlisted = copySite(join(JEKYLL, 'empty-site'));
    writeFileSync(join(unlisted.site, '_config.yml'), 'title: No plugins\n');
    await buildOnce(unlisted.site, unlisted.out);
    expect(existsSync(join(unlisted.out, 'redirects.json'))).toBe(false);

    const off = copySite(join(JEKYLL, 'site'), 'redirect_from:\n  json: false\n');
    await buildOnce(off.site, off.out);
    expect(existsSync(join(off.out, 'redirects.json'))).toBe(false);
    expect(existsSync(join(off.out, 'old/a/index.html'))).toBe(true);
  });
});

describe('redirect mistakes', () => {
  it('a redirect over a page or another redirect is an error naming both sources, and nothing is written', async () => {
    const { site, out } = copySite(join(FIXTURES, 'redirects', 'conflict'));
    const result = await buildOnce(site, out);
    expect(result.ok).toBe(false);
    const errors = result.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.file}: ${d.message}`);
    expect(errors).toEqual(
      expect.arrayContaining([
        '_posts/2024-01-02-over-page.md: _posts/2024-01-02-over-page.md (a redirect from /about/) and about.md both map to the URL /about/',
        expect.stringMatching(
          /^_posts\/2024-01-0[34]-\w+\.md: _posts\/2024-01-0[34]-\w+\.md \(a redirect from \/old\/shared\/\) and _posts\/2024-01-0[34]-\w+\.md \(a redirect from \/old\/shared\/\) both map to the URL \/old\/shared\/$/,
        ),
      ]),
    );
    expect(errors).toHaveLength(2);
    const shared = errors.find((e) => e.includes('/old/shared/')) ?? '';
    expect(shared).toContain('2024-01-03-first.md');
    expect(shared).toContain('2024-01-04-second.md');
    expect(existsSync(out)).toBe(false);
  });

  it('warns at the key for a value that is not a site path or http(s) URL, and drops it', () => {
    const { config } = resolveConfig(readFileSync(join(FIXTURES, 'redirects', 'invalid', '_config.yml'), 'utf8'));
    const renderer = createRenderer({ sanitize: config.sanitize, siteOrigin: config.url });
    const read = (name: string) => {
      const source = `_posts/${name}`;
      return readPost({ source, bytes: readFileSync(join(FIXTURES, 'redirects', 'invalid', source)), mtime: NOW, draft: false }, { config, renderer });
    };

    const from = read('2024-01-02-bad-from.md');
    expect(from.post?.redirectFrom).toEqual(['/kept/']);
    expect(from.diagnostics.map((d) => [d.severity, d.line, d.message])).toEqual([
      ['warning', 3, '`redirect_from` entry "javascript:alert(1)" is not a path inside the site; it is dropped'],
      ['warning', 3, '`redirect_from` entry "//evil.example/x" is not a path inside the site; it is dropped'],
      ['warning', 3, '`redirect_from` entry "/../../climbs/" is not a path inside the site; it is dropped'],
      ['warning', 3, '`redirect_from` entry "/search?q=1" is not a path inside the site; it is dropped'],
      ['warning', 3, '`redirect_from` entry 42 is not a path inside the site; it is dropped'],
    ]);

    const to = read('2024-01-03-bad-to.md');
    expect(to.post?.redirectTo).toBeUndefined();
    expect(to.post?.sitemap).toBeUndefined();
    expect(to.diagnostics.map((d) => [d.severity, d.line, d.message])).toEqual([
      ['warning', 4, '`redirect_to` "javascript:alert(document.domain)" is not an http(s) URL or a path inside the site; it is dropped'],
    ]);

    const data = read('2024-01-04-data-to.md');
    expect(data.post?.redirectTo).toBeUndefined();
    expect(data.diagnostics.map((d) => [d.severity, d.line, d.message])).toEqual([
      ['warning', 3, '`redirect_to` a mapping is not an http(s) URL or a path inside the site; it is dropped'],
    ]);
  });
});

describe('rebuilds with redirects', () => {
  it('a warm build writes nothing; a body edit rewrites no redirect page; a moved target rewrites its redirects', async () => {
    const { site, out } = copySite(join(JEKYLL, 'site'));
    const builder = createBuilder(options(site, out));
    cleanups.push(() => void builder.close());
    const first = await builder.build();
    expect(first.ok).toBe(true);

    const warm = await builder.build([join(site, '_posts', '2024-01-03-b.md')]);
    expect(warm.changedFiles).toEqual([]);
    expect(warm.stats.written).toBe(0);
    // A new process (the CLI's next build): fingerprints from the manifest, nothing rendered or written.
    const next = await buildOnce(site, out);
    expect([next.stats.written, next.stats.rendered, next.changedFiles]).toEqual([0, 0, []]);

    const post = join(site, '_posts', '2024-01-03-b.md');
    writeFileSync(post, readFileSync(post, 'utf8').replace('B body.', 'B body, edited.'));
    const edited = await builder.build([post]);
    expect(edited.changedFiles.filter((file) => isRedirectPage(readFileSync(join(out, file), 'utf8')))).toEqual([]);
    expect(edited.changedFiles).toContain('2024/01/03/b.html');

    const about = join(site, 'about.md');
    writeFileSync(about, readFileSync(about, 'utf8').replace('permalink: /about/', 'permalink: /company/'));
    const moved = await builder.build([about]);
    expect(moved.ok).toBe(true);
    for (const file of ['about-us/index.html', '회사소개.html']) expect(moved.changedFiles).toContain(file);
    expect(moved.changedFiles).not.toContain('2024/01/05/d.html');
    expect(targets(readFileSync(join(out, 'about-us/index.html'), 'utf8'))[0]).toBe('/company/');
    // redirect_to: /about/ is written as it is, as the plugin does; the page it names has moved.
    expect(targets(readFileSync(join(out, '2024/01/05/d.html'), 'utf8'))[0]).toBe('/about/');
  });
});
