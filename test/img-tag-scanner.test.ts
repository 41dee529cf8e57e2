/**
 * The `<img>` scanner (content/img-tags.ts) on rehype-stringify's output and
 * the body rewrite built on it (render/body-images.ts): attributes read and
 * written back exactly, entities, tags that only look like `<img`, and the
 * loading order.
 */
import { describe, expect, it } from 'vitest';
import { attributeText, decodeEntities, imgTags, isLocalImageUrl, localImageRefs } from '../src/content/img-tags.js';
import { createRenderer } from '../src/content/markdown.js';
import { BODY_SIZES, imageSet, renderBodyImages } from '../src/render/body-images.js';
import type { ImageInfo } from '../src/types.js';
import { DEFAULT_CONFIG } from './fixtures/sanitize/harness.js';

const INFO: ImageInfo = {
  width: 1000,
  height: 500,
  key: 'k'.repeat(64),
  format: 'jpeg',
  variants: [
    { path: '/assets/resized/a.kkkkkkkkkk-480.jpg', width: 480, format: 'jpeg' },
    { path: '/assets/resized/a.kkkkkkkkkk-480.webp', width: 480, format: 'webp' },
    { path: '/assets/resized/a.kkkkkkkkkk-1000.webp', width: 1000, format: 'webp' },
  ],
};
const href = (path: string) => `/base${path}`;

describe('the <img> scanner', () => {
  it('reads attributes, quoted, unquoted and bare, with entities decoded', () => {
    const [tag] = [...imgTags('<p>x <img src="/a&#x26;b.jpg?x=1&amp;y=2" alt=\'its\' ="stray" width=10 ismap/> y</p>')];
    expect(tag?.attributes).toEqual([
      ['src', '/a&b.jpg?x=1&y=2'],
      ['alt', 'its'],
      ['stray', undefined],
      ['width', '10'],
      ['ismap', undefined],
    ]);
  });

  it('skips tags that only start with <img, and a > inside a quoted value does not end the tag', () => {
    const tags = [...imgTags('<imgx src="/no.jpg"><img alt="a > b" src="/yes.jpg">')];
    expect(tags).toHaveLength(1);
    expect(tags[0]?.attributes).toEqual([
      ['alt', 'a > b'],
      ['src', '/yes.jpg'],
    ]);
  });

  it('stops at a tag left open at the end', () => {
    expect([...imgTags('<img src="/a.jpg"')]).toEqual([]);
  });

  it('decodes numeric and named references, and leaves unknown ones', () => {
    expect(decodeEntities('&#x3C;&#62;&quot;&amp;&bogus;&#0;')).toBe('<>"&&bogus;&#0;');
    expect(attributeText(['alt', 'a "b" & c'])).toBe(' alt="a &quot;b&quot; &amp; c"');
    expect(attributeText(['ismap', undefined])).toBe(' ismap');
  });

  it('finds the local images of a sanitised body: site paths and the site origin, not other hosts', () => {
    const { html } = createRenderer({ sanitize: DEFAULT_CONFIG, siteOrigin: 'https://news.example.com' }).render(
      '<img src="/a.jpg"><img src="//cdn.example.org/b.jpg"><img src="https://news.example.com/c.png"><img src="https://other.example.org/d.png"><img src="/a.jpg">',
      'html',
    );
    expect(localImageRefs(html, 'https://news.example.com')).toEqual(['/a.jpg', 'https://news.example.com/c.png']);
    expect(isLocalImageUrl('https://news.example.com/c.png', '')).toBe(false);
    expect(isLocalImageUrl('relative.png', 'https://news.example.com')).toBe(false);
  });
});

describe('a body with its images', () => {
  it('sizes local images, gives them copies, and loads the first at once and the rest lazily', () => {
    const html = '<p><img src="/a.jpg" alt="a" loading="lazy"></p><p><img src="https://cdn.example.org/r.jpg" alt="" loading="lazy"></p>';
    expect(renderBodyImages(html, { '/a.jpg': INFO }, href)).toBe(
      `<p><picture><source type="image/webp" srcset="/base/assets/resized/a.kkkkkkkkkk-480.webp 480w, /base/assets/resized/a.kkkkkkkkkk-1000.webp 1000w" sizes="${BODY_SIZES}">` +
        `<img src="/a.jpg" alt="a" width="1000" height="500" srcset="/base/assets/resized/a.kkkkkkkkkk-480.jpg 480w, /a.jpg 1000w" sizes="${BODY_SIZES}" loading="eager" fetchpriority="high"></picture></p>` +
        '<p><img src="https://cdn.example.org/r.jpg" alt="" loading="lazy" decoding="async"></p>',
    );
  });

  it("keeps the author's width and height when both are given, and replaces one given alone", () => {
    const info = { ...INFO, variants: [] };
    expect(renderBodyImages('<img src="/a.jpg" width="300" height="150">', { '/a.jpg': info }, href)).toBe(
      '<img src="/a.jpg" width="300" height="150" loading="eager" fetchpriority="high">',
    );
    expect(renderBodyImages('<img src="/a.jpg" width="300">', { '/a.jpg': info }, href)).toBe(
      '<img src="/a.jpg" width="1000" height="500" loading="eager" fetchpriority="high">',
    );
  });

  it('leaves a body without images as it is', () => {
    const html = '<p>no images &#x3C;img here</p>';
    expect(renderBodyImages(html, undefined, href)).toBe(html);
  });

  it('leaves the original out of a srcset its URL would break', () => {
    expect(imageSet('/a b.jpg', INFO, href).srcset).toBe('/base/assets/resized/a.kkkkkkkkkk-480.jpg 480w');
  });
});
