/**
 * Markdown → safe HTML (src/content/markdown.ts): markdown-it with raw HTML,
 * then the one sanitiser; what is removed is reported at its place in the
 * Markdown source.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createMarkdownIt, createRenderer, markdownToHtml } from '../src/content/markdown.js';
import { DEFAULT_CONFIG } from './fixtures/sanitize/harness.js';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/markdown/${name}`, import.meta.url), 'utf8');
// `markdown: CommonMark`: these tests hold markdown-it's CommonMark + GFM; kramdown mode is in kramdown-compat.test.ts.
const renderer = createRenderer({ sanitize: DEFAULT_CONFIG, siteOrigin: 'https://news.example.com', positions: true, markdown: 'commonmark' });

describe('Markdown (CommonMark + GFM)', () => {
  const { html } = renderer.render(fixture('gfm.md'), 'markdown');

  it('headings, emphasis and strikethrough', () => {
    expect(html).toContain('<h1>제목</h1>');
    expect(html).toContain('<s>struck</s>');
    expect(html).toContain('<strong>bold</strong>');
  });

  it('tables keep their alignment', () => {
    expect(html).toContain('<th style="text-align: left;">지역</th>');
    expect(html).toContain('<td style="text-align: right;">12</td>');
  });

  it('task lists: the items stay, the checkboxes go (input is not allowed by default)', () => {
    expect(html).toMatch(/<li class="task-list-item">\s*할 일<\/li>/);
    expect(html).toMatch(/<li class="task-list-item">\s*끝난 일<\/li>/);
    expect(html).not.toContain('<input');
  });

  it('bare URLs become links, external ones with the external rel', () => {
    expect(html).toContain('<a href="https://example.com/news" rel="noopener noreferrer nofollow ugc">https://example.com/news</a>');
    expect(html).toContain('<a href="http://www.example.org" rel="noopener noreferrer nofollow ugc">www.example.org</a>');
  });

  it('footnotes link to their note, with ids the sanitiser prefixed', () => {
    expect(html).toMatch(/<a href="#user-content-fn1" id="user-content-fnref1">\[1\]<\/a>/);
    expect(html).toMatch(/<li id="user-content-fn1" class="footnote-item">/);
  });

  it('an author’s own link around a URL stays one link (no autolink nested inside it)', () => {
    const out = renderer.render('속보는, <a href="https://example.com/news">https://example.com/news</a>', 'markdown').html;
    expect(out).toBe('<p>속보는, <a href="https://example.com/news" rel="noopener noreferrer nofollow ugc">https://example.com/news</a></p>\n');
  });

  it('rendering block by block gives the HTML of rendering the document at once', () => {
    const markdown = createMarkdownIt();
    for (const name of ['gfm.md', 'raw-html.md']) {
      const text = fixture(name);
      expect(markdownToHtml(markdown, text).html, name).toBe(markdown.render(text));
    }
  });
});

describe('removals are positioned in the Markdown source', () => {
  const { html, removed } = renderer.render(fixture('raw-html.md'), 'markdown');

  it('lists each removal at its line and column (data-* attributes are dropped without a word)', () => {
    expect(removed).toEqual([
      { what: 'onclick on <span>', line: 5, column: 11 },
      { what: 'style "position: fixed" on <span>', line: 5, column: 89 },
      { what: 'onerror on <img>', line: 7, column: 6 },
      { what: 'rel "dofollow" on <a>', line: 9, column: 13 },
      { what: '<script>', line: 11, column: 1 },
      { what: 'href on <a> (unsafe URL)', line: 13 },
    ]);
  });

  it('without positions: the same HTML, the same removals, listed by what they are only', () => {
    const plain = createRenderer({ sanitize: DEFAULT_CONFIG, siteOrigin: 'https://news.example.com', markdown: 'commonmark' }).render(
      fixture('raw-html.md'),
      'markdown',
    );
    expect(plain.html).toBe(html);
    expect(plain.removed).toEqual(removed.map(({ what }) => ({ what })));
  });

  it('keeps what is safe: the colour, the text, the link', () => {
    expect(html).toContain('<span style="color: #ee2323;">빨강</span>');
    expect(html).toContain('<span>클릭</span>');
    expect(html).not.toMatch(/onclick|onerror|script|javascript|position/);
  });
});
