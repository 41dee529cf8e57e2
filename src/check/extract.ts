/**
 * The links, ids and title of one output file (HTML, or the Atom and sitemap
 * XML gazette writes), found by a scanner over the tags rather than a full
 * parse: gazette's own serialised output is regular (parse5's serialiser,
 * Nunjucks templates), and the check reads every file of a site. Comments,
 * `<script>` and `<style>` contents are skipped. Pure.
 */

/** One URL found in a file: the attribute value (entities decoded) and where it starts. */
export interface FoundLink {
  readonly value: string;
  /** The value as written in the file (entities not decoded), to look it up in the sources. */
  readonly raw: string;
  /** UTF-16 offset of the value in the file's text. */
  readonly offset: number;
}

export interface Extracted {
  readonly links: readonly FoundLink[];
  /** Every `id` (and `name`, which `#fragment` also reaches) in the file. */
  readonly ids: ReadonlySet<string>;
  /** The `<title>` text, entities decoded and trimmed; '' when there is none. */
  readonly title: string;
  /** The page is a redirect (`<meta http-equiv="refresh">`), as jekyll-redirect-from writes. */
  readonly redirect: boolean;
}

// A comment, a CDATA section, a script or style element with its contents, a start tag that can hold a URL
// (with its attributes), or an `id` attribute of any other tag: the tags that hold neither are never matched.
const TAG =
  /<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>|<(script|style)\b((?:[^>"']|"[^"]*"|'[^']*')*)>[\s\S]*?<\/\1\s*>|<(a|area|link|img|source|iframe|embed|track|audio|video|meta|title|loc)\b((?:[^>"']|"[^"]*"|'[^']*')*)>|[ \t\n]id\s*=\s*(?:"([^"]*)"|'([^']*)')/gi;
const ATTRIBUTE = /([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g;

/** Per element, the attributes that hold a URL. */
const URL_ATTRIBUTES: Readonly<Record<string, readonly string[]>> = {
  a: ['href'],
  area: ['href'],
  link: ['href'],
  img: ['src', 'srcset'],
  source: ['src', 'srcset'],
  script: ['src'],
  iframe: ['src'],
  embed: ['src'],
  track: ['src'],
  audio: ['src'],
  video: ['src', 'poster'],
};

/** `<link rel>` values that name an origin to warm up, not a file. */
const ORIGIN_RELS = new Set(['preconnect', 'dns-prefetch']);
/** `<meta property|name>` whose content is a URL of the page or its image. */
const URL_METAS = new Set(['og:url', 'og:image', 'twitter:image']);

interface Attribute {
  readonly raw: string;
  readonly offset: number;
}

export function extractLinks(text: string): Extracted {
  const links: FoundLink[] = [];
  const ids = new Set<string>();
  let title = '';
  let redirect = false;
  TAG.lastIndex = 0;
  for (let match = TAG.exec(text); match !== null; match = TAG.exec(text)) {
    const id = match[5] ?? match[6];
    if (id !== undefined) {
      ids.add(decodeEntities(id));
      continue;
    }
    const name = (match[1] ?? match[3])?.toLowerCase();
    if (name === undefined) continue;
    if (name === 'title') {
      if (title === '') title = textUntil(text, TAG.lastIndex, '</title');
      continue;
    }
    if (name === 'loc') {
      const end = text.indexOf('<', TAG.lastIndex);
      addLink(links, text.slice(TAG.lastIndex, end === -1 ? text.length : end).trim(), TAG.lastIndex, text);
      continue;
    }
    const attrs = readAttributes(match[2] ?? match[4] ?? '', match.index + 1 + name.length);
    const ownId = attrs.get('id') ?? (name === 'a' ? attrs.get('name') : undefined);
    if (ownId !== undefined) ids.add(decodeEntities(ownId.raw));
    if (name === 'meta') {
      const found = metaLink(attrs);
      if (found === 'refresh') redirect = true;
      if (found !== undefined) addMetaLink(links, attrs, found);
      continue;
    }
    if (name === 'link' && isOriginRel(attrs)) continue;
    for (const key of URL_ATTRIBUTES[name] ?? []) {
      const attr = attrs.get(key);
      if (attr === undefined) continue;
      if (key === 'srcset') addSrcset(links, attr);
      else addLink(links, attr.raw, attr.offset);
    }
  }
  return { links, ids, title, redirect };
}

function readAttributes(attrText: string, start: number): Map<string, Attribute> {
  const attrs = new Map<string, Attribute>();
  ATTRIBUTE.lastIndex = 0;
  for (let m = ATTRIBUTE.exec(attrText); m !== null; m = ATTRIBUTE.exec(attrText)) {
    const key = (m[1] ?? '').toLowerCase();
    if (attrs.has(key)) continue; // the first of two wins, as in HTML
    const raw = m[2] ?? m[3] ?? m[4] ?? '';
    const quoted = m[2] !== undefined || m[3] !== undefined ? 1 : 0;
    const valueAt = m[0].length - raw.length - quoted;
    attrs.set(key, { raw, offset: start + m.index + valueAt });
  }
  return attrs;
}

/** 'refresh' for a meta refresh, the key of a URL meta, or undefined. */
function metaLink(attrs: ReadonlyMap<string, Attribute>): string | undefined {
  if (attrs.get('http-equiv')?.raw.toLowerCase() === 'refresh') return 'refresh';
  const key = (attrs.get('property') ?? attrs.get('name'))?.raw.toLowerCase();
  return key !== undefined && URL_METAS.has(key) ? key : undefined;
}

function addMetaLink(links: FoundLink[], attrs: ReadonlyMap<string, Attribute>, kind: string): void {
  const content = attrs.get('content');
  if (content === undefined) return;
  if (kind !== 'refresh') {
    addLink(links, content.raw, content.offset);
    return;
  }
  // `0; url=…`: the URL after `url=`.
  const at = /url\s*=\s*/i.exec(content.raw);
  if (at) addLink(links, content.raw.slice(at.index + at[0].length).replace(/^['"]|['"]$/g, ''), content.offset + at.index + at[0].length);
}

function isOriginRel(attrs: ReadonlyMap<string, Attribute>): boolean {
  const rel = attrs.get('rel')?.raw.toLowerCase().split(/\s+/) ?? [];
  return rel.length > 0 && rel.every((token) => ORIGIN_RELS.has(token));
}

/**
 * `url 1x, url 480w`: each candidate's URL, at its own offset. As HTML reads
 * it: a URL runs to the next space (a `data:` URL keeps its commas), commas
 * at its end are separators, and its descriptors run to the next comma.
 */
function addSrcset(links: FoundLink[], attr: Attribute): void {
  const text = attr.raw;
  let i = 0;
  while (i < text.length) {
    while (i < text.length && /[\s,]/.test(text[i] as string)) i++;
    if (i >= text.length) break;
    const start = i;
    while (i < text.length && !/\s/.test(text[i] as string)) i++;
    const url = text.slice(start, i);
    if (!url.endsWith(',')) while (i < text.length && text[i] !== ',') i++;
    addLink(links, url.replace(/,+$/, ''), attr.offset + start);
  }
}

function addLink(links: FoundLink[], raw: string, offset: number, xml?: string): void {
  if (xml !== undefined && raw === '') return;
  links.push({ value: decodeEntities(raw).trim(), raw, offset });
}

function textUntil(text: string, from: number, end: string): string {
  const stop = text.indexOf(end, from);
  return decodeEntities(text.slice(from, stop === -1 ? from : stop)).trim();
}

const NAMED: Readonly<Record<string, string>> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
  hellip: '\u2026',
  ndash: '\u2013',
  mdash: '\u2014',
};

/** The character references gazette's serialisers and templates write; others are left as written. */
export function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, ref: string) => {
    if (ref[0] !== '#') return NAMED[ref.toLowerCase()] ?? whole;
    const code = ref[1] === 'x' || ref[1] === 'X' ? Number.parseInt(ref.slice(2), 16) : Number.parseInt(ref.slice(1), 10);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}
