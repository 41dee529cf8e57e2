/**
 * No serious or critical accessibility errors on any kind of page the theme
 * makes: axe-core in headless Chromium on the example site (content/, with a
 * post holding a wide table and a wide code block added), at a phone's width and a desktop's, in
 * light and dark. Tag pages are checked too when the build makes them.
 */
import { cp, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { AxeResults } from 'axe-core';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DevServer } from '../src/serve/server.js';
import { BROWSER_SKIP_MESSAGE, launchBrowser, skipBrowserTests } from './helpers/browser.js';
import { buildAndServe } from './helpers/served-site.js';
import { cleanTemp, listFiles, tempDir } from './helpers/site.js';

const AXE_SCRIPT = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/** A post whose table and code block are far wider than a phone, so that they scroll sideways there. */
const TABLE_POST = `---
title: 지역별 개표 현황 표
categories: 경제
---
전국 개표 현황을 지역별로 정리했다.

| 지역 | 유권자 수 | 투표자 수 | 투표율 | 후보 가 득표 | 후보 나 득표 | 후보 다 득표 | 무효표 | 기권 |
|---|---|---|---|---|---|---|---|---|
| 서울특별시 | 8,300,000 | 5,900,000 | 71.1% | 2,950,000 | 2,700,000 | 180,000 | 70,000 | 2,400,000 |
| 부산광역시 | 2,900,000 | 2,000,000 | 69.0% | 1,100,000 | 820,000 | 50,000 | 30,000 | 900,000 |

집계에 쓴 질의는 다음과 같다.

~~~
SELECT region, SUM(voters) AS voters, SUM(ballots) AS ballots, ROUND(SUM(ballots) * 100.0 / SUM(voters), 1) AS turnout FROM results GROUP BY region;
~~~
`;

const WIDTHS = [390, 1280] as const;
const SCHEMES = ['light', 'dark'] as const;

interface Problem {
  readonly rule: string;
  readonly impact: string;
  readonly target: string;
  readonly page: string;
  readonly width: number;
  readonly scheme: string;
}

/** The site's URL for an output file (`a/b/index.html` → `/a/b/`). */
function urlOf(file: string): string {
  return `/${file.replace(/(^|\/)index\.html$/, '$1')}`;
}

/** One page of each kind the build made, by kind. */
function pagesToCheck(files: readonly string[]): Map<string, string> {
  const html = files.filter((f) => f.endsWith('.html'));
  const first = (test: (f: string) => boolean, kind: string): string => {
    const found = html.find(test);
    if (found === undefined) throw new Error(`the example site has no ${kind} page`);
    return urlOf(found);
  };
  const pages = new Map<string, string>([
    ['index', '/'],
    ['post', first((f) => f.includes('/a11y-table/'), 'table post')],
    ['category', first((f) => /^categories\/[^/]+\/index\.html$/.test(f), 'category')],
    ['categories', '/categories/'],
    ['archive', first((f) => /^\d{4}\/index\.html$/.test(f), 'archive')],
    ['page', '/about/'],
    ['search', '/search/?q=%EB%B9%84%ED%8A%B8%EC%BD%94%EC%9D%B8'],
    ['404', '/no-such-page/'],
  ]);
  // Tag pages, once the theme makes them (another branch adds them): the list and one tag.
  const tags = html.filter((f) => f.startsWith('tags/'));
  if (tags.includes('tags/index.html')) pages.set('tags', '/tags/');
  const tag = tags.find((f) => f !== 'tags/index.html');
  if (tag !== undefined) pages.set('tag', urlOf(tag));
  return pages;
}

/** Runs axe on the page open in `page`; its serious and critical violations. */
async function seriousViolations(page: Page): Promise<AxeResults['violations']> {
  await page.addScriptTag({ path: AXE_SCRIPT });
  const results = (await page.evaluate('axe.run(document, { resultTypes: ["violations"] })')) as AxeResults;
  return results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

if (skipBrowserTests) it.skip(BROWSER_SKIP_MESSAGE, () => {});

describe.skipIf(skipBrowserTests)('the theme has no serious accessibility errors', () => {
  let server: DevServer;
  let browser: Browser;
  let pages: Map<string, string>;

  beforeAll(async () => {
    browser = await launchBrowser();
    const dir = await tempDir('a11y');
    const source = path.join(dir, 'site');
    const out = path.join(dir, 'out');
    await cp(path.resolve('content'), source, { recursive: true });
    await writeFile(path.join(source, '_posts', '2025-01-15-a11y-table.md'), TABLE_POST);
    server = await buildAndServe(source, out);
    pages = pagesToCheck(await listFiles(out));
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await cleanTemp();
  });

  for (const width of WIDTHS) {
    for (const scheme of SCHEMES) {
      it(`at ${width} px in ${scheme}: every page kind passes axe`, async () => {
        // bypassCSP: the theme's CSP (script-src 'self' and hashes) blocks the inline
        // script addScriptTag injects axe as; the pages' own scripts are unaffected.
        const context = await browser.newContext({ viewport: { width, height: 900 }, colorScheme: scheme, bypassCSP: true });
        const page = await context.newPage();
        const problems: Problem[] = [];
        try {
          for (const [kind, url] of pages) {
            await page.goto(new URL(url.slice(1), server.url).href, { waitUntil: 'load' });
            if (kind === 'search') await page.waitForSelector('.search-result', { timeout: 10_000 });
            for (const v of await seriousViolations(page)) {
              for (const node of v.nodes) {
                problems.push({ rule: v.id, impact: String(v.impact), target: node.target.join(' '), page: `${kind} ${url}`, width, scheme });
              }
            }
          }
        } finally {
          await context.close();
        }
        expect(problems.map((p) => `${p.rule} (${p.impact}) ${p.target} on ${p.page} at ${p.width} px, ${p.scheme}`)).toEqual([]);
      }, 120_000);
    }
  }
});
