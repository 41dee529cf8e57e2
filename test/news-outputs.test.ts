/**
 * What a news site gets besides its pages, checked on a built fixture site
 * (test/fixtures/sites/basic): the Atom feeds parse and point at pages that
 * exist, every category has its feed, the sitemap lists exactly the site's
 * pages, and the search page finds a post by a Korean word in Chromium.
 */
import path from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from '../src/index.js';
import { type StaticServer, serveStatic } from './fixtures/xss/server.js';
import { BROWSER_SKIP_MESSAGE, launchBrowser, skipBrowserTests } from './helpers/browser.js';
import { cleanTemp, copyFixture, listFiles, readText } from './helpers/site.js';

const ORIGIN = 'https://basic.example.com';
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  isArray: (name) => ['entry', 'link', 'category', 'url', 'sitemap'].includes(name),
});

let out: string;
let files: string[];

beforeAll(async () => {
  const source = await copyFixture('basic');
  out = path.join(path.dirname(source), 'out');
  const result = await build({ source, destination: out, jobs: 1, cache: false, now: new Date('2026-01-01T00:00:00Z') });
  expect(result.diagnostics).toEqual([]);
  expect(result.ok).toBe(true);
  files = await listFiles(out);
});
afterAll(() => cleanTemp());

/** An absolute URL of the site → the output file that answers it. */
function fileOf(url: string): string {
  expect(url.startsWith(`${ORIGIN}/`), url).toBe(true);
  const raw = decodeURIComponent(new URL(url).pathname).slice(1);
  return raw === '' || raw.endsWith('/') ? `${raw}index.html` : raw;
}

interface AtomEntry {
  id: string;
  title: string | { '#text': string };
  updated: string;
  published: string;
  link: { href: string; rel?: string }[];
  category?: { term: string }[];
}

function alternate(entry: AtomEntry): string {
  return entry.link.find((link) => link.rel === undefined || link.rel === 'alternate')?.href ?? '';
}

function readFeed(file: string): { feed: Record<string, unknown>; entries: AtomEntry[] } {
  const xml = readText(out, file);
  expect(XMLValidator.validate(xml), file).toBe(true);
  const feed = (parser.parse(xml) as { feed: Record<string, unknown> & { entry?: AtomEntry[] } }).feed;
  return { feed, entries: feed.entry ?? [] };
}

describe('Atom feeds', () => {
  it('feed.xml has the elements Atom requires, and entries in jekyll-feed’s shape (id = Jekyll’s post id: the URL without its trailing slash or .html)', () => {
    const { feed, entries } = readFeed('feed.xml');
    expect(feed['xmlns']).toBe('http://www.w3.org/2005/Atom');
    for (const key of ['id', 'title', 'updated']) expect(feed[key], key).toBeTruthy();
    expect((feed['link'] as { rel?: string; href: string }[]).find((link) => link.rel === 'self')?.href).toBe(`${ORIGIN}/feed.xml`);
    expect(entries.length).toBeGreaterThan(0);
    for (const entry of entries) {
      for (const key of ['id', 'title', 'updated', 'published'] as const) expect(entry[key], `${entry.id}: ${key}`).toBeTruthy();
      // The fixture's posts have slugs their URLs keep unchanged, so the id is the URL minus its ending (jekyll-parity.test.ts has the rest).
      expect(alternate(entry).replace(/(\/|\.html)$/, '')).toBe(entry.id);
    }
  });

  it('every entry of every feed links to a page the build wrote', () => {
    const feeds = files.filter((file) => file === 'feed.xml' || /^feed\/[^/]+\.xml$/.test(file));
    expect(feeds.length).toBeGreaterThan(1);
    for (const file of feeds) {
      for (const entry of readFeed(file).entries) expect(files, `${file}: ${alternate(entry)}`).toContain(fileOf(alternate(entry)));
    }
  });

  it('every category has its feed, holding that category’s posts only', () => {
    const categories = files.map((file) => /^categories\/([^/]+)\/index\.html$/.exec(file)?.[1]).filter((name): name is string => name !== undefined);
    expect(categories).toEqual(expect.arrayContaining(['국방', '경제', 'tech news']));
    for (const category of categories) {
      const { entries } = readFeed(`feed/${category}.xml`);
      expect(entries.length, category).toBeGreaterThan(0);
      for (const entry of entries)
        expect(
          (entry.category ?? []).map((c) => c.term.toLowerCase()),
          `${category}: ${entry.id}`,
        ).toContain(category);
    }
  });
});

describe('sitemap', () => {
  it('lists exactly the pages of the site: posts, pages, index, category and archive pages; not 404 or search', () => {
    const xml = readText(out, 'sitemap.xml');
    expect(XMLValidator.validate(xml)).toBe(true);
    const urls = (parser.parse(xml) as { urlset: { url: { loc: string }[] } }).urlset.url.map((url) => url.loc);
    const expected = files.filter((file) => file.endsWith('.html') && file !== '404.html' && file !== 'search/index.html');
    expect(urls.map(fileOf).sort()).toEqual(expected.sort());
    // Percent-encoded, as links are: a Korean category and one with a space.
    expect(urls).toContain(`${ORIGIN}/categories/%EA%B5%AD%EB%B0%A9/`);
    expect(urls).toContain(`${ORIGIN}/categories/tech%20news/`);
  });
});

if (skipBrowserTests) it.skip(BROWSER_SKIP_MESSAGE, () => {});

describe.skipIf(skipBrowserTests)('the search page in headless Chromium', () => {
  let server: StaticServer | undefined;
  let browser: Browser | undefined;

  beforeAll(async () => {
    server = await serveStatic(out);
    browser = await launchBrowser();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /**
   * Types `query` into the search page and waits for the script's answer:
   * "no results", or the result links, which come after the count once
   * their cards are fetched.
   */
  async function search(query: string): Promise<{ status: string; noResults: string; results: { text: string; href: string }[] }> {
    const page = await (browser as Browser).newPage();
    try {
      await page.goto(`${(server as StaticServer).origin}/search/`);
      const loading = (await page.getAttribute('[data-index-url]', 'data-label-loading')) ?? '';
      const noResults = (await page.getAttribute('[data-index-url]', 'data-label-no-results')) ?? '';
      await page.fill('#search-q', query);
      // Runs in the page (no DOM types here; the page's CSP forbids evaluating a string).
      type Page = { document: { querySelector(selector: string): { textContent: string | null } | null } };
      await page.waitForFunction(
        ([busy, none]) => {
          const { document } = globalThis as unknown as Page;
          const text = (document.querySelector('[data-search-status]')?.textContent ?? '').trim();
          return text !== '' && text !== busy && (text === none || document.querySelector('[data-search-results] a') !== null);
        },
        [loading, noResults] as const,
        { timeout: 10_000 },
      );
      const status = ((await page.textContent('[data-search-status]')) ?? '').trim();
      const results = await page.$$eval('[data-search-results] a', (links) =>
        links.map((link) => ({ text: link.textContent ?? '', href: link.getAttribute('href') ?? '' })),
      );
      return { status, noResults, results };
    } finally {
      await page.close();
    }
  }

  it('finds a post by a Korean word from its title, with a link to it', async () => {
    const { status, noResults, results } = await search('회담');
    expect(status).not.toBe(noResults);
    expect(results.map((result) => result.text.trim())).toContain('국방장관 회담 개최');
    const href = results.find((result) => result.text.includes('회담'))?.href ?? '';
    expect(files).toContain(fileOf(new URL(href, ORIGIN).href));
  }, 60_000);

  it('a word no post has: no results, and says so', async () => {
    const { status, noResults, results } = await search('없는낱말zq');
    expect(noResults).not.toBe('');
    expect(status).toBe(noResults);
    expect(results).toEqual([]);
  }, 60_000);
});
