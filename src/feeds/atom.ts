/**
 * An Atom feed shaped like jekyll-feed's `feed.xml` (same ids, links and
 * element order), so feed readers of a site migrated from Jekyll see the same
 * entries instead of duplicates.
 */
import { escapeHtml, escapeXmlAttr, escapeXmlText } from './xml.js';

export interface FeedEntry {
  /** Absolute post URL as Jekyll's feed had it: the entry's identity for readers. */
  id: string;
  /** Absolute, percent-encoded post URL. */
  url: string;
  /** Plain-text title. */
  title: string;
  publishedIso: string;
  updatedIso: string;
  /** Falls back to the feed's author, as jekyll-feed does. */
  author?: string;
  /** Categories then tags, each written as `<category term>`. */
  categories: readonly string[];
  /** Sanitised HTML; omitted when empty. */
  summaryHtml: string;
  /** Sanitised HTML; omitted when empty. */
  contentHtml: string;
  /** Absolute image URL, written as `media:thumbnail` and `media:content`. */
  imageUrl?: string;
  /** The post's own language, when it differs from the feed's (jekyll-feed's `post.lang`). */
  lang?: string;
}

export interface FeedInput {
  /** Plain-text feed title (site title, plus the category for category feeds). */
  title: string;
  subtitle?: string;
  /** Absolute URL of this feed: the self link and the feed's id. */
  feedUrl: string;
  /** Absolute URL of the home page. */
  siteUrl: string;
  updatedIso: string;
  /** BCP 47 language; `xml:lang` and `hreflang` are omitted when empty. */
  lang: string;
  author?: string;
  generatorVersion: string;
  /** Home page of the generator; the `uri` attribute is omitted when absent. */
  generatorUri?: string;
  entries: readonly FeedEntry[];
}

const ATOM_NS = 'http://www.w3.org/2005/Atom';
const MEDIA_NS = 'http://search.yahoo.com/mrss/';

export function renderAtomFeed(input: FeedInput): string {
  const hasMedia = input.entries.some((entry) => nonEmpty(entry.imageUrl));
  const feedAttrs = [`xmlns="${ATOM_NS}"`];
  if (hasMedia) feedAttrs.push(`xmlns:media="${MEDIA_NS}"`);
  if (input.lang !== '') feedAttrs.push(`xml:lang="${escapeXmlAttr(input.lang)}"`);

  const generatorAttrs = [
    ...(nonEmpty(input.generatorUri) ? [`uri="${escapeXmlAttr(input.generatorUri)}"`] : []),
    `version="${escapeXmlAttr(input.generatorVersion)}"`,
  ];
  const hreflang = input.lang !== '' ? ` hreflang="${escapeXmlAttr(input.lang)}"` : '';

  const lines = [
    '<?xml version="1.0" encoding="utf-8"?>',
    `<feed ${feedAttrs.join(' ')}>`,
    `  <generator ${generatorAttrs.join(' ')}>gazette</generator>`,
    `  <link href="${escapeXmlAttr(input.feedUrl)}" rel="self" type="application/atom+xml"/>`,
    `  <link href="${escapeXmlAttr(input.siteUrl)}" rel="alternate" type="text/html"${hreflang}/>`,
    `  <updated>${escapeXmlText(input.updatedIso)}</updated>`,
    `  <id>${escapeXmlText(input.feedUrl)}</id>`,
    `  <title type="html">${htmlTitle(input.title)}</title>`,
  ];
  if (nonEmpty(input.subtitle)) lines.push(`  <subtitle>${escapeXmlText(input.subtitle)}</subtitle>`);
  if (nonEmpty(input.author)) lines.push('  <author>', `    <name>${escapeXmlText(input.author)}</name>`, '  </author>');
  for (const entry of input.entries) lines.push(...renderEntry(entry, input.author));
  lines.push('</feed>', '');
  return lines.join('\n');
}

function renderEntry(entry: FeedEntry, feedAuthor: string | undefined): string[] {
  const lang = nonEmpty(entry.lang) ? ` xml:lang="${escapeXmlAttr(entry.lang)}"` : '';
  const lines = [
    `  <entry${lang}>`,
    `    <title type="html">${htmlTitle(entry.title)}</title>`,
    `    <link href="${escapeXmlAttr(entry.url)}" rel="alternate" type="text/html" title="${escapeXmlAttr(collapseWhitespace(entry.title))}"/>`,
    `    <published>${escapeXmlText(entry.publishedIso)}</published>`,
    `    <updated>${escapeXmlText(entry.updatedIso)}</updated>`,
    `    <id>${escapeXmlText(entry.id)}</id>`,
  ];
  const content = entry.contentHtml.trim();
  if (content !== '') {
    lines.push(`    <content type="html" xml:base="${escapeXmlAttr(entry.url)}">${escapeXmlText(content)}</content>`);
  }
  const author = nonEmpty(entry.author) ? entry.author : feedAuthor;
  if (nonEmpty(author)) lines.push('    <author>', `      <name>${escapeXmlText(author)}</name>`, '    </author>');
  for (const term of entry.categories) lines.push(`    <category term="${escapeXmlAttr(term)}"/>`);
  const summary = entry.summaryHtml.trim();
  if (summary !== '') lines.push(`    <summary type="html">${escapeXmlText(summary)}</summary>`);
  if (nonEmpty(entry.imageUrl)) {
    const url = escapeXmlAttr(entry.imageUrl);
    lines.push(`    <media:thumbnail url="${url}"/>`, `    <media:content medium="image" url="${url}"/>`);
  }
  lines.push('  </entry>');
  return lines;
}

/**
 * Titles are `type="html"`, so a plain-text title is HTML-escaped before it
 * is XML-escaped; otherwise a headline like `<속보>` would be read as a tag.
 */
function htmlTitle(title: string): string {
  return escapeXmlText(escapeHtml(collapseWhitespace(title)));
}

function collapseWhitespace(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function nonEmpty(value: string | undefined): value is string {
  return value !== undefined && value !== '';
}
