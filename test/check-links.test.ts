/**
 * The link check's pure parts (src/check/): the scanner's links, ids and
 * titles; resolution (percent-encoding, baseurl, the site's own url, folders,
 * fragments with the sanitiser's `user-content-` prefix); where a link came
 * from; the old-site comparison; redirect page names; what `check` prints.
 */
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { compareSites, headline } from '../src/check/against.js';
import { printCheck } from '../src/check/cli.js';
import { decodeEntities, extractLinks } from '../src/check/extract.js';
import { checkPage, lineStarts, positionOf } from '../src/check/page-links.js';
import { isPageUrl, redirectFileName, redirectPageText } from '../src/check/redirect-pages.js';
import { classifyLink, createLinkResolver, fileFor, fragmentFound, siteAddress, urlPathOf } from '../src/check/resolve.js';
import type { CheckResult } from '../src/check/run.js';
import { candidates, indexBySlug, locate, needlesFor, slugOfOutput, slugOfSource } from '../src/check/sources.js';
import { createReporter } from '../src/report.js';

const SITE = siteAddress('https://news.example.com', '');
const values = (html: string) => extractLinks(html).links.map((link) => link.value);

describe('extractLinks', () => {
  it('finds the URL attributes of links, images, sources, stylesheets, scripts, media and meta', () => {
    const html = `<a href="/a/">a</a><img src="/i.png" srcset="/i-1.png 1x, /i-2.png 2x"><picture><source srcset="/s.webp 480w"></picture>
<link rel="stylesheet" href="/c.css"><link rel="preconnect" href="https://cdn.example.org"><script src="/j.js"></script>
<video src="/v.mp4" poster="/p.jpg"></video><meta property="og:url" content="https://news.example.com/a/"><meta name="twitter:image" content="/t.png">
<meta name="description" content="/not-a-link">`;
    expect(values(html)).toEqual([
      '/a/',
      '/i.png',
      '/i-1.png',
      '/i-2.png',
      '/s.webp',
      '/c.css',
      '/j.js',
      '/v.mp4',
      '/p.jpg',
      'https://news.example.com/a/',
      '/t.png',
    ]);
  });

  it('skips comments, script and style contents; decodes entities; keeps ids, names of anchors, the title and whether it redirects', () => {
    const html = `<title>A &amp; B – Site</title><!-- <a href="/commented/"> --><script type="application/ld+json">{"x":"<a href=\\"/in-script/\\">"}</script>
<style>a[href="/in-style/"]{}</style><h2 id="user-content-x">x</h2><a name="old">o</a><input name="q"><A HREF='/up?a=1&amp;b=2'>u</A>
<meta http-equiv="refresh" content="0; url=https://news.example.com/new/">`;
    const found = extractLinks(html);
    expect(found.links.map((link) => link.value)).toEqual(['/up?a=1&b=2', 'https://news.example.com/new/']);
    expect(found.links[0]?.raw).toBe('/up?a=1&amp;b=2');
    expect([...found.ids]).toEqual(['user-content-x', 'old']);
    expect(found.title).toBe('A & B – Site');
    expect(found.redirect).toBe(true);
  });

  it('reads Atom links and sitemap locations', () => {
    const xml = `<feed><link href="https://news.example.com/feed.xml" rel="self"/><entry><link href="https://news.example.com/a/"/></entry></feed>
<urlset><url><loc>https://news.example.com/b/</loc></url><url><loc></loc></url></urlset>`;
    expect(values(xml)).toEqual(['https://news.example.com/feed.xml', 'https://news.example.com/a/', 'https://news.example.com/b/']);
  });

  it('srcset: a data URL keeps its commas; commas after a URL or its descriptors separate candidates', () => {
    const html = '<img srcset="data:image/png;base64,AAA= 1x,/b.png 2x, /c.png, /d.png">';
    expect(values(html)).toEqual(['data:image/png;base64,AAA=', '/b.png', '/c.png', '/d.png']);
    const [, b] = extractLinks(html).links;
    expect(html.slice(b?.offset ?? 0, (b?.offset ?? 0) + 6)).toBe('/b.png');
  });

  it('offsets point at the value', () => {
    const html = '<p>\n  <a class="x" href="/a/">a</a></p>';
    const link = extractLinks(html).links[0];
    expect(html.slice(link?.offset ?? 0)).toMatch(/^\/a\/"/);
    expect(positionOf(lineStarts(html), link?.offset ?? 0)).toEqual({ line: 2, column: 22 });
  });

  it('decodes numeric and the common named references, leaves unknown ones', () => {
    expect(decodeEntities('&#39;&#x27;&quot;&lt;&gt;&nbsp;&unknown;&#0;')).toBe(`''"<>\u00a0&unknown;&#0;`);
  });
});

describe('classifyLink and fileFor', () => {
  it('leaves mailto, tel, data and empty links alone; counts other hosts as external', () => {
    for (const value of ['', 'mailto:a@b.c', 'tel:+82', 'data:image/png;base64,AA', 'javascript:void(0)'])
      expect(classifyLink(value, 'index.html', SITE)).toEqual({ kind: 'ignored' });
    expect(classifyLink('https://Example.org/x', 'index.html', SITE)).toEqual({ kind: 'external', host: 'example.org' });
    expect(classifyLink('//cdn.example.org/x.js', 'index.html', SITE)).toEqual({ kind: 'external', host: 'cdn.example.org' });
  });

  it('resolves relative, root-relative and own absolute URLs to decoded paths; query ignored, fragment decoded', () => {
    expect(classifyLink('../b/?page=2#%EC%9A%94%EC%95%BD', 'a/x/index.html', SITE)).toEqual({ kind: 'internal', path: '/a/b/', fragment: '요약' });
    expect(classifyLink('https://news.example.com/%EA%B2%BD%EC%A0%9C/', 'index.html', SITE)).toEqual({ kind: 'internal', path: '/경제/', fragment: undefined });
    expect(classifyLink('/경제/뉴스.html', 'index.html', SITE)).toEqual({ kind: 'internal', path: '/경제/뉴스.html', fragment: undefined });
    expect(classifyLink('#top', '경제/index.html', SITE)).toEqual({ kind: 'internal', path: '/경제/', fragment: 'top' });
    expect(classifyLink('/a%ZZ/', 'index.html', SITE)).toEqual({ kind: 'invalid', reason: 'it has a malformed %-escape' });
    expect(classifyLink('http://[bad', 'index.html', SITE)).toEqual({ kind: 'invalid', reason: 'it is not a valid URL' });
  });

  it('a baseurl: links must start with it, and it is not part of the file path', () => {
    const site = siteAddress('https://example.github.io/', 'blog/');
    expect(site).toEqual({ host: 'example.github.io', baseurl: '/blog' });
    expect(classifyLink('/blog/a/', 'index.html', site)).toEqual({ kind: 'internal', path: '/a/', fragment: undefined });
    expect(classifyLink('b/', 'a/index.html', site)).toEqual({ kind: 'internal', path: '/a/b/', fragment: undefined });
    expect(classifyLink('/blog', 'index.html', site)).toEqual({ kind: 'internal', path: '/', fragment: undefined });
    expect(classifyLink('/a/', 'index.html', site)).toEqual({ kind: 'invalid', reason: "it is outside the site's baseurl /blog" });
    expect(siteAddress('not a url', '').host).toBe('');
  });

  it('finds a file, a folder index, or NAME.html', () => {
    const written = new Set(['index.html', 'a/index.html', 'b.html', 'c.css']);
    expect(['/', '/a/', '/a', '/b', '/b.html', '/c.css', '/d/', '/d'].map((path) => fileFor(path, written))).toEqual([
      'index.html',
      'a/index.html',
      'a/index.html',
      'b.html',
      'b.html',
      'c.css',
      undefined,
      undefined,
    ]);
    expect(['index.html', 'a/index.html', 'a/b.html'].map(urlPathOf)).toEqual(['/', '/a/', '/a/b.html']);
  });

  it('a fragment is found as the id, the user-content- id, empty or top', () => {
    const ids = new Set(['main', 'user-content-fn1']);
    expect(['main', 'fn1', '', 'top', 'TOP', 'nope'].map((f) => fragmentFound(f, ids))).toEqual([true, true, true, true, true, false]);
  });
});

describe('checkPage', () => {
  it('broken links with their line and column; fragments in other pages left for later; hosts counted', () => {
    const text =
      '<main id="main">\n<a href="#main">m</a> <a href="#gone">g</a>\n<a href="/other/#x">o</a> <a href="/missing/">x</a> <a href="https://example.org/">e</a></main>';
    const page = checkPage('index.html', text, createLinkResolver(new Set(['index.html', 'other/index.html']), SITE));
    expect(page.broken.map((b) => [b.line, b.column, b.value])).toEqual([
      [2, 32, '#gone'],
      [3, 36, '/missing/'],
    ]);
    expect(page.fragments.map((f) => [f.target, f.fragment])).toEqual([['other/index.html', 'x']]);
    expect(page.externalHosts).toEqual(['example.org']);
  });
});

describe('where a broken link came from', () => {
  it('slugs of output files and of posts and pages', () => {
    expect(['경제/2024/01/11/etf/index.html', 'a/etf.html', 'index.html', 'feed.xml'].map(slugOfOutput)).toEqual(['etf', 'etf', '', 'feed']);
    expect(['_posts/2024-01-11-etf.md', 'news/_posts/2024-1-2-x.html', 'about/index.md', 'index.html', 'contact.md'].map(slugOfSource)).toEqual([
      'etf',
      'x',
      'about',
      '',
      'contact',
    ]);
  });

  it('candidates: the post with the slug, then templates, then pages', () => {
    const kinds = { posts: ['_posts/2024-01-11-etf.md', '_posts/2024-01-12-other.md'], pages: ['about.md'], templates: ['templates/post.njk'] };
    expect(candidates('2024/01/11/etf/index.html', kinds, indexBySlug(kinds))).toEqual(['_posts/2024-01-11-etf.md', 'templates/post.njk', 'about.md']);
  });

  it('locates a whole URL (not inside a longer one), trying its written, decoded and percent-decoded forms', () => {
    expect(needlesFor('/%EA%B0%80/?a=1&amp;b', '/%EA%B0%80/?a=1&b')).toEqual(['/%EA%B0%80/?a=1&amp;b', '/%EA%B0%80/?a=1&b', '/가/?a=1&b']);
    expect(needlesFor('/%E0%A4%A/', '/%E0%A4%A/')).toEqual(['/%E0%A4%A/']);
    const text = 'see /a/b/c/ and\n[x](/a/b/) {{ "/a/b/" }}';
    expect(locate(text, ['/a/b/'])).toEqual({ line: 2, column: 5 });
    expect(locate(text, ['/nowhere/'])).toBeUndefined();
  });
});

describe('compareSites', () => {
  const site = {
    written: new Set([
      'index.html',
      '2024/01/11/etf/index.html',
      '2024/02/01/moved/index.html',
      'old/index.html',
      'a/dup/index.html',
      'b/dup/index.html',
      'css/main.css',
    ]),
    redirects: new Set(['old/index.html']),
    titles: new Map([
      ['index.html', 'Site'],
      ['2024/01/11/etf/index.html', 'ETF opens – Site'],
      ['2024/02/01/moved/index.html', 'Exports rise – Site'],
    ]),
  };

  it('kept, redirected and lost; a suggestion by slug, by title or headline, none when unclear', () => {
    const old = [
      { file: 'index.html', title: 'Site' },
      { file: 'old/index.html', title: '' },
      { file: 'news/etf.html', title: 'ETF opens | Old site' },
      { file: 'news/exports-2024.html', title: 'Exports rise | Old site' },
      { file: 'x/dup.html', title: '' },
      { file: 'page4/index.html', title: 'ETF opens' },
      { file: 'assets/main.css', title: '' },
      { file: 'gone.html', title: 'Nothing like it' },
    ];
    const result = compareSites(old, site);
    expect(result).toEqual({
      total: 8,
      kept: 1,
      redirected: 1,
      lost: [
        { url: '/assets/main.css', suggestion: { url: '/css/main.css', by: 'slug' } },
        { url: '/gone.html' },
        { url: '/news/etf.html', suggestion: { url: '/2024/01/11/etf/', by: 'slug' } },
        { url: '/news/exports-2024.html', suggestion: { url: '/2024/02/01/moved/', by: 'title' } },
        { url: '/page4/' },
        { url: '/x/dup.html' },
      ],
    });
    expect(headline('A – B – C')).toBe('A');
  });
});

describe('redirect pages', () => {
  it('a file name from the old URL, front matter as JSON strings', () => {
    expect(redirectFileName('/news/2024/03/03/third-story.html')).toBe('news-2024-03-03-third-story.html');
    expect(redirectFileName('/경제/기사 1/')).toBe('경제-기사-1.html');
    expect(redirectFileName('/')).toBe('index.html');
    expect(['/a/', '/a.html', '/a', '/', '/assets/main.css', '/feed.xml'].map(isPageUrl)).toEqual([true, true, true, true, false, false]);
    expect(redirectPageText('/a "b"/', '/c/')).toBe('---\npermalink: "/a \\"b\\"/"\nredirect_to: "/c/"\nsitemap: false\n---\n');
  });
});

describe('printCheck', () => {
  function printed(result: CheckResult, external = true): { text: string; code: number } {
    const stream = new PassThrough();
    let text = '';
    stream.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
    const code = printCheck(result, createReporter({ quiet: false, verbose: false, profile: false, stream }), { external, quiet: false });
    return { text, code };
  }
  const scan = {
    written: new Set<string>(),
    files: 2,
    links: 7,
    broken: [],
    external: new Map([
      ['b.org', 1],
      ['a.org', 3],
    ]),
    redirects: new Set<string>(),
    titles: new Map(),
  };

  it('hosts by count, the lost URLs, the summary; exit 1 when a URL is lost', () => {
    const result: CheckResult = {
      ok: false,
      diagnostics: [],
      scan,
      source: '/site',
      against: {
        comparison: { total: 3, kept: 1, redirected: 0, lost: [{ url: '/x/', suggestion: { url: '/y/', by: 'title' } }, { url: '/z/' }] },
        written: [],
      },
    };
    const { text, code } = printed(result);
    expect(text).toBe(
      'external links (not fetched): 4 links to 2 hosts\n  3  a.org\n  1  b.org\n' +
        'lost: /x/ (nearest new URL: /y/, same title; --write-redirects adds a redirect)\nlost: /z/\n' +
        'old site: 3 URLs: 1 kept, 0 redirected, 2 lost\nchecked 7 links in 2 files: none broken; 4 links to 2 other sites not fetched\n',
    );
    expect(code).toBe(1);
  });

  it('a failed build: its result only, exit 1', () => {
    expect(printed({ ok: false, diagnostics: [], source: '/site' }, false)).toEqual({ text: '', code: 1 });
  });
});
