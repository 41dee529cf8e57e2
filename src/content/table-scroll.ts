/**
 * Wide tables and code blocks scroll sideways on a phone (gazette.css:
 * `.table-scroll`, `.prose pre`). A scrolling box must be reachable by
 * keyboard (axe's `scrollable-region-focusable`), so after the sanitiser
 * every table of a body is wrapped in
 * `<div class="table-scroll" role="region" tabindex="0" aria-label="…">`,
 * and every `<pre>` gets `tabindex="0"` (its text is its name).
 * Posts cannot write these attributes themselves: the sanitiser drops them.
 */
import type { Element, ElementContent, Root } from 'hast';

/** The wrapper's class; the sanitiser prefixes a post's own classes, so a post cannot fake it. */
export const TABLE_SCROLL_CLASS = 'table-scroll';

/** Wraps each table in `tree` (outermost only) in a focusable, named scroll region, and makes each `<pre>` focusable. */
export function wrapTables(tree: Root, label: string): void {
  wrapIn(tree, label);
}

function wrapIn(parent: Root | Element, label: string): void {
  parent.children = parent.children.map((child) => {
    if (child.type !== 'element') return child;
    if (child.tagName === 'table') return wrapper(child, label);
    // Preformatted text holds no table to wrap.
    if (child.tagName === 'pre') return { ...child, properties: { ...child.properties, tabIndex: 0 } };
    wrapIn(child, label);
    return child;
  }) as ElementContent[];
}

function wrapper(table: Element, label: string): Element {
  return {
    type: 'element',
    tagName: 'div',
    properties: { className: [TABLE_SCROLL_CLASS], role: 'region', tabIndex: 0, ariaLabel: captionOf(table) ?? label },
    children: [table],
  };
}

/** The text of the table's caption, when it has one: a better name than the generic label. */
function captionOf(table: Element): string | undefined {
  const caption = table.children.find((c): c is Element => c.type === 'element' && c.tagName === 'caption');
  if (!caption) return undefined;
  const text = textOf(caption).replace(/\s+/g, ' ').trim();
  return text === '' ? undefined : text;
}

function textOf(node: ElementContent): string {
  if (node.type === 'text') return node.value;
  if (node.type === 'element') return node.children.map(textOf).join('');
  return '';
}
