/**
 * scripts/gen-corpus.mjs, the generated Korean news sites that the tests of
 * large sites build (build, bad input, template errors, watch): the same
 * --posts and --seed give the same bytes, N posts named and dated as those
 * tests expect, the front matter and bodies they read, a few big categories
 * and a long tail, every post built with no diagnostic at its Jekyll URL,
 * and a usage error for bad arguments.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCorpus, USAGE } from '../scripts/gen-corpus.mjs';
import { build } from '../src/index.js';
import { cleanTemp, GEN_CORPUS, readTree, tempDir, treeDifferences } from './helpers/site.js';

afterAll(cleanTemp);

interface Post {
  name: string;
  text: string;
  front: Record<string, unknown>;
  body: string;
}

function readPosts(site: string): Post[] {
  return readdirSync(path.join(site, '_posts'))
    .sort((a, b) => Number(/-(\d+)\.md$/.exec(a)?.[1]) - Number(/-(\d+)\.md$/.exec(b)?.[1]))
    .map((name) => {
      const text = readFileSync(path.join(site, '_posts', name), 'utf8');
      const [, front = '', body = ''] = /^---\n([\s\S]*?)\n---\n\n([\s\S]*)$/.exec(text) ?? [];
      return { name, text, front: yaml.load(front) as Record<string, unknown>, body };
    });
}

async function corpus(posts: number, seed = 1): Promise<string> {
  const site = path.join(await tempDir(`corpus-${posts}-${seed}`), 'site');
  generateCorpus({ posts, out: site, seed });
  return site;
}

describe('the same arguments, the same site', () => {
  it('the same --posts and --seed write the same bytes; another seed writes other posts under the same names', async () => {
    const [a, b, other] = await Promise.all([corpus(40), corpus(40), corpus(40, 2)]);
    const treeA = await readTree(a);
    expect(treeDifferences(treeA, await readTree(b))).toEqual([]);
    const treeOther = await readTree(other);
    expect([...treeOther.keys()]).toEqual([...treeA.keys()]);
    expect(treeDifferences(treeA, treeOther).filter((d) => d.startsWith('differs: _posts/')).length).toBeGreaterThan(35);
  });

  it("post n's text depends on the seed and n, not on N (while N keeps one post a day)", async () => {
    const [small, large] = await Promise.all([corpus(20), corpus(60)]);
    const larger = await readTree(large);
    for (const [file, bytes] of await readTree(small)) expect(larger.get(file)?.equals(bytes), file).toBe(true);
  });
});

describe('names and dates', () => {
  it('N posts, _posts/YYYY-MM-DD-<n>.md, one a day from 2022-01-01 up to 1,000 posts', async () => {
    const site = await corpus(50);
    const names = readPosts(site).map((post) => post.name);
    expect(names).toHaveLength(50);
    expect(names.slice(0, 3)).toEqual(['2022-01-01-1.md', '2022-01-02-2.md', '2022-01-03-3.md']);
    // What test/watch.e2e.test.ts edits and lists.
    expect(names).toContain('2022-01-05-5.md');
    expect(names.filter((name) => name.startsWith('2022-01-1'))).toHaveLength(10);
    expect(names.at(-1)).toBe('2022-02-19-50.md');
  });

  it('more than 1,000 posts: as many a day as keeps them within 1,000 days, later ones later in the day', async () => {
    const posts = readPosts(await corpus(1001));
    expect(posts).toHaveLength(1001);
    expect(posts.slice(0, 3).map((post) => post.name)).toEqual(['2022-01-01-1.md', '2022-01-01-2.md', '2022-01-02-3.md']);
    expect(posts.at(-1)?.name).toBe('2023-05-16-1001.md');
    // `YYYY-MM-DD HH:MM:SS +0900` (a string to YAML, a date to Jekyll and gazette): same day, so the text orders them.
    const [first = '', second = ''] = posts.map((post) => String(post.front['date']));
    expect(first.slice(0, 10)).toBe(second.slice(0, 10));
    expect(first < second, `${first} before ${second}`).toBe(true);
  });
});

describe('what a post looks like', () => {
  let site = '';
  let posts: Post[] = [];

  beforeAll(async () => {
    site = await corpus(400);
    posts = readPosts(site);
  });

  it('_config.yml: a Korean news site, pretty permalinks, 10 posts a page', () => {
    expect(yaml.load(readFileSync(path.join(site, '_config.yml'), 'utf8'))).toEqual({
      title: expect.stringMatching(/[가-힣]/) as unknown,
      description: expect.stringMatching(/[가-힣]/) as unknown,
      url: 'https://news.example.com',
      baseurl: '',
      lang: 'ko-KR',
      timezone: 'Asia/Seoul',
      permalink: 'pretty',
      paginate: 10,
    });
  });

  it('front matter: title, date, categories, excerpt, feature_text and image, in the forms the tests read', () => {
    for (const { name, text, front } of posts) {
      const lines = text.split('\n');
      // The title on line 2, single-quoted, Korean, with nothing a page would escape or YAML would read apart.
      expect(lines[1], name).toMatch(/^title: '[^'"&<>#:]+'$/);
      expect(front['title'], name).toMatch(/[가-힣]/);
      expect(Object.keys(front), name).toEqual(['title', 'date', 'categories', 'excerpt', 'feature_text', 'image']);
      // The date is the file name's day, in Seoul.
      expect(String(lines[2]), name).toMatch(new RegExp(`^date: ${name.slice(0, 10)} \\d{2}:\\d{2}:\\d{2} \\+0900$`));
      // A block list of one or two distinct categories.
      expect(text, name).toMatch(/^categories:\n( {2}- .+\n){1,2}excerpt: >\n/m);
      const categories = front['categories'] as string[];
      expect(new Set(categories).size, name).toBe(categories.length);
      expect(front['excerpt'], name).toMatch(/[가-힣]/);
      expect(front['feature_text'], name).toBe(`## 실시간 뉴스 속보입니다.\n${String(front['excerpt'])}`);
      expect(front['image'], name).toMatch(/^\/assets\/img\/[a-z]+\.svg$/);
      expect(existsSync(path.join(site, String(front['image']))), name).toBe(true);
    }
  });

  it('about 70 % HTML bodies (spacer paragraphs, inline-styled spans, some tables), the rest Markdown', () => {
    const html = posts.filter((post) => post.body.startsWith('<p><img '));
    const markdown = posts.filter((post) => post.body.startsWith('## '));
    expect(html.length + markdown.length).toBe(posts.length);
    expect(html.length / posts.length).toBeGreaterThan(0.62);
    expect(html.length / posts.length).toBeLessThan(0.78);
    for (const { name, body } of html) {
      expect(body, name).toContain('<p data-ke-size="size16">&nbsp;</p>');
      expect(body, name).toMatch(/<b><span style="(color|background-color): #[0-9a-f]+;">[^<]*[가-힣][^<]*<\/span><\/b>/);
    }
    expect(html.filter((post) => post.body.includes('<table style="border-collapse: collapse;')).length).toBeGreaterThan(html.length / 10);
    for (const { name, body } of markdown) {
      expect(body, name).toMatch(/\*\*[가-힣 ]+\*\*/);
      expect(body, name).not.toContain('<p');
    }
  });

  it('a few big categories and a long tail', () => {
    const counts = new Map<string, number>();
    for (const post of posts) for (const category of post.front['categories'] as string[]) counts.set(category, (counts.get(category) ?? 0) + 1);
    const sorted = [...counts.values()].sort((a, b) => b - a);
    const [first = 0, second = 0, third = 0] = sorted;
    expect((first + second + third) / posts.length).toBeGreaterThan(0.45);
    expect(counts.size).toBeGreaterThanOrEqual(20);
    expect(sorted.filter((count) => count <= posts.length / 50).length).toBeGreaterThanOrEqual(10);
    // Korean names, English ones, and one with a space.
    expect([...counts.keys()]).toEqual(expect.arrayContaining(['News', '경제', 'Tech News']));
  });

  it('the images the posts use are SVGs under assets/img/', () => {
    const images = readdirSync(path.join(site, 'assets', 'img'));
    expect(images.length).toBeGreaterThan(1);
    for (const image of images)
      expect(readFileSync(path.join(site, 'assets', 'img', image), 'utf8'), image).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"[^>]*>.*<\/svg>\n$/);
  });
});

describe('building a generated site', () => {
  it('every post builds, with no warning or error, at /<categories>/YYYY/MM/DD/<n>/; the sanitiser removes only rel="dofollow"', async () => {
    const site = await corpus(300);
    const destination = path.join(path.dirname(site), 'out');
    const result = await build({ source: site, destination, jobs: 1, cache: false });
    expect(result.diagnostics).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result.stats).toMatchObject({ posts: 300 });
    for (const { name, front } of readPosts(site)) {
      const [, year, month, day, n] = /^(\d{4})-(\d{2})-(\d{2})-(\d+)\.md$/.exec(name) as RegExpExecArray;
      const categories = [...new Set((front['categories'] as string[]).map((c) => c.toLowerCase()))];
      const page = path.join(destination, ...categories, year as string, month as string, day as string, n as string, 'index.html');
      expect(existsSync(page), `${name} → ${page}`).toBe(true);
      expect(readFileSync(page, 'utf8'), name).toContain(`>${String(front['title'])}</h1>`);
    }
    const removed = new Set(result.removals.flatMap((post) => post.removed.map((r) => r.what)));
    expect([...removed]).toEqual(['rel "dofollow" on <a>']);
  }, 120_000);
});

describe('the command line', () => {
  const run = (...args: string[]) => spawnSync(process.execPath, [GEN_CORPUS, ...args], { encoding: 'utf8' });

  it('writes the site and says what it wrote', async () => {
    const site = path.join(await tempDir('corpus-cli'), 'site');
    const result = run('--posts', '12', '--out', site, '--seed', '7');
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^wrote 12 posts \(\d+ HTML, \d+ Markdown; \d+ categories, most: .+\) to .+_posts\n$/);
    const again = path.join(await tempDir('corpus-cli'), 'site');
    generateCorpus({ posts: 12, out: again, seed: 7 });
    expect(treeDifferences(await readTree(site), await readTree(again))).toEqual([]);
  });

  it.each([
    [[], '--posts must be a whole number of at least 1'],
    [['--posts', '0', '--out', 'x'], '--posts must be a whole number of at least 1, not 0'],
    [['--posts', 'ten', '--out', 'x'], '--posts must be a whole number of at least 1, not "ten"'],
    [['--posts', '10'], '--out DIR is required'],
    [['--posts', '10', '--out'], '--out needs a value'],
    [['--posts', '10', '--out', 'x', '--seed', '-1'], '--seed must be a whole number from 0 to 4294967295'],
    [['--posts', '10', '--out', 'x', '--count', '3'], 'unknown argument "--count"'],
  ])('%j: exit 2, the problem and the usage line', (args, problem) => {
    const result = run(...args);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(`gen-corpus: ${problem}`);
    expect(result.stderr).toContain(USAGE);
  });

  it('refuses a folder whose _posts/ already holds posts (exit 1), writing nothing', async () => {
    const site = path.join(await tempDir('corpus-cli'), 'site');
    generateCorpus({ posts: 3, out: site });
    const before = await readTree(site);
    const result = run('--posts', '5', '--out', site);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/_posts is not empty/);
    expect(treeDifferences(before, await readTree(site))).toEqual([]);
  });
});
