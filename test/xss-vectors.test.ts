/**
 * DOMPurify's XSS / mXSS / DOM-clobbering payloads, checked statically: the
 * output is parsed again and walked, so text that merely reads `onload=` is
 * not mistaken for an attribute. Run with the default config and with a
 * config that tries to allow everything dangerous.
 */
import { readFileSync } from 'node:fs';
import type { Element, Root } from 'hast';
import { find, html } from 'property-information';
import rehypeParse from 'rehype-parse';
import { unified } from 'unified';
import { visit } from 'unist-util-visit';
import { describe, expect, it } from 'vitest';
import type { SanitizeConfig } from '../src/config.js';
import { createProcessor, sanitiseWith } from './fixtures/sanitize/harness.js';

// DOMPurify's test payloads; origin and licence in test/fixtures/xss/README.md.
const vectors: { id: string; payload: string }[] = JSON.parse(readFileSync(new URL('./fixtures/xss/dompurify-vectors.json', import.meta.url), 'utf8'));

const FORBIDDEN_ELEMENTS = ['script', 'iframe', 'object', 'embed', 'form', 'base', 'meta', 'link', 'svg', 'math', 'style'];
const URL_ATTRIBUTES = new Set([
  'href',
  'src',
  'cite',
  'action',
  'formaction',
  'srcset',
  'xlink:href',
  'poster',
  'background',
  'data',
  'longdesc',
  'ping',
  'lowsrc',
  'dynsrc',
]);
const BAD_SCHEME = /^(?:javascript|vbscript|data):/i;
// What a browser ignores when reading a scheme, plus Unicode spaces to be strict.
const IGNORED = /[\u0000-\u0020\u007f-\u00a0\u2000-\u200f\u2028-\u202f\u3000\ufeff]/g;

const HOSTILE: Partial<SanitizeConfig> = {
  iframeHosts: ['www.youtube.com'],
  allowTags: [...FORBIDDEN_ELEMENTS, 'textarea', 'noscript', 'template', 'xmp', 'title', 'input', 'button', 'select'],
  allowAttributes: {
    '*': ['onerror', 'onload', 'onclick', 'srcdoc', 'formaction', 'xlink:href', 'action', 'href', 'src', 'srcset', 'poster', 'background', 'name'],
  },
  allowCssProperties: ['background', 'background-image', 'behavior', '-moz-binding', 'width', 'position', 'list-style'],
};

const parser = unified().use(rehypeParse, { fragment: true }).freeze();

/** Every problem a static scan would flag in `output`. */
function findProblems(output: string): string[] {
  const problems: string[] = [];
  for (const tag of FORBIDDEN_ELEMENTS) {
    if (new RegExp(`<${tag}[\\s/>]`, 'i').test(output)) problems.push(`<${tag} in the markup`);
  }
  const tree = parser.parse(output) as Root;
  visit(tree, 'element', (node: Element) => {
    if (FORBIDDEN_ELEMENTS.includes(node.tagName)) problems.push(`<${node.tagName}> element`);
    for (const [key, value] of Object.entries(node.properties)) {
      const attribute = find(html, key).attribute.toLowerCase();
      const values = (Array.isArray(value) ? value : [value]).map(String);
      if (/^on/.test(attribute)) problems.push(`${attribute} on <${node.tagName}>`);
      if (URL_ATTRIBUTES.has(attribute)) {
        const candidates = attribute === 'srcset' ? values.join(',').split(',') : values;
        for (const url of candidates) {
          if (BAD_SCHEME.test(url.replace(IGNORED, ''))) problems.push(`${attribute}=${JSON.stringify(url)} on <${node.tagName}>`);
        }
      }
      if (attribute === 'style' && /url\s*\(|expression/i.test(values.join(' '))) problems.push(`style ${JSON.stringify(value)}`);
    }
  });
  return problems;
}

describe("DOMPurify's payloads, sanitised: nothing dangerous left, unchanged by a second pass", () => {
  it('are all there', () => {
    expect(vectors).toHaveLength(223);
  });

  describe.each([
    ['default config', {}],
    ['hostile config', HOSTILE],
  ] as const)('%s', (_, config) => {
    const processor = createProcessor(config);
    it.each(vectors)('$id', ({ payload }) => {
      const once = sanitiseWith(processor, payload).html;
      expect(findProblems(once)).toEqual([]);
      expect(once).not.toMatch(/<script/i);
      // Idempotence catches mutation XSS: what we emit must re-parse into what we meant.
      expect(sanitiseWith(processor, once).html).toBe(once);
    });
  });
});

describe('the scanner itself', () => {
  it.each([
    ['<script>x</script>', '<script'],
    ['<a href=" java\tscript:x">a</a>', 'href='],
    ['<img srcset="/a.png 1x, data:image/png;base64,AA 2x">', 'srcset='],
    ['<p onclick="x">a</p>', 'onclick'],
    ['<p style="background: url(x)">a</p>', 'style'],
    ['<svg></svg>', '<svg'],
  ])('flags %j', (markup, problem) => {
    expect(findProblems(markup).join('\n')).toContain(problem);
  });

  it('does not flag text that looks like an attribute', () => {
    expect(findProblems('<p>onload=alert(1) javascript:alert(1)</p>')).toEqual([]);
  });
});
