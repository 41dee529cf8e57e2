/**
 * The `style` attribute filter: keeps the colours, weights and alignments
 * authors use for emphasis (and on tables their widths, borders and padding),
 * drops everything that can load, execute or position anything. Kept declarations are re-serialised from the author's own
 * value text (`prop: value;`), so `color: #ee2323;` comes out byte-identical.
 */
import type { CssNode, Declaration } from 'css-tree';
import parse from 'css-tree/parser';

/** Properties kept by default; `extraProperties` adds to these. */
export const DEFAULT_CSS_PROPERTIES: readonly string[] = ['color', 'background-color', 'font-weight', 'font-style', 'text-decoration', 'text-align'];

/** The elements of a table, where `TABLE_CSS_PROPERTIES` are kept too. */
export const TABLE_ELEMENTS: ReadonlySet<string> = new Set(['table', 'caption', 'colgroup', 'col', 'thead', 'tbody', 'tfoot', 'tr', 'td', 'th']);

/**
 * Box properties kept by default on table elements only: the widths, borders
 * and padding that Tistory/Daum editors write on every table. Within a table
 * they only shape cells; on a `p` or `span` they could size a box over the
 * page, so there they stay off unless configured. `border-image` is not here
 * (it loads images).
 */
export const TABLE_CSS_PROPERTIES: readonly string[] = [
  'width',
  'height',
  'min-width',
  'max-width',
  'min-height',
  'max-height',
  'border',
  'border-width',
  'border-style',
  'border-color',
  ...['top', 'right', 'bottom', 'left'].flatMap((side) => [`border-${side}`, `border-${side}-width`, `border-${side}-style`, `border-${side}-color`]),
  'border-radius',
  'border-top-left-radius',
  'border-top-right-radius',
  'border-bottom-right-radius',
  'border-bottom-left-radius',
  'border-collapse',
  'border-spacing',
  'table-layout',
  'padding',
  'padding-top',
  'padding-right',
  'padding-bottom',
  'padding-left',
  'vertical-align',
  'white-space',
];
const TABLE_PROPERTY_SET: ReadonlySet<string> = new Set(TABLE_CSS_PROPERTIES);

/** Sized by the window, not the table: `width: 100vw` would reach out of the article. */
const VIEWPORT_UNITS: ReadonlySet<string> = new Set(['vw', 'vh', 'vmin', 'vmax']);

/** Never kept, even when configured: they bind behaviour to elements in old browsers. */
const FORBIDDEN_PROPERTIES: ReadonlySet<string> = new Set(['behavior', '-moz-binding']);

const COLOUR_FUNCTIONS: ReadonlySet<string> = new Set(['rgb', 'rgba', 'hsl', 'hsla']);

const LENGTH_UNITS: ReadonlySet<string> = new Set(['px', 'em', 'rem', 'ex', 'ch', 'pt', 'pc', 'cm', 'mm', 'in', 'q', 'vw', 'vh', 'vmin', 'vmax', 'lh', 'rlh']);

// Checked on the raw declaration text before parsing, so an escape or comment
// cannot hide them from the AST checks below.
const FORBIDDEN_TEXT = /\\|\/\*|url\s*\(|expression|@import|var\s*\(|attr\s*\(|image-set|javascript|[<>{}"'`]/i;
// What a kept value may consist of: the characters of hex colours, numbers,
// units, keywords (any script, for font names), commas, slashes and parentheses.
const SAFE_VALUE_TEXT = /^[#\p{L}\p{N}_\s.,%()+\-/]*$/u;
const HEX_COLOUR = /^(?:[0-9a-f]{3,4}|[0-9a-f]{6}|[0-9a-f]{8})$/i;
const KEYWORD = /^-?[\p{L}_][\p{L}\p{N}_-]*$/u;
/** Cap on how much of a dropped declaration is reported. */
const REPORT_LENGTH = 60;

export interface StyleFilterResult {
  /** Kept declarations as `prop: value;` joined by a space, or undefined when none are left. */
  style?: string;
  /** Each dropped declaration's text as written (trimmed, at most 60 characters). */
  dropped: string[];
}

export interface StyleContext {
  /** The style is on a table element (`TABLE_ELEMENTS`): keep `TABLE_CSS_PROPERTIES` too. Default false. */
  table?: boolean;
}

/**
 * Filter a `style` attribute. `extraProperties` (default none) widens the
 * default allow-list; `behavior` and `-moz-binding` are refused regardless.
 * On a table (`context.table`), the table box properties are kept as well,
 * with stricter values (see `keepTableDeclaration`).
 */
export function filterStyle(style: string, extraProperties: readonly string[] = [], context: StyleContext = {}): StyleFilterResult {
  const allowed = new Set([...DEFAULT_CSS_PROPERTIES, ...extraProperties.map((name) => name.trim().toLowerCase())]);
  const table = context.table === true;
  const kept: string[] = [];
  const dropped: string[] = [];
  const list = parse(style, { context: 'declarationList', positions: true, onParseError: () => undefined });
  if (list.type !== 'DeclarationList') return { dropped: style.trim() === '' ? [] : [report(style)] };
  list.children.forEach((node) => {
    const text = sourceOf(style, node);
    if (node.type !== 'Declaration') {
      if (text.trim() !== '') dropped.push(report(text));
      return;
    }
    const property = node.property.toLowerCase();
    const serialised = table && TABLE_PROPERTY_SET.has(property) ? keepTableDeclaration(style, node, text) : keepDeclaration(style, node, text, allowed);
    if (serialised === undefined) dropped.push(report(text));
    else kept.push(serialised);
  });
  return kept.length > 0 ? { style: kept.join(' '), dropped } : { dropped };
}

/** `prop: value;` when the declaration is allowed, else undefined. */
function keepDeclaration(source: string, declaration: Declaration, text: string, allowed: ReadonlySet<string>): string | undefined {
  const property = declaration.property.toLowerCase();
  if (!allowed.has(property) || FORBIDDEN_PROPERTIES.has(property) || property.startsWith('--')) return undefined;
  if (FORBIDDEN_TEXT.test(text)) return undefined;
  const value = declaration.value;
  if (value.type !== 'Value' || value.children.isEmpty) return undefined;
  let ok = true;
  value.children.forEach((child) => {
    if (!isSafeValueNode(child)) ok = false;
  });
  const valueText = sourceOf(source, value).trim();
  if (!ok || valueText === '' || !SAFE_VALUE_TEXT.test(valueText) || !balanced(valueText)) return undefined;
  const important = declaration.important === false ? '' : ' !important';
  return `${property}: ${valueText}${important};`;
}

/**
 * A table box declaration: colours, keywords, and lengths and percentages
 * that are not negative (a negative box pulls a cell over its neighbours)
 * nor sized by the viewport. No functions but colours (so no `calc()`,
 * `var()`, `url()`). `!important` is dropped, the declaration kept: the
 * theme's own `!important` rules (a table narrowed on phones) must still win.
 */
function keepTableDeclaration(source: string, declaration: Declaration, text: string): string | undefined {
  const value = declaration.value;
  if (FORBIDDEN_TEXT.test(text) || value.type !== 'Value' || value.children.isEmpty) return undefined;
  let ok = true;
  value.children.forEach((child) => {
    if (!isSafeValueNode(child) || isNegative(child) || (child.type === 'Dimension' && VIEWPORT_UNITS.has(child.unit.toLowerCase()))) ok = false;
  });
  const valueText = sourceOf(source, value).trim();
  if (!ok || valueText === '' || !SAFE_VALUE_TEXT.test(valueText) || !balanced(valueText)) return undefined;
  return `${declaration.property.toLowerCase()}: ${valueText};`;
}

function isNegative(node: CssNode): boolean {
  return (node.type === 'Number' || node.type === 'Percentage' || node.type === 'Dimension') && node.value.trim().startsWith('-');
}

function isSafeValueNode(node: CssNode): boolean {
  switch (node.type) {
    case 'Hash':
      return HEX_COLOUR.test(node.value);
    case 'Identifier':
      return KEYWORD.test(node.name);
    case 'Number':
    case 'Percentage':
    case 'WhiteSpace':
      return true;
    case 'Dimension':
      return LENGTH_UNITS.has(node.unit.toLowerCase());
    case 'Operator':
      return node.value === ',' || node.value === '/';
    case 'Function':
      return COLOUR_FUNCTIONS.has(node.name.toLowerCase()) && node.children.toArray().every(isColourArgument);
    default:
      return false;
  }
}

function isColourArgument(node: CssNode): boolean {
  return (
    node.type === 'Number' ||
    node.type === 'Percentage' ||
    node.type === 'WhiteSpace' ||
    (node.type === 'Operator' && (node.value === ',' || node.value === '/'))
  );
}

/** css-tree accepts an unclosed `rgb(1, 2`; written back it would swallow what follows. */
function balanced(text: string): boolean {
  let depth = 0;
  for (const ch of text) {
    if (ch === '(') depth++;
    else if (ch === ')' && --depth < 0) return false;
  }
  return depth === 0;
}

function sourceOf(source: string, node: CssNode): string {
  return node.loc ? source.slice(node.loc.start.offset, node.loc.end.offset) : '';
}

function report(text: string): string {
  const trimmed = text.trim();
  return trimmed.length > REPORT_LENGTH ? `${trimmed.slice(0, REPORT_LENGTH - 1)}…` : trimmed;
}
