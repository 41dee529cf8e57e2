/**
 * `gazette build` end to end, through the CLI built in dist/ (and the
 * library API for the no-op rebuild): the basic fixture, rebuilds, the
 * example site, worker threads, and 2,000 generated posts at their Jekyll
 * URLs. Fixture sites are read in place with `--no-cache` into a temp
 * destination, or copied to a temp folder first; the repository is never
 * written to.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { cp, readdir, readFile, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { build } from '../src/index.js';
import {
  assertBuilt,
  cleanTemp,
  copyFixture,
  encodePath,
  fixture,
  genCorpus,
  headlines,
  hrefsOf,
  listFiles,
  ROOT,
  readText,
  readTree,
  runCli,
  SUMMARY_OK,
  summaryOf,
  tempDir,
  treeDifferences,
} from './helpers/site.js';

// Each test spawns the CLI one or more times; a loaded machine makes that slow.
vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

beforeAll(() => assertBuilt());
afterAll(() => cleanTemp());

const BASIC = fixture('basic');

/** Everything `gazette build` writes for test/fixtures/sites/basic (manifest aside), sorted by code unit. */
const BASIC_FILES = [
  '2024/01/index.html',
  '2024/05/01/hello/index.html',
  '2024/05/index.html',
  '2024/06/index.html',
  '2024/06/page2/index.html',
  '2024/index.html',
  '2024/page2/index.html',
  '2024/page3/index.html',
  '404.html',
  '_headers',
  'about/index.html',
  'assets/css/gazette.css',
  'assets/img/gazette-icon.svg',
  'assets/js/search.js',
  'assets/x.css',
  'categories/index.html',
  'categories/news/index.html',
  'categories/tech news/index.html',
  'categories/경제/index.html',
  'categories/국방/index.html',
  'categories/국방/page2/index.html',
  'feed.xml',
  'feed/news.xml',
  'feed/tech news.xml',
  'feed/경제.xml',
  'feed/국방.xml',
  'index.html',
  'news/경제/2024/06/10/market-update/index.html',
  'page2/index.html',
  'page3/index.html',
  'robots.txt',
  'search/d/0.json',
  'search/edits.json',
  'search/index.html',
  'search/index.json',
  'search/t/b6589fc6ab0dc82c.json',
  'sitemap-news.xml',
  'sitemap.xml',
  'tech news/2024/06/12/tech-launch/index.html',
  '국방/2024/01/01/new-year/index.html',
  '국방/2024/06/12/defense-talks/index.html',
  '국방/tech news/2024/05/20/policy-brief/index.html',
];

/** What `--drafts --future --unpublished` adds: the three posts, the list pages they make, and a second chunk of search cards. */
const EXTRA_FILES = [
  '2024/04/index.html',
  'search/d/1.json',
  '2024/page4/index.html',
  '2099/01/index.html',
  '2099/index.html',
  'categories/tech news/page2/index.html',
  'categories/경제/page2/index.html',
  'page4/index.html',
  'page5/index.html',
  'tech news/2024/06/05/draft-post/index.html',
  '경제/2024/04/01/unpublished-post/index.html',
  '경제/2099/01/01/future-post/index.html',
];

interface FixturePost {
  source: string;
  title: string;
  /** Raw site path. */
  url: string;
  /** Category keys (lowercased), as in /categories/<key>/. */
  categories: string[];
}

/** The basic fixture's published posts, newest first (same-date posts by source path, descending, as Jekyll's `site.posts`). */
const BASIC_POSTS: FixturePost[] = [
  { source: '_posts/2024-06-12-tech-launch.md', title: '새 반도체 칩 공개', url: '/tech news/2024/06/12/tech-launch/', categories: ['tech news'] },
  { source: '_posts/2024-06-12-defense-talks.md', title: '국방장관 회담 개최', url: '/국방/2024/06/12/defense-talks/', categories: ['국방'] },
  { source: 'news/_posts/2024-06-10-market-update.md', title: '증시 동향 업데이트', url: '/news/경제/2024/06/10/market-update/', categories: ['news', '경제'] },
  {
    source: '_posts/2024-05-20-policy-brief.md',
    title: '국방 기술 정책 브리핑',
    url: '/국방/tech news/2024/05/20/policy-brief/',
    categories: ['국방', 'tech news'],
  },
  { source: '_posts/2024-05-01-hello.md', title: 'Hello World', url: '/2024/05/01/hello/', categories: [] },
  { source: '_posts/2024-01-01-new-year.md', title: '새해 첫 소식', url: '/국방/2024/01/01/new-year/', categories: ['국방'] },
];

/** `/a/b/` → `a/b/index.html`. */
const fileOf = (url: string) => `${url.slice(1)}index.html`;

/** The post links of the cards on a list page, in order: [href, title]. */
function cards(html: string): [string, string][] {
  return [...html.matchAll(/class="card__title"><a href="([^"]*)">([^<]*)<\/a>/g)].map((m) => [m[1] ?? '', m[2] ?? '']);
}

describe('the basic fixture', () => {
  let out: string;
  let run: ReturnType<typeof runCli>;

  beforeAll(async () => {
    out = path.join(await tempDir('basic'), 'out');
    run = runCli(['build', '-s', BASIC, '-d', out, '--no-cache']);
  });

  it('builds with exit 0, no diagnostics, and leaves the fixture untouched', () => {
    expect(summaryOf(run.stderr), run.stderr).toMatch(SUMMARY_OK);
    expect(run.status).toBe(0);
    expect(headlines(run.stderr)).toEqual([]);
    expect(summaryOf(run.stderr)).toMatch(/^6 posts, 1 page, 0 warnings, 0 errors; 42 files written, 0 unchanged, 0 removed in /);
    expect(existsSync(path.join(BASIC, '.gazette-cache'))).toBe(false);
    expect(existsSync(path.join(BASIC, '_site'))).toBe(false);
  });

  it('writes exactly the expected files (raw UTF-8 paths)', async () => {
    expect(await listFiles(out)).toEqual(BASIC_FILES);
    expect(existsSync(path.join(out, '.gazette-manifest.json'))).toBe(true);
  });

  it('does not copy _private/, dot files, excluded folders, drafts, or post sources', async () => {
    const files = await listFiles(out, { manifest: true });
    for (const unwanted of ['_private/secret.txt', '.hidden', 'notes/plan.txt', '_config.yml', 'about.md']) expect(files).not.toContain(unwanted);
    // _headers is gazette's own (the CSP as a header), not a copy of the source's.
    expect(files.filter((f) => f.startsWith('_') || f.includes('/_'))).toEqual(['_headers']);
    expect(readText(out, 'assets/x.css')).toBe(readFileSync(path.join(BASIC, 'assets/x.css'), 'utf8'));
  });

  it('renders every post page with its title', () => {
    for (const post of BASIC_POSTS) {
      const html = readText(out, fileOf(post.url));
      expect(html, post.source).toContain(`>${post.title}</h1>`);
      expect(html, post.source).toContain(`<title>${post.title}`);
    }
    expect(readText(out, 'about/index.html')).toContain('이 사이트는 테스트용입니다.');
  });

  it('dates URLs in the site time zone (Asia/Seoul), not UTC', () => {
    // 2024-01-01 08:00 +09:00 is 2023-12-31 in UTC.
    expect(BASIC_FILES).toContain('국방/2024/01/01/new-year/index.html');
    expect(readText(out, '국방/2024/01/01/new-year/index.html')).toContain('datetime="2024-01-01T08:00:00+09:00"');
  });

  it('lists the newest posts first on the index pages, same-date posts by source path descending (Jekyll)', () => {
    const expected = BASIC_POSTS.map((p): [string, string] => [encodePath(p.url), p.title]);
    expect(cards(readText(out, 'index.html'))).toEqual(expected.slice(0, 2));
    expect(cards(readText(out, 'page2/index.html'))).toEqual(expected.slice(2, 4));
    expect(cards(readText(out, 'page3/index.html'))).toEqual(expected.slice(4, 6));
    expect(hrefsOf(readText(out, 'index.html'))).toContain('/page2/');
  });

  it('links each post (percent-encoded href) from every page of each of its categories', async () => {
    const categoryFiles = BASIC_FILES.filter((f) => /^categories\/[^/]+\/(page\d+\/)?index\.html$/.test(f));
    const hrefsByCategory = new Map<string, string[]>();
    for (const file of categoryFiles) {
      const key = file.split('/')[1] ?? '';
      hrefsByCategory.set(key, [...(hrefsByCategory.get(key) ?? []), ...cards(readText(out, file)).map(([href]) => href)]);
    }
    expect([...hrefsByCategory.keys()].sort()).toEqual(['news', 'tech news', '경제', '국방']);
    for (const post of BASIC_POSTS) {
      for (const key of post.categories) expect(hrefsByCategory.get(key), `${post.source} in ${key}`).toContain(encodePath(post.url));
    }
    // and nothing else: each category page lists only its own posts
    for (const [key, hrefs] of hrefsByCategory) {
      const expected = BASIC_POSTS.filter((p) => p.categories.includes(key)).map((p) => encodePath(p.url));
      expect(hrefs, key).toEqual(expected);
    }
  });

  it('lists every category with its post count on /categories/', () => {
    const html = readText(out, 'categories/index.html');
    const entries = [
      ...html.matchAll(/<a href="([^"]*)">\s*<span class="category-grid__name">([^<]*)<\/span>\s*<span class="category-grid__count">([^<]*)<\/span>/g),
    ].map((m) => [m[1], m[2], Number(/\d+/.exec(m[3] ?? '')?.[0])]);
    // By post count (descending), then key.
    expect(entries).toEqual([
      ['/categories/%EA%B5%AD%EB%B0%A9/', '국방', 3],
      ['/categories/tech%20news/', 'Tech News', 2],
      ['/categories/news/', 'news', 1],
      ['/categories/%EA%B2%BD%EC%A0%9C/', '경제', 1],
    ]);
  });

  it('percent-encodes every href while the files on disk keep raw names', () => {
    const techPost = readText(out, 'tech news/2024/06/12/tech-launch/index.html');
    expect(hrefsOf(techPost)).toContain('/categories/tech%20news/');
    const koreanPost = readText(out, '국방/2024/06/12/defense-talks/index.html');
    expect(hrefsOf(koreanPost)).toContain('/categories/%EA%B5%AD%EB%B0%A9/');
    const categoryPage = readText(out, 'categories/국방/index.html');
    expect(hrefsOf(categoryPage)).toContain('/categories/%EA%B5%AD%EB%B0%A9/page2/');
    expect(hrefsOf(categoryPage)).toContain('/feed/%EA%B5%AD%EB%B0%A9.xml');
    for (const file of BASIC_FILES.filter((f) => /\.(html|xml)$/.test(f))) {
      const text = readText(out, file);
      const raw = [...hrefsOf(text), ...[...text.matchAll(/<loc>([^<]*)<\/loc>/g)].map((m) => m[1] ?? '')].filter((h) => /[\s\u3131-\uD7A3]/.test(h));
      expect(raw, file).toEqual([]);
    }
    expect(readText(out, 'sitemap.xml')).toContain('<loc>https://basic.example.com/tech%20news/2024/06/12/tech-launch/</loc>');
    expect(readText(out, 'feed.xml')).toContain('https://basic.example.com/%EA%B5%AD%EB%B0%A9/2024/06/12/defense-talks/');
  });

  it('publishes drafts, future and unpublished posts only when asked', async () => {
    const all = path.join(await tempDir('basic-all'), 'out');
    const result = runCli(['build', '-s', BASIC, '-d', all, '--no-cache', '--drafts', '--future', '--unpublished']);
    expect(result.status, result.stderr).toBe(0);
    expect(summaryOf(result.stderr)).toMatch(/^9 posts, 1 page, 0 warnings, 0 errors;/);
    expect(await listFiles(all)).toEqual([...BASIC_FILES, ...EXTRA_FILES].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    expect(readText(all, 'tech news/2024/06/05/draft-post/index.html')).toContain('>초안 기사</h1>');
    expect(readText(all, '경제/2099/01/01/future-post/index.html')).toContain('>미래의 기사</h1>');
    expect(readText(all, '경제/2024/04/01/unpublished-post/index.html')).toContain('>비공개 기사</h1>');
    // The future post is the newest.
    expect(cards(readText(all, 'index.html'))[0]).toEqual(['/%EA%B2%BD%EC%A0%9C/2099/01/01/future-post/', '미래의 기사']);
  });

  it('is deterministic: the same source built again into another folder gives byte-identical files, manifest included', async () => {
    const again = path.join(await tempDir('basic-again'), 'out');
    const result = runCli(['build', '-s', BASIC, '-d', again, '--no-cache']);
    expect(result.status, result.stderr).toBe(0);
    expect(treeDifferences(await readTree(out), await readTree(again))).toEqual([]);
  });
});

describe('rebuilding', () => {
  it('writes 0 files when nothing changed (library API, jobs 1, without and with the cache)', async () => {
    for (const cache of [false, true]) {
      const source = await copyFixture('basic');
      const destination = path.join(path.dirname(source), 'out');
      const now = new Date('2026-01-01T00:00:00Z');
      const first = await build({ source, destination, jobs: 1, cache, now });
      expect(first.ok).toBe(true);
      expect(first.stats.written).toBe(BASIC_FILES.length);
      const before = await readTree(destination);
      const second = await build({ source, destination, jobs: 1, cache, now });
      expect(second.ok).toBe(true);
      expect(second.diagnostics).toEqual([]);
      expect(second.stats.written, `cache: ${cache}`).toBe(0);
      expect(second.stats.removed).toBe(0);
      expect(second.stats.unchanged).toBe(BASIC_FILES.length);
      expect(second.changedFiles).toEqual([]);
      if (cache) expect(second.stats.parsed).toBe(0);
      expect(treeDifferences(before, await readTree(destination))).toEqual([]);
    }
  });

  it('pages rendered from the cache are those of a build that parsed every post; the index keeps front matter and feature text out', async () => {
    const source = await copyFixture('basic');
    const now = new Date('2026-01-01T00:00:00Z');
    // Front matter the post page, its SEO tags and the feeds show; each value appears nowhere else.
    await writeFile(
      path.join(source, '_posts', '2024-06-20-details.md'),
      [
        '---',
        'title: 세부 기사',
        'categories: [경제]',
        'author: 기자-AUTHOR-MARK',
        'description: 요약-DESCRIPTION-MARK',
        'last_modified_at: 2024-06-21T09:00:00+09:00',
        'image: /assets/img/photo.jpg',
        'image_caption: 사진-CAPTION-MARK',
        'feature_text: |',
        '  ## 특집-FEATURE-MARK',
        '---',
        '',
        '본문 첫 문단.',
        '',
      ].join('\n'),
    );
    const parsedNow = path.join(path.dirname(source), 'parsed');
    const first = await build({ source, destination: parsedNow, jobs: 1, cache: true, now });
    expect(first.ok).toBe(true);
    const fromCache = path.join(path.dirname(source), 'from-cache');
    const second = await build({ source, destination: fromCache, jobs: 1, cache: true, now });
    expect(second.ok).toBe(true);
    expect(second.stats.parsed).toBe(0);
    expect(treeDifferences(await readTree(parsedNow), await readTree(fromCache))).toEqual([]);

    const page = readText(fromCache, '경제/2024/06/20/details/index.html');
    for (const mark of ['AUTHOR-MARK', 'DESCRIPTION-MARK', 'CAPTION-MARK', 'FEATURE-MARK', '2024-06-21T09:00:00+09:00']) expect(page).toContain(mark);
    expect(readText(fromCache, 'feed.xml')).toContain('AUTHOR-MARK');
    const cacheRoot = path.join(source, '.gazette-cache');
    const [version] = await readdir(cacheRoot);
    const index = readText(path.join(cacheRoot, version as string), 'index.json');
    expect(index).toContain('세부 기사');
    for (const mark of ['AUTHOR-MARK', 'DESCRIPTION-MARK', 'CAPTION-MARK', 'FEATURE-MARK']) expect(index).not.toContain(mark);
  });

  it('a fresh checkout (new modification times, same bytes) parses only the post dated by its modification time', async () => {
    const source = await copyFixture('basic');
    const destination = path.join(path.dirname(source), 'out');
    // No date in its name or front matter: its date, and so its URL, is the file's modification time.
    const undated = path.join(source, '_posts', 'undated.md');
    await writeFile(undated, '---\ntitle: 날짜 없는 기사\ncategories: [경제]\n---\n\n본문.\n');
    const posts = (await listFiles(source)).filter((file) => /(^|\/)_posts\//.test(file));
    const at = async (when: Date) => {
      for (const file of posts) await utimes(path.join(source, file), when, when);
    };
    const now = new Date('2026-01-01T00:00:00Z');
    await at(new Date('2025-03-01T12:00:00Z'));
    const first = await build({ source, destination, jobs: 1, cache: true, now });
    expect(first.ok).toBe(true);
    expect(first.stats.parsed).toBe(posts.length);
    expect(await listFiles(destination)).toContain('경제/2025/03/01/undated/index.html');

    await at(new Date('2025-03-05T12:00:00Z'));
    const second = await build({ source, destination, jobs: 1, cache: true, now });
    expect(second.ok).toBe(true);
    expect(second.stats.parsed, 'every other post has the same bytes').toBe(1);
    const files = await listFiles(destination);
    expect(files).toContain('경제/2025/03/05/undated/index.html');
    expect(files).not.toContain('경제/2025/03/01/undated/index.html');
  });

  it('a --verbose build after a plain one parses again only the posts that had something removed, to position it', async () => {
    const source = await copyFixture('cli');
    const destination = path.join(path.dirname(source), 'out');
    const now = new Date('2026-01-01T00:00:00Z');
    const plain = await build({ source, destination, jobs: 1, cache: true, now });
    expect(plain.ok).toBe(true);
    expect(plain.stats.parsed).toBe(2);
    expect(plain.removals.map((r) => r.removed.every((removal) => removal.line === undefined))).toEqual([true]);

    const verbose = await build({ source, destination, jobs: 1, cache: true, now, removalPositions: true });
    expect(verbose.stats.parsed, 'only the post with removals').toBe(1);
    expect(verbose.stats.written).toBe(0);
    expect(verbose.removals).toEqual([
      { source: '_posts/2024-06-13-unsafe.html', removed: expect.arrayContaining([{ what: '<script>', line: 6, column: 1 }]) },
    ]);
    const again = await build({ source, destination, jobs: 1, cache: true, now, removalPositions: true });
    expect(again.stats.parsed).toBe(0);
  });

  it('says "0 files written" in the CLI summary of a no-op rebuild', async () => {
    const out = path.join(await tempDir('basic-noop'), 'out');
    expect(runCli(['build', '-s', BASIC, '-d', out, '--no-cache']).status).toBe(0);
    const again = runCli(['build', '-s', BASIC, '-d', out, '--no-cache']);
    expect(again.status).toBe(0);
    expect(summaryOf(again.stderr)).toMatch(/; 0 files written, 42 unchanged, 0 removed in \d+\.\d\ds$/);
  });
});

describe('the example site (content/)', () => {
  it('builds with exit 0 and no warning, and renders the seed post in full at its front-matter date', async () => {
    const dir = await tempDir('content');
    const source = path.join(dir, 'content');
    await cp(path.join(ROOT, 'content'), source, {
      recursive: true,
      filter: (from) => !['_site', '.gazette-cache'].includes(path.basename(from)),
    });
    const result = runCli(['build', '-s', source]);
    expect(result.status, result.stderr).toBe(0);
    expect(summaryOf(result.stderr)).toMatch(SUMMARY_OK);
    // The example builds clean: no errors, and no warning (the seed post is dated in its front matter).
    expect(headlines(result.stderr)).toEqual([]);

    // Its date is in its front matter, so its URL does not change with the clone's modification times.
    const file = 'news/2024/07/28/000_b7e66f391184c39b/index.html';
    const site = path.join(source, '_site');
    expect(await listFiles(site)).toContain(file);
    const html = readText(site, file);
    expect(html).toContain('>한일 군사훈련 재개 국방장관 도쿄 회동 성사!</h1>');
    expect(html).toContain('<h2>koreablockchain 실시간 뉴스 속보입니다.</h2>');
    expect(html).toContain('<span style="color: #ee2323;">이 회의는 한일 군사적 긴장감을 완화하기 위한 첫걸음입니다.</span>');
    expect(html).toContain('<span style="background-color: #21538527;">안정된 동북아시아 지역을 위한 노력을 기울일 것을 다짐했습니다.</span>');
    expect(html).toContain('<span style="color: #1a5490;">우리는 앞으로의 동북아 안보 환경을 더욱 면밀히 주시할 것입니다.</span>');
    expect(html).toContain('<h2 data-ke-size="size26">한일 국방교류 발전과 긴밀한 안보협력</h2>');
    expect(html).toMatch(/<img src="\/assets\/img\/newsdao_breakingnews\.jpg" alt="koreablockchain 속보"/);
    const link = /<a href="https:\/\/newsdao\.kr"([^>]*)>https:\/\/newsdao\.kr<\/a>/.exec(html);
    expect(link, 'the newsdao.kr link').not.toBeNull();
    const rel = /rel="([^"]*)"/.exec(link?.[1] ?? '')?.[1] ?? '';
    expect(rel.split(' ')).not.toContain('dofollow');
    expect(rel.split(' ')).toEqual(expect.arrayContaining(['noopener', 'noreferrer']));
    expect(existsSync(path.join(site, 'assets/img/newsdao_breakingnews.jpg'))).toBe(true);
  });
});

describe('worker threads', () => {
  it('--jobs 1 and --jobs 2 give byte-identical trees (300 posts: the pool is used; workers compiled from the code cache)', async () => {
    const dir = await tempDir('jobs');
    const site = path.join(dir, 'site');
    genCorpus(300, site);
    const env = { NODE_COMPILE_CACHE: path.join(dir, 'compile-cache') };
    const cached = () => readdirSync(env.NODE_COMPILE_CACHE).sort();
    const one = runCli(['build', '-s', site, '-d', path.join(dir, 'one'), '--jobs', '1', '--no-cache'], { env });
    expect(one.status, one.stderr).toBe(0);
    expect(summaryOf(one.stderr)).toMatch(/^300 posts, /);
    // The first run writes the cache of the CLI's bundle and of the workers' (bin/gazette.js).
    const written = cached();
    expect(written).toHaveLength(2);
    const two = runCli(['build', '-s', site, '-d', path.join(dir, 'two'), '--jobs', '2', '--no-cache'], { env });
    expect(two.status, two.stderr).toBe(0);
    expect(cached()).toEqual(written);
    const a = await readTree(path.join(dir, 'one'));
    expect(a.size).toBeGreaterThan(300);
    expect(treeDifferences(a, await readTree(path.join(dir, 'two')))).toEqual([]);
  }, 180_000);
});

describe('2,000 generated posts (scripts/gen-corpus.mjs)', () => {
  it('builds 2,000 posts at their Jekyll URLs, with 200 index pages and every category link', async () => {
    const dir = await tempDir('corpus');
    const source = path.join(dir, 'site');
    genCorpus(2000, source);
    const result = runCli(['build', '-s', source], { timeout: 290_000 });
    expect(result.status, result.stderr).toBe(0);
    expect(headlines(result.stderr)).toEqual([]);
    expect(summaryOf(result.stderr)).toMatch(/^2000 posts, 0 pages, 0 warnings, 0 errors; /);
    const out = path.join(source, '_site');
    const files = new Set(await listFiles(out));

    // Expected URLs from the generated sources: /<categories lowercased, joined by />/YYYY/MM/DD/<n>/
    const names = (await readdir(path.join(source, '_posts'))).sort();
    expect(names).toHaveLength(2000);
    const posts: FixturePost[] = [];
    for (const name of names) {
      const text = await readFile(path.join(source, '_posts', name), 'utf8');
      const m = /^(\d{4})-(\d{2})-(\d{2})-(\d+)\.md$/.exec(name);
      expect(m, name).not.toBeNull();
      const [, year, month, day, n] = m as RegExpExecArray;
      const front = text.split('\n---\n')[0] ?? '';
      const title = (/^title: '(.*)'$/m.exec(front)?.[1] ?? '').replaceAll("''", "'");
      const block = /^categories:\n((?: {2}- .*\n?)+)/m.exec(front)?.[1] ?? '';
      const categories = [
        ...new Set(
          block
            .split('\n')
            .filter(Boolean)
            .map((line) => line.replace(/^ {2}- /, '').toLowerCase()),
        ),
      ];
      const url = `/${[...categories, year, month, day, n].join('/')}/`;
      posts.push({ source: name, title, url, categories });
    }
    for (const post of posts) {
      const file = fileOf(post.url);
      expect(files.has(file), `${post.source} → ${file}`).toBe(true);
      expect(readText(out, file), post.source).toContain(`>${post.title}</h1>`);
    }

    // 2,000 posts, 10 a page: index.html and page2 … page200.
    const indexPages = [...files].filter((f) => f === 'index.html' || /^page\d+\/index\.html$/.test(f));
    expect(indexPages).toHaveLength(200);
    expect(files.has('page200/index.html')).toBe(true);
    expect(files.has('page201/index.html')).toBe(false);

    const linked = new Map<string, Set<string>>();
    for (const file of files) {
      const m = /^categories\/([^/]+)\/(?:page\d+\/)?index\.html$/.exec(file);
      if (!m) continue;
      const set = linked.get(m[1] ?? '') ?? new Set<string>();
      for (const [href] of cards(readText(out, file))) set.add(href);
      linked.set(m[1] ?? '', set);
    }
    for (const post of posts) {
      for (const key of post.categories) expect(linked.get(key)?.has(encodePath(post.url)), `${post.source} on /categories/${key}/`).toBe(true);
    }
  }, 300_000);
});
