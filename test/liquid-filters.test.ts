/**
 * Each Jekyll filter against Jekyll 4.3.1's own output: the fixture page
 * test/fixtures/liquid/jekyll-site/filters.html, one `name: output` line per
 * case, rendered here and compared with jekyll-output/filters.html.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { OUTPUT, renderFixturePage } from './helpers/liquid-site.js';

/** Cases whose output differs from Jekyll's by design, with the reason. */
const DIFFERENT_BY_DESIGN: Record<string, string> = {
  markdownify_1: "the caller's (gazette's sanitising) Markdown renderer, not kramdown",
  uri_escape_1: 'liquidjs reads backslash escapes in quoted strings ("\\b"); Ruby Liquid keeps them',
};

function cases(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of text.split('\n')) {
    const m = /^(\w+_\d+): (.*)$/.exec(line);
    if (m) out.set(m[1] ?? '', m[2] ?? '');
  }
  return out;
}

describe('Jekyll filters match Jekyll 4.3.1', () => {
  const result = renderFixturePage('filters.html', '/filters/');
  const got = cases(result.output);
  const want = cases(readFileSync(`${OUTPUT}filters.html`, 'utf8'));

  test('the page renders without diagnostics', () => {
    expect(result.diagnostics).toEqual([]);
    expect(want.size).toBeGreaterThan(90);
  });

  for (const [name, expected] of want) {
    if (name in DIFFERENT_BY_DESIGN) continue;
    test(name, () => expect(got.get(name)).toBe(expected));
  }

  test("markdownify hands the text to the caller's renderer", () => {
    expect(got.get('markdownify_1')).toBe('<md># 제목');
  });
});

describe('date filters', () => {
  test('dates are shown in the site zone and "now" reads the given clock', async () => {
    const { createLiquidEngine } = await import('../src/liquid/engine.js');
    const engine = createLiquidEngine({ root: '/nonexistent', timezone: 'Asia/Seoul', markdownify: (t) => t, now: () => new Date('2024-12-31T20:00:00Z') });
    const out = engine.render(
      'a.md',
      '{{ "now" | date: "%Y-%m-%d %H:%M %z" }}|{{ when | date: "%-d %B %Y" }}|{{ "" | date: "%Y" }}',
      { when: new Date('2024-01-01T00:00:00Z') },
      1,
    );
    expect(out).toEqual({ output: '2025-01-01 05:00 +0900|1 January 2024|', diagnostics: [] });
  });
});
