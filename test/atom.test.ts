import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { assert, describe, expect, it } from 'vitest';
import { type FeedEntry, type FeedInput, renderAtomFeed } from '../src/feeds/atom.js';
import { escapeXmlAttr, escapeXmlText, stripIllegalXmlChars } from '../src/feeds/xml.js';

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  trimValues: false,
  parseTagValue: false,
  parseAttributeValue: false,
  isArray: (name) => name === 'entry' || name === 'category' || name === 'link',
});

interface Parsed {
  feed: Record<string, unknown> & {
    '@_xmlns:media'?: string;
    entry?: (Record<string, unknown> & { link: { '@_rel': string; '@_href': string; '@_title': string }[] })[];
  };
}

function parse(xml: string): Parsed {
  expect(XMLValidator.validate(xml)).toBe(true);
  return parser.parse(xml) as Parsed;
}

function text(node: unknown): string {
  if (typeof node === 'string') return node;
  if (node && typeof node === 'object' && '#text' in node) return String((node as { '#text': unknown })['#text']);
  return '';
}

const entry = (overrides: Partial<FeedEntry> = {}): FeedEntry => ({
  id: 'https://news.example.com/politics/2024/06/12/%ED%95%9C%EC%9D%BC.html',
  url: 'https://news.example.com/politics/2024/06/12/%ED%95%9C%EC%9D%BC.html',
  title: '한일 정상회담 & 후속 협의',
  publishedIso: '2024-06-12T10:00:00+09:00',
  updatedIso: '2024-06-12T11:30:00+09:00',
  author: '김기자',
  categories: ['정치', '외교'],
  summaryHtml: '<p>요약 &amp; 정리</p>',
  contentHtml: '<p style="color:red">본문 A &amp; B &lt; C</p>',
  ...overrides,
});

const feed = (entries: readonly FeedEntry[], overrides: Partial<FeedInput> = {}): FeedInput => ({
  title: '가제트 뉴스',
  subtitle: '오늘의 소식',
  feedUrl: 'https://news.example.com/feed.xml',
  siteUrl: 'https://news.example.com/',
  updatedIso: '2024-06-12T12:00:00+09:00',
  lang: 'ko-KR',
  author: '편집국',
  generatorVersion: '0.1.0',
  entries,
  ...overrides,
});

describe('renderAtomFeed', () => {
  it('has the feed and entry elements Atom requires', () => {
    const parsed = parse(renderAtomFeed(feed([entry(), entry({ id: 'https://news.example.com/b.html', url: 'https://news.example.com/b.html' })])));
    const root = parsed.feed;
    expect(root['@_xmlns']).toBe('http://www.w3.org/2005/Atom');
    expect(root['@_xml:lang']).toBe('ko-KR');
    expect(root['id']).toBe('https://news.example.com/feed.xml');
    expect(text(root['title'])).toBe('가제트 뉴스');
    expect(root['updated']).toBe('2024-06-12T12:00:00+09:00');
    expect(text(root['generator'])).toBe('gazette');
    const links = root['link'] as { '@_rel': string; '@_href': string; '@_type': string; '@_hreflang'?: string }[];
    expect(links.map((link) => [link['@_rel'], link['@_href'], link['@_type']])).toEqual([
      ['self', 'https://news.example.com/feed.xml', 'application/atom+xml'],
      ['alternate', 'https://news.example.com/', 'text/html'],
    ]);
    expect(links[1]?.['@_hreflang']).toBe('ko-KR');
    expect(root['entry']).toHaveLength(2);
    for (const item of root['entry'] ?? []) {
      expect(item['id']).toMatch(/^https:\/\//);
      expect(text(item['title'])).not.toBe('');
      expect(item['updated']).toBe('2024-06-12T11:30:00+09:00');
      expect(item['published']).toBe('2024-06-12T10:00:00+09:00');
      expect(item.link.filter((link) => link['@_rel'] === 'alternate')).toHaveLength(1);
    }
  });

  it('follows jekyll-feed element order', () => {
    const xml = renderAtomFeed(feed([entry({ imageUrl: 'https://news.example.com/a.jpg' })]));
    const order = ['<generator', 'rel="self"', 'rel="alternate"', '<updated>', '<id>', '<title', '<subtitle>', '<author>', '<entry>'];
    const positions = order.map((needle) => xml.indexOf(needle));
    expect(positions.every((pos) => pos >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    const body = xml.slice(xml.indexOf('<entry>'));
    const entryOrder = [
      '<title',
      '<link',
      '<published>',
      '<updated>',
      '<id>',
      '<content',
      '<author>',
      '<category',
      '<summary',
      '<media:thumbnail',
      '<media:content',
    ];
    const entryPositions = entryOrder.map((needle) => body.indexOf(needle));
    expect(entryPositions.every((pos) => pos >= 0)).toBe(true);
    expect([...entryPositions].sort((a, b) => a - b)).toEqual(entryPositions);
  });

  it('round-trips HTML content with &, <, Korean and ]]>', () => {
    const html = '<p>A &amp; B &lt; C — 한국어 <b>굵게</b> & raw < ]]> "quoted" \'single\'</p>\r\n<p>둘째</p>';
    const parsed = parse(renderAtomFeed(feed([entry({ contentHtml: html, summaryHtml: `<em>${html}</em>` })])));
    const item = parsed.feed.entry?.[0];
    assert(item, 'the feed has an entry');
    const expected = html.replace('\r\n', '\n');
    expect(text(item['content'])).toBe(expected);
    expect(text(item['summary'])).toBe(`<em>${expected}</em>`);
    expect((item['content'] as Record<string, string>)['@_type']).toBe('html');
    expect((item['content'] as Record<string, string>)['@_xml:base']).toBe(entry().url);
  });

  it('never lets ]]> or a raw < through in text', () => {
    const xml = renderAtomFeed(feed([entry({ contentHtml: 'a ]]> b <c>' })]));
    expect(xml).not.toContain(']]>');
    expect(xml).toContain('a ]]&gt; b &lt;c&gt;');
  });

  it('HTML-escapes plain titles, since they are type="html"', () => {
    const parsed = parse(renderAtomFeed(feed([entry({ title: '<속보> A & B' })])));
    const item = parsed.feed.entry?.[0];
    expect(text(item?.['title'])).toBe('&lt;속보&gt; A &amp; B');
    expect(item?.link[0]?.['@_title']).toBe('<속보> A & B');
  });

  it('strips characters illegal in XML 1.0', () => {
    const dirty = 'a\u0000b\u0008c\u000Bd\u000Ce\u001Ff\uFFFEg\uFFFFh\uD800i\uDC00j';
    const xml = renderAtomFeed(feed([entry({ title: dirty, contentHtml: `<p>${dirty}</p>`, categories: [dirty] })]));
    expect(XMLValidator.validate(xml)).toBe(true);
    expect(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/.test(xml)).toBe(false);
    const parsed = parse(xml);
    expect(text(parsed.feed.entry?.[0]?.['content'])).toBe('<p>abcdefghij</p>');
  });

  it('keeps valid astral characters and tab/newline', () => {
    expect(stripIllegalXmlChars('😀\t\n\r한')).toBe('😀\t\n\r한');
    expect(escapeXmlText('a\r\nb\rc')).toBe('a\nb\nc');
    expect(escapeXmlAttr('a\n"b"\t&')).toBe('a&#10;&quot;b&quot;&#9;&amp;');
  });

  it('adds media elements and the media namespace only with an image', () => {
    const without = renderAtomFeed(feed([entry()]));
    expect(without).not.toContain('media:');
    expect(parse(without).feed['@_xmlns:media']).toBeUndefined();

    const image = 'https://news.example.com/assets/%ED%95%9C.jpg?w=1&h=2';
    const withImage = renderAtomFeed(feed([entry(), entry({ imageUrl: image })]));
    const parsed = parse(withImage);
    expect(parsed.feed['@_xmlns:media']).toBe('http://search.yahoo.com/mrss/');
    const [first, second] = parsed.feed.entry ?? [];
    assert(first && second, 'the feed has two entries');
    expect(first['media:thumbnail']).toBeUndefined();
    expect((second['media:thumbnail'] as Record<string, string>)['@_url']).toBe(image);
    expect((second['media:content'] as Record<string, string>)['@_url']).toBe(image);
    expect((second['media:content'] as Record<string, string>)['@_medium']).toBe('image');
  });

  it('writes categories, falls back to the feed author, and omits empty parts', () => {
    const parsed = parse(renderAtomFeed(feed([entry({ author: undefined, summaryHtml: '  ', categories: ['정치', 'A&B'] })], { subtitle: undefined })));
    expect(parsed.feed['subtitle']).toBeUndefined();
    const item = parsed.feed.entry?.[0];
    assert(item, 'the feed has an entry');
    expect((item['author'] as Record<string, string>)['name']).toBe('편집국');
    expect((item['category'] as Record<string, string>[]).map((c) => c['@_term'])).toEqual(['정치', 'A&B']);
    expect(item['summary']).toBeUndefined();
  });

  it('renders a valid feed with no entries and no language', () => {
    const xml = renderAtomFeed(feed([], { lang: '', author: undefined }));
    const parsed = parse(xml);
    expect(parsed.feed['@_xml:lang']).toBeUndefined();
    expect(xml).not.toContain('hreflang');
    expect(parsed.feed.entry).toBeUndefined();
  });

  it('is deterministic', () => {
    const input = feed([entry(), entry({ imageUrl: 'https://news.example.com/a.jpg' })]);
    expect(renderAtomFeed(input)).toBe(renderAtomFeed(structuredClone(input)));
  });
});
