/**
 * The Liquid engine: pages rendered as Jekyll renders them (compared with
 * Jekyll 4.3.1's output of the fixture site), includes kept inside
 * `_includes/`, errors at the file's own line and column, limits, plugin tags.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { paginatorVariables, postVariables } from '../src/liquid/drops.js';
import { createLiquidEngine } from '../src/liquid/engine.js';
import { fixtureEngine, OUTPUT, posts, readPage, renderFixturePage, site } from './helpers/liquid-site.js';

const ESCAPE = fileURLToPath(new URL('./fixtures/liquid/escape/', import.meta.url));
const escapeEngine = (extra = {}) => createLiquidEngine({ root: ESCAPE, markdownify: (t) => t, ...extra });

function renderEscapePage(source: string) {
  const { body, bodyLine } = readPage(`../escape/${source}`, '/');
  return escapeEngine().render(source, body, { site }, bodyLine);
}

describe('pages as Jekyll renders them', () => {
  test('a loop over site.posts with | date and an include with parameters match Jekyll', () => {
    const result = renderFixturePage('index.html', '/');
    expect(result.diagnostics).toEqual([]);
    expect(result.output).toBe(readFileSync(`${OUTPUT}index.html`, 'utf8'));
  });

  test("post_url, link, include_relative and raw match Jekyll; highlight is Jekyll's markup without colouring", () => {
    const result = renderFixturePage('docs/tags.html', '/docs/tags/');
    expect(result.diagnostics).toEqual([]);
    const want = readFileSync(`${OUTPUT}tags.html`, 'utf8').replace(/<span class="\w+">(.*?)<\/span>/g, '$1');
    expect(result.output).toBe(want);
  });

  test('an include named by a variable', () => {
    const engine = fixtureEngine();
    const out = engine.render('a.md', '{% include {{ page.card }} title=page.t n="2" %}', { page: { card: 'card.html', t: '제목' } }, 1);
    expect(out).toEqual({ output: '<div class="card">제목|2</div>\n', diagnostics: [] });
  });

  test("post objects: Jekyll's id, url without baseurl, a lazy content and front matter", () => {
    let reads = 0;
    const vars = postVariables(posts[1]!, () => (reads++, { html: '<p>body</p>', featureHtml: '', data: { author: '김기자' } }));
    expect(vars).toMatchObject({ id: '/news/2024/06/12/first', url: '/news/2024/06/12/first/', slug: 'first', path: '_posts/2024-06-12-first.md' });
    expect(reads).toBe(0);
    const read = vars as unknown as Record<string, unknown>;
    expect(read['content']).toBe('<p>body</p>');
    expect(read['content']).toBe('<p>body</p>');
    expect(reads).toBe(1);
    expect(vars.liquidMethodMissing('author')).toBe('김기자');
    expect(vars.liquidMethodMissing('missing')).toBeUndefined();
    const engine = fixtureEngine();
    expect(engine.render('a.md', '{{ post.author }}|{{ post.title }}', { post: vars }, 1).output).toBe('김기자|첫 기사 "인용"');
  });

  test('paginator variables as jekyll-paginate gives them', () => {
    const all = [1, 2, 3, 4, 5].map((n) => ({ n }));
    expect(paginatorVariables({ page: 2, perPage: 2, posts: all, paginatePath: '/page:num/' })).toEqual({
      page: 2,
      per_page: 2,
      posts: [{ n: 3 }, { n: 4 }],
      total_posts: 5,
      total_pages: 3,
      previous_page: 1,
      previous_page_path: '/',
      next_page: 3,
      next_page_path: '/page3/',
    });
  });
});

describe('includes stay inside _includes/', () => {
  for (const name of ['../_config.yml', '/etc/passwd', 'a/../../x.html', 'outside.html']) {
    test(`{% include ${name} %} is an error`, () => {
      const out = escapeEngine().render('pages/a.md', `x\n  {% include ${name} %}`, {}, 4);
      expect(out.output).toBe('');
      expect(out.diagnostics).toHaveLength(1);
      expect(out.diagnostics[0]).toMatchObject({ file: 'pages/a.md', severity: 'error', line: 5, column: 3 });
      expect(out.diagnostics[0]?.message).toMatch(/absolute|leaves|outside/);
    });
  }

  test("include_relative cannot climb out of the page's folder", () => {
    const out = escapeEngine().render('pages/a.md', '{% include_relative ../_includes/inner.html %}', {}, 1);
    expect(out.diagnostics[0]?.message).toMatch(/leaves/);
  });

  test('an include including itself is stopped', () => {
    const out = escapeEngine().render('a.md', '{% include self.html %}', {}, 1);
    expect(out.diagnostics).toHaveLength(1);
    expect(out.diagnostics[0]?.message).toMatch(/nested more than 50 deep/);
  });

  test('a missing include is an error naming it', () => {
    const out = escapeEngine().render('a.md', '{% include missing.html %}', {}, 1);
    expect(out.diagnostics[0]).toMatchObject({ file: 'a.md', line: 1, column: 1 });
    expect(out.diagnostics[0]?.message).toMatch(/could not find the included file "missing.html"/);
  });
});

describe("errors at the file's own line and column", () => {
  test('an unknown tag', () => {
    const out = renderEscapePage('pages/errors.md');
    expect(out.diagnostics).toHaveLength(1);
    expect(out.diagnostics[0]).toMatchObject({ file: 'pages/errors.md', severity: 'error', line: 5, column: 8 });
    expect(out.diagnostics[0]?.message).toContain('tag "nope" not found');
    expect(out.diagnostics[0]?.hint).toContain('{% raw %}');
  });

  test('an unclosed block', () => {
    const out = renderEscapePage('pages/syntax.md');
    expect(out.diagnostics).toHaveLength(1);
    expect(out.diagnostics[0]).toMatchObject({ file: 'pages/syntax.md', line: 5, column: 1 });
    expect(out.diagnostics[0]?.message).toMatch(/not closed/);
  });

  test("an error inside an include is at the include's line, naming the page that included it", () => {
    const out = renderEscapePage('pages/includes-broken.md');
    expect(out.diagnostics).toHaveLength(1);
    expect(out.diagnostics[0]).toMatchObject({ file: '_includes/broken.html', line: 2, column: 1 });
    expect(out.diagnostics[0]?.message).toContain('from pages/includes-broken.md:5:3');
  });

  test("an exception in a caller's hook is a diagnostic, not a crash", () => {
    const engine = escapeEngine({
      pluginTag: () => {
        throw new Error('boom');
      },
    });
    const out = engine.render('a.md', '\n{% seo %}', {}, 3);
    expect(out.diagnostics[0]).toMatchObject({ file: 'a.md', severity: 'error', line: 4 });
    expect(out.diagnostics[0]?.message).toContain('boom');
  });
});

describe('limits', () => {
  test('an endless-looking loop is stopped by the render limit', () => {
    const engine = escapeEngine({ limits: { renderMs: 200 } });
    const started = Date.now();
    const out = engine.render('a.md', '{% for i in (1..100000) %}{% for j in (1..100000) %}{{ j }}{% endfor %}{% endfor %}', {}, 1);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(out.output).toBe('');
    expect(out.diagnostics[0]).toMatchObject({ severity: 'error', message: 'template render limit exceeded' });
  });

  test('a range too large to allocate is stopped by the memory limit before it is made', () => {
    const started = Date.now();
    const out = escapeEngine().render('a.md', 'x\n{% for i in (1..1000000000) %}{{ i }}{% endfor %}', {}, 1);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(out.diagnostics[0]).toMatchObject({ severity: 'error', message: 'memory alloc limit exceeded', line: 2, column: 1 });
  });
});

describe('plugin tags', () => {
  test('supplied output is used; others render as nothing with one warning per tag name, collected', () => {
    const engine = escapeEngine({ pluginTag: (name: string) => (name === 'feed_meta' ? '<link rel="alternate">' : undefined) });
    const a = engine.render('a.md', '{% seo %}{% feed_meta %}', {}, 3);
    const b = engine.render('b.md', 'x\n{% seo title=false %}', {}, 1);
    expect(a.output).toBe('<link rel="alternate">');
    expect(a.diagnostics).toEqual([expect.objectContaining({ file: 'a.md', severity: 'warning', line: 3, column: 1 })]);
    expect(b).toEqual({ output: 'x\n', diagnostics: [] });
    expect(engine.pluginTagsUsed()).toEqual(new Map([['seo', ['a.md', 'b.md']]]));
  });
});
