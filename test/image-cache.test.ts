/**
 * The pieces of the image stage that decide from data: which copies an image
 * gets (never wider than it), an SVG's size from its text, and the image
 * cache, whose index and info files are checked before their numbers and
 * names reach a page (cache/image-cache.ts).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type ImageRecord, imageKey, isCachedImage, keyFolder, readCachedImage, readImageIndex, writeImageIndex } from '../src/cache/image-cache.js';
import { isResizable, parseVariantFileName, RESIZE_SETTINGS, variantPath, variantSpecs } from '../src/content/image-variants.js';
import { svgSize } from '../src/content/svg-size.js';

const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});
function temp(): string {
  const dir = mkdtempSync(join(tmpdir(), 'gazette-image-cache-'));
  made.push(dir);
  return dir;
}

describe('resized copies', () => {
  it('are never wider than the original; WebP also at its own width up to the widest setting', () => {
    expect(variantSpecs(2000, 'jpeg').map((s) => `${s.width}.${s.format}`)).toEqual(['480.jpeg', '800.jpeg', '1200.jpeg', '480.webp', '800.webp', '1200.webp']);
    expect(variantSpecs(640, 'png').map((s) => `${s.width}.${s.format}`)).toEqual(['480.png', '480.webp', '640.webp']);
    expect(variantSpecs(300, 'gif').map((s) => `${s.width}.${s.format}`)).toEqual(['300.webp']);
    expect(variantSpecs(900, 'webp').map((s) => `${s.width}.${s.format}`)).toEqual(['480.webp', '800.webp']);
  });

  it('only of still raster formats', () => {
    expect(isResizable('jpeg')).toBe(true);
    expect(isResizable('gif', 12)).toBe(false);
    expect(isResizable('heif')).toBe(false);
    expect(isResizable('svg')).toBe(false);
  });

  it('are published under readable, content-addressed names', () => {
    expect(variantPath('img/2024/한국 사진.JPG', 'abcdef0123456789', { width: 480, format: 'webp' })).toBe('/assets/resized/한국-사진.abcdef0123-480.webp');
    expect(parseVariantFileName('480.jpg')).toEqual({ width: 480, format: 'jpeg' });
    expect(parseVariantFileName('../480.jpg')).toBeUndefined();
    expect(parseVariantFileName('0480.jpg')).toBeUndefined();
  });
});

describe('an SVG', () => {
  it('is sized by its width and height, else by its viewBox, scaled to the one given', () => {
    expect(svgSize('<svg width="120px" height="40">')).toEqual({ width: 120, height: 40 });
    expect(svgSize('<?xml version="1.0"?><svg viewBox="0 0 300.4 100">')).toEqual({ width: 300, height: 100 });
    expect(svgSize('<svg width="60" viewBox="0,0,120,40">')).toEqual({ width: 60, height: 20 });
    expect(svgSize("<svg height='20' viewBox='0 0 120 40'>")).toEqual({ width: 60, height: 20 });
  });

  it('has no size when it gives none a browser would use', () => {
    expect(svgSize('<svg width="100%" height="50%">')).toBeUndefined();
    expect(svgSize('<svg viewBox="0 0 0 10">')).toBeUndefined();
    expect(svgSize('not svg')).toBeUndefined();
  });
});

describe('the image cache', () => {
  const record: ImageRecord = {
    size: 10,
    mtimeMs: 5,
    key: imageKey(new Uint8Array([1, 2, 3])),
    image: { width: 800, height: 600, format: 'jpeg', files: [{ name: '480.jpg', width: 480, format: 'jpeg' }] },
  };

  it('reads back the index it wrote', () => {
    const dir = temp();
    writeImageIndex(dir, new Map([['img/a.jpg', record]]));
    expect(readImageIndex(dir)).toEqual(new Map([['img/a.jpg', record]]));
  });

  it('drops entries a page must not show: names outside the folder, sizes that are not numbers, other settings', () => {
    const dir = temp();
    const file = (files: unknown, settings?: string) =>
      writeFileSync(join(dir, 'index.json'), JSON.stringify({ format: 1, settings: settings ?? RESIZE_SETTINGS, files }));
    file({
      'img/a.jpg': [10, 5, record.key, { ...record.image, files: [{ name: '../../x.jpg', width: 480, format: 'jpeg' }] }],
      'img/b.jpg': [10, 5, record.key, { ...record.image, width: '"><script>' }],
      'img/c.jpg': [10, 5, 'not-a-key', record.image],
      'img/d.jpg': [10, 5, record.key, record.image],
    });
    expect([...readImageIndex(dir).keys()]).toEqual(['img/d.jpg']);
    file({ 'img/d.jpg': [10, 5, record.key, record.image] }, 'other settings');
    expect(readImageIndex(dir).size).toBe(0);
    writeFileSync(join(dir, 'index.json'), '{ damaged');
    expect(readImageIndex(dir).size).toBe(0);
  });

  it("uses a key's folder only when its info is sound and every copy it names is there", () => {
    const dir = temp();
    const folder = keyFolder(dir, record.key);
    mkdirSync(folder);
    writeFileSync(join(folder, 'info.json'), JSON.stringify(record.image));
    expect(readCachedImage(dir, record.key)).toBeUndefined();
    writeFileSync(join(folder, '480.jpg'), 'bytes');
    expect(readCachedImage(dir, record.key)).toEqual(record.image);
    writeFileSync(join(folder, 'info.json'), JSON.stringify({ ...record.image, format: 'JPEG"' }));
    expect(readCachedImage(dir, record.key)).toBeUndefined();
    expect(isCachedImage(null)).toBe(false);
  });
});
