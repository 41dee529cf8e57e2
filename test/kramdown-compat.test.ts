/**
 * kramdown mode (the config's `markdown`, Jekyll's default): Markdown bodies
 * render as Jekyll 4.3.1 renders them. Each fixture's `.jekyll.html` is what
 * Jekyll made of its `.md` (see test/fixtures/kramdown/README.md); both go
 * through gazette's sanitiser and are compared with whitespace between tags
 * normalised.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { pipelineKey } from '../src/build/parse.js';
import { resolveConfig } from '../src/config.js';
import { kramdownTypography } from '../src/content/kramdown-typography.js';
import { createMarkdownIt, createRenderer } from '../src/content/markdown.js';
import { DEFAULT_CONFIG } from './fixtures/sanitize/harness.js';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/kramdown/${name}`, import.meta.url), 'utf8');
const kramdown = createRenderer({ sanitize: DEFAULT_CONFIG, siteOrigin: 'https://news.example.com' });
const commonmark = createRenderer({ sanitize: DEFAULT_CONFIG, siteOrigin: 'https://news.example.com', markdown: 'commonmark' });

/** Whitespace between and around tags is not content; kramdown's heading ids and Rouge's code classes are outside this comparison. */
function normalise(html: string): string {
  return html
    .replace(/(<h[1-6]) id="[^"]*"/g, '$1')
    .replace(/ class="language-plaintext highlighter-rouge"/g, '')
    .replace(/\s+/g, ' ')
    .replace(/> </g, '><')
    .replace(/ (<\/?(?:p|h[1-6]|div|table|thead|tbody|tr|td|th)\b)/g, '$1')
    .trim();
}

const asJekyll = (name: string) => normalise(kramdown.render(fixture(`${name}.jekyll.html`), 'html').html);
const asGazette = (name: string) => normalise(kramdown.render(fixture(`${name}.md`), 'markdown').html);

describe('block HTML ends where kramdown ends it', () => {
  const html = kramdown.render(fixture('block-html.md'), 'markdown').html;

  it('renders the fixture as Jekyll 4.3.1 did', () => {
    expect(asGazette('block-html')).toBe(asJekyll('block-html'));
  });

  it('a Markdown line right after <h2>…</h2> is Markdown: **굵게** is bold', () => {
    expect(html).toContain('<h2 data-ke-size="size26">한일 국방교류</h2>\n<p><strong>굵게</strong> 텍스트</p>');
  });

  it('inside a <div> or <table> without markdown="1" nothing is parsed, blank lines included', () => {
    expect(html).toContain('**그대로**');
    expect(html).toContain('<td>**a**</td>');
    expect(html).toContain('<p><em>표 다음</em>');
  });

  it('a line starting with span HTML (<b>) continues the paragraph as Markdown', () => {
    expect(html).toContain('<b>굵은</b> <strong>y</strong> 줄</p>');
  });

  it('text after an end tag on the same line starts a paragraph', () => {
    expect(html).toContain('<h3>x</h3>\n<p>꼬리 <em>e</em></p>');
  });

  it('an element never closed runs to the end of the body, as kramdown auto-closes it', () => {
    expect(kramdown.render('<p>문단\n*a*\n\n*b*', 'markdown').html).toBe('<p>문단\n*a*\n\n*b*\n</p>');
  });

  it('is one linear pass: four times the block-HTML lines take about four times as long, not sixteen', () => {
    const markdown = createMarkdownIt('kramdown');
    const body = (n: number) => '<p data-ke-size="size16">본문 "인용"</p>\n**굵게** 텍스트\n'.repeat(n);
    const time = (text: string) => {
      const started = performance.now();
      markdown.parse(text, {});
      return performance.now() - started;
    };
    time(body(2_000)); // warm-up
    const small = Math.min(time(body(2_000)), time(body(2_000)));
    const large = Math.min(time(body(8_000)), time(body(8_000)));
    expect(large).toBeLessThan(small * 10 + 50);
    expect(
      markdown
        .parse(body(3), {})
        .flatMap((token) => token.children ?? [])
        .filter((token) => token.type === 'strong_open'),
    ).toHaveLength(3);
  });
});

describe('smart quotes and typographic symbols as kramdown makes them', () => {
  it('renders the fixture as Jekyll 4.3.1 did', () => {
    expect(asGazette('quotes')).toBe(asJekyll('quotes'));
  });

  it('quotes around Korean words, apostrophes', () => {
    const html = kramdown.render("\"한국\"의 '인 악토버' 그는 it's", 'markdown').html;
    expect(html).toBe('<p>“한국”의 ‘인 악토버’ 그는 it’s</p>\n');
  });

  it('dashes and ellipsis; (c) and 1/2 stay as written', () => {
    expect(kramdownTypography('a -- b --- c... (c) 1/2', '', '')).toBe('a – b — c… (c) 1/2');
  });

  it('the marks at the edges of a long run of plain text: at its start, its end, and next to the following token', () => {
    expect(kramdownTypography('가나다라 "인용" 마바사', '', '')).toBe('가나다라 “인용” 마바사');
    expect(kramdownTypography('긴 문장 >> 다음 << 끝', '', '')).toBe('긴 문장\u00a0» 다음 «\u00a0끝');
    expect(kramdownTypography('끝에 대시--', '', '')).toBe('끝에 대시–');
    expect(kramdownTypography('말줄임...', '', '')).toBe('말줄임…');
    // A quote in the next token is that token's to turn; a soft break before the text counts as a space.
    expect(kramdownTypography('말했다', '', '"')).toBe('말했다');
    expect(kramdownTypography('"따옴표" 뒤', '\n', '')).toBe('“따옴표” 뒤');
  });

  it('code, raw HTML and escaped quotes keep straight quotes', () => {
    const html = kramdown.render('`"코드"` \\"이스케이프\\"\n\n<div title="x">"블록"</div>', 'markdown').html;
    expect(html).toBe('<p><code>"코드"</code> "이스케이프"</p>\n<div title="x">"블록"</div>\n');
  });

  it('HTML bodies are not Markdown: their quotes stay straight', () => {
    expect(kramdown.render('<p>"한국"의 -- 대시</p>', 'html').html).toBe('<p>"한국"의 -- 대시</p>');
  });
});

describe('markdown: CommonMark keeps CommonMark + GFM as before', () => {
  it('block HTML runs to a blank line, quotes stay straight, bare URLs become links', () => {
    const html = commonmark.render('<h2>제목</h2>\n**굵게** "한국"의 -- https://example.com/news', 'markdown').html;
    expect(html).toBe('<h2>제목</h2>\n**굵게** "한국"의 -- https://example.com/news');
    const para = commonmark.render('"한국"의 -- https://example.com/news', 'markdown').html;
    expect(para).toContain('"한국"의 -- <a href="https://example.com/news"');
  });

  it('kramdown mode leaves bare URLs as text, as Jekyll does', () => {
    expect(kramdown.render('https://example.com/news', 'markdown').html).toBe('<p>https://example.com/news</p>\n');
  });
});

describe('the markdown key', () => {
  const flavour = (text?: string) => resolveConfig(text).config.markdown;

  it('absent or kramdown in any case → kramdown; CommonMark or GFM → commonmark', () => {
    expect(flavour(undefined)).toBe('kramdown');
    expect(flavour('markdown: Kramdown')).toBe('kramdown');
    expect(flavour('markdown: CommonMark')).toBe('commonmark');
    expect(flavour('markdown: commonmark')).toBe('commonmark');
    expect(flavour('markdown: GFM')).toBe('commonmark');
  });

  it('an unknown value warns, naming the key, and is read as kramdown', () => {
    const { config, diagnostics } = resolveConfig('title: t\nmarkdown: redcarpet\n');
    expect(config.markdown).toBe('kramdown');
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ severity: 'warning', line: 2 });
    expect(diagnostics[0]?.message).toContain('`markdown`');
  });

  it('is part of the parse cache key', () => {
    expect(pipelineKey(resolveConfig('markdown: CommonMark').config)).not.toBe(pipelineKey(resolveConfig(undefined).config));
  });
});
