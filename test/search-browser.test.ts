/**
 * The search page in headless Chromium, under the theme's own CSP, on a
 * fixture whose words hide where the old title-only search could not see
 * them: 블랙록 only in a table cell, 정례협의체 only in a body, 비트코인 only
 * with particles attached (비트코인을, 비트코인의), 스테이블코인 only as a tag.
 * Each query finds the right posts with their category, date and a
 * highlighted snippet, and downloads only the manifest, the shards of its
 * words and the chunks of the results it shows.
 */
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DevServer } from '../src/serve/server.js';
import { BROWSER_SKIP_MESSAGE, launchBrowser, skipBrowserTests } from './helpers/browser.js';
import { buildAndServe } from './helpers/served-site.js';
import { cleanTemp, fixture, tempDir } from './helpers/site.js';

interface Shown {
  title: string;
  href: string;
  categories: string;
  datetime: string;
  date: string;
  snippet: string;
  marks: string[];
}

if (skipBrowserTests) it.skip(BROWSER_SKIP_MESSAGE, () => {});

describe.skipIf(skipBrowserTests)('full-text search in the browser', () => {
  let server: DevServer;
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchBrowser();
    const out = path.join(await tempDir('search-browser'), 'out');
    server = await buildAndServe(fixture('search'), out);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await cleanTemp();
  });

  /** Types `query` into the search page as a reader does; the results shown, the index files fetched and any CSP complaint. */
  async function search(query: string): Promise<{ results: Shown[]; fetched: string[]; problems: string[] }> {
    const context = await browser.newContext({ viewport: { width: 390, height: 900 } });
    const page: Page = await context.newPage();
    const fetched: string[] = [];
    const problems: string[] = [];
    page.on('request', (request) => {
      const url = new URL(request.url());
      if (url.pathname.startsWith('/search/') && url.pathname.endsWith('.json')) fetched.push(url.pathname);
    });
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });
    page.on('pageerror', (error) => problems.push(error.message));
    try {
      await page.goto(new URL('search/', server.url).href, { waitUntil: 'load' });
      await page.fill('#search-q', query);
      await page.waitForSelector('.search-result', { timeout: 10_000 });
      const results = await page.$$eval('.search-result', (items) =>
        items.map((item) => ({
          title: item.querySelector('.search-result__title')?.textContent ?? '',
          href: item.querySelector('a')?.getAttribute('href') ?? '',
          categories: item.querySelector('.search-result__categories')?.textContent ?? '',
          datetime: item.querySelector('time')?.getAttribute('datetime') ?? '',
          date: item.querySelector('time')?.textContent ?? '',
          snippet: item.querySelector('.search-result__excerpt')?.textContent ?? '',
          marks: [...item.querySelectorAll('.search-result__excerpt mark')].map((mark) => mark.textContent ?? ''),
        })),
      );
      return { results, fetched, problems };
    } finally {
      await context.close();
    }
  }

  it('블랙록, only in a table cell, finds its post with category, date and a marked snippet', async () => {
    const { results, fetched, problems } = await search('블랙록');
    expect(results.map((r) => r.title)).toEqual(['자산운용사 보유 현황']);
    const [result] = results as [Shown];
    expect(result.categories).toBe('금융');
    expect(result.datetime).toMatch(/^2025-03-01T/);
    expect(result.date).toContain('2025');
    expect(result.snippet).toContain('블랙록');
    expect(result.marks).toEqual(['블랙록']);
    expect(result.href).toBe('/%EA%B8%88%EC%9C%B5/2025/03/01/blackrock-table/');
    expect(problems).toEqual([]);
    // The manifest, the edits list, one shard and one chunk: never the whole index.
    expect(fetched.filter((f) => f.startsWith('/search/t/'))).toHaveLength(1);
    expect(fetched.filter((f) => f.startsWith('/search/d/'))).toHaveLength(1);
    expect(fetched).toContain('/search/index.json');
  });

  it('정례협의체, only in a body, finds its post', async () => {
    const { results } = await search('정례협의체');
    expect(results.map((r) => r.title)).toEqual(['정부와 업계, 매달 만나기로']);
    expect(results[0]?.categories).toBe('정치');
    expect(results[0]?.marks).toEqual(['정례협의체']);
  });

  it('비트코인 finds 비트코인을 and 비트코인의, newest first, marked in both snippets', async () => {
    const { results } = await search('비트코인');
    expect(results.map((r) => r.title)).toEqual(['가상자산 시세 급등', '개인 투자자 매수 늘어']);
    expect(results.map((r) => r.categories)).toEqual(['경제', '경제']);
    expect(results[0]?.snippet).toContain('비트코인의');
    expect(results[1]?.snippet).toContain('비트코인을');
    for (const result of results) expect(result.marks).toEqual(['비트코인']);
  });

  it('a tag is searchable: 스테이블코인 finds the post tagged so', async () => {
    const { results } = await search('스테이블코인');
    expect(results.map((r) => r.title)).toEqual(['가상자산 시세 급등']);
  });

  it('words are combined: every word must match (비트코인 가격 finds one post)', async () => {
    const { results } = await search('비트코인 가격');
    expect(results.map((r) => r.title)).toEqual(['가상자산 시세 급등']);
  });
});
