/**
 * Block HTML as kramdown reads it (Jekyll's default Markdown, with Jekyll's
 * `parse_block_html: false`), as a markdown-it block rule that replaces
 * CommonMark's `html_block`.
 *
 * CommonMark ends most HTML blocks at a blank line, so a Markdown line right
 * after `<h2>…</h2>` is still HTML there and its `**` stay literal. kramdown
 * instead reads a block element from its start tag to its matching end tag
 * (blank lines included, nothing inside parsed as Markdown) and goes back to
 * Markdown right after it, even in the middle of a line. Mirrored from
 * kramdown 2.4's `parse_block_html`, `parse_raw_html` and `HTML_TAG_RE`
 * (lib/kramdown/parser/{kramdown/html.rb,html.rb}):
 *
 * - a block starts with `<!--…-->`, or a start tag of an element that is not
 *   a span element (`<b>`, `<span>`, `<img>`… begin a paragraph instead);
 * - the element ends at its matching end tag; nested elements are matched in
 *   turn, void and `/>` elements close at once, an end tag that matches no
 *   open element is ignored, and an element never closed runs to the end of
 *   its container (kramdown auto-closes it there);
 * - what follows the end tag on its line is parsed as Markdown.
 *
 * One pass over the element's text: no regular expression runs over more
 * than a tag name or an attribute name.
 */
import type MarkdownIt from 'markdown-it';
import type { StateBlock } from 'markdown-it';

/** kramdown's HTML_SPAN_ELEMENTS: a line starting with one of these is a paragraph, not block HTML. */
const SPAN_ELEMENTS = new Set(
  [
    'a abbr acronym b big bdo br button cite code del dfn em i img input ins kbd label mark option q rb rbc rp rt rtc ruby',
    'samp select small span strong sub sup tt u var',
  ]
    .join(' ')
    .split(' '),
);
/** kramdown's HTML_ELEMENTS_WITHOUT_BODY: closed by their start tag. */
const VOID_ELEMENTS = new Set('area base br col command embed hr img input keygen link meta param source track wbr'.split(' '));
/** Elements whose text runs to their end tag without any tag inside it being read. */
const RAW_TEXT_ELEMENTS = new Set(['script', 'style']);

/** REXML's UNAME_STR, near enough: a letter or `_`, then letters, digits, `-`, `.`, `_`, `:`. */
const NAME_START = /[\p{L}_]/u;
const NAME_CHAR = /[\p{L}\p{N}\p{M}_.:-]/u;
const WORD_CHAR = /[\p{L}\p{N}\p{M}\p{Pc}]/u;

interface Tag {
  /** Lower-cased (kramdown lower-cases the names of HTML elements it knows; others compare as written, nearly always lower case). */
  name: string;
  /** Offset just after the `>`. */
  end: number;
  closing: boolean;
  selfClosing: boolean;
}

const isSpace = (code: number) => code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d || code === 0x0c || code === 0x0b;

function skipSpace(src: string, pos: number, max: number): number {
  while (pos < max && isSpace(src.charCodeAt(pos))) pos++;
  return pos;
}

function scanName(src: string, pos: number, max: number): number {
  if (pos >= max || !isNameStart(src, pos)) return pos;
  pos++;
  while (pos < max && isNameChar(src, pos)) pos++;
  return pos;
}

const isAsciiLetter = (code: number) => (code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a);
const isAsciiDigit = (code: number) => code >= 0x30 && code <= 0x39;

// ASCII decided by range (tag and attribute names nearly always are); the rest by the Unicode classes.
function isNameStart(src: string, pos: number): boolean {
  const code = src.charCodeAt(pos);
  if (code < 0x80) return isAsciiLetter(code) || code === 0x5f; /* _ */
  return NAME_START.test(src[pos] ?? '');
}

function isNameChar(src: string, pos: number): boolean {
  const code = src.charCodeAt(pos);
  if (code < 0x80) return isAsciiLetter(code) || isAsciiDigit(code) || code === 0x5f || code === 0x2e || code === 0x3a || code === 0x2d; /* _ . : - */
  return NAME_CHAR.test(src[pos] ?? '');
}

function isWordChar(src: string, pos: number): boolean {
  const code = src.charCodeAt(pos);
  if (code < 0x80) return isAsciiLetter(code) || isAsciiDigit(code) || code === 0x5f; /* _ */
  return WORD_CHAR.test(src[pos] ?? '');
}

/** A start or end tag at `pos` (which holds `<`) as kramdown's HTML_TAG_RE / HTML_TAG_CLOSE_RE match it, or undefined. */
export function scanTag(src: string, pos: number, max: number): Tag | undefined {
  const closing = src.charCodeAt(pos + 1) === 0x2f; /* / */
  const nameStart = pos + (closing ? 2 : 1);
  const nameEnd = scanName(src, nameStart, max);
  if (nameEnd === nameStart) return undefined;
  const name = src.slice(nameStart, nameEnd).toLowerCase();
  let at = skipSpace(src, nameEnd, max);
  if (closing) return src.charCodeAt(at) === 0x3e ? { name, end: at + 1, closing, selfClosing: false } : undefined;
  // Attributes: name, optionally `= word` or `= "…"` / `= '…'` (a quoted value may span lines).
  while (at < max && at > nameEnd && isSpace(src.charCodeAt(at - 1))) {
    const attrEnd = scanName(src, at, max);
    if (attrEnd === at) break;
    at = skipSpace(src, attrEnd, max);
    if (src.charCodeAt(at) !== 0x3d /* = */) continue;
    at = skipSpace(src, at + 1, max);
    const quote = src[at];
    if (quote === '"' || quote === "'") {
      const close = src.indexOf(quote, at + 1);
      if (close === -1 || close >= max) return undefined;
      at = skipSpace(src, close + 1, max);
    } else {
      const valueStart = at;
      while (at < max && isWordChar(src, at)) at++;
      if (at === valueStart) return undefined;
      at = skipSpace(src, at, max);
    }
  }
  const selfClosing = src.charCodeAt(at) === 0x2f;
  if (selfClosing) at = skipSpace(src, at + 1, max);
  return src.charCodeAt(at) === 0x3e ? { name, end: at + 1, closing: false, selfClosing } : undefined;
}

/**
 * The offset just after the element opened by `open` (or the comment) closes,
 * or `max` when it never does. Mirrors kramdown's parse_raw_html: one stack
 * of open elements, comments and `<?…?>` skipped whole, stray end tags ignored.
 */
export function elementEnd(src: string, open: Tag, max: number): number {
  if (open.selfClosing || VOID_ELEMENTS.has(open.name)) return open.end;
  const stack = [open.name];
  let pos = open.end;
  while (stack.length > 0) {
    const top = stack[stack.length - 1] ?? '';
    if (RAW_TEXT_ELEMENTS.has(top)) {
      const close = findRawTextEnd(src, top, pos, max);
      if (close === undefined) return max;
      stack.pop();
      pos = close;
      continue;
    }
    const lt = src.indexOf('<', pos);
    if (lt === -1 || lt >= max) return max;
    pos = lt + 1;
    if (src.startsWith('<!--', lt)) {
      const close = src.indexOf('-->', lt + 4);
      if (close !== -1 && close + 3 <= max) pos = close + 3;
    } else if (src.startsWith('<?', lt)) {
      const close = src.indexOf('?>', lt + 2);
      if (close !== -1 && close + 2 <= max) pos = close + 2;
    } else {
      const tag = scanTag(src, lt, max);
      if (!tag) continue;
      pos = tag.end;
      if (tag.closing) {
        if (tag.name === top) stack.pop();
      } else if (!tag.selfClosing && !VOID_ELEMENTS.has(tag.name)) {
        stack.push(tag.name);
      }
    }
  }
  return pos;
}

function findRawTextEnd(src: string, name: string, from: number, max: number): number | undefined {
  for (let lt = src.indexOf('</', from); lt !== -1 && lt < max; lt = src.indexOf('</', lt + 2)) {
    const tag = scanTag(src, lt, max);
    if (tag && tag.name === name) return tag.end;
  }
  return undefined;
}

/** Where a block of HTML starting at `pos` ends (comment or element), or undefined when kramdown would not read block HTML there. */
function blockEnd(src: string, pos: number, max: number): number | undefined {
  if (src.startsWith('<!--', pos)) {
    const close = src.indexOf('-->', pos + 4);
    return close !== -1 && close + 3 <= max ? close + 3 : undefined;
  }
  const tag = scanTag(src, pos, max);
  if (!tag || tag.closing || SPAN_ELEMENTS.has(tag.name)) return undefined;
  return elementEnd(src, tag, max);
}

/** Does the line start like block HTML (kramdown's LAZY_END_HTML_START / _STOP): such a line ends a paragraph; a comment does not. */
function startsBlockHtml(src: string, pos: number, max: number): boolean {
  const closing = src.charCodeAt(pos + 1) === 0x2f;
  const nameStart = pos + (closing ? 2 : 1);
  const nameEnd = scanName(src, nameStart, max);
  return nameEnd > nameStart && !SPAN_ELEMENTS.has(src.slice(nameStart, nameEnd).toLowerCase());
}

/**
 * The first line from `startLine` on (up to `through`) that leaves the
 * container: a less indented non-blank line. Walks only the lines a block
 * consumed, so the rule stays linear.
 */
function containerBreak(state: StateBlock, startLine: number, through: number): number | undefined {
  if (state.blkIndent === 0) return undefined;
  for (let line = startLine + 1; line <= through; line++) {
    if (state.sCount[line]! < state.blkIndent && !state.isEmpty(line)) return line;
  }
  return undefined;
}

/** The line holding offset `pos`, searching from `line` on. */
function lineOf(state: StateBlock, pos: number, line: number, last: number): number {
  while (line < last - 1 && state.eMarks[line]! < pos) line++;
  return line;
}

/** The markdown-it block rule. */
function kramdownHtmlBlock(state: StateBlock, startLine: number, endLine: number, silent: boolean): boolean {
  if (state.sCount[startLine]! - state.blkIndent >= 4) return false;
  const start = state.bMarks[startLine]! + state.tShift[startLine]!;
  const { src } = state;
  if (src.charCodeAt(start) !== 0x3c /* < */) return false;
  if (silent) return startsBlockHtml(src, start, state.eMarks[startLine]!);

  let last = endLine;
  let max = state.eMarks[last - 1]!;
  let end = blockEnd(src, start, max);
  if (end === undefined) return false;
  let line = lineOf(state, end, startLine, last);
  const outside = containerBreak(state, startLine, line);
  if (outside !== undefined) {
    // Never closed inside its list item: kramdown auto-closes it at the item's end.
    last = outside;
    max = state.eMarks[last - 1]!;
    end = Math.min(end, max);
    line = lineOf(state, end, startLine, last);
  }
  // Further elements on the same line belong to this block too; other text there is Markdown.
  for (let next = skipInline(src, end, state.eMarks[line]!); next < state.eMarks[line]! && src.charCodeAt(next) === 0x3c; ) {
    const more = blockEnd(src, next, max);
    if (more === undefined) break;
    end = more;
    line = lineOf(state, end, line, last);
    next = skipInline(src, end, state.eMarks[line]!);
  }

  const token = state.push('html_block', '', 0);
  // Whole lines as markdown-it gives them (container markers and indentation taken off), then the last line up to the end.
  const lastFrom = line === startLine ? state.bMarks[line]! : state.bMarks[line]! + state.tShift[line]!;
  token.content = state.getLines(startLine, line, state.blkIndent, true) + src.slice(lastFrom, end) + '\n';
  const rest = skipInline(src, end, state.eMarks[line]!);
  token.map = [startLine, line + 1];
  if (rest >= state.eMarks[line]!) {
    state.line = line + 1;
    return true;
  }
  // kramdown reads on from the end tag: the rest of the line starts the next block.
  state.bMarks[line] = rest;
  state.tShift[line] = 0;
  state.sCount[line] = state.blkIndent;
  state.bsCount[line] = 0;
  if (line > startLine) {
    state.line = line;
    return true;
  }
  // The rest of the first line: markdown-it needs each rule to move past its first line, so the next rules run here.
  state.line = startLine;
  for (const rule of state.md.block.ruler.getRules('')) {
    if (rule !== kramdownHtmlBlock && rule(state, startLine, endLine, false) && state.line > startLine) return true;
  }
  state.line = startLine + 1;
  return true;
}

function skipInline(src: string, pos: number, max: number): number {
  while (pos < max && (src.charCodeAt(pos) === 0x20 || src.charCodeAt(pos) === 0x09)) pos++;
  return pos;
}

/** Replaces CommonMark's HTML blocks with kramdown's; a block-HTML line still ends a paragraph, list item's paragraph or blockquote. */
export function kramdownBlockHtml(md: MarkdownIt): void {
  md.block.ruler.at('html_block', kramdownHtmlBlock, { alt: ['paragraph', 'reference', 'blockquote'] });
}
