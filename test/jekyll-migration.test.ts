/**
 * A Jekyll 4 news site builds as it is, with no flags, and keeps what Jekyll
 * made of it: every output path Jekyll 4.3.1 writes (expected-paths.txt, each
 * with the rule it comes from), pagination where jekyll-paginate puts it, the
 * site's own home page, Liquid evaluated in pages, front-matter files
 * rendered, feed ids in jekyll-feed's shape, kramdown's reading of Markdown,
 * table styles, and pages that opt out of the sitemap.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { assertBuilt, cleanTemp, copyFixture, fixture, listFiles, readText, runCli } from './helpers/site.js';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

const SITE = fixture('jekyll-news');

/** `path<TAB>rule` lines of expected-paths.txt. */
function expectedPaths(): { file: string; rule: string }[] {
  return readFileSync(path.join(SITE, 'expected-paths.txt'), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.startsWith('#'))
    .map((line) => {
      const [file = '', rule = ''] = line.split('\t');
      return { file, rule };
    });
}

let out = '';
let stderr = '';
let files: string[] = [];

beforeAll(async () => {
  assertBuilt();
  const site = await copyFixture('jekyll-news');
  // No flags at all, in the site's folder: how a site owner tries it first.
  const result = runCli(['build'], { cwd: site });
  stderr = result.stderr;
  expect(result.status, result.stderr).toBe(0);
  out = path.join(site, '_site');
  files = await listFiles(out);
});
afterAll(() => cleanTemp());

describe('a Jekyll news site moves over', () => {
  it('writes every file Jekyll 4.3.1 writes for it', () => {
    const missing = expectedPaths()
      .filter(({ file }) => !files.includes(file))
      .map(({ file, rule }) => `${file} (${rule})`);
    expect(missing).toEqual([]);
  });

  it('paginates as jekyll-paginate: the template page keeps its URL and title, later pages are folders, same-date posts newest path first', () => {
    const page1 = readText(out, 'blog/index.html');
    expect(page1).toContain('<title>전체 기사');
    expect(readText(out, 'blog/page2/index.html')).toContain('<meta name="description" content="코리아 뉴스의 모든 기사">');
    const order = ['news/2024/07/12/9/', 'news/2024/07/12/81/', 'news/2024/07/12/10/'];
    const listed = (html: string) => order.filter((url) => html.includes(`href="/${url}"`));
    // 6 posts, 2 a page: [9, 81], [10, kramdown], [cr, chips].
    expect(listed(page1)).toEqual(order.slice(0, 2));
    expect(listed(readText(out, 'blog/page2/index.html'))).toEqual(order.slice(2));
    expect(readText(out, 'blog/page2/index.html')).toContain('href="/blog/page3/"');
    expect(files.some((file) => /^page\d/.test(file) || file === 'blog/page2.html')).toBe(false);
  });

  it("keeps the site's own index.md at / with its Liquid evaluated, includes with parameters and data files", () => {
    const home = readText(out, 'index.html');
    expect(home).toContain('<a href="/news/2024/07/12/9/">국방 뉴스 9호: 한일 국방장관 회동</a> <small>2024-07-12</small>');
    expect(home).toContain('<aside class="user-content-notice"><strong>오늘의 주요 뉴스</strong></aside>');
    expect(home).toContain('<a href="/blog/">전체 기사</a>');
    for (const file of files.filter((name) => /\.(html|xml|json|js|css)$/.test(name))) {
      expect(readText(out, file), file).not.toMatch(/{%|{{/);
    }
  });

  it('renders files with front matter whatever their extension, and every XML and JSON output parses', () => {
    expect(JSON.parse(readText(out, 'manifest.json'))).toEqual({ name: '코리아 뉴스', start_url: '/', display: 'standalone' });
    const search = JSON.parse(readText(out, 'assets/search.json')) as { title: string; url: string }[];
    expect(search).toHaveLength(6);
    expect(readText(out, 'sw.js')).toMatch(/^const CACHE = 'news-\d{4}';/);
    expect(readText(out, 'assets/styles.css')).toBe('body {\n  margin: 0;\n}\n\n.notice strong {\n  color: #ee2323;\n}\n');
    const xml = new XMLParser({ ignoreAttributes: false });
    for (const file of files.filter((name) => name.endsWith('.xml'))) expect(() => xml.parse(readText(out, file), true), file).not.toThrow();
    for (const file of files.filter((name) => name.endsWith('.json'))) expect(() => JSON.parse(readText(out, file)), file).not.toThrow();
  });

  it("gives feed entries jekyll-feed's ids: the post's URL without its trailing slash", () => {
    const ids = [...readText(out, 'feed.xml').matchAll(/<id>([^<]+)<\/id>/g)].map((match) => match[1]);
    expect(ids).toContain('https://news.example.com/news/2024/07/12/81');
    expect(ids.filter((id) => id !== 'https://news.example.com/feed.xml').every((id) => !id?.endsWith('/'))).toBe(true);
  });

  it('reads Markdown as kramdown: bold after a block-HTML line, typographic quotes', () => {
    const post = readText(out, 'news/economy/2024/07/11/kramdown/index.html');
    expect(post).toContain('<strong>블랙록</strong>');
    expect(post).not.toContain('**');
    expect(post).toContain('“환영”');
  });

  it('repairs front matter with lone carriage returns, with a warning at its line', () => {
    expect(files).toContain('news/2024/07/10/cr/index.html');
    expect(stderr).toMatch(/_posts\/2024-07-10-cr\.md:5:\d+: warning: repaired/);
  });

  it("keeps authors' table borders, widths and padding", () => {
    const post = readText(out, 'news/2024/07/12/81/index.html');
    expect(post).toContain('border-collapse: collapse');
    expect(post).toContain('border: 1px solid #dddddd');
    expect(post).toContain('padding: 5px');
    expect(post).toContain('width: 50%');
  });

  it('leaves sitemap: false pages out of the sitemap, keeps the rest', () => {
    const sitemap = readText(out, 'sitemap.xml');
    expect(sitemap).not.toContain('/thanks/');
    expect(sitemap).not.toContain('/404.html');
    expect(sitemap).toContain('<loc>https://news.example.com/about/</loc>');
    expect(sitemap).toContain('<loc>https://news.example.com/blog/page2/</loc>');
  });

  it('says once what was not carried over', () => {
    expect(stderr.match(/note: moved from Jekyll/g)).toHaveLength(1);
    expect(stderr).toContain('_layouts/ is not used (3 files)');
  });
});
