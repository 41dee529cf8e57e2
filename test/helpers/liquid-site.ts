/**
 * The Liquid fixture site (test/fixtures/liquid/jekyll-site) as gazette's
 * data: config, the two posts as PostSummary, pages, `_data/`, and an engine
 * over it, so tests render its pages and compare with Jekyll's output.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { resolveConfig } from '../../src/config.js';
import { readDataFiles } from '../../src/content/data-files.js';
import { parseFrontMatter } from '../../src/content/front-matter.js';
import { pageVariables, postVariables, siteVariables } from '../../src/liquid/drops.js';
import { createLiquidEngine, type LiquidEngineOptions } from '../../src/liquid/engine.js';
import type { PageSource, PostSummary } from '../../src/types.js';

export const SITE = fileURLToPath(new URL('../fixtures/liquid/jekyll-site/', import.meta.url));
export const OUTPUT = fileURLToPath(new URL('../fixtures/liquid/jekyll-output/', import.meta.url));

export const config = resolveConfig(readFileSync(`${SITE}_config.yml`, 'utf8')).config;

function post(fields: Partial<PostSummary> & Pick<PostSummary, 'source' | 'slug' | 'title' | 'date' | 'url'>): PostSummary {
  return {
    digest: '',
    dateIso: '',
    categories: [],
    tags: [],
    excerptHtml: '',
    excerptText: '',
    layout: 'post',
    draft: false,
    published: true,
    removed: [],
    ...fields,
  };
}

export const posts: PostSummary[] = [
  post({
    source: '_posts/2024-01-03-second.md',
    slug: 'second',
    title: 'Second & story',
    date: new Date('2024-01-03T23:15:00+09:00'),
    url: '/sports/2024/01/03/second/',
    categories: ['Sports'],
    tags: ['football'],
    excerptHtml: '<p>Second body.</p>\n',
  }),
  post({
    source: '_posts/2024-06-12-first.md',
    slug: 'first',
    title: '첫 기사 "인용"',
    date: new Date('2024-06-12T10:30:00+09:00'),
    url: '/news/2024/06/12/first/',
    categories: ['News'],
    tags: ['politics', '정치'],
    excerptHtml: '<p>첫 번째 기사의 본문입니다.</p>\n',
  }),
];

export function readPage(source: string, url: string): { page: PageSource; body: string; bodyLine: number } {
  const front = parseFrontMatter(readFileSync(`${SITE}${source}`, 'utf8'), source);
  if (!front.ok) throw new Error(`fixture ${source} has bad front matter`);
  const page: PageSource = {
    source,
    digest: '',
    title: String(front.data['title'] ?? ''),
    url,
    file: '',
    layout: '',
    data: front.data,
    format: 'html',
    body: front.body,
    bodyLine: front.bodyLine,
  };
  return { page, body: front.body, bodyLine: front.bodyLine };
}

export const pages = [readPage('index.html', '/').page, readPage('filters.html', '/filters/').page, readPage('docs/tags.html', '/docs/tags/').page];

export const site = siteVariables({ config, posts, pages, data: readDataFiles(SITE).data, time: new Date('2024-07-01T00:00:00Z') });

export function fixtureEngine(extra: Partial<LiquidEngineOptions> = {}) {
  return createLiquidEngine({
    root: SITE,
    url: config.url,
    baseurl: config.baseurl,
    timezone: config.timezone,
    markdownify: (text) => `<md>${text}</md>`,
    lookups: {
      postUrl: (name) => posts.find((p) => p.source.endsWith(`/${name}.md`))?.url,
      link: (path) => pages.find((p) => p.source === path)?.url,
    },
    ...extra,
  });
}

/** Renders a fixture page as Jekyll would: `site` and `page` in scope. */
export function renderFixturePage(source: string, url: string, extra: Partial<LiquidEngineOptions> = {}) {
  const { page, body, bodyLine } = readPage(source, url);
  return fixtureEngine(extra).render(source, body, { site, page: pageVariables(page) }, bodyLine);
}

export { postVariables };
