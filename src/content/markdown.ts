/**
 * Post bodies → safe HTML. Every body, excerpt and feature text goes through
 * the same HTML processor (rehype-parse → sanitiser → rehype-stringify),
 * built once per renderer and frozen, whatever its format.
 *
 * Markdown is first turned into HTML by markdown-it (CommonMark, GFM tables,
 * strikethrough, autolinks; footnotes and task lists by plugins), with raw
 * HTML passed through for the sanitiser to judge; in kramdown mode (Jekyll's
 * default) block HTML and typography follow kramdown instead (kramdown-html.ts,
 * kramdown-typography.ts). On the HTML-heavy bodies of
 * news posts it is an order of magnitude faster than building mdast and hast
 * and re-parsing the raw HTML (remark-rehype + rehype-raw), and it does not
 * nest an autolink inside the author's own `<a>`. What the sanitiser removes
 * is reported at its line and column in the Markdown (see markdownToHtml).
 */
import type { Root } from 'hast';
import { fromParse5 } from 'hast-util-from-parse5';
import MarkdownIt from 'markdown-it';
import markdownItFootnote from 'markdown-it-footnote';
import markdownItTaskLists from 'markdown-it-task-lists';
import { parseFragment } from 'parse5';
import rehypeParse from 'rehype-parse';
import rehypeStringify from 'rehype-stringify';
import { unified } from 'unified';
import { VFile } from 'vfile';
import type { MarkdownFlavour, SanitizeConfig } from '../config.js';
import type { Removal } from '../types.js';
import { linearFootnoteTail } from './footnote-tail.js';
import type { BodyFormat } from './formats.js';
import { kramdownBlockHtml } from './kramdown-html.js';
import { kramdownTypographyPlugin } from './kramdown-typography.js';
import { rehypeGazetteSanitize } from './sanitize.js';
import { wrapTables } from './table-scroll.js';

export interface RenderedHtml {
  html: string;
  /** What the sanitiser removed, with lines relative to the rendered text (1-based). */
  removed: Removal[];
}

export interface Renderer {
  render(text: string, format: BodyFormat): RenderedHtml;
}

export interface RendererOptions {
  sanitize: SanitizeConfig;
  /** Absolute origin of the site (`url` in the config), to tell external links; '' when unknown. */
  siteOrigin: string;
  /**
   * Record the line and column of what the sanitiser removes (`--verbose`
   * shows them). Tracking positions makes HTML parsing about three times
   * slower, and the HTML is the same either way. Default false: removals are
   * listed by what they are only.
   */
  positions?: boolean;
  /**
   * How Markdown is read (the config's `markdown`). Default `'kramdown'`, as
   * Jekyll's: block HTML ends at its end tag, kramdown's smart quotes and
   * dashes, no bare-URL links. `'commonmark'`: CommonMark + GFM as written.
   */
  markdown?: MarkdownFlavour;
  /**
   * Accessible name of the scroll region each table is wrapped in after
   * sanitising (table-scroll.ts), in the site's language (`labels.table`);
   * a table's caption names it instead. Default `'Table'`.
   */
  tableLabel?: string;
}

export function createRenderer(options: RendererOptions): Renderer {
  const sanitize = { config: options.sanitize, siteOrigin: options.siteOrigin };
  const html = unified()
    .use(rehypeParse, { fragment: true })
    .use(rehypeGazetteSanitize, sanitize)
    .use(rehypeStringify, { allowDangerousHtml: false, characterReferences: { useNamedReferences: false } })
    .freeze();
  const markdown = createMarkdownIt(options.markdown);
  const positions = options.positions ?? false;
  const tableLabel = options.tableLabel ?? 'Table';

  const sanitizeHtml = (text: string): RenderedHtml => {
    const file = new VFile({ value: text });
    // rehype-parse always asks parse5 for source positions; without them it is parsed here directly.
    const parsed = positions ? html.parse(file) : (fromParse5(parseFragment(text, { scriptingEnabled: false }), {}) as Root);
    const tree = html.runSync(parsed, file) as Root;
    wrapTables(tree, tableLabel);
    return { html: String(html.stringify(tree, file)), removed: [...(file.data.removed ?? [])] };
  };

  return {
    render(text, format) {
      if (text.trim() === '') return { html: '', removed: [] };
      if (format === 'html') return sanitizeHtml(text);
      const converted = markdownToHtml(markdown, text);
      const out = sanitizeHtml(converted.html);
      return { html: out.html, removed: out.removed.map((removal) => converted.toSource(removal)) };
    },
  };
}

/**
 * One markdown-it instance per renderer: it keeps no state between documents.
 * In kramdown mode Jekyll's reading of block HTML and its typography replace
 * CommonMark's; bare URLs stay text, as kramdown's GFM parser leaves them.
 */
export function createMarkdownIt(flavour: MarkdownFlavour = 'kramdown'): MarkdownIt {
  const kramdown = flavour === 'kramdown';
  const markdown = new MarkdownIt({ html: true, linkify: !kramdown, typographer: false });
  // The sanitiser alone decides which URLs stay, so that what it drops is reported, not silently turned into text.
  markdown.validateLink = () => true;
  markdown.use(markdownItFootnote).use(linearFootnoteTail).use(markdownItTaskLists);
  if (kramdown) markdown.use(kramdownBlockHtml).use(kramdownTypographyPlugin);
  return markdown;
}

/** A top-level block of a Markdown document: the line its HTML starts on and its lines in the source (1-based, inclusive). */
interface BlockLines {
  htmlLine: number;
  sourceStart: number;
  sourceEnd: number;
}

export interface MarkdownHtml {
  html: string;
  /** A removal positioned in `html` → positioned in the Markdown source (line, and column where it can be told). */
  toSource(removal: Removal): Removal;
}

/**
 * Markdown → HTML, block by block, remembering which source lines each
 * top-level block came from. Rendering the blocks one at a time gives the
 * same HTML as rendering the document at once (markdown-it's renderer only
 * looks ahead from an opening token, and a block never ends on one).
 */
export function markdownToHtml(markdown: MarkdownIt, text: string): MarkdownHtml {
  const env = {};
  const tokens = markdown.parse(text, env);
  const parts: string[] = [];
  const blocks: BlockLines[] = [];
  let htmlLine = 1;
  let start = 0;
  const flush = (end: number) => {
    const part = markdown.renderer.render(tokens.slice(start, end), markdown.options, env);
    const map = tokens[start]?.map;
    if (map) blocks.push({ htmlLine, sourceStart: map[0] + 1, sourceEnd: Math.max(map[0] + 1, map[1]) });
    parts.push(part);
    htmlLine += countLines(part);
    start = end;
  };
  tokens.forEach((token, index) => {
    if (token.level === 0 && token.nesting !== 1) flush(index + 1);
  });
  if (start < tokens.length) flush(tokens.length);
  const html = parts.join('');

  let htmlLines: string[] | undefined;
  let sourceLines: string[] | undefined;
  return {
    html,
    toSource(removal) {
      if (removal.line === undefined) return removal;
      const block = blockAt(blocks, removal.line);
      if (!block) return { what: removal.what };
      htmlLines ??= html.split('\n');
      sourceLines ??= text.split(/\r?\n|\r/);
      return locateInBlock(removal, block, htmlLines, sourceLines);
    },
  };
}

function countLines(text: string): number {
  let count = 0;
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) count++;
  return count;
}

function blockAt(blocks: readonly BlockLines[], htmlLine: number): BlockLines | undefined {
  let found: BlockLines | undefined;
  for (const block of blocks) {
    if (block.htmlLine > htmlLine) break;
    found = block;
  }
  return found;
}

/** Removed markup is raw HTML, which markdown-it copies as it is: found by its text among the block's source lines. */
const NEEDLE_LENGTH = 40;

function locateInBlock(removal: Removal, block: BlockLines, htmlLines: readonly string[], sourceLines: readonly string[]): Removal {
  const { what } = removal;
  const line = Math.min(block.sourceStart + ((removal.line ?? 1) - block.htmlLine), block.sourceEnd);
  const generated = htmlLines[(removal.line ?? 1) - 1] ?? '';
  const column = removal.column ?? 1;
  if (sourceLines[line - 1] === generated) return { what, line, column };

  // The same tag may stand several times on a line: take the occurrence with the same rank.
  const needle = generated.slice(column - 1, column - 1 + NEEDLE_LENGTH).split('>')[0] ?? '';
  if (needle === '') return { what, line };
  const rank = occurrences(generated.slice(0, column - 1), needle);
  const candidates = [line, ...range(block.sourceStart, block.sourceEnd).filter((n) => n !== line)];
  for (const candidate of candidates) {
    const at = nthIndexOf(sourceLines[candidate - 1] ?? '', needle, rank) ?? nthIndexOf(sourceLines[candidate - 1] ?? '', needle, 0);
    if (at !== undefined) return { what, line: candidate, column: at + 1 };
  }
  return { what, line };
}

function occurrences(text: string, needle: string): number {
  let count = 0;
  for (let at = text.indexOf(needle); at !== -1; at = text.indexOf(needle, at + 1)) count++;
  return count;
}

function nthIndexOf(text: string, needle: string, rank: number): number | undefined {
  let at = text.indexOf(needle);
  for (let seen = 0; at !== -1 && seen < rank; seen++) at = text.indexOf(needle, at + 1);
  return at === -1 ? undefined : at;
}

function range(from: number, to: number): number[] {
  return Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => from + i);
}
