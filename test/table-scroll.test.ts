import { describe, expect, it } from 'vitest';
import { createRenderer } from '../src/content/markdown.js';
import { DEFAULT_CONFIG } from './fixtures/sanitize/harness.js';

const table = '| 지역 | 득표율 |\n|---|---|\n| 서울 | 51.2% |\n';

describe('tables in a body scroll in a focusable, named region', () => {
  it('wraps a Markdown table in a region reachable by keyboard and named by the site label', () => {
    const renderer = createRenderer({ sanitize: DEFAULT_CONFIG, siteOrigin: '', markdown: 'commonmark', tableLabel: '표' });
    const { html } = renderer.render(`앞 문단\n\n${table}`, 'markdown');
    expect(html).toMatch(/<div class="table-scroll" role="region" tabindex="0" aria-label="표"><table>/);
    expect(html).toMatch(/<\/table><\/div>/);
  });

  it('names the region after the table caption when there is one', () => {
    const renderer = createRenderer({ sanitize: DEFAULT_CONFIG, siteOrigin: '', tableLabel: '표' });
    const { html } = renderer.render('<table><caption> 지역별  득표율 </caption><tr><td>1</td></tr></table>', 'html');
    expect(html).toContain('aria-label="지역별 득표율"');
  });

  it('wraps only the outer table of nested tables, and defaults the label to English', () => {
    const renderer = createRenderer({ sanitize: DEFAULT_CONFIG, siteOrigin: '' });
    const { html } = renderer.render('<table><tr><td><table><tr><td>x</td></tr></table></td></tr></table>', 'html');
    expect(html.match(/class="table-scroll"/g)).toHaveLength(1);
    expect(html).toContain('aria-label="Table"');
  });

  it('does not let a post make its own focusable region or use the wrapper class', () => {
    const renderer = createRenderer({ sanitize: DEFAULT_CONFIG, siteOrigin: '' });
    const { html } = renderer.render('<div class="table-scroll" role="region" tabindex="0" aria-label="x">본문</div>', 'html');
    expect(html).not.toContain('tabindex');
    expect(html).not.toContain('role="region"');
    expect(html).not.toContain('class="table-scroll"');
  });
});

describe('code blocks in a body are reachable by keyboard when they scroll', () => {
  it('makes a fenced code block focusable, its text its name', () => {
    const renderer = createRenderer({ sanitize: DEFAULT_CONFIG, siteOrigin: '', markdown: 'commonmark' });
    const { html } = renderer.render('```\nconst 아주_긴_줄 = "…";\n```\n', 'markdown');
    expect(html).toMatch(/^<pre tabindex="0"><code>const 아주_긴_줄/);
  });

  it("makes an HTML post's <pre> focusable, over any tabindex the post gave it", () => {
    const renderer = createRenderer({ sanitize: DEFAULT_CONFIG, siteOrigin: '' });
    const { html } = renderer.render('<pre tabindex="-1" style="white-space:pre">표 1 | 표 2</pre>', 'html');
    expect(html.match(/tabindex/g)).toHaveLength(1);
    expect(html).toContain('tabindex="0"');
  });
});
