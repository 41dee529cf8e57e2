/**
 * A site moved from Jekyll keeps what feed readers and search engines know it
 * by: gazette's feeds, sitemap and SEO meta, built from the fixture sites in
 * test/fixtures/jekyll-feed/, against what Jekyll 4.3.1 with jekyll-feed,
 * jekyll-sitemap and jekyll-seo-tag made of the same sites (committed; see the
 * README there). Not compared: the generator, the feeds' `<updated>` (Jekyll's
 * build time), how the XML is laid out.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { afterAll, describe, expect, it } from 'vitest';
import { build } from '../src/index.js';
import { cleanTemp, ROOT, readText, tempDir } from './helpers/site.js';

const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'jekyll-feed');
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  trimValues: true,
  parseTagValue: false,
  isArray: (name) => ['entry', 'link', 'category', 'url'].includes(name),
});

afterAll(() => cleanTemp());

/** Builds a fixture site with gazette; the source is only read (no cache). */
async function buildFixture(name: string): Promise<string> {
  const out = path.join(await tempDir(`jekyll-${name}`), 'out');
  const result = await build({ source: path.join(FIXTURES, name), destination: out, jobs: 1, cache: false, now: new Date('2024-07-13T00:00:00Z') });
  // The fixture's default image (`defaults` in _config.yml) is not in it: Jekyll never looks, gazette warns once (build/images.ts).
  expect(result.diagnostics.filter((d) => !d.message.startsWith('image not found: '))).toEqual([]);
  expect(result.ok).toBe(true);
  return out;
}

function expected(site: string, file: string): string {
  return readFileSync(path.join(FIXTURES, 'expected', site, file), 'utf8');
}

function text(node: unknown): string {
  if (node === undefined) return '';
  if (typeof node === 'string') return node;
  return String((node as { '#text'?: unknown })['#text'] ?? '');
}

/** What a feed reader keeps of a feed: everything but the generator and the feed's `<updated>`. */
function readerView(xml: string) {
  type Node = Record<string, unknown>;
  const feed = (parser.parse(xml) as { feed: Node }).feed;
  const links = (feed['link'] as Node[]).map((link) => [link['rel'], link['href'], link['type'], link['hreflang']]);
  const entries = ((feed['entry'] as Node[] | undefined) ?? []).map((entry) => ({
    lang: entry['xml:lang'],
    title: text(entry['title']),
    link: (entry['link'] as Node[]).map((link) => [link['rel'], link['href'], link['title']]),
    published: entry['published'],
    updated: entry['updated'],
    id: entry['id'],
    content: text(entry['content']),
    contentBase: (entry['content'] as Node)['xml:base'],
    author: text((entry['author'] as Node)['name']),
    categories: ((entry['category'] as Node[] | undefined) ?? []).map((category) => category['term']),
    // type="html": Jekyll's is plain text, gazette's escaped text; both read as the same text.
    summary: text(entry['summary']).replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>'),
    thumbnail: (entry['media:thumbnail'] as Node | undefined)?.['url'],
  }));
  return {
    lang: feed['xml:lang'],
    id: feed['id'],
    links,
    title: text(feed['title']),
    subtitle: text(feed['subtitle']),
    author: text((feed['author'] as Node)['name']),
    entries,
  };
}

describe.each(['date', 'pretty'])('the %s fixture site, against Jekyll', (site) => {
  let out: string;
  it('builds', async () => {
    out = await buildFixture(site);
  });

  it.each(['feed.xml', 'feed/news.xml', 'feed/정치.xml'])('%s: entry ids, links and entries are jekyll-feed’s', (file) => {
    const ours = readerView(readText(out, file));
    const theirs = readerView(expected(site, file));
    expect(ours.entries.map((entry) => entry.id)).toEqual(theirs.entries.map((entry) => entry.id));
    expect(ours).toEqual(theirs);
  });

  it('sitemap.xml lists every post and page jekyll-sitemap lists, and none it leaves out', () => {
    const locs = (xml: string) => ((parser.parse(xml) as { urlset: { url?: { loc: string }[] } }).urlset.url ?? []).map((url) => url.loc);
    const ours = locs(readText(out, 'sitemap.xml'));
    const theirs = locs(expected(site, 'sitemap.xml'));
    for (const loc of theirs) expect(ours).toContain(loc);
    const base = site === 'date' ? 'https://example.com/base' : 'https://example.com';
    const leftOut = [`${base}/special/story/`, `${base}/thanks.html`, `${base}/offline.html`];
    if (site === 'date') for (const loc of leftOut) expect(ours).not.toContain(loc);
  });
});

describe('pages and posts carry jekyll-seo-tag’s description and image', () => {
  let out: string;
  it('builds', async () => {
    out = await buildFixture('date');
  });

  /** `<meta name|property=key content=…>` values, in either attribute order. */
  const meta = (html: string, key: string): string | undefined => {
    const tag = html.match(new RegExp(`<meta (?:name|property)="${key}" content="([^"]*)"`));
    return tag?.[1]?.replace(/&amp;/g, '&');
  };

  it.each([
    ['about.html', 'about.html'],
    ['thanks.html', 'thanks.html'],
    ['news/2024/07/12/81.html', 'news-2024-07-12-81.html'],
  ])('%s', (file, jekyllFile) => {
    const ours = readText(out, file);
    const theirs = expected('date', jekyllFile);
    for (const key of ['description', 'og:description', 'og:image', 'twitter:image', 'twitter:card']) {
      expect(meta(ours, key), key).toBe(meta(theirs, key));
    }
  });
});
