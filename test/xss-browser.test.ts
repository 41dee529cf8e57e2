/**
 * No script from a post runs on the site: a site whose posts carry every
 * XSS payload we know of (DOMPurify's vectors plus our own) in the body and
 * in every front matter field builds into pages where
 *
 * - nothing runs in a real browser (headless Chromium, `alert`/`confirm`/
 *   `prompt`/`print` replaced by recorders, dialogs recorded too), and
 * - a static scan of every output file (.html, .xml, .json) finds no script
 *   but the theme's own, no event handler, no script URL, no
 *   iframe/object/embed/form/base, no CSS `url()`/`expression()`,
 *
 * with the site's Content-Security-Policy switched off (`csp: false`): the
 * sanitiser and the templates' escaping alone must be enough.
 *
 * The seed post must come through intact, `permalink:` must not lead
 * outside the output folder, `layout:` must not load a file outside the
 * template folders, and `--verbose` must say what was removed where.
 *
 * Set GAZETTE_KEEP_XSS_SITE=1 to keep the built site for inspection.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Element, Root } from 'hast';
import yaml from 'js-yaml';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import rehypeParse from 'rehype-parse';
import { unified } from 'unified';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../src/cli.js';
import {
  BACKSLASH_PERMALINK_PAYLOADS,
  CUSTOM_PAYLOADS,
  ESCAPE_MARK,
  LAYOUT_LEAK_MARK,
  type Payload,
  PERMALINK_PAYLOADS,
  TEMPLATE_TEXT_IDS,
} from './fixtures/xss/payloads.js';
import { type Finding, scanHtmlDocument, scanJson, scanXml } from './fixtures/xss/scan.js';
import { type StaticServer, serveStatic } from './fixtures/xss/server.js';
import { END_MARKER, type PostEntry, SEED_TITLE, type SiteManifest, writeHostileSite } from './fixtures/xss/site.js';
import { BROWSER_SKIP_MESSAGE, launchBrowser, skipBrowserTests } from './helpers/browser.js';
import { readIndex } from './helpers/search-index.js';

const repo = fileURLToPath(new URL('..', import.meta.url));
// DOMPurify's test payloads; origin and licence in test/fixtures/xss/README.md.
const vectors = JSON.parse(readFileSync(join(repo, 'test/fixtures/xss/dompurify-vectors.json'), 'utf8')) as Payload[];
const seedPost = join(repo, 'content/_posts/000_b7e66f391184c39b.txt');
const PAYLOADS: readonly Payload[] = [...vectors, ...CUSTOM_PAYLOADS];
const keep = process.env['GAZETTE_KEEP_XSS_SITE'] === '1';

const htmlParser = unified().use(rehypeParse).freeze();

/** Runs the CLI in-process, returning its exit code and everything it printed. */
async function runCli(args: string[]): Promise<{ code: number; output: string }> {
  let output = '';
  const capture = (chunk: unknown) => {
    output += typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8');
    return true;
  };
  const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(capture);
  const stdout = vi.spyOn(process.stdout, 'write').mockImplementation(capture);
  try {
    const code = await main(args);
    return { code, output };
  } finally {
    stderr.mockRestore();
    stdout.mockRestore();
  }
}

/** Every file under `root`, relative, `/`-separated. */
function listFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else out.push(relative(root, path).split(sep).join('/'));
    }
  };
  walk(root);
  return out.sort();
}

/** Output file → the site path a browser asks for (`a/index.html` → `/a/`). */
function urlPathOf(file: string): string {
  return `/${file.replace(/(^|\/)index\.html$/, '$1')}`;
}

/** A site path as a request URL: every segment percent-encoded, so odd names arrive intact. */
function requestPath(path: string): string {
  return path
    .split('/')
    .map((segment) => encodeURIComponent(segment))
    .join('/');
}

function elementsOf(tree: Root | Element, test: (element: Element) => boolean): Element[] {
  const out: Element[] = [];
  const walk = (node: Root | Element) => {
    for (const child of node.children) {
      if (child.type !== 'element') continue;
      if (test(child)) out.push(child);
      walk(child);
    }
  };
  walk(tree);
  return out;
}

function textOf(node: Element | Root): string {
  return node.children.map((child) => (child.type === 'text' ? child.value : child.type === 'element' ? textOf(child) : '')).join('');
}

function hasClass(element: Element, name: string): boolean {
  const value = element.properties['className'];
  return Array.isArray(value) && value.includes(name);
}

/** What HTML parsing does to text: CRLF/CR → LF, NUL → U+FFFD. */
function asParsedText(text: string): string {
  return text.replace(/\r\n?/g, '\n').replace(/\0/g, '\ufffd');
}

interface Built {
  tmp: string;
  site: string;
  out: string;
  manifest: SiteManifest;
  code: number;
  output: string;
  files: string[];
  sourceFilesBefore: string[];
  /** Decoded site path → the posts published there. */
  byPath: Map<string, PostEntry[]>;
  /** Post (by source file) → decoded site path; absent when not published. */
  pathOf: Map<string, string>;
}

let built: Built | undefined;
/** The temp folder, removed after the tests even when the build failed. */
let tmpRoot: string | undefined;

function site(): Built {
  if (!built) throw new Error('the hostile site was not built (see the beforeAll error)');
  return built;
}

function labelOf(file: string): string {
  const entries = site().byPath.get(urlPathOf(file));
  return entries ? entries.map((entry) => entry.label).join(' | ') : '';
}

function report(file: string, finding: Finding): string {
  const label = labelOf(file);
  return `${file}${label ? ` [${label}]` : ''}: ${finding.rule}${finding.after ? ` (after ${END_MARKER} ${finding.after})` : ''}: ${finding.snippet}`;
}

beforeAll(async () => {
  const tmp = mkdtempSync(join(tmpdir(), 'gazette-xss-'));
  tmpRoot = tmp;
  const siteRoot = join(tmp, 'site');
  const out = join(tmp, 'out');
  const manifest = writeHostileSite({ root: siteRoot, payloads: PAYLOADS, seedPost });
  const sourceFilesBefore = listFiles(tmp);
  const { code, output } = await runCli(['build', '-s', siteRoot, '-d', out, '--no-cache', '--jobs', '1', '--keep-going', '--verbose']);
  const files = existsSync(out) ? listFiles(out) : [];

  const byTitle = new Map<string, PostEntry[]>();
  for (const entry of manifest.posts) byTitle.set(entry.title, [...(byTitle.get(entry.title) ?? []), entry]);
  const byPath = new Map<string, PostEntry[]>();
  const pathOf = new Map<string, string>();
  const index = searchCards(out);
  for (const item of index) {
    const path = decodeURIComponent(item.url);
    for (const entry of byTitle.get(item.title) ?? []) {
      byPath.set(path, [...(byPath.get(path) ?? []), entry]);
      pathOf.set(entry.file, path);
    }
  }
  for (const entry of manifest.posts.filter((post) => post.kind === 'page')) {
    const path = `/${entry.file.replace(/\.\w+$/, '')}/`;
    byPath.set(path, [entry]);
    pathOf.set(entry.file, path);
  }
  built = { tmp, site: siteRoot, out, manifest, code, output, files, sourceFilesBefore, byPath, pathOf };
}, 180_000);

/** Every post's card in the search index (search/d/*.json), as title and URL. */
function searchCards(out: string): { title: string; url: string }[] {
  if (!existsSync(join(out, 'search', 'index.json'))) return [];
  return readIndex(out).cards.map(([url, title]) => ({ title, url }));
}

afterAll(() => {
  if (tmpRoot === undefined) return;
  if (keep) process.stderr.write(`xss-browser: the built site is kept in ${tmpRoot}\n`);
  else rmSync(tmpRoot, { recursive: true, force: true });
});

describe('the hostile site', () => {
  it('builds, publishing every payload post', () => {
    const { code, output, manifest, pathOf } = site();
    expect(code, output.slice(-3000)).toBe(0);
    expect(vectors).toHaveLength(223);
    expect(PAYLOADS.length).toBe(vectors.length + CUSTOM_PAYLOADS.length);
    // Every post but the refused permalinks is published and findable.
    const missing = manifest.posts.filter((post) => post.kind !== 'permalink' && !pathOf.has(post.file)).map((post) => `${post.file} [${post.label}]`);
    expect(missing).toEqual([]);
  });

  it('runs with the CSP switched off (`csp: false`): no Content-Security-Policy meta on any page', () => {
    const { out, files } = site();
    const withCsp = files.filter((file) => file.endsWith('.html') && /http-equiv="Content-Security-Policy"/i.test(readFileSync(join(out, file), 'utf8')));
    expect(withCsp).toEqual([]);
  });
});

describe('static scan of every output file', () => {
  it('finds no script, handler, script URL, forbidden element or dangerous style in any .html page', () => {
    const { out, files } = site();
    const pages = files.filter((file) => file.endsWith('.html'));
    expect(pages.length).toBeGreaterThan(PAYLOADS.length);
    const problems: string[] = [];
    for (const file of pages) {
      for (const finding of scanHtmlDocument(readFileSync(join(out, file), 'utf8'), { endMarker: END_MARKER })) problems.push(report(file, finding));
    }
    expect(problems).toEqual([]);
  });

  it('finds nothing in any .xml file (feeds: HTML content scanned as HTML)', () => {
    const { out, files } = site();
    const feeds = files.filter((file) => file.endsWith('.xml'));
    expect(feeds).toContain('feed.xml');
    const problems: string[] = [];
    for (const file of feeds)
      for (const finding of scanXml(readFileSync(join(out, file), 'utf8'), { endMarker: END_MARKER })) problems.push(report(file, finding));
    expect(problems).toEqual([]);
  });

  it('finds nothing in any .json file', () => {
    const { out, files } = site();
    const json = files.filter((file) => file.endsWith('.json'));
    expect(json).toContain('search/index.json');
    expect(json.filter((file) => file.startsWith('search/d/')).length).toBeGreaterThan(1);
    const problems: string[] = [];
    // gazette's own bookkeeping (`.gazette-manifest.json`) is never inlined into a page: only parsed and checked for URLs.
    for (const file of json)
      for (const finding of scanJson(readFileSync(join(out, file), 'utf8'), { scriptSafe: !file.split('/').pop()?.startsWith('.') }))
        problems.push(report(file, finding));
    expect(problems).toEqual([]);
  });

  it('post URLs in the search index\'s cards are site paths: no scheme, no other host, no ".." segment', () => {
    const { out } = site();
    const index = searchCards(out);
    const bad = index.filter(({ url }) => !url.startsWith('/') || /^\/[\\/]/.test(url) || decodeURIComponent(url).split('/').includes('..'));
    expect(bad).toEqual([]);
  });
});

describe('fields stay data', () => {
  it('every title is shown as text, exactly as written (one post per payload)', () => {
    const { out, manifest, pathOf } = site();
    const problems: string[] = [];
    for (const entry of manifest.posts.filter((post) => post.kind === 'title')) {
      const path = pathOf.get(entry.file);
      if (path === undefined) continue; // reported by 'builds, publishing every payload post'
      const tree = htmlParser.parse(readFileSync(join(out, path.slice(1), 'index.html'), 'utf8')) as Root;
      const heading = elementsOf(tree, (element) => element.tagName === 'h1' && hasClass(element, 'article__title'))[0];
      const text = heading ? textOf(heading) : '(no article title)';
      if (text !== asParsedText(entry.title)) problems.push(`${entry.label}: ${JSON.stringify(text.slice(0, 120))}`);
    }
    expect(problems).toEqual([]);
  });

  it('template syntax in titles and bodies is never evaluated', () => {
    const { out, manifest, pathOf } = site();
    const templates = CUSTOM_PAYLOADS.filter(({ id }) => TEMPLATE_TEXT_IDS.has(id));
    expect(templates.length).toBeGreaterThanOrEqual(2);
    for (const { id, payload } of templates) {
      for (const kind of ['body-md', 'body-html'] as const) {
        const entry = manifest.posts.find((post) => post.kind === kind && post.ids.includes(id));
        const path = entry && pathOf.get(entry.file);
        expect(path, `${kind} post with ${id}`).toBeDefined();
        const tree = htmlParser.parse(readFileSync(join(out, (path as string).slice(1), 'index.html'), 'utf8')) as Root;
        const body = elementsOf(tree, (element) => hasClass(element, 'prose'))[0];
        // A <script> inside the string is removed by the sanitiser; every brace stays as written.
        const expected = payload.replace(/<script>[\s\S]*?<\/script>/g, '');
        const text = body ? textOf(body) : '';
        // Markdown is read as kramdown, whose quotes come out typographic; every brace stays as written.
        const shown = kind === 'body-md' ? text.replace(/[‘’]/g, "'").replace(/[“”]/g, '"') : text;
        expect(shown, `${kind} ${id}`).toContain(expected);
      }
    }
    const leak = site().files.filter((file) => /\.(?:html|xml|json)$/.test(file) && readFileSync(join(out, file), 'utf8').includes('>49<'));
    expect(leak).toEqual([]);
  });

  it('`layout:` never loads a file outside the template folders: the post falls back to the post layout', () => {
    const { out, files, manifest, pathOf } = site();
    const leaks = files.filter((file) => {
      const text = readFileSync(join(out, file), 'utf8');
      return text.includes(LAYOUT_LEAK_MARK) || /root:x?:0:0:/.test(text);
    });
    expect(leaks).toEqual([]);
    const problems: string[] = [];
    for (const entry of manifest.posts.filter((post) => post.kind === 'layout')) {
      const path = pathOf.get(entry.file);
      if (path === undefined) {
        problems.push(`${entry.label}: not published`);
        continue;
      }
      const tree = htmlParser.parse(readFileSync(join(out, path.slice(1), 'index.html'), 'utf8')) as Root;
      const heading = elementsOf(tree, (element) => element.tagName === 'h1' && hasClass(element, 'article__title'))[0];
      if (!heading || textOf(heading) !== entry.title) problems.push(`${entry.label}: not rendered with the post layout`);
    }
    expect(problems).toEqual([]);
  });

  it('`permalink:` never leads outside the output folder, and the source folder is left as it was', () => {
    const { tmp, out, output, manifest, pathOf, sourceFilesBefore } = site();
    // Nothing new anywhere in the temp folder but the output.
    const outside = listFiles(tmp).filter((file) => !file.startsWith(`${relative(tmp, out)}/`));
    expect(outside).toEqual(sourceFilesBefore);
    // No escape marker in any folder above the output either.
    for (let up = 1; up <= 6; up++) {
      const base = resolve(out, ...Array<string>(up).fill('..'));
      for (const name of readdirSync(base)) expect(name.startsWith(ESCAPE_MARK), join(base, name)).toBe(false);
    }
    // Each permalink post is either refused with a diagnostic or published inside the output.
    const problems: string[] = [];
    for (const entry of manifest.posts.filter((post) => post.kind === 'permalink')) {
      const path = pathOf.get(entry.file);
      if (path === undefined) {
        if (!output.includes(`${entry.file}:`)) problems.push(`${entry.label}: neither published nor reported`);
        continue;
      }
      const file = resolve(out, `.${path}`, path.endsWith('/') ? 'index.html' : '');
      if (!file.startsWith(out + sep) || !existsSync(file)) problems.push(`${entry.label}: published at ${path}, file ${file}`);
    }
    expect(problems).toEqual([]);
    expect(PERMALINK_PAYLOADS.length).toBeGreaterThan(5);
  });
});

describe('the seed post', () => {
  it('keeps its three colours, its <h2>, its image and its link', () => {
    const { out, manifest, pathOf } = site();
    const seed = manifest.posts.find((post) => post.kind === 'seed') as PostEntry;
    const path = pathOf.get(seed.file);
    expect(path, `"${SEED_TITLE}" in the search index`).toBeDefined();
    const tree = htmlParser.parse(readFileSync(join(out, (path as string).slice(1), 'index.html'), 'utf8')) as Root;
    const body = elementsOf(tree, (element) => hasClass(element, 'prose'))[0] as Element;
    expect(body).toBeDefined();
    const styles = elementsOf(body, (element) => element.properties['style'] !== undefined).map((element) => String(element.properties['style']));
    for (const colour of ['color: #ee2323;', 'background-color: #21538527;', 'color: #1a5490;']) {
      expect(styles.filter((style) => style === colour).length, colour).toBe(7);
    }
    expect(elementsOf(body, (element) => element.tagName === 'h2').map(textOf)).toEqual(['한일 국방교류 발전과 긴밀한 안보협력']);
    const images = elementsOf(body, (element) => element.tagName === 'img');
    expect(images.map((image) => image.properties['src'])).toEqual(['/assets/img/newsdao_breakingnews.jpg']);
    expect(images[0]?.properties['alt']).toBe('koreablockchain 속보');
    const links = elementsOf(body, (element) => element.tagName === 'a');
    expect(links.map((link) => [link.properties['href'], textOf(link)])).toEqual([['https://newsdao.kr', 'https://newsdao.kr']]);
  });
});

describe('--verbose', () => {
  it('lists, per payload post, what the sanitiser removed at which line:column', () => {
    const { output, manifest, site: root } = site();
    const entry = manifest.posts.find((post) => post.kind === 'body-html' && post.ids.includes('gz-script-close')) as PostEntry;
    expect(entry).toBeDefined();
    const lines = output.split('\n');
    const header = lines.indexOf(`${entry.file}: the sanitiser removed:`);
    expect(header, `no "${entry.file}: the sanitiser removed:" in the --verbose output`).toBeGreaterThanOrEqual(0);
    const removals: string[] = [];
    for (let i = header + 1; i < lines.length && /^ {2}\S/.test(lines[i] ?? ''); i++) removals.push((lines[i] as string).trim());
    // The payload `</script><script>alert(1)</script>`: where its <script> starts in the file.
    const source = readFileSync(join(root, entry.file), 'utf8').split('\n');
    const line = source.findIndex((text) => text.includes('</script><script>alert(1)</script>'));
    const column = (source[line] as string).indexOf('<script>') + 1;
    expect(removals).toContain(`${line + 1}:${column}  <script>`);
    for (const removal of removals) expect(removal).toMatch(/^(?:\d+:\d+|-) {2}\S/);
  });
});

describe('robustness: paths from front matter', () => {
  /** A one-post site with the given front matter, built; returns the exit code, output and the temp folder. */
  async function buildOne(data: Record<string, unknown>): Promise<{ code: number | string; output: string; tmp: string }> {
    const tmp = mkdtempSync(join(tmpdir(), 'gazette-xss-path-'));
    const posts = join(tmp, 'site', '_posts');
    mkdirSync(posts, { recursive: true });
    writeFileSync(join(tmp, 'site', '_config.yml'), 'title: t\ncsp: false\n');
    writeFileSync(join(posts, '2024-01-01-a.html'), `---\n${yaml.dump({ title: 'a', ...data }, { lineWidth: -1 })}---\n<p>x</p>\n`);
    writeFileSync(join(posts, '2024-01-02-b.html'), '---\ntitle: b\n---\n<p>y</p>\n');
    try {
      const { code, output } = await runCli(['build', '-s', join(tmp, 'site'), '-d', join(tmp, 'out'), '--no-cache', '--jobs', '1', '--keep-going']);
      return { code, output, tmp };
    } catch (cause) {
      return { code: `threw ${String(cause).slice(0, 300)}`, output: '', tmp };
    }
  }

  const cases: [string, Record<string, unknown>][] = [
    ...BACKSLASH_PERMALINK_PAYLOADS.map((value): [string, Record<string, unknown>] => [`permalink ${JSON.stringify(value)}`, { permalink: value }]),
    ['a category with a backslash', { categories: ['a\\b'] }],
    ['a category with NUL', { categories: ['a\0b'] }],
    ['a category of 300 bytes', { categories: ['x'.repeat(300)] }],
    ['a Korean category of 90 syllables', { categories: ['한'.repeat(90)] }],
    ['a slug of 300 bytes', { slug: 'y'.repeat(300) }],
  ];

  it.each(cases)('%s is a diagnostic or a safe path, never a crash', async (_, data) => {
    const { code, output, tmp } = await buildOne(data);
    try {
      expect(typeof code === 'number' ? 'exit code' : code).toBe('exit code');
      expect([0, 1]).toContain(code);
      // Nothing written outside the output folder.
      const outside = listFiles(tmp).filter((file) => !file.startsWith('out/'));
      expect(outside).toEqual(['site/_config.yml', 'site/_posts/2024-01-01-a.html', 'site/_posts/2024-01-02-b.html']);
      for (const name of readdirSync(dirname(tmp))) expect(name.startsWith(ESCAPE_MARK)).toBe(false);
      // The other post is published (--keep-going), and the links on the index stay on this site.
      if (code === 0) {
        const index = readFileSync(join(tmp, 'out', 'index.html'), 'utf8');
        const tree = htmlParser.parse(index) as Root;
        const hrefs = elementsOf(tree, (element) => element.tagName === 'a').map((element) => String(element.properties['href']));
        expect(hrefs.filter((href) => /^[\\/]{2}|^\/\\/.test(href))).toEqual([]);
      }
      expect(output).not.toMatch(/internal error/);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });
});

describe('the static scanner itself', () => {
  const page = (head: string, body: string) =>
    `<!doctype html><html><head><meta charset="utf-8">${head}</head><body><div class="prose">${body}</div></body></html>`;
  const rules = (findings: readonly Finding[]) => findings.map((finding) => finding.rule).join('\n');

  it.each([
    ['<img src=x onerror=alert(1)>', 'event handler attribute onerror'],
    ['<a href=" java\tscript:alert(1)">x</a>', 'script-capable URL in href'],
    ['<img srcset="/a.png 1x, data:image/svg+xml,x 2x">', 'script-capable URL in srcset'],
    ['<p style="background: u\\72 l(x)">x</p>', 'style attribute'],
    ['<p style="width: expr/**/ession(alert(1))">x</p>', 'style attribute'],
    ['<script>alert(1)</script>', '<script>'],
    ['<script src="/assets/js/search.js"></script>', '<script>'],
    ['<iframe src="https://example.com"></iframe>', '<iframe> element'],
    ['<form action="/search/" method="get" class="search-form"></form>', '<form>'],
    ['<svg class="icon" aria-hidden="true"></svg>', '<svg>'],
    ['<base href="https://evil.example/">', '<base> element'],
    ['<meta http-equiv="refresh" content="0;url=javascript:alert(1)">', '<meta http-equiv>'],
    ['<a id="location" href="#">x</a>', 'DOM clobbering'],
  ])('flags %s in post content', (markup, rule) => {
    expect(rules(scanHtmlDocument(page('', markup)))).toContain(rule);
  });

  it('accepts what the theme writes', () => {
    const theme = `<!doctype html><html><head><meta charset="utf-8"><meta name="description" content="x"><link rel="stylesheet" href="/assets/css/gazette.css">
      <script type="application/ld+json">{"@type":"NewsArticle","headline":"\\u003c/script>"}</script></head><body>
      <a class="brand" href="/"><svg class="brand__mark" aria-hidden="true" viewBox="0 0 32 32"><rect width="32" height="32"/><path d="M8 10h16"/></svg></a>
      <form class="mini-search" role="search" action="/search/" method="get"><label for="q">q</label><input id="q" name="q" type="search"><button type="submit">go</button></form>
      <div class="prose"><p id="user-content-a" style="color: #ee2323;">text onload=alert(1) javascript:alert(1)</p></div>
      <script src="/assets/js/search.js" defer></script></body></html>`;
    expect(scanHtmlDocument(theme)).toEqual([]);
  });

  it('flags JSON-LD that was broken out of', () => {
    expect(rules(scanHtmlDocument(page('<script type="application/ld+json">{"headline":"</script><script>alert(1)</script>"}</script>', '')))).toContain(
      'JSON-LD',
    );
  });

  it('scans HTML carried in feeds, and URLs in XML and JSON', () => {
    const feed =
      '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><entry><link href="javascript:alert(1)"/><content type="html">&lt;img src=x onerror=alert(1)&gt;</content><summary type="html">&lt;p&gt;fine&lt;/p&gt;</summary></entry></feed>';
    const found = rules(scanXml(feed));
    expect(found).toContain('script-capable URL in href');
    expect(found).toContain('event handler attribute onerror (in <content type="html">)');
    expect(found).not.toContain('summary');
    expect(rules(scanXml('<feed><entry>'))).toContain('not well-formed');
    expect(rules(scanJson('[{"title":"<script>","url":"javascript:alert(1)"},{"url":"//evil.example/"}]'))).toMatch(
      /raw "<"[\s\S]*script-capable URL in "url"[\s\S]*another host/,
    );
  });
});

// ---------------------------------------------------------------------------
// The browser

const RECORDER = `(() => {
  const record = (name) => function (...args) {
    try { window.__gazetteXssRecord(name, args.map((a) => String(a)).join(' ').slice(0, 200)); } catch {}
    return name === 'confirm' ? false : name === 'prompt' ? null : undefined;
  };
  for (const name of ['alert', 'confirm', 'prompt', 'print']) {
    try { Object.defineProperty(window, name, { value: record(name), writable: false, configurable: false }); } catch {}
  }
})();`;

interface Call {
  kind: string;
  detail: string;
  url: string;
}

if (skipBrowserTests) it.skip(BROWSER_SKIP_MESSAGE, () => {});

describe.skipIf(skipBrowserTests)('in headless Chromium', () => {
  let browser: Browser | undefined;
  let context: BrowserContext | undefined;
  let server: StaticServer | undefined;
  /** A page that does run script: the positive control for the recorders. */
  let probeServer: StaticServer | undefined;
  let probeDir: string | undefined;
  const calls: Call[] = [];

  beforeAll(async () => {
    server = await serveStatic(site().out);
    probeDir = mkdtempSync(join(tmpdir(), 'gazette-xss-probe-'));
    writeFileSync(
      join(probeDir, 'index.html'),
      '<!doctype html><title>probe</title><img src="missing.png" onerror="alert(\'img\')"><svg onload="confirm(\'svg\')"></svg><script>prompt(\'script\'); print();</script>',
    );
    probeServer = await serveStatic(probeDir);
    browser = await launchBrowser();
    context = await browser.newContext({ serviceWorkers: 'block' });
    await context.exposeBinding('__gazetteXssRecord', (source, kind: string, detail: string) => {
      calls.push({ kind, detail, url: source.frame.url() });
    });
    await context.addInitScript(RECORDER);
    // Only the test servers answer: payloads that load from other hosts fail fast instead of waiting on DNS.
    const origins = new Set([server.origin, probeServer.origin]);
    await context.route(
      (url) => !origins.has(url.origin),
      (route) => route.abort('blockedbyclient'),
    );
    context.on('page', (page) => {
      page.on('dialog', (dialog) => {
        calls.push({ kind: `dialog ${dialog.type()}`, detail: dialog.message(), url: page.url() });
        dialog.dismiss().catch(() => {});
      });
      page.on('popup', (popup) => {
        calls.push({ kind: 'popup', detail: popup.url(), url: page.url() });
      });
    });
  }, 120_000);

  afterAll(async () => {
    await context?.close().catch(() => {});
    await browser?.close().catch(() => {});
    await server?.close().catch(() => {});
    await probeServer?.close().catch(() => {});
    if (probeDir) rmSync(probeDir, { recursive: true, force: true });
  });

  /** Opens every URL (4 tabs at a time) on `origin`; returns what failed to load. */
  async function visitAll(paths: readonly string[], afterLoad?: (page: Page) => Promise<void>, origin = (server as StaticServer).origin): Promise<string[]> {
    const failures: string[] = [];
    let next = 0;
    const worker = async () => {
      const page = await (context as BrowserContext).newPage();
      try {
        while (next < paths.length) {
          const path = paths[next++] as string;
          try {
            const response = await page.goto(`${origin}${path}`, { waitUntil: 'load', timeout: 30_000 });
            if (!response || response.status() !== 200) failures.push(`${path}: HTTP ${response?.status()}`);
            if (afterLoad) await afterLoad(page);
            await page.waitForTimeout(50);
          } catch (cause) {
            failures.push(`${path}: ${String(cause).split('\n')[0]}`);
          }
        }
      } finally {
        await page.close().catch(() => {});
      }
    };
    await Promise.all(Array.from({ length: Math.min(4, paths.length) }, worker));
    // Let recorder calls still in flight arrive.
    await new Promise((done) => setTimeout(done, 300));
    return failures;
  }

  function describeCalls(list: readonly Call[]): string[] {
    const origin = (server as StaticServer).origin;
    return list.map((call) => {
      const path = call.url.startsWith(origin) ? decodeURIComponent(new URL(call.url).pathname) : call.url;
      const entries = site().byPath.get(path);
      return `${call.kind}(${call.detail}) on ${path}${entries ? ` [${entries.map((e) => e.label).join(' | ')}]` : ''}`;
    });
  }

  it('the recorders catch a page that does run script (alert, confirm, prompt, print)', async () => {
    const before = calls.length;
    expect(await visitAll(['/'], undefined, probeServer?.origin)).toEqual([]);
    await expect.poll(() => calls.length - before).toBeGreaterThanOrEqual(4);
    expect(
      calls
        .slice(before)
        .map((call) => `${call.kind}(${call.detail})`)
        .sort(),
    ).toEqual(['alert(img)', 'confirm(svg)', 'print()', 'prompt(script)']);
    calls.splice(before);
  });

  it('no payload runs on any page of the site, nor in the main feeds', async () => {
    const { files } = site();
    // Every HTML page; of the feeds, the top-level ones (per-category feeds are the same code, and statically scanned).
    const paths = files.filter((file) => file.endsWith('.html') || /^[^/]+\.xml$/.test(file)).map((file) => requestPath(urlPathOf(file)));
    expect(paths.length).toBeGreaterThan(PAYLOADS.length);
    const before = calls.length;
    const failures = await visitAll(paths);
    expect(failures).toEqual([]);
    expect(describeCalls(calls.slice(before))).toEqual([]);
  }, 900_000);

  it('the seed post renders its colours', async () => {
    const { manifest, pathOf } = site();
    const seed = manifest.posts.find((post) => post.kind === 'seed') as PostEntry;
    const page = await (context as BrowserContext).newPage();
    try {
      await page.goto(`${(server as StaticServer).origin}${requestPath(pathOf.get(seed.file) as string)}`);
      // Runs in the page (no DOM types here): the computed colour and background of each styled span.
      type Computed = (element: unknown) => { color: string; backgroundColor: string };
      const colours = await page.$$eval('.prose span[style]', (spans) => {
        const computed = (globalThis as unknown as { getComputedStyle: Computed }).getComputedStyle;
        return [...new Set(spans.map((span) => `${computed(span).color} / ${computed(span).backgroundColor}`))];
      });
      expect(colours).toContain('rgb(238, 35, 35) / rgba(0, 0, 0, 0)');
      expect(colours).toContain('rgb(26, 84, 144) / rgba(0, 0, 0, 0)');
      expect(colours.some((colour) => colour.endsWith('/ rgba(33, 83, 133, 0.153)'))).toBe(true);
    } finally {
      await page.close();
    }
  });

  it('search results built from payload titles run nothing and link nowhere else', async () => {
    // Words, as the index keeps them (search/terms.ts: punctuation separates words and is not searchable).
    const queries = ['alert', 'script', 'onerror', 'javascript', 'constructor', 'svg', 'img', 'iframe'];
    const before = calls.length;
    const problems: string[] = [];
    const failures = await visitAll(
      queries.map((query) => `/search/?q=${encodeURIComponent(query)}`),
      async (page) => {
        await page.waitForSelector('[data-search-results] li', { timeout: 10_000 });
        const html = await page.content();
        for (const finding of scanHtmlDocument(html)) problems.push(`${page.url()}: ${finding.rule}: ${finding.snippet}`);
        const hrefs = await page.$$eval('[data-search-results] a', (links) => links.map((link) => link.getAttribute('href') ?? ''));
        for (const href of hrefs) if (!href.startsWith('/') || /^\/[\\/]/.test(href)) problems.push(`${page.url()}: result link ${href}`);
      },
    );
    expect(failures).toEqual([]);
    expect(problems).toEqual([]);
    expect(describeCalls(calls.slice(before))).toEqual([]);
  }, 120_000);
});
