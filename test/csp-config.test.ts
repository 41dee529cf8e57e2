/**
 * `csp:` from `_config.yml` (src/csp-config.ts) and the policy built from it
 * (src/render/csp.ts): hosts added per directive, entries that would let any
 * script run refused at their line with a hint, the snippet slots' inline
 * scripts admitted by their sha256, and a slot edit re-rendering the pages and
 * `/_headers` (src/build/fingerprint.ts).
 */
import { cp, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type ResolvedConfig, resolveConfig } from '../src/config.js';
import { createBuilder } from '../src/index.js';
import { contentSecurityPolicy, inlineScriptHashes, withScriptHashes } from '../src/render/csp.js';
import { cleanTemp, ROOT, tempDir } from './helpers/site.js';

afterAll(() => cleanTemp());

function resolved(...lines: string[]) {
  return resolveConfig(lines.join('\n'));
}

function configOf(...lines: string[]): ResolvedConfig {
  const { config, diagnostics } = resolved(...lines);
  expect(diagnostics).toEqual([]);
  return config;
}

function directive(policy: string, name: string): string | undefined {
  return policy.split('; ').find((d) => d.startsWith(`${name} `));
}

describe('csp: in the config', () => {
  it('true or absent is the theme policy with nothing added; false is no policy and no _headers', () => {
    expect(configOf('title: t').csp).toEqual({ scriptSrc: [], frameSrc: [], imgSrc: [], connectSrc: [], styleSrc: [] });
    expect(configOf('csp: true').csp).toEqual(configOf('title: t').csp);
    expect(configOf('csp: false').csp).toBe(false);
  });

  it("a mapping adds each directive's hosts after the theme's own sources, and frame_src after sanitize.iframe_hosts", () => {
    const policy = contentSecurityPolicy(
      configOf(
        'sanitize:',
        '  iframe_hosts: [www.youtube.com]',
        'csp:',
        '  script_src: [www.googletagmanager.com, "https://pagead2.googlesyndication.com"]',
        '  frame_src: ["*.safeframe.googlesyndication.com"]',
        '  img_src: [www.google-analytics.com]',
        '  connect_src: [https://region1.google-analytics.com, www.google-analytics.com]',
        '  style_src: fonts.googleapis.com',
      ),
    );
    expect(directive(policy, 'script-src')).toBe("script-src 'self' www.googletagmanager.com https://pagead2.googlesyndication.com");
    expect(directive(policy, 'frame-src')).toBe('frame-src https://www.youtube.com *.safeframe.googlesyndication.com');
    expect(directive(policy, 'img-src')).toBe('img-src * data: www.google-analytics.com');
    expect(directive(policy, 'connect-src')).toBe("connect-src 'self' https://region1.google-analytics.com www.google-analytics.com");
    expect(directive(policy, 'style-src')).toBe("style-src 'self' 'unsafe-inline' fonts.googleapis.com");
    expect(directive(policy, 'object-src')).toBe("object-src 'none'");
  });

  it('a host with a port or path is a source; a host listed twice is added once', () => {
    const config = configOf('csp:', '  script_src: [127.0.0.1:8081, "https://cdn.example.com/ads/", 127.0.0.1:8081]');
    expect(directive(contentSecurityPolicy(config), 'script-src')).toBe("script-src 'self' 127.0.0.1:8081 https://cdn.example.com/ads/");
  });

  it.each([
    ["'unsafe-inline'", /may not hold 'unsafe-inline'/, /hashes/],
    ["'unsafe-eval'", /may not hold 'unsafe-eval'/, /hashes/],
    ['"*"', /may not hold \*: it would let scripts from any site run/, /list each host/],
    ['"https:"', /may not hold https:/, /list each host/],
    ['http://ads.example.com', /takes https hosts, got "http:\/\/ads.example.com"/, /https:\/\//],
    ['"ads.example.com; script-src \'unsafe-inline\'"', /takes hosts, got/, /ads\.example\.com/],
    ['"\'self\'"', /takes hosts, not the keyword 'self'/, /already has 'self'/],
    ['unsafe-inline', /may not hold 'unsafe-inline'/, /hashes/],
    ['"\'strict-dynamic\'"', /not the keyword 'strict-dynamic'/, /write a host/],
  ])('script_src: %s is an error at the key, naming it, with a hint; the entry is left out', (entry, message, hint) => {
    const { config, diagnostics } = resolved('title: t', 'csp:', `  script_src: [ok.example.com, ${entry}]`);
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ file: '_config.yml', severity: 'error', line: 3, column: 3 });
    expect(diagnostics[0]?.message).toMatch(/^`csp\.script_src` /);
    expect(diagnostics[0]?.message).toMatch(message);
    expect(diagnostics[0]?.hint).toMatch(hint);
    expect(directive(contentSecurityPolicy(config), 'script-src')).toBe("script-src 'self' ok.example.com");
  });

  it('the other directives take hosts too, and name their own key', () => {
    const { diagnostics } = resolved('csp:', '  connect_src: ["*"]', '  frame_src: ["data:"]');
    expect(diagnostics.map((d) => d.message)).toEqual(['`csp.frame_src` takes hosts, got "data:"', '`csp.connect_src` takes hosts, got "*"']);
  });

  it('a value that is no flag or mapping, a list that is no list of hosts, an unknown key: each reported at its line', () => {
    expect(resolved('csp: yes please').diagnostics[0]).toMatchObject({
      severity: 'error',
      line: 1,
      message: expect.stringMatching(/^`csp` must be true, false or a mapping/),
    });
    expect(resolved('csp:', '  img_src: {a: 1}').diagnostics[0]).toMatchObject({
      severity: 'error',
      line: 2,
      message: '`csp.img_src` must be a list of hosts',
    });
    const unknown = resolved('csp:', '  script-src: [a.example.com]').diagnostics[0];
    expect(unknown).toMatchObject({ severity: 'warning', line: 2, message: expect.stringMatching(/^`csp\.script-src` is not a directive/) });
    expect(unknown?.hint).toMatch(/script_src/);
  });
});

describe('snippets: in the config', () => {
  it('list_every is off (0) unless set; 0 and false are off; anything but a whole number is an error', () => {
    expect(configOf('title: t').snippets).toEqual({ listEvery: 0 });
    expect(configOf('snippets:', '  list_every: 5').snippets).toEqual({ listEvery: 5 });
    expect(configOf('snippets:', '  list_every: 0').snippets).toEqual({ listEvery: 0 });
    expect(configOf('snippets:', '  list_every: false').snippets).toEqual({ listEvery: 0 });
    const { config, diagnostics } = resolved('snippets:', '  list_every: often');
    expect(config.snippets.listEvery).toBe(0);
    expect(diagnostics[0]?.message).toMatch(/^`snippets\.list_every` must be a whole number above 0/);
  });
});

describe('inline script hashes', () => {
  it("are the browser's: sha256 of the script's text, base64 (the CSP specification's own example)", () => {
    expect(inlineScriptHashes("<script>alert('Hello, world.');</script>")).toEqual(["'sha256-qznLcsROx4GACP2dm0UCKCzCG+HiZ1guq6ZZDob/Tng='"]);
  });

  it('hash the text with line endings as the parser leaves them (CRLF read as LF); scripts with src, and repeats, add nothing', () => {
    const lf = inlineScriptHashes('<script>a();\nb();</script>');
    expect(inlineScriptHashes('<p>x</p><script>a();\r\nb();</script><script src="/x.js"></script><script>a();\nb();</script>')).toEqual(lf);
    expect(inlineScriptHashes('<div class="ad"></div>')).toEqual([]);
  });

  it("are added to a policy's script-src only, and a policy switched off stays off", () => {
    const policy = contentSecurityPolicy(configOf('title: t'));
    const withHash = withScriptHashes(policy, ["'sha256-abc='"]);
    expect(directive(withHash, 'script-src')).toBe("script-src 'self' 'sha256-abc='");
    expect(withHash.replace(" 'sha256-abc='", '')).toBe(policy);
    expect(withScriptHashes('', ["'sha256-abc='"])).toBe('');
    expect(contentSecurityPolicy(configOf('title: t'), ["'sha256-abc='"])).toBe(withHash);
  });
});

describe('snippet slots in a build', () => {
  it("a page's CSP meta carries its slots' script hashes; editing a slot re-renders the pages and /_headers", async () => {
    const dir = await tempDir('slots');
    const site = path.join(dir, 'site');
    const out = path.join(dir, 'out');
    await cp(path.join(ROOT, 'test', 'fixtures', 'headers', 'site'), site, { recursive: true });
    await mkdir(path.join(site, 'templates', 'slots'), { recursive: true });
    const slot = path.join(site, 'templates', 'slots', 'post-after.njk');
    await writeFile(slot, '<aside class="ad" data-category="{{ post.categories[0].name }}"></aside><script>first();</script>\n');
    const builder = createBuilder({ source: site, destination: out, jobs: 1, cache: false });
    try {
      expect((await builder.build()).diagnostics).toEqual([]);
      const first = inlineScriptHashes('<script>first();</script>')[0] as string;
      const postFile = path.join(out, 'news', '2024', '06', '01', 'good.html');
      expect(await readFile(postFile, 'utf8')).toContain('<aside class="ad" data-category="News"></aside>');
      expect(await readFile(postFile, 'utf8')).toContain(first.replace(/'/g, '&#39;'));
      expect(await readFile(path.join(out, '_headers'), 'utf8')).toContain(first);
      // The home page has no post slots: its policy admits nothing inline.
      expect(await readFile(path.join(out, 'index.html'), 'utf8')).not.toContain('sha256-');

      await writeFile(slot, '<script>second();</script>\n');
      const second = inlineScriptHashes('<script>second();</script>')[0] as string;
      expect((await builder.build([slot])).diagnostics).toEqual([]);
      expect(await readFile(postFile, 'utf8')).toContain(second.replace(/'/g, '&#39;'));
      expect(await readFile(postFile, 'utf8')).not.toContain('first();');
      const headers = await readFile(path.join(out, '_headers'), 'utf8');
      expect(headers).toContain(second);
      expect(headers).not.toContain(first);
    } finally {
      await builder.close();
    }
  });
});
