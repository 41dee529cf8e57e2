/**
 * A post's search terms and snippet text, computed with the post on the
 * parse workers and cached with it (ParsedEntry.search). Korean is indexed
 * by eojeol as written (비트코인을): the client matches a query word as a
 * prefix of indexed terms, so 비트코인 finds 비트코인을 and 비트코인의
 * without a morphological analyser.
 */

/** What the search index keeps of one post. */
export interface PostSearch {
  /** Terms of the title, categories and tags: ranked first. Unique, in the order they first appear. */
  readonly strong: readonly string[];
  /** Terms of the body and excerpt that are not in `strong`. Unique, in the order they first appear. */
  readonly body: readonly string[];
  /** The body's opening as plain text (at most SNIPPET_CHARS), for the results' snippets. */
  readonly text: string;
}

/** What a post gives the index. */
export interface SearchSource {
  readonly title: string;
  readonly excerptText: string;
  readonly categories: readonly string[];
  readonly tags: readonly string[];
  /** The sanitised body HTML. */
  readonly html: string;
}

/** Characters of body text kept per post for snippets: a longer text costs every query that shows the post. */
export const SNIPPET_CHARS = 360;
/** Longer runs of letters are no words a reader types (URLs, hashes, base64). */
const MAX_TERM_CHARS = 24;

/** A letter, number or mark: what a word is made of. */
const WORD_CHAR = /[\p{L}\p{N}\p{M}]/u;

/**
 * The words of `text` as the index keeps them: NFC, lower case, split on
 * anything but letters, numbers and marks; one-character words (particles
 * standing alone, Latin initials, digits) and overlong runs dropped.
 */
export function termsOf(text: string): string[] {
  const normal = text.normalize('NFC').toLowerCase();
  const out: string[] = [];
  let start = -1;
  for (let at = 0; at <= normal.length; at++) {
    const width = at < normal.length ? wordCharWidth(normal, at) : 0;
    if (width > 0) {
      if (start < 0) start = at;
      at += width - 1;
      continue;
    }
    if (start < 0) continue;
    // Lengths in UTF-16 code units, as String#length counts; a lone character beyond the BMP is a one-character word.
    const length = at - start;
    if (length >= 2 && length <= MAX_TERM_CHARS && !(length === 2 && (normal.codePointAt(start) as number) > 0xffff)) out.push(normal.slice(start, at));
    start = -1;
  }
  return out;
}

/**
 * The code units of the word character at `at` (2 for a surrogate pair), 0
 * when it is a separator. A scan, not a split on a Unicode-property regex:
 * Hangul syllables and ASCII, nearly all of a Korean site's text, are
 * decided by range, and only the rest goes to the regex.
 */
function wordCharWidth(text: string, at: number): number {
  const code = text.charCodeAt(at);
  if (code < 0x80) return (code >= 0x61 && code <= 0x7a) || (code >= 0x30 && code <= 0x39) || (code >= 0x41 && code <= 0x5a) ? 1 : 0;
  if (code >= 0xac00 && code <= 0xd7a3) return 1;
  const width = code >= 0xd800 && code <= 0xdbff && at + 1 < text.length ? 2 : 1;
  return WORD_CHAR.test(text.slice(at, at + width)) ? width : 0;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/**
 * The text of sanitised HTML: tags become spaces (a table's cells stay apart),
 * character references are decoded. The sanitiser has dropped scripts and
 * styles, so every text node is content.
 */
export function plainText(html: string): string {
  return html
    .replace(/<[^>]*>/g, ' ')
    .replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, name: string) => {
      if (name[0] !== '#') return ENTITIES[name.toLowerCase()] ?? whole;
      const code = name[1] === 'x' || name[1] === 'X' ? Number.parseInt(name.slice(2), 16) : Number.parseInt(name.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : ' ';
    })
    .replace(/\s+/g, ' ')
    .trim();
}

/** The post's terms (title and tags ranked above the body) and its snippet text. */
export function postSearchOf(source: SearchSource): PostSearch {
  const strong = new Set(termsOf([source.title, ...source.categories, ...source.tags].join(' ')));
  const text = plainText(source.html);
  const body = new Set<string>();
  for (const term of termsOf(`${source.excerptText} ${text}`)) if (!strong.has(term)) body.add(term);
  // Unsorted: the index puts each term's postings in post order whatever the order of a post's terms.
  return { strong: [...strong], body: [...body], text: snippetText(text) };
}

/** At most SNIPPET_CHARS of `text`, cut at a space when there is one near the end, NFC. */
function snippetText(text: string): string {
  const normal = text.normalize('NFC');
  if (normal.length <= SNIPPET_CHARS) return normal;
  const cut = normal.lastIndexOf(' ', SNIPPET_CHARS);
  return `${normal.slice(0, cut > SNIPPET_CHARS * 0.8 ? cut : SNIPPET_CHARS)}…`;
}
