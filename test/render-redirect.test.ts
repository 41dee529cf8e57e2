/**
 * jekyll-redirect-from's two files as gazette writes them
 * (src/render/redirect.ts): the redirect page (meta refresh, canonical link,
 * no inline script, the target escaped) and `redirects.json`.
 */
import { describe, expect, it } from 'vitest';
import { type ResolvedConfig, resolveConfig } from '../src/config.js';
import { renderRedirectPage, renderRedirectsJson } from '../src/render/redirect.js';

function configOf(...lines: string[]): ResolvedConfig {
  const { config, diagnostics } = resolveConfig(lines.join('\n'));
  expect(diagnostics).toEqual([]);
  return config;
}

const SITE = configOf('url: https://news.example.com', 'baseurl: /news');
const BARE = configOf('title: t');

/** The href the page sends readers to, from each of the three places it is written. */
function targets(html: string): string[] {
  return [
    /<link rel="canonical" href="([^"]*)">/.exec(html)?.[1],
    /<meta http-equiv="refresh" content="0; url=([^"]*)">/.exec(html)?.[1],
    /<a href="([^"]*)">Click here/.exec(html)?.[1],
  ].map((value) => value ?? '(missing)');
}

describe('the redirect page', () => {
  it("is the plugin's layout, byte for byte, less its inline script", () => {
    expect(renderRedirectPage('/new/', SITE)).toBe(`<!DOCTYPE html>
<html lang="en-US">
  <meta charset="utf-8">
  <title>Redirecting&hellip;</title>
  <link rel="canonical" href="https://news.example.com/news/new/">
  <meta http-equiv="refresh" content="0; url=https://news.example.com/news/new/">
  <meta name="robots" content="noindex">
  <h1>Redirecting&hellip;</h1>
  <a href="https://news.example.com/news/new/">Click here if you are not redirected.</a>
</html>
`);
  });

  it('has no script at all: the Content-Security-Policy forbids inline ones', () => {
    expect(renderRedirectPage('/new/', SITE)).not.toMatch(/<script/i);
  });

  it('a site path target becomes url + baseurl + path in canonical, refresh and link alike', () => {
    expect(targets(renderRedirectPage('/%EC%83%88/', SITE))).toEqual(Array(3).fill('https://news.example.com/news/%EC%83%88/'));
  });

  it('a site without url or baseurl redirects to the site path alone', () => {
    expect(targets(renderRedirectPage('/new/', BARE))).toEqual(Array(3).fill('/new/'));
  });

  it('a Korean baseurl is percent-encoded', () => {
    const config = configOf('url: https://news.example.com', 'baseurl: /뉴스');
    expect(targets(renderRedirectPage('/a/', config))).toEqual(Array(3).fill('https://news.example.com/%EB%89%B4%EC%8A%A4/a/'));
  });

  it("an http(s) target is used as written, without the site's url or baseurl", () => {
    expect(targets(renderRedirectPage('https://other.example.org/기사?id=1', SITE))).toEqual(Array(3).fill('https://other.example.org/기사?id=1'));
    expect(targets(renderRedirectPage('HTTP://other.example.org/', SITE))).toEqual(Array(3).fill('HTTP://other.example.org/'));
  });

  it('a hostile target cannot leave its attribute or add an element', () => {
    const html = renderRedirectPage('https://evil.example/"><script>alert(1)</script><a x=\'', SITE);
    const escaped = 'https://evil.example/&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;&lt;a x=&#39;';
    expect(targets(html)).toEqual(Array(3).fill(escaped));
    expect(html).not.toMatch(/<script/i);
    // Still exactly the page's own elements.
    expect(html.match(/<[a-z][a-z0-9]*/gi)).toEqual(['<html', '<meta', '<title', '<link', '<meta', '<meta', '<h1', '<a']);
  });

  it('an ampersand in a target is escaped, and reads back as the same URL', () => {
    const html = renderRedirectPage('https://other.example.org/?a=1&b=2', SITE);
    expect(targets(html)).toEqual(Array(3).fill('https://other.example.org/?a=1&amp;b=2'));
  });

  it('a hostile site path is escaped the same way', () => {
    const html = renderRedirectPage('/x" onload="alert(1)', BARE);
    expect(targets(html)).toEqual(Array(3).fill('/x&quot; onload=&quot;alert(1)'));
  });
});

describe('redirects.json', () => {
  it('maps each from to its absolute target, in order', () => {
    const json = renderRedirectsJson(
      [
        ['/old/', '/new/'],
        ['/옛날/', '/%EC%83%88/'],
        ['/gone.html', 'https://other.example.org/page'],
      ],
      SITE,
    );
    expect(json).toBe(
      '{"/old/":"https://news.example.com/news/new/","/옛날/":"https://news.example.com/news/%EC%83%88/","/gone.html":"https://other.example.org/page"}',
    );
  });

  it("a later entry for the same path wins, at the first one's place", () => {
    const json = renderRedirectsJson(
      [
        ['/a/', '/first/'],
        ['/b/', '/b-target/'],
        ['/a/', '/second/'],
      ],
      BARE,
    );
    expect(json).toBe('{"/a/":"/second/","/b/":"/b-target/"}');
  });

  it('no redirects is an empty object, as the plugin writes for a site without any', () => {
    expect(renderRedirectsJson([], SITE)).toBe('{}');
  });

  it('is valid JSON whatever the paths hold', () => {
    const json = renderRedirectsJson([['/q"\\</script>/', 'https://x.example/"\n']], BARE);
    expect(JSON.parse(json)).toEqual({ '/q"\\</script>/': 'https://x.example/"\n' });
  });
});
