/**
 * Images as pages show them: a local image's intrinsic size (so the page
 * keeps its box before the file arrives), its resized copies as `srcset`
 * (WebP first, in a `<picture>`), and the loading order: the first body image
 * is fetched at once and first (it is often the largest thing on screen), the
 * rest lazily. Applied to a post's sanitised body when its page renders, so
 * that an image's change re-renders its pages without parsing the post again.
 */
import { type Attribute, attributeText, type ImgTag, imgTags } from '../content/img-tags.js';
import type { ImageInfo } from '../types.js';

/** `sizes` of an image in a post's body: the article column (gazette.css `--wrap-narrow`, 740 px), the screen's width below it. */
export const BODY_SIZES = '(min-width: 772px) 740px, 100vw';

/** What a template needs to show an image with its copies. */
export interface ImageSet {
  readonly src: string;
  readonly width: number;
  readonly height: number;
  /** The original's format: its copies, and the original at its own width. Empty when there are none. */
  readonly srcset: string;
  /** The WebP copies; empty when there are none. */
  readonly webpSrcset: string;
}

/**
 * `src`: the image's href as the page writes it; `href`: a site path → href.
 * The original joins the srcset only when its URL is one a srcset can hold
 * (no spaces or commas).
 */
export function imageSet(src: string, info: ImageInfo, href: (path: string) => string): ImageSet {
  const own = info.variants.filter((variant) => variant.format !== 'webp').map((variant) => `${href(variant.path)} ${variant.width}w`);
  if (own.length > 0 && !/[\s,]/.test(src)) own.push(`${src} ${info.width}w`);
  const webp = info.variants.filter((variant) => variant.format === 'webp').map((variant) => `${href(variant.path)} ${variant.width}w`);
  return { src, width: info.width, height: info.height, srcset: own.join(', '), webpSrcset: webp.join(', ') };
}

/** A post's body with its `<img>`s sized, given copies and loading in order; `media` by URL as written (PostSummary.media). */
export function renderBodyImages(html: string, media: Readonly<Record<string, ImageInfo>> | undefined, href: (path: string) => string): string {
  let out = '';
  let last = 0;
  let first = true;
  for (const tag of imgTags(html)) {
    out += html.slice(last, tag.start) + imgHtml(tag, first, media, href);
    last = tag.end;
    first = false;
  }
  return last === 0 ? html : out + html.slice(last);
}

const LOADING = new Set(['loading', 'decoding', 'fetchpriority']);

function imgHtml(tag: ImgTag, first: boolean, media: Readonly<Record<string, ImageInfo>> | undefined, href: (path: string) => string): string {
  const src = tag.attributes.find(([name]) => name === 'src')?.[1];
  const info = src === undefined ? undefined : media?.[src];
  const sized = info !== undefined && !(has(tag, 'width') && has(tag, 'height'));
  const attributes: Attribute[] = tag.attributes.filter(([name]) => !LOADING.has(name) && !(sized && (name === 'width' || name === 'height')));
  if (sized) attributes.push(['width', String(info.width)], ['height', String(info.height)]);
  const set = info !== undefined && src !== undefined && info.variants.length > 0 ? imageSet(src, info, href) : undefined;
  if (set?.srcset) attributes.push(['srcset', set.srcset], ['sizes', BODY_SIZES]);
  attributes.push(
    ...(first
      ? ([
          ['loading', 'eager'],
          ['fetchpriority', 'high'],
        ] as const)
      : ([
          ['loading', 'lazy'],
          ['decoding', 'async'],
        ] as const)),
  );
  const img = `<img${attributes.map(attributeText).join('')}>`;
  if (!set?.webpSrcset) return img;
  return `<picture><source type="image/webp"${attributeText(['srcset', set.webpSrcset])}${attributeText(['sizes', BODY_SIZES])}>${img}</picture>`;
}

function has(tag: ImgTag, name: string): boolean {
  return tag.attributes.some(([attribute]) => attribute === name);
}
