/**
 * Every post and page URL rule against Jekyll 4.3.1 itself: the sites in
 * test/fixtures/jekyll-urls/site/ were built by Jekyll once per permalink style
 * (scripts/jekyll-urls/generate.mjs), and `<style>.json` records the file each
 * source became. Here gazette reads the same files (readPost, readPage) with
 * the same `_config.yml` and must name the same output file, source by source.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type ResolvedConfig, resolveConfig } from '../src/config.js';
import { createRenderer, type Renderer } from '../src/content/markdown.js';
import { readPage } from '../src/content/page.js';
import { readPost } from '../src/content/post.js';

const FIXTURES = join(import.meta.dirname, 'fixtures', 'jekyll-urls');

interface JekyllOutputs {
  jekyll: string;
  style: string;
  config: string;
  /** Source → output file, or null when Jekyll wrote nothing for it. */
  outputs: Record<string, string | null>;
}

/** Where gazette differs on purpose (README, "How URLs are formed"): what gazette does instead. */
const EXCEPTIONS: Readonly<Record<string, { reason: string; gazette: 'published' | 'error' }>> = {
  '_posts/no-date-here.md': { reason: 'a dateless file in _posts/ is published (with a warning); Jekyll skips it', gazette: 'published' },
  '_posts/2024-03-12-climbs.md': { reason: 'a permalink that climbs out with ../ is an error; Jekyll rewrites it', gazette: 'error' },
  'pl/climbs.md': { reason: 'a permalink that climbs out with ../ is an error; Jekyll rewrites it', gazette: 'error' },
};

const styles = readdirSync(FIXTURES)
  .filter((name) => name.endsWith('.json'))
  .map((name) => name.slice(0, -5))
  .sort();

/** gazette's output file for one source of the fixture site, or what went wrong. */
function gazetteFile(source: string, configText: string): { file?: string; errors: string[] } {
  const { config, renderer } = setUp(configText);
  const bytes = readFileSync(join(FIXTURES, 'site', source));
  const isPost = /(^|\/)_posts\//.test(source);
  const result = isPost
    ? readPost({ source, bytes, mtime: new Date('2024-01-01T00:00:00Z'), draft: false }, { config, renderer })
    : readPage({ source, bytes }, config);
  const errors = result.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message);
  const file = 'post' in result ? result.post?.file : 'page' in result ? result.page?.file : undefined;
  return { ...(file !== undefined ? { file } : {}), errors };
}

describe('URLs and output files match Jekyll 4.3.1', () => {
  it('has a fixture for every style, made by Jekyll 4.3.1', () => {
    expect(styles).toEqual(['custom', 'date', 'none', 'ordinal', 'pretty', 'weekdate']);
    for (const style of styles) expect(load(style).jekyll).toBe('jekyll 4.3.1');
  });

  for (const style of styles) {
    it(`names the file Jekyll wrote for every post and page (permalink: ${style})`, () => {
      const fixture = load(style);
      const mismatches: string[] = [];
      let compared = 0;
      for (const [source, expected] of Object.entries(fixture.outputs)) {
        if (Object.hasOwn(EXCEPTIONS, source)) continue;
        compared++;
        const got = gazetteFile(source, fixture.config);
        if (got.errors.length > 0 || got.file !== expected) mismatches.push(`${source}: Jekyll ${expected}, gazette ${got.file ?? got.errors.join('; ')}`);
      }
      expect(mismatches).toEqual([]);
      expect(compared).toBeGreaterThan(120);
    });
  }

  it('differs from Jekyll only where it means to (named exceptions)', () => {
    const fixture = load('date');
    for (const [source, exception] of Object.entries(EXCEPTIONS)) {
      const got = gazetteFile(source, fixture.config);
      if (exception.gazette === 'error') expect([source, got.errors.length > 0]).toEqual([source, true]);
      else expect([source, got.file]).toEqual([source, expect.any(String)]);
    }
    expect(fixture.outputs['_posts/no-date-here.md']).toBeNull();
    expect(fixture.outputs['_posts/2024-03-12-climbs.md']).toBe('climbs/index.html');
  });
});

const setUps = new Map<string, { config: ResolvedConfig; renderer: Renderer }>();
function setUp(configText: string): { config: ResolvedConfig; renderer: Renderer } {
  let made = setUps.get(configText);
  if (made === undefined) {
    const { config } = resolveConfig(configText);
    setUps.set(configText, (made = { config, renderer: createRenderer({ sanitize: config.sanitize, siteOrigin: config.url }) }));
  }
  return made;
}

function load(style: string): JekyllOutputs {
  return JSON.parse(readFileSync(join(FIXTURES, `${style}.json`), 'utf8')) as JekyllOutputs;
}
