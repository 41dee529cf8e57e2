/**
 * Page sources → rendered pages (src/render/pages.ts): Liquid first, then the
 * page's converter: Markdown and HTML through the posts' sanitiser, Sass to
 * CSS, anything else written as Liquid made it; `layout: null` pages are not
 * wrapped in a theme template. The Liquid and Sass steps are small stand-ins
 * here, so that what this module does with them is what is tested.
 */
import { createHash } from 'node:crypto';
import os from 'node:os';
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../src/config.js';
import { createRenderer } from '../src/content/markdown.js';
import { compileSassPage } from '../src/content/sass.js';
import { error } from '../src/diagnostics.js';
import { type LiquidStep, type PageRenderOptions, renderPages, type SassStep } from '../src/render/pages.js';
import type { PageFormat, PageSource } from '../src/types.js';

const { config } = resolveConfig('url: https://news.example.com');
const renderer = createRenderer({ sanitize: config.sanitize, siteOrigin: config.url });
const positioned = createRenderer({ sanitize: config.sanitize, siteOrigin: config.url, positions: true });

function source(fields: Partial<PageSource> & { body: string }): PageSource {
  const format: PageFormat = fields.format ?? 'html';
  return {
    source: `page.${format}`,
    digest: 'digest-1',
    title: '',
    url: '/page/',
    file: 'page/index.html',
    layout: 'page',
    data: {},
    format,
    bodyLine: 1,
    ...fields,
  };
}

/** A stand-in for Liquid: `{{ x }}` → the page's front matter value `x`. */
const liquid: LiquidStep = (page) => ({
  output: page.body.replace(/\{\{\s*(\w+)\s*\}\}/g, (_m, key: string) => String(page.data[key] ?? '')),
  diagnostics: [],
});

/** A stand-in for Sass that shows what it was given. */
const sass: SassStep = (page, body) => ({ css: `/* ${page.source} */\n${body.replace(/\$c/g, 'red')}`, diagnostics: [] });

const options = (extra: Partial<PageRenderOptions> = {}): PageRenderOptions => ({ renderer, liquid, sass, ...extra });

function only(sources: PageSource[], opts: PageRenderOptions = options()) {
  const out = renderPages(sources, opts);
  expect(out.pages).toHaveLength(1);
  return { ...out, page: out.pages[0] as NonNullable<(typeof out.pages)[0]> };
}

describe('Liquid, then the sanitiser', () => {
  it('a Markdown page: Liquid fills it in, then Markdown becomes sanitised HTML', () => {
    const { page } = only([source({ format: 'markdown', body: '# {{ title }}\n\n본문 *강조*.\n', data: { title: '소개' } })]);
    expect(page.html).toBe('<h1>소개</h1>\n<p>본문 <em>강조</em>.</p>\n');
    expect(page.wrapped).toBe(true);
  });

  it("what Liquid writes is sanitised like the page's own text: a script from a variable is removed", () => {
    const { page, removals } = only([source({ body: '<p>{{ bio }}</p>\n', data: { bio: '안녕<script>alert(1)</script>' } })]);
    expect(page.html).toBe('<p>안녕</p>\n');
    expect(removals).toEqual([{ source: 'page.html', removed: [{ what: '<script>' }] }]);
  });

  it('without a Liquid step the body is taken as written', () => {
    const { page } = only([source({ body: '<p>{{ title }}</p>', data: { title: 'x' } })], { renderer, sass });
    expect(page.html).toBe('<p>{{ title }}</p>');
  });

  it("Liquid's diagnostics are passed on", () => {
    const warned: LiquidStep = (page) => ({ output: page.body, diagnostics: [error(page.source, 'unknown tag', { line: 3 })] });
    const { diagnostics } = only([source({ body: '<p>x</p>' })], options({ liquid: warned }));
    expect(diagnostics).toEqual([{ file: 'page.html', severity: 'error', message: 'unknown tag', line: 3 }]);
  });

  it("the lines of removals are the file's lines: the body's line plus where the front matter ends", () => {
    const { removals } = only([source({ body: '<p>a</p>\n<p>b</p>\n<p onclick="x()">c</p>\n', bodyLine: 5 })], options({ renderer: positioned }));
    expect(removals).toEqual([{ source: 'page.html', removed: [{ what: 'onclick on <p>', line: 7, column: 1 }] }]);
  });

  it('a page the sanitiser left alone has no removals entry', () => {
    const { removals } = only([source({ body: '<p>깨끗한 본문</p>' })]);
    expect(removals).toEqual([]);
  });
});

describe('Sass pages', () => {
  it('scss and sass pages are compiled from their body after Liquid, and are not wrapped', () => {
    for (const format of ['scss', 'sass'] as const) {
      const { page } = only([
        source({ format, source: `assets/site.${format}`, file: 'assets/site.css', body: 'a { color: $c; } /* {{ note }} */', data: { note: '주석' } }),
      ]);
      expect(page.html).toBe(`/* assets/site.${format} */\na { color: red; } /* 주석 */`);
      expect(page.wrapped).toBe(false);
    }
  });

  it("Sass's diagnostics are passed on, and its CSS (empty on error) is the page", () => {
    const failing: SassStep = (page) => ({ css: '', diagnostics: [error(page.source, 'expected "}".', { line: 2, column: 9 })] });
    const { page, diagnostics } = only([source({ format: 'scss', source: 'assets/bad.scss', body: 'a {' })], options({ sass: failing }));
    expect(page.html).toBe('');
    expect(diagnostics).toEqual([{ file: 'assets/bad.scss', severity: 'error', message: 'expected "}".', line: 2, column: 9 }]);
  });

  it('with the real Sass step: the Liquid output is compiled to CSS', () => {
    const real: SassStep = (page, body) =>
      compileSassPage({
        source: page.source,
        body,
        bodyLine: page.bodyLine,
        syntax: page.format === 'sass' ? 'sass' : 'scss',
        root: os.tmpdir(),
        options: config.sass,
      });
    const { page, diagnostics } = only(
      [
        source({
          format: 'scss',
          source: 'assets/site.scss',
          body: '$accent: {{ accent }};\n.kicker { color: $accent; a { border-color: $accent; } }\n',
          data: { accent: '#ff0000' },
        }),
      ],
      options({ sass: real }),
    );
    expect(diagnostics).toEqual([]);
    expect(page.html).toBe('.kicker {\n  color: #ff0000;\n}\n.kicker a {\n  border-color: #ff0000;\n}\n');
  });

  it('a Markdown or HTML page never goes to Sass, nor a Sass page to the sanitiser', () => {
    const calls: string[] = [];
    const spy: SassStep = (page, body) => {
      calls.push(page.source);
      return { css: body, diagnostics: [] };
    };
    const out = renderPages(
      [
        source({ source: 'a.md', format: 'markdown', body: 'x' }),
        source({ source: 'b.html', format: 'html', body: 'y' }),
        source({ source: 'c.scss', format: 'scss', body: 'p { background: url("<script>"); }' }),
      ],
      options({ sass: spy }),
    );
    expect(calls).toEqual(['c.scss']);
    expect(out.pages.map((p) => p.html)).toEqual(['<p>x</p>\n', 'y', 'p { background: url("<script>"); }']);
  });
});

describe('raw outputs', () => {
  it('a text page (rss.xml, search.json) is exactly what Liquid made: not sanitised, not wrapped', () => {
    const body = '<?xml version="1.0"?>\n<rss><channel><title>{{ title }}</title><script>keep()</script></channel></rss>\n';
    const { page, removals } = only([source({ source: 'rss.xml', file: 'rss.xml', url: '/rss.xml', format: 'text', body, data: { title: '가제트 & 뉴스' } })]);
    expect(page.html).toBe('<?xml version="1.0"?>\n<rss><channel><title>가제트 & 뉴스</title><script>keep()</script></channel></rss>\n');
    expect(page.wrapped).toBe(false);
    expect(removals).toEqual([]);
  });
});

describe('layout: null', () => {
  it('Markdown and HTML pages are wrapped in a template unless the front matter asks for no layout', () => {
    const wrapped = (data: Record<string, unknown>, format: PageFormat = 'html') => only([source({ body: '<p>x</p>', data, format })]).page.wrapped;
    expect(wrapped({})).toBe(true);
    expect(wrapped({ layout: 'post' })).toBe(true);
    expect(wrapped({ layout: '' })).toBe(true);
    for (const none of [null, false, 'none', 'null']) {
      expect(wrapped({ layout: none }), String(none)).toBe(false);
      expect(wrapped({ layout: none }, 'markdown'), String(none)).toBe(false);
    }
  });

  it('a page with no layout is still sanitised: its body is the whole file', () => {
    const { page } = only([source({ body: '<!doctype html><html><body><h1>x</h1><script>bad()</script></body></html>', data: { layout: null } })]);
    expect(page.wrapped).toBe(false);
    expect(page.html).toBe('<h1>x</h1>');
  });
});

describe('what each rendered page carries', () => {
  it("the source's fields, and a digest of the source and the rendered text", () => {
    const input = source({ source: 'about.html', title: '소개', url: '/about/', body: '<p>{{ who }}</p>', data: { who: '편집국' } });
    const { page } = only([input]);
    expect(page).toMatchObject({ source: 'about.html', title: '소개', url: '/about/', body: '<p>{{ who }}</p>', html: '<p>편집국</p>' });
    expect(page.renderDigest).toBe(createHash('sha256').update('digest-1').update('\0').update('<p>편집국</p>').digest('hex'));
  });

  it('the digest changes when only what Liquid made changes (site data, another post), not the file', () => {
    const a = only([source({ body: '<p>{{ who }}</p>', data: { who: 'a' } })]).page.renderDigest;
    const b = only([source({ body: '<p>{{ who }}</p>', data: { who: 'b' } })]).page.renderDigest;
    const again = only([source({ body: '<p>{{ who }}</p>', data: { who: 'a' } })]).page.renderDigest;
    expect(a).not.toBe(b);
    expect(again).toBe(a);
  });

  it("pages come out in the order they went in, with every page's diagnostics", () => {
    const noisy: LiquidStep = (page) => ({ output: page.body, diagnostics: [error(page.source, 'liquid')] });
    const out = renderPages([source({ source: 'b.html', body: 'b' }), source({ source: 'a.html', body: 'a' })], options({ liquid: noisy }));
    expect(out.pages.map((p) => p.source)).toEqual(['b.html', 'a.html']);
    expect(out.diagnostics.map((d) => d.file)).toEqual(['b.html', 'a.html']);
  });

  it('no pages, nothing at all', () => {
    expect(renderPages([], options())).toEqual({ pages: [], diagnostics: [], removals: [] });
  });
});
