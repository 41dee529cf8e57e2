// The `images` setup of bench/run.mjs: the default theme on a copy of the
// generated site (bench/.work/images-N/) where IMAGE_POSTS posts, spread evenly
// over the site, each show a raster photo of their own: a 1600×1000 JPEG
// (smoothed noise, ~100–200 KB, as a news photo) that gazette measures and
// resizes with sharp (3 widths in JPEG and WebP). Its cold build less the
// default theme's shows what resizing costs; its warm build, that an
// unchanged image costs nothing.
//
// The copy is made once per size and kept while it holds N posts; the JPEGs
// are made with sharp (node_modules), untimed.
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

export const IMAGE_POSTS = 40;
const MARK = '<!-- bench image -->';

/** bench/.work/images-N: `site`'s posts, assets and config, IMAGE_POSTS of its posts showing a JPEG of `img/bench/`. */
export async function ensureImageSite(posts, site, work, restoreEdit) {
  const dir = join(work, `images-${posts}`);
  restoreEdit(dir);
  const postsDir = join(dir, '_posts');
  const names = existsSync(postsDir) ? readdirSync(postsDir).filter((n) => n.endsWith('.md')) : [];
  const marked = names.filter((name) => readFileSync(join(postsDir, name), 'utf8').includes(MARK)).length;
  if (names.length === posts && marked === IMAGE_POSTS && existsSync(join(dir, '_config.yml'))) return dir;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const part of ['_posts', 'assets', '_config.yml']) if (existsSync(join(site, part))) cpSync(join(site, part), join(dir, part), { recursive: true });
  console.log(`adding ${IMAGE_POSTS} JPEGs to a copy of the site in ${dir} …`);
  const sharp = createRequire(import.meta.url)('sharp');
  mkdirSync(join(dir, 'img', 'bench'), { recursive: true });
  const all = readdirSync(postsDir)
    .filter((n) => n.endsWith('.md'))
    .sort();
  for (let k = 0; k < IMAGE_POSTS; k++) {
    const name = all[Math.floor(((k + 0.5) * all.length) / IMAGE_POSTS)];
    await sharp({
      create: { width: 1600, height: 1000, channels: 3, background: { r: 40 + k * 5, g: 90, b: 160 }, noise: { type: 'gaussian', mean: 120, sigma: 40 } },
    })
      .blur(2)
      .jpeg({ quality: 82 })
      .toFile(join(dir, 'img', 'bench', `photo-${k}.jpg`));
    const file = join(postsDir, name);
    writeFileSync(file, `${readFileSync(file, 'utf8').trimEnd()}\n\n${MARK}\n<p><img src="/img/bench/photo-${k}.jpg" alt="사진 ${k}"></p>\n`);
  }
  return dir;
}
