/**
 * Posts' local images (build/images.ts, render/body-images.ts): sizes from
 * the files, resized copies in WebP and the original's format (never wider
 * than the original), srcset/sizes in bodies, cards and the hero, the first
 * body image fetched first and the rest lazily, remote images untouched,
 * `images: false`, the image cache (a second build decodes nothing), an
 * image's change re-rendering its post, and a missing image as a warning at
 * its post's line. The images are test/fixtures/images/ (see its README).
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { build, createBuilder } from '../src/index.js';

const IMAGES = fileURLToPath(new URL('./fixtures/images/', import.meta.url));
const NOW = new Date('2024-07-01T00:00:00Z');

const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

interface Site {
  source: string;
  out: string;
  at(rel: string): string;
  page(rel: string): string;
}

const LEAD = `---
title: Lead
image: /img/wide.jpg
---
<p>Text first.</p>

<p><img src="/img/small.png" alt="small"></p>
<p><img src="https://cdn.example.org/remote.jpg" alt="remote"></p>
<p><img src="https://news.example.com/img/small.png" alt="own origin"></p>
<p><img src="/img/logo.svg" alt="logo"></p>
`;

const MISSING = `---
title: Missing
---
<p>Intro.</p>

<p><img src="/img/nowhere.jpg" alt="gone"></p>
`;

function makeSite(config = ''): Site {
  const root = mkdtempSync(join(tmpdir(), 'gazette-images-'));
  made.push(root);
  const source = join(root, 'site');
  mkdirSync(join(source, '_posts'), { recursive: true });
  mkdirSync(join(source, 'img'));
  copyFileSync(join(IMAGES, 'wide.jpg'), join(source, 'img', 'wide.jpg'));
  copyFileSync(join(IMAGES, 'small.png'), join(source, 'img', 'small.png'));
  writeFileSync(join(source, 'img', 'logo.svg'), '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 120 40"><rect width="120" height="40"/></svg>');
  writeFileSync(join(source, '_config.yml'), `title: Images\nurl: https://news.example.com\n${config}`);
  writeFileSync(join(source, '_posts', '2024-06-01-lead.html'), LEAD);
  const out = join(root, 'out');
  return { source, out, at: (rel) => join(source, rel), page: (rel) => readFileSync(join(out, rel), 'utf8') };
}

const options = (site: Site, cache = true) => ({ source: site.source, destination: site.out, jobs: 1, cache, now: NOW, editIndex: false });

/** The `<img>` tags of a page's article body, in order. */
function bodyImages(html: string): string[] {
  const body = html.slice(html.indexOf('article__body'));
  return [...body.matchAll(/<img\b[^>]*>/g)].map((match) => match[0]);
}

describe('local images', () => {
  it('get their size, copies in WebP and their own format never wider than the original, and srcset', async () => {
    const site = makeSite();
    const result = await build(options(site));
    expect(result.ok, JSON.stringify(result.diagnostics)).toBe(true);
    const resized = readdirSync(join(site.out, 'assets', 'resized')).sort();
    // wide.jpg (1600 px): 480, 800, 1200 in both formats; small.png (640 px): 480 PNG, WebP at 480 and at its own 640.
    expect(resized.filter((name) => name.startsWith('wide.')).map((name) => name.replace(/^wide\.[0-9a-f]{10}-/, ''))).toEqual([
      '1200.jpg',
      '1200.webp',
      '480.jpg',
      '480.webp',
      '800.jpg',
      '800.webp',
    ]);
    expect(resized.filter((name) => name.startsWith('small.')).map((name) => name.replace(/^small\.[0-9a-f]{10}-/, ''))).toEqual([
      '480.png',
      '480.webp',
      '640.webp',
    ]);
    const sharp = (await import('sharp')).default;
    for (const name of resized) {
      const meta = await sharp(join(site.out, 'assets', 'resized', name)).metadata();
      expect(meta.width).toBe(Number(/-(\d+)\./.exec(name)?.[1]));
      expect(meta.format).toBe(name.endsWith('.jpg') ? 'jpeg' : name.slice(name.lastIndexOf('.') + 1));
    }
    expect(result.stats.images).toEqual({ files: 3, resized: 2 });
  });

  it('in a body: sized, with srcset and sizes, the first eager and fetched first, the rest lazy; remote ones keep their URL', async () => {
    const site = makeSite();
    await build(options(site));
    const html = site.page('2024/06/01/lead.html');
    const [small, remote, own, logo] = bodyImages(html);
    expect(small).toMatch(/src="\/img\/small\.png"/);
    expect(small).toMatch(/width="640" height="480"/);
    expect(small).toMatch(/srcset="\/assets\/resized\/small\.[0-9a-f]{10}-480\.png 480w, \/img\/small\.png 640w"/);
    expect(small).toMatch(/sizes="\(min-width: 772px\) 740px, 100vw"/);
    expect(small).toMatch(/loading="eager" fetchpriority="high"/);
    expect(html).toMatch(
      /<picture><source type="image\/webp" srcset="\/assets\/resized\/small\.[0-9a-f]{10}-480\.webp 480w, \/assets\/resized\/small\.[0-9a-f]{10}-640\.webp 640w"/,
    );
    expect(remote).toBe('<img src="https://cdn.example.org/remote.jpg" alt="remote" loading="lazy" decoding="async">');
    // An absolute URL on the site's own origin is a local image.
    expect(own).toMatch(/src="https:\/\/news\.example\.com\/img\/small\.png" alt="own origin" width="640" height="480"/);
    expect(own).toMatch(/loading="lazy" decoding="async"/);
    // SVG: sized from its viewBox, no copies.
    expect(logo).toBe('<img src="/img/logo.svg" alt="logo" width="120" height="40" loading="lazy" decoding="async">');
  });

  it('as hero and on cards: the copies, sized, the hero and the lead card fetched first', async () => {
    const site = makeSite();
    await build(options(site));
    const post = site.page('2024/06/01/lead.html');
    const hero = /<figure class="feature__media">([\s\S]*?)<\/figure>/.exec(post)?.[1] ?? '';
    expect(hero).toMatch(/<source type="image\/webp" srcset="[^"]*wide\.[0-9a-f]{10}-1200\.webp 1200w"/);
    expect(hero).toMatch(
      /<img src="\/img\/wide\.jpg" alt="" width="1600" height="900" srcset="[^"]*-480\.jpg 480w, [^"]*-800\.jpg 800w, [^"]*-1200\.jpg 1200w, \/img\/wide\.jpg 1600w"/,
    );
    expect(hero).toMatch(/fetchpriority="high"/);
    const home = site.page('index.html');
    expect(home).toMatch(/<div class="card__media"><picture><source type="image\/webp"[^>]*><img src="\/img\/wide\.jpg" alt="" width="1600" height="900"/);
  });

  it('with `images: false`: no file read, no copies, no sizes; the loading order stays', async () => {
    const site = makeSite('images: false\n');
    const result = await build(options(site));
    expect(result.ok).toBe(true);
    expect(existsSync(join(site.out, 'assets', 'resized'))).toBe(false);
    expect(result.stats.images).toEqual({ files: 0, resized: 0 });
    const [small] = bodyImages(site.page('2024/06/01/lead.html'));
    expect(small).toBe('<img src="/img/small.png" alt="small" loading="eager" fetchpriority="high">');
    expect(site.page('2024/06/01/lead.html')).not.toContain('srcset');
  });

  it('are decoded once: a second build takes them from the cache and makes the same site', async () => {
    const site = makeSite();
    const first = await build(options(site));
    expect(first.stats.images.resized).toBe(2);
    const before = site.page('2024/06/01/lead.html');
    // A clean destination: the copies come from the cache, not from sharp.
    rmSync(site.out, { recursive: true });
    const second = await build(options(site));
    expect(second.stats.images).toEqual({ files: 3, resized: 0 });
    expect(site.page('2024/06/01/lead.html')).toBe(before);
    // Touched, same bytes: read and hashed, not decoded.
    utimesSync(site.at('img/wide.jpg'), new Date('2024-01-01'), new Date('2024-01-01'));
    const third = await build(options(site));
    expect(third.stats.images.resized).toBe(0);
  });

  it('a changed image re-renders the pages that show it, and parses no post', async () => {
    const site = makeSite();
    writeFileSync(site.at('_posts/2024-06-02-other.html'), '---\ntitle: Other\n---\n<p>No image.</p>\n');
    const builder = createBuilder({ ...options(site), cache: false });
    try {
      const first = await builder.build();
      expect(first.ok).toBe(true);
      const smallCopies = () => readdirSync(join(site.out, 'assets', 'resized')).filter((name) => name.startsWith('small.'));
      const before = smallCopies();
      const sharp = (await import('sharp')).default;
      await sharp(join(IMAGES, 'small.png')).resize({ width: 500 }).toFile(site.at('img/small.png.tmp'));
      copyFileSync(site.at('img/small.png.tmp'), site.at('img/small.png'));
      rmSync(site.at('img/small.png.tmp'));
      const second = await builder.build([site.at('img/small.png')]);
      expect(second.ok).toBe(true);
      expect(second.stats.parsed).toBe(0);
      expect(second.stats.images.resized).toBe(1);
      expect(second.changedFiles).toContain('2024/06/01/lead.html');
      expect(second.changedFiles).not.toContain('2024/06/02/other.html');
      expect(bodyImages(site.page('2024/06/01/lead.html'))[0]).toMatch(/width="500" height="375"/);
      // New copies (500 px: PNG at 480, WebP at 480 and 500) under new names; the old ones removed as stale files.
      const after = smallCopies();
      expect(after).toHaveLength(3);
      expect(after.filter((name) => before.includes(name))).toEqual([]);
      // A body edit (past the excerpt) renders the post's page alone from the last build: no image is looked at.
      writeFileSync(site.at('_posts/2024-06-01-lead.html'), LEAD.replace('alt="logo"', 'alt="edited logo"'));
      const third = await builder.build([site.at('_posts/2024-06-01-lead.html')]);
      expect(third.stats.images).toEqual({ files: 0, resized: 0 });
      // The alt text is a word of the post: the search index's edits list takes it.
      expect(third.changedFiles).toEqual(['2024/06/01/lead.html', 'feed.xml', 'search/edits.json']);
      expect(bodyImages(site.page('2024/06/01/lead.html'))[0]).toMatch(/width="500" height="375"/);
    } finally {
      await builder.close();
    }
  });

  it('missing: a warning at the line of the post that shows it, and the image keeps its URL', async () => {
    const site = makeSite();
    writeFileSync(site.at('_posts/2024-06-03-missing.html'), MISSING);
    const result = await build(options(site));
    expect(result.ok).toBe(true);
    const warning = result.diagnostics.find((d) => d.message.includes('nowhere.jpg'));
    expect(warning).toMatchObject({ file: '_posts/2024-06-03-missing.html', line: 6, column: 14, severity: 'warning' });
    expect(warning?.hint).toMatch(/put the file/);
    expect(bodyImages(site.page('2024/06/03/missing.html'))[0]).toBe('<img src="/img/nowhere.jpg" alt="gone" loading="eager" fetchpriority="high">');
  });

  it('are resized on the worker threads when there are several, with the same result', async () => {
    const site = makeSite();
    const sharp = (await import('sharp')).default;
    const names = ['a', 'b', 'c', 'd', 'e'];
    for (const [i, name] of names.entries())
      await sharp(join(IMAGES, 'wide.jpg'))
        .resize({ width: 900 + i * 10 })
        .toFile(site.at(`img/${name}.jpg`));
    const body = names.map((name) => `<p><img src="/img/${name}.jpg" alt="${name}"></p>`).join('\n');
    writeFileSync(site.at('_posts/2024-06-04-many.html'), `---\ntitle: Many\n---\n${body}\n`);
    const result = await build({ ...options(site), jobs: 2 });
    expect(result.ok, JSON.stringify(result.diagnostics)).toBe(true);
    expect(result.stats.images).toEqual({ files: 8, resized: 7 });
    const images = bodyImages(site.page('2024/06/04/many.html'));
    expect(images.map((img) => /width="(\d+)"/.exec(img)?.[1])).toEqual(['900', '910', '920', '930', '940']);
    // 940 px: JPEG at 480 and 800, WebP at 480, 800 and 940.
    expect(readdirSync(join(site.out, 'assets', 'resized')).filter((name) => name.startsWith('e.'))).toHaveLength(5);
  });

  it('stay sized when a body edit is published from the edit index', async () => {
    // A post the feed does not carry: only its own page shows its body, so the edit index can publish it alone.
    const site = makeSite('feed:\n  posts_limit: 1\n');
    writeFileSync(site.at('_posts/2024-06-05-newer.html'), '---\ntitle: Newer\n---\n<p>Newest.</p>\n');
    const first = await build({ ...options(site), editIndex: true });
    expect(first.ok).toBe(true);
    // Not the first paragraph: that is the excerpt, which lists show.
    writeFileSync(site.at('_posts/2024-06-01-lead.html'), LEAD.replace('alt="logo"', 'alt="edited logo"'));
    const second = await build({ ...options(site), editIndex: true });
    expect(second.stats.fromEditIndex).toBe(true);
    const html = site.page('2024/06/01/lead.html');
    expect(html).toContain('edited logo');
    expect(bodyImages(html)[0]).toMatch(/width="640" height="480" srcset=/);
    expect(html).toMatch(/<figure class="feature__media">\s*<picture>/);
  });

  it('under a baseurl: with or without it in the body, and a front matter image without its leading slash', async () => {
    const site = makeSite('baseurl: /news\n');
    writeFileSync(
      site.at('_posts/2024-06-01-lead.html'),
      '---\ntitle: Lead\nimage: img/wide.jpg\n---\n<p><img src="/news/img/small.png" alt="with"></p>\n\n<p><img src="/img/small.png" alt="without"></p>\n',
    );
    const result = await build(options(site));
    expect(result.diagnostics).toEqual([]);
    const [withBase, without] = bodyImages(site.page('2024/06/01/lead.html'));
    expect(withBase).toMatch(/width="640" height="480" srcset="\/news\/assets\/resized\/small\.[0-9a-f]{10}-480\.png 480w, \/news\/img\/small\.png 640w"/);
    expect(without).toMatch(/width="640" height="480"/);
    expect(site.page('2024/06/01/lead.html')).toMatch(
      /<img src="\/news\/img\/wide\.jpg" alt="" width="1600" height="900" srcset="\/news\/assets\/resized\/wide\./,
    );
  });

  it('a file that is not an image: a warning naming it, and pages show its URL', async () => {
    const site = makeSite();
    writeFileSync(site.at('img/broken.jpg'), 'not a JPEG');
    writeFileSync(site.at('_posts/2024-06-03-broken.html'), '---\ntitle: Broken\n---\n<p><img src="/img/broken.jpg" alt="broken"></p>\n');
    const result = await build(options(site));
    expect(result.ok).toBe(true);
    expect(result.diagnostics).toMatchObject([{ file: 'img/broken.jpg', severity: 'warning' }]);
    expect(result.diagnostics[0]?.message).toMatch(/^cannot read this image: /);
    expect(bodyImages(site.page('2024/06/03/broken.html'))[0]).toBe('<img src="/img/broken.jpg" alt="broken" loading="eager" fetchpriority="high">');
  });

  it('the cache keeps the copies of the images shown now, not of every version they had', async () => {
    const site = makeSite();
    await build(options(site));
    const folders = () => readdirSync(join(site.source, '.gazette-cache', 'images')).filter((name) => name !== 'index.json');
    expect(folders()).toHaveLength(2);
    const sharp = (await import('sharp')).default;
    await sharp(join(IMAGES, 'wide.jpg')).resize({ width: 1000 }).toFile(site.at('img/other.jpg'));
    copyFileSync(site.at('img/other.jpg'), site.at('img/wide.jpg'));
    const second = await build(options(site));
    expect(second.stats.images).toEqual({ files: 3, resized: 1 });
    expect(folders()).toHaveLength(2);
  });

  it("missing, from the config's defaults: one warning at _config.yml, not one per post", async () => {
    const site = makeSite('defaults:\n  - scope: {path: ""}\n    values: {image: /img/default.jpg}\n');
    writeFileSync(site.at('_posts/2024-06-03-a.html'), '---\ntitle: A\n---\n<p>A.</p>\n');
    writeFileSync(site.at('_posts/2024-06-04-b.html'), '---\ntitle: B\n---\n<p>B.</p>\n');
    const result = await build(options(site));
    expect(result.diagnostics).toMatchObject([
      { file: '_config.yml', line: 5, column: 21, severity: 'warning', message: 'image not found: /img/default.jpg (the front matter default of 2 posts)' },
    ]);
  });
});
