import { readFileSync } from 'node:fs';
import MarkdownIt from 'markdown-it';
import markdownItFootnote from 'markdown-it-footnote';
import { describe, expect, it } from 'vitest';
import { createMarkdownIt } from '../src/content/markdown.js';

const fixture = readFileSync(new URL('./fixtures/markdown/footnotes-mixed.md', import.meta.url), 'utf8');

describe('footnotes', () => {
  it('come out as markdown-it-footnote makes them: references, inline notes, repeated and multi-paragraph notes', () => {
    const original = new MarkdownIt({ html: true }).use(markdownItFootnote);
    const html = createMarkdownIt('commonmark').render(fixture);
    expect(html).toBe(original.render(fixture));
    expect(html).toContain('<a href="#fnref1:1" class="footnote-backref">');
    expect(html).toContain('<li id="fn2" class="footnote-item"><p>바로 쓴 주석 <em>강조</em>');
  });

  it('20,000 footnotes take linear time, not a copy of the token stream per footnote', () => {
    const n = 20_000;
    const text = `${Array.from({ length: n }, (_, i) => `글${i}[^${i}]`).join(' ')}\n\n${Array.from({ length: n }, (_, i) => `[^${i}]: 주석 ${i}`).join('\n')}\n`;
    const markdown = createMarkdownIt('commonmark');
    const started = performance.now();
    const html = markdown.render(text);
    // About 0.5 s here; markdown-it-footnote's own rule took minutes.
    expect(performance.now() - started).toBeLessThan(6000);
    expect(html.match(/class="footnote-item"/g)).toHaveLength(n);
  }, 30_000);
});
