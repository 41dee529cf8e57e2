/**
 * The Nunjucks environment of a build (src/render/templates.ts): the site's
 * `templates/` before the theme's, which templates exist, fingerprints and
 * `showsCounts` over the closure of extends/include/import/from, autoescape, the
 * `relative_url`/`absolute_url` filters, and site templates that are symlinks.
 * The fixed site is test/fixtures/render-templates/site; tests that change
 * files work on a copy in a temp folder.
 */
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { readTemplateSet, THEME_TEMPLATES } from '../src/content/template-files.js';
import { labelsFor } from '../src/render/labels.js';
import { createTemplates, type Templates, trusted } from '../src/render/templates.js';

const FIXTURE = fileURLToPath(new URL('./fixtures/render-templates/site/', import.meta.url));
const SITE_TEMPLATES = path.join(FIXTURE, 'templates');

const temps: string[] = [];
afterAll(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});
function tempDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'gazette-render-templates-'));
  temps.push(dir);
  return dir;
}

function templatesOf(siteTemplates: string, urls: { baseurl?: string; url?: string } = {}): Templates {
  return createTemplates(readTemplateSet({ siteTemplates, baseurl: urls.baseurl ?? '', url: urls.url ?? '' }));
}

/** A copy of the fixture site in a temp folder, with `changes` (template name → text) written over it; its templates folder. */
function copyWith(changes: Record<string, string> = {}): string {
  const site = path.join(tempDir(), 'site');
  cpSync(FIXTURE, site, { recursive: true });
  const folder = path.join(site, 'templates');
  for (const [name, text] of Object.entries(changes)) {
    mkdirSync(path.dirname(path.join(folder, name)), { recursive: true });
    writeFileSync(path.join(folder, name), text);
  }
  return folder;
}

/** Enough of a page's context for the theme's templates. */
const themeContext = {
  site: { title: '가제트 뉴스', lang: 'ko-KR' },
  labels: labelsFor('ko'),
  nav: { home: '/', categoriesUrl: '/categories/', categories: [] },
  seo: { title: 't', description: '', canonical: '/', meta: [] },
  page: { kind: '404', url: '/404.html' },
};

describe("the site's templates and the theme's", () => {
  const templates = templatesOf(SITE_TEMPLATES);

  it("a site template replaces the theme's of the same name", () => {
    expect(templates.render('page', { page: { title: '소개' } })).toBe('<main class="site-page">소개</main>\n');
  });

  it("a site partial replaces the theme's in the theme's own templates", () => {
    const html = templates.render('404', themeContext);
    expect(html).toContain('<footer class="site-footer--own">가제트 뉴스</footer>');
    expect(html).not.toContain('site-footer__legal');
    expect(html).toContain('<h1 class="not-found__title">페이지를 찾을 수 없습니다</h1>');
  });

  it("without a site template, the theme's is used", () => {
    const theme = templatesOf(path.join(tempDir(), 'no-such-folder'));
    const html = theme.render('404', themeContext);
    expect(html).toContain('site-footer__legal');
    expect(html).not.toContain('site-footer--own');
  });

  it('has: a template of that name, with or without .njk, in the site or the theme', () => {
    expect(templates.has('page')).toBe(true);
    expect(templates.has('page.njk')).toBe(true);
    expect(templates.has('post')).toBe(true);
    expect(templates.has('partials/masthead')).toBe(true);
    expect(templates.has('story')).toBe(true);
    expect(templates.has('partials/byline')).toBe(true);
    expect(templates.has('gallery')).toBe(false);
    expect(templates.has('partials')).toBe(false);
  });

  it('has: the theme alone has its own templates only', () => {
    const theme = templatesOf(path.join(tempDir(), 'no-such-folder'));
    expect(theme.has('post')).toBe(true);
    expect(theme.has('story')).toBe(false);
  });

  it('the theme ships its templates with the package', () => {
    expect(path.basename(THEME_TEMPLATES.replace(/[\\/]+$/, ''))).toBe('templates');
  });

  it('extends, import and from…import of site templates render together', () => {
    const html = templates.render('story', { title: '속보', author: '김기자', nav: { feedUrl: '/feed.xml' }, site: { posts_count: 3 } });
    expect(html).toBe('<article><p class="kicker">속보</p><p class="byline">김기자</p><a class="share" href="/feed.xml">3</a>\n</article>\n');
  });
});

describe('fingerprint', () => {
  const base = templatesOf(copyWith());
  const story = base.fingerprint('story');

  it('is a hex hash, the same with or without .njk, and the same for an identical copy of the site', () => {
    expect(story).toMatch(/^[0-9a-f]{40}$/);
    expect(base.fingerprint('story.njk')).toBe(story);
    expect(templatesOf(copyWith()).fingerprint('story')).toBe(story);
  });

  it.each([
    ['the template itself', 'story.njk', '{% extends "story-base.njk" %}{% block body %}changed{% endblock %}'],
    ['the template it extends', 'story-base.njk', '<section>{% block body %}{% endblock %}</section>\n'],
    ['a template it imports', 'macros.njk', '{% macro kicker(text) %}<b>{{ text }}</b>{% endmacro %}\n'],
    ['a template it imports from', 'partials/byline.njk', '{% macro byline(name) %}<i>{{ name }}</i>{% endmacro %}\n'],
    ['a template it includes', 'partials/share.njk', '<a class="share"></a>\n'],
  ])('changes when %s changes', (_what, name, text) => {
    expect(templatesOf(copyWith({ [name]: text })).fingerprint('story')).not.toBe(story);
  });

  it('does not change when a template outside its closure changes, or a new one is added', () => {
    expect(templatesOf(copyWith({ 'unrelated.njk': '<p>changed</p>\n' })).fingerprint('story')).toBe(story);
    expect(templatesOf(copyWith({ 'partials/new.njk': '<p>new</p>\n' })).fingerprint('story')).toBe(story);
    expect(templatesOf(copyWith({ 'page.njk': '<p>changed</p>\n' })).fingerprint('story')).toBe(story);
  });

  it("a theme template's closure: a site partial it includes changes it, an unrelated site template does not", () => {
    const post = base.fingerprint('post');
    expect(templatesOf(copyWith({ 'partials/footer.njk': '<footer>changed</footer>\n' })).fingerprint('post')).not.toBe(post);
    expect(templatesOf(copyWith({ 'partials/masthead.njk': '<header>own</header>\n' })).fingerprint('post')).not.toBe(post);
    expect(templatesOf(copyWith({ 'story.njk': 'changed' })).fingerprint('post')).toBe(post);
  });

  it('is read once per environment: a later edit of the file needs a new one', () => {
    const folder = copyWith();
    const templates = templatesOf(folder);
    const before = templates.fingerprint('story');
    writeFileSync(path.join(folder, 'macros.njk'), 'changed');
    expect(templates.fingerprint('story')).toBe(before);
    expect(templatesOf(folder).fingerprint('story')).not.toBe(before);
  });

  it("the set's key changes with any template, related or not, and with baseurl and url", () => {
    const key = templatesOf(copyWith()).key;
    const copy = copyWith();
    expect(templatesOf(copy).key).not.toBe(base.key); // another folder
    expect(templatesOf(copyWith({ 'unrelated.njk': 'changed' })).key).not.toBe(key);
    expect(templatesOf(copyWith({ 'partials/new.njk': 'new' })).key).not.toBe(key);
    expect(templatesOf(copy, { baseurl: '/a' }).key).not.toBe(templatesOf(copy).key);
    expect(templatesOf(copy, { url: 'https://a.example' }).key).not.toBe(templatesOf(copy).key);
    expect(templatesOf(copy).key).toBe(templatesOf(copy).key);
  });
});

describe('showsCounts', () => {
  const templates = templatesOf(SITE_TEMPLATES);

  it('a count read in the template or anything it extends, includes or imports', () => {
    expect(templates.showsCounts('story')).toBe(true); // site.posts_count in partials/share.njk
    expect(templates.showsCounts('unrelated')).toBe(true);
  });

  it('not from templates outside its closure', () => {
    expect(templates.showsCounts('page')).toBe(false);
  });

  it("read from the template's code, not its text: a word in the markup is no count, a dump of the context is", () => {
    const folder = copyWith({ 'words.njk': '<p>count posts_count</p>', 'lookup.njk': "{{ c['count'] }}", 'dumped.njk': '{{ nav | dump }}' });
    const own = templatesOf(folder);
    expect(own.showsCounts('words')).toBe(false);
    expect(own.showsCounts('lookup')).toBe(true);
    expect(own.showsCounts('dumped')).toBe(true);
  });

  it('a template that does not parse counts as showing them', () => {
    expect(templatesOf(copyWith({ 'broken.njk': '{% if %}' })).showsCounts('broken')).toBe(true);
  });
});

describe('autoescape', () => {
  const templates = templatesOf(SITE_TEMPLATES);

  it('a string in the context is escaped, in text and in attributes', () => {
    const html = templates.render('escape', { text: '<script>alert("x")</script> & \'y\'', html: '<b>굵게</b>' });
    expect(html).toBe(
      '<p>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39;</p><a title="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39;">&lt;b&gt;굵게&lt;/b&gt;</a>\n',
    );
  });

  it('HTML marked trusted() is written as it is', () => {
    const html = templates.render('escape', { text: 'plain', html: trusted('<b>굵게</b>') });
    expect(html).toBe('<p>plain</p><a title="plain"><b>굵게</b></a>\n');
  });
});

describe('the relative_url and absolute_url filters', () => {
  const render = (urls: { baseurl?: string; url?: string }, value: unknown) => templatesOf(SITE_TEMPLATES, urls).render('urls', { path: value }).trimEnd();

  it('baseurl, then the path percent-encoded; absolute adds the origin', () => {
    expect(render({ baseurl: '/news', url: 'https://news.example.com' }, '/국방/a b/')).toBe(
      '/news/%EA%B5%AD%EB%B0%A9/a%20b/ https://news.example.com/news/%EA%B5%AD%EB%B0%A9/a%20b/',
    );
  });

  it('without a baseurl or url, just the encoded path', () => {
    expect(render({}, '/assets/css/gazette.css')).toBe('/assets/css/gazette.css /assets/css/gazette.css');
    expect(render({}, '/국방/')).toBe('/%EA%B5%AD%EB%B0%A9/ /%EA%B5%AD%EB%B0%A9/');
  });

  it('a value that is not a string is read as its text', () => {
    expect(render({ baseurl: '/news' }, 2024)).toBe('/news/2024 /news/2024');
  });

  it('a path without a leading slash gets one, as in Jekyll', () => {
    expect(render({ baseurl: '/news', url: 'https://news.example.com' }, 'assets/site.css')).toBe(
      '/news/assets/site.css https://news.example.com/news/assets/site.css',
    );
  });

  it('an absolute URL is left as it is, as in Jekyll', () => {
    expect(render({ baseurl: '/news', url: 'https://news.example.com' }, 'https://cdn.example.com/x.js')).toBe(
      'https://cdn.example.com/x.js https://cdn.example.com/x.js',
    );
  });

  it('a query and a fragment stay a query and a fragment, as in Jekyll', () => {
    expect(render({ baseurl: '/news' }, '/search/?q=1#top').split(' ')[0]).toBe('/news/search/?q=1#top');
  });
});

describe('site templates that are symlinks', () => {
  /** A site whose templates/page.njk links to `target`. */
  function linkedSite(target: string): string {
    const site = path.join(tempDir(), 'site');
    mkdirSync(path.join(site, 'templates'), { recursive: true });
    symlinkSync(target, path.join(site, 'templates', 'page.njk'));
    return path.join(site, 'templates');
  }

  it("a template linked from outside the site is not read: the theme's template of that name is used", () => {
    const outside = path.join(tempDir(), 'secret.njk');
    writeFileSync(outside, 'SECRET {{ page.title }}');
    const templates = templatesOf(linkedSite(outside));
    const html = templates.render('page', { ...themeContext, page: { kind: 'page', title: '소개', html: trusted('<p>본문</p>') } });
    expect(html).not.toContain('SECRET');
    expect(html).toContain('<h1 class="article__title">소개</h1>');
    expect(html).toContain('<p>본문</p>');
  });

  it('…and neither its text nor its name counts in fingerprints: as if the site had no such template', () => {
    const outside = path.join(tempDir(), 'secret.njk');
    writeFileSync(outside, 'SECRET');
    const linked = templatesOf(linkedSite(outside));
    const theme = templatesOf(path.join(tempDir(), 'none'));
    expect(linked.fingerprint('page')).toBe(theme.fingerprint('page'));
    expect(linked.render('page', { page: {} })).not.toContain('SECRET');
  });

  it('a link to a folder outside the site is not followed either', () => {
    const outside = tempDir();
    writeFileSync(path.join(outside, 'secret.njk'), 'SECRET');
    const site = path.join(tempDir(), 'site');
    mkdirSync(path.join(site, 'templates'), { recursive: true });
    symlinkSync(outside, path.join(site, 'templates', 'partials'));
    const templates = templatesOf(path.join(site, 'templates'));
    expect(() => templates.render('partials/secret', {})).toThrow(/template not found/);
    expect(templates.has('partials/secret')).toBe(false);
  });

  it("a template linked to a file inside the site is one of the site's templates: rendered, known to has, fingerprinted", () => {
    const site = path.join(tempDir(), 'site');
    mkdirSync(path.join(site, 'templates'), { recursive: true });
    mkdirSync(path.join(site, 'shared'));
    writeFileSync(path.join(site, 'shared', 'gallery.njk'), 'GALLERY');
    symlinkSync(path.join(site, 'shared', 'gallery.njk'), path.join(site, 'templates', 'gallery.njk'));
    const templates = templatesOf(path.join(site, 'templates'));
    expect(templates.render('gallery', {})).toBe('GALLERY');
    expect(templates.has('gallery')).toBe(true);
    expect(templates.fingerprint('gallery')).not.toBe(templatesOf(path.join(tempDir(), 'none')).fingerprint('gallery'));
  });
});
