/**
 * kramdown's typography, as Jekyll renders it by default (`smart_quotes:
 * lsquo,rsquo,ldquo,rdquo`, typographic symbols on): straight quotes become
 * ‘ ’ “ ”, `---` —, `--` –, `...` …, `<<` «, `>>` ». Nothing else: unlike
 * markdown-it's typographer, kramdown leaves (c), (tm), +- and 1/2 alone.
 *
 * kramdown does not pair quotes; it decides each one from the character
 * before it and the text after it, with the ordered rules of its SQ_RULES
 * (lib/kramdown/parser/kramdown/smart_quotes.rb), copied here with Ruby's
 * classes spelled out: `\w` and `\s` are ASCII there (so a Hangul syllable is
 * not a word character for them), while `\b` knows every letter. The
 * character before a quote counts only when kramdown's scanner still had it:
 * not when it closed emphasis, a link, an HTML tag, an entity or an escape,
 * which markdown-it gives as tokens of their own, or when it was itself a
 * quote or symbol already replaced.
 *
 * A core rule over text tokens, before `text_join`, so escaped quotes
 * (`\"`) and entities stay as written. Code, HTML and image alt text are left
 * alone, as kramdown leaves them. One pass over each text.
 */
import type MarkdownIt from 'markdown-it';
import type { StateCore, Token } from 'markdown-it';

const WORD = '[\\p{L}\\p{M}\\p{N}\\p{Pc}]';
const PUNCT = '[!"#$%\'()*+,\\-./:;<=>?@[\\\\\\]^_`{|}~]';
const SPACE = '[ \\t\\n\\v\\f\\r]';
const ASCII_WORD = '[A-Za-z0-9_]';
const LINE_END = '(?=\\n|(?![\\s\\S]))';

type Quote = 'open' | 'close';
/** A rule: its pattern (sticky), the capture holding the preceding text (if any), and the quotes it makes, in order. */
interface QuoteRule {
  pattern: RegExp;
  keep?: number;
  quotes: Quote[];
}

const rule = (source: string, quotes: Quote[], keep?: number): QuoteRule => ({ pattern: new RegExp(source, 'uy'), quotes, ...(keep ? { keep } : {}) });

/** SQ_RULES, in kramdown's order; the first that matches decides. */
const QUOTE_RULES: readonly QuoteRule[] = [
  rule(`(["'])(?=[_*]{1,2}\\S)`, ['open']),
  rule(`(["'])(?=${PUNCT}(?!\\.\\.)(?!${WORD}))`, ['close']),
  rule(`(${SPACE}?)"'(?=${ASCII_WORD})`, ['open', 'open'], 1),
  rule(`(${SPACE}?)'"(?=${ASCII_WORD})`, ['open', 'open'], 1),
  rule(`(${SPACE}?)'(?=\\d\\ds)`, ['close'], 1),
  rule(`(${SPACE})(["'])(?=${ASCII_WORD})`, ['open'], 1),
  rule(`([^ \\\\\\t\\r\\n[{(-])(["'])`, ['close'], 1),
  rule(`(["'])(?=${SPACE}|s(?!${WORD})|${LINE_END})`, ['close']),
  rule(`([\\s\\S]?)'`, ['open'], 1),
  rule(`([\\s\\S]?)"`, ['open'], 1),
];

/** kramdown's TYPOGRAPHIC_SYMS (the escaped `\<<` forms are markdown-it escapes here), longest first at each place. */
const SYMBOLS: readonly (readonly [string, string])[] = [
  ['---', '—'],
  ['--', '–'],
  ['...', '…'],
  ['<< ', '«\u00a0'],
  [' >>', '\u00a0»'],
  ['<<', '«'],
  ['>>', '»'],
];

const SYMBOL_STARTS = new Set(SYMBOLS.map(([from]) => from[0]));

/**
 * Does a span parser that kramdown tries before its smart quotes (emphasis,
 * code, autolink, HTML, links, escapes) start at `at`? Then it takes the
 * character, and a quote right after it has nothing before it.
 */
function stopsAt(subject: string, at: number): boolean {
  switch (subject[at]) {
    case '*':
    case '_':
    case '`':
    case '[':
    case '\\':
      return true;
    case '<':
      return /[\p{L}_/!]/u.test(subject[at + 1] ?? '');
    default:
      return false;
  }
}

const isQuote = (ch: string | undefined) => ch === '"' || ch === "'";

/**
 * The characters any rule starts at or looks at: quotes, and the symbols'
 * characters (` >>` is found from its `>`). The text before the character
 * ahead of one of them is copied as it is, not a character at a time.
 */
const SPECIAL = /["'\-.<>]/g;

/**
 * One run of text, with the character before it (when kramdown would see one)
 * and the source after it (for the rules' lookahead).
 */
export function kramdownTypography(text: string, before: string, after: string): string {
  const subject = before + text + after;
  const end = before.length + text.length;
  let out = '';
  let at = 0;
  while (at < end) {
    SPECIAL.lastIndex = at;
    const plainEnd = Math.min((SPECIAL.exec(subject)?.index ?? subject.length) - 1, end);
    if (plainEnd > at) {
      out += subject.slice(at, plainEnd);
      at = plainEnd;
      continue;
    }
    const ch = subject[at] ?? '';
    if (stopsAt(subject, at)) {
      out += ch;
      at++;
    } else if (isQuote(ch) || (at + 1 < end && isQuote(subject[at + 1]))) {
      const [made, length] = smartQuote(subject, at);
      out += made;
      at += length;
    } else {
      const symbol = SYMBOL_STARTS.has(ch) ? symbolAt(subject, at, end) : undefined;
      out += symbol ? symbol[1] : ch;
      at += symbol ? symbol[0].length : 1;
    }
  }
  return out.slice(before.length);
}

function symbolAt(subject: string, at: number, end: number): readonly [string, string] | undefined {
  for (const symbol of SYMBOLS) if (at + symbol[0].length <= end && subject.startsWith(symbol[0], at)) return symbol;
  return undefined;
}

/** The text kramdown makes of the quote(s) at `at` (or after the character at `at`), and how much it consumed. */
function smartQuote(subject: string, at: number): [string, number] {
  for (const { pattern, keep, quotes } of QUOTE_RULES) {
    pattern.lastIndex = at;
    const match = pattern.exec(subject);
    if (!match) continue;
    const kept = keep ? (match[keep] ?? '') : '';
    const marks = match[0].slice(kept.length);
    let made = kept;
    quotes.forEach((quote, index) => {
      const single = marks[index] === "'";
      made += quote === 'open' ? (single ? '‘' : '“') : single ? '’' : '”';
    });
    return [made, match[0].length];
  }
  return [subject[at] ?? '', 1];
}

/** What the source holds after a token, as far as the quote rules look ahead (a few characters). */
function sourceOf(token: Token): string {
  switch (token.type) {
    case 'text':
    case 'html_inline':
      return token.content;
    case 'softbreak':
    case 'hardbreak':
      return '\n';
    case 'link_open':
      return '[';
    case 'image':
      return '![';
    case 'code_inline':
      return token.markup + token.content;
    case 'text_special':
      return token.markup;
    default:
      return token.markup;
  }
}

const LOOKAHEAD = 4;

function followingSource(children: readonly Token[], index: number): string {
  let after = '';
  for (let next = index + 1; next < children.length && after.length < LOOKAHEAD; next++) {
    const token = children[next]!;
    // Link text is parsed by kramdown on its own: its end is the end of the text.
    if (token.type === 'link_close') break;
    after += sourceOf(token);
  }
  return after;
}

function typographRule(state: StateCore): void {
  for (const block of state.tokens) {
    if (block.type !== 'inline' || !block.children) continue;
    const children = block.children;
    children.forEach((token, index) => {
      if (token.type !== 'text') return;
      // The newline of a soft break is the one character kramdown still sees before a line's text.
      const before = children[index - 1]?.type === 'softbreak' ? '\n' : '';
      token.content = kramdownTypography(token.content, before, followingSource(children, index));
    });
  }
}

/** Adds kramdown's smart quotes and typographic symbols to a markdown-it instance (its own typographer stays off). */
export function kramdownTypographyPlugin(md: MarkdownIt): void {
  md.core.ruler.before('text_join', 'kramdown_typography', typographRule);
}
