import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createRenderer } from '../src/content/markdown.js';
import { createSanitizeSchema, KEPT_CLASSES } from '../src/content/sanitize.js';
import { DEFAULT_CONFIG, sanitiseHtml } from './fixtures/sanitize/harness.js';

const input = readFileSync(new URL('./fixtures/sanitize/borrowed-classes.html', import.meta.url), 'utf8');
const classesOf = (html: string) => [...html.matchAll(/class="([^"]*)"/g)].flatMap((m) => (m[1] ?? '').split(' '));

describe("post classes cannot borrow the theme's", () => {
  it('prefixes every class a post writes, as ids are', () => {
    const { html } = sanitiseHtml(input);
    expect(html).toContain('<span class="user-content-card__title"><a href="https://evil.example/"');
    expect(html).toContain('<p class="user-content-visually-hidden">');
    expect(html).toContain('<a class="user-content-skip-link"');
    expect(html).toContain('<figure class="user-content-imageblock user-content-alignCenter"');
    expect(html).toContain('<table class="user-content-__se_tbl">');
    expect(classesOf(html)).not.toContain('card__title');
  });

  it("keeps the classes gazette's Markdown and Jekyll's code blocks write", () => {
    const { html } = sanitiseHtml(input);
    expect(html).toContain('<code class="language-js">');
    expect(html).toContain('<div class="language-plaintext highlighter-rouge"><div class="highlight"><pre class="highlight">');
    const renderer = createRenderer({ sanitize: DEFAULT_CONFIG, siteOrigin: '', markdown: 'commonmark' });
    const out = renderer.render('각주[^1]\n\n- [x] 끝\n\n[^1]: 주석\n', 'markdown').html;
    for (const name of ['footnote-ref', 'footnotes', 'footnote-item', 'footnote-backref', 'task-list-item', 'contains-task-list']) {
      expect(classesOf(out)).toContain(name);
    }
  });

  it('is idempotent: a prefixed class is not prefixed again', () => {
    const once = sanitiseHtml(input).html;
    expect(sanitiseHtml(once).html).toBe(once);
  });

  it('keeps what allow_classes lists, names and `name-*` patterns', () => {
    const { html } = sanitiseHtml(input, { allowClasses: ['imageblock', 'txc-*'] });
    expect(html).toContain('<figure class="imageblock user-content-alignCenter"');
    expect(html).toContain('<span class="txc-image">');
    expect(html).toContain('<span class="user-content-card__title">');
  });

  it('the schema alone (the second line of defence) refuses an unprefixed class', () => {
    const pattern = createSanitizeSchema(DEFAULT_CONFIG).attributes?.['*']?.find((d) => Array.isArray(d) && d[0] === 'className');
    const regex = Array.isArray(pattern) ? (pattern[1] as RegExp) : /(?!)/;
    expect(regex.test('card__title')).toBe(false);
    expect(regex.test('user-content-card__title')).toBe(true);
    expect(regex.test('language-ruby')).toBe(true);
    expect(KEPT_CLASSES).not.toContain('card__title');
  });
});

describe("the theme's positioning rules never apply inside a post body", () => {
  const css = readFileSync(new URL('../assets/css/gazette.css', import.meta.url), 'utf8');
  const rules = [...css.matchAll(/([^{}]+)\{([^{}]*)\}/g)].map((m) => ({ selector: (m[1] ?? '').replace(/\/\*[\s\S]*?\*\//g, '').trim(), body: m[2] ?? '' }));

  it.each(['.card__title a', '.visually-hidden', '.skip-link'])('%s is scoped out of .prose', (name) => {
    const positioning = rules.filter((r) => r.selector.includes(name) && /position:\s*absolute|inset:/.test(r.body));
    expect(positioning.length).toBeGreaterThan(0);
    for (const rule of positioning) expect(rule.selector).toContain(':not(.prose *)');
  });
});
