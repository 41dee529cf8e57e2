/**
 * sitemaps.org sitemaps (split into an index and parts above the protocol's
 * URL limit) and the Google News sitemap.
 */
import { escapeXmlText } from './xml.js';

export interface SitemapEntry {
  /** Absolute, percent-encoded URL. */
  loc: string;
  /** ISO 8601 date or date-time. */
  lastmod?: string;
}

export interface SitemapOptions {
  /** Absolute URL of the site root including baseurl, ending in `/`. */
  siteRoot: string;
  /** URLs per file. Default 50,000 (the protocol's limit). */
  maxUrls?: number;
  /** `<lastmod>` of each part in the index. Default: the latest `lastmod` among the part's entries. */
  lastmodIso?: string;
}

export interface SitemapFile {
  /** Relative to the site root, no leading `/`. */
  path: string;
  xml: string;
}

export const SITEMAP_MAX_URLS = 50_000;

const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>';
const SITEMAP_NS = 'http://www.sitemaps.org/schemas/sitemap/0.9';
const NEWS_NS = 'http://www.google.com/schemas/sitemap-news/0.9';

/**
 * One `sitemap.xml` when the entries fit in one file; otherwise `sitemap.xml`
 * is a sitemap index pointing to `sitemap-1.xml`, `sitemap-2.xml`, …
 */
/** The files renderSitemaps writes for this many entries: `sitemap.xml`, and above `maxUrls` its parts. */
export function sitemapFiles(entries: number, maxUrls = SITEMAP_MAX_URLS): string[] {
  if (entries <= maxUrls) return ['sitemap.xml'];
  return ['sitemap.xml', ...Array.from({ length: Math.ceil(entries / maxUrls) }, (_, i) => `sitemap-${i + 1}.xml`)];
}

export function renderSitemaps(entries: readonly SitemapEntry[], options: SitemapOptions): SitemapFile[] {
  const maxUrls = options.maxUrls ?? SITEMAP_MAX_URLS;
  if (!Number.isInteger(maxUrls) || maxUrls < 1) throw new RangeError(`maxUrls must be a whole number above 0, got ${maxUrls}`);
  if (entries.length <= maxUrls) return [{ path: 'sitemap.xml', xml: renderUrlset(entries) }];

  const root = options.siteRoot.endsWith('/') ? options.siteRoot : `${options.siteRoot}/`;
  const parts: SitemapFile[] = [];
  const index: SitemapEntry[] = [];
  for (let start = 0; start < entries.length; start += maxUrls) {
    const chunk = entries.slice(start, start + maxUrls);
    const path = `sitemap-${parts.length + 1}.xml`;
    parts.push({ path, xml: renderUrlset(chunk) });
    const lastmod = options.lastmodIso ?? latestLastmod(chunk);
    index.push({ loc: root + path, ...(lastmod !== undefined ? { lastmod } : {}) });
  }
  return [{ path: 'sitemap.xml', xml: renderIndex(index) }, ...parts];
}

function renderUrlset(entries: readonly SitemapEntry[]): string {
  const lines = [XML_DECLARATION, `<urlset xmlns="${SITEMAP_NS}">`];
  for (const entry of entries) lines.push('  <url>', ...locAndLastmod(entry), '  </url>');
  lines.push('</urlset>', '');
  return lines.join('\n');
}

function renderIndex(entries: readonly SitemapEntry[]): string {
  const lines = [XML_DECLARATION, `<sitemapindex xmlns="${SITEMAP_NS}">`];
  for (const entry of entries) lines.push('  <sitemap>', ...locAndLastmod(entry), '  </sitemap>');
  lines.push('</sitemapindex>', '');
  return lines.join('\n');
}

function locAndLastmod(entry: SitemapEntry): string[] {
  const lines = [`    <loc>${escapeXmlText(entry.loc)}</loc>`];
  if (entry.lastmod !== undefined && entry.lastmod !== '') lines.push(`    <lastmod>${escapeXmlText(entry.lastmod)}</lastmod>`);
  return lines;
}

/** Compared as instants, since entries may carry different offsets. */
function latestLastmod(entries: readonly SitemapEntry[]): string | undefined {
  let latest: string | undefined;
  let latestTime = -Infinity;
  for (const { lastmod } of entries) {
    if (lastmod === undefined) continue;
    const time = Date.parse(lastmod);
    if (Number.isNaN(time)) continue;
    if (time > latestTime) {
      latest = lastmod;
      latestTime = time;
    }
  }
  return latest;
}

export interface NewsEntry {
  /** Absolute, percent-encoded URL. */
  loc: string;
  /** Plain-text title. */
  title: string;
  /** ISO 8601 with offset. */
  publishedIso: string;
}

export interface NewsPublication {
  name: string;
  /** BCP 47 language of the site, e.g. `ko-KR`. */
  lang: string;
}

/**
 * Google News sitemap. The caller selects the entries (the last two days);
 * Google reads at most 1,000 of them per file.
 */
export function renderNewsSitemap(entries: readonly NewsEntry[], publication: NewsPublication): string {
  const name = escapeXmlText(publication.name);
  const language = escapeXmlText(newsLanguage(publication.lang));
  const lines = [XML_DECLARATION, `<urlset xmlns="${SITEMAP_NS}" xmlns:news="${NEWS_NS}">`];
  for (const entry of entries) {
    lines.push(
      '  <url>',
      `    <loc>${escapeXmlText(entry.loc)}</loc>`,
      '    <news:news>',
      '      <news:publication>',
      `        <news:name>${name}</news:name>`,
      `        <news:language>${language}</news:language>`,
      '      </news:publication>',
      `      <news:publication_date>${escapeXmlText(entry.publishedIso)}</news:publication_date>`,
      `      <news:title>${escapeXmlText(entry.title.replace(/\s+/g, ' ').trim())}</news:title>`,
      '    </news:news>',
      '  </url>',
    );
  }
  lines.push('</urlset>', '');
  return lines.join('\n');
}

/**
 * Google News wants an ISO 639 code (`ko-KR` → `ko`), except Chinese, which
 * must be `zh-cn` (Simplified) or `zh-tw` (Traditional).
 */
export function newsLanguage(lang: string): string {
  const subtags = lang.trim().toLowerCase().split(/[-_]/).filter(Boolean);
  const primary = subtags[0] ?? '';
  if (primary !== 'zh') return primary;
  const rest = subtags.slice(1);
  const traditional = rest.includes('hant') || (!rest.includes('hans') && rest.some((tag) => tag === 'tw' || tag === 'hk' || tag === 'mo'));
  return traditional ? 'zh-tw' : 'zh-cn';
}
