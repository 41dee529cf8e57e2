/**
 * `<img>` tags in sanitised HTML, found by a small scanner rather than a
 * parser: the HTML is rehype-stringify's output, whose tags are regular
 * (lowercase names, values in double quotes with `"` and `&` escaped, text
 * `<` escaped), so a tag starts at `<img` and ends at the first `>` outside
 * a quoted value. Used when parsing (which images a body names) and when
 * rendering (their size, copies and loading order: render/body-images.ts).
 */
import { isExternalUrl } from './url-policy.js';

/** An attribute as written: name, and value decoded (undefined for a bare attribute). */
export type Attribute = readonly [name: string, value: string | undefined];

export interface ImgTag {
  /** Offsets of `<` and just after `>`. */
  readonly start: number;
  readonly end: number;
  readonly attributes: readonly Attribute[];
}

const ATTRIBUTE = /\s*([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/y;

/** Every `<img>` tag of the HTML, in order. */
export function* imgTags(html: string): Generator<ImgTag> {
  let at = html.indexOf('<img');
  while (at !== -1) {
    const next = html.charAt(at + 4);
    if (/[\s/>]/.test(next)) {
      const tag = readTag(html, at);
      if (tag === undefined) return;
      yield tag;
      at = html.indexOf('<img', tag.end);
    } else at = html.indexOf('<img', at + 4);
  }
}

function readTag(html: string, start: number): ImgTag | undefined {
  const attributes: Attribute[] = [];
  let at = start + 4;
  for (;;) {
    while (/[\s/]/.test(html.charAt(at))) at++;
    if (at >= html.length) return undefined;
    if (html.charAt(at) === '>') return { start, end: at + 1, attributes };
    ATTRIBUTE.lastIndex = at;
    const match = ATTRIBUTE.exec(html);
    if (!match) {
      // A stray quote or `=` (not in a serialiser's output): skipped, as a browser does.
      at++;
      continue;
    }
    const raw = match[2] ?? match[3] ?? match[4];
    attributes.push([(match[1] as string).toLowerCase(), raw === undefined ? undefined : decodeEntities(raw)]);
    at = ATTRIBUTE.lastIndex;
  }
}

const NAMED: Readonly<Record<string, string>> = { amp: '&', quot: '"', lt: '<', gt: '>', apos: "'", nbsp: '\u00a0' };

/** Character references in an attribute value: numeric ones, and the few names a serialiser writes. */
export function decodeEntities(value: string): string {
  if (!value.includes('&')) return value;
  return value.replace(/&(?:#[xX]([0-9a-fA-F]+)|#([0-9]+)|([a-zA-Z]+));?/g, (whole, hex?: string, dec?: string, name?: string) => {
    if (name !== undefined) return NAMED[name] ?? whole;
    const code = Number.parseInt(hex ?? (dec as string), hex !== undefined ? 16 : 10);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}

/** An attribute as a serialiser writes it: ` name="value"`, `&` and `"` escaped. */
export function attributeText([name, value]: Attribute): string {
  return value === undefined ? ` ${name}` : ` ${name}="${value.replaceAll('&', '&amp;').replaceAll('"', '&quot;')}"`;
}

/**
 * The `src` of each `<img>` that may be a file of the site: site-relative
 * (`/…`, not `//…`), or absolute on the site's own origin. Decoded, each
 * once, in order. Whether a file is there is the image stage's question.
 */
export function localImageRefs(html: string, siteOrigin: string): string[] {
  const refs = new Set<string>();
  for (const tag of imgTags(html)) {
    const src = tag.attributes.find(([name]) => name === 'src')?.[1];
    if (src !== undefined && isLocalImageUrl(src, siteOrigin)) refs.add(src);
  }
  // Copies: a match is a slice of the body, and the post's summary keeps these for the whole build;
  // a slice would keep the whole body alive with it (500 MiB at 20,000 posts on one thread).
  return [...refs].map(ownCopy);
}

/** A string that shares no storage with the one it was cut from. */
function ownCopy(text: string): string {
  return Buffer.from(text, 'utf8').toString('utf8');
}

/** Site-relative, or http(s) on the site's origin. */
export function isLocalImageUrl(src: string, siteOrigin: string): boolean {
  if (src.startsWith('/')) return !src.startsWith('//');
  return siteOrigin !== '' && /^https?:\/\//i.test(src) && !isExternalUrl(src, siteOrigin);
}
