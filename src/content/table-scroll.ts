/**
 * Wide tables scroll sideways on a phone (gazette.css: `.table-scroll`). A
 * scrolling box must be reachable by keyboard and named (axe's
 * `scrollable-region-focusable`), so every table of a sanitised body is
 * wrapped here, after the sanitiser, in
 * `<div class="table-scroll" role="region" tabindex="0" aria-label="…">`.
 * Posts cannot write these attributes themselves: the sanitiser drops them.
 */
import type { Element, ElementContent, Root } from 'hast';

/** The wrapper's class; the sanitiser prefixes a post's own classes, so a post cannot fake it. */
export const TABLE_SCROLL_CLASS = 'table-scroll';

/** Wraps each table in `tree` (outermost only) in a focusable, named scroll region. */
export function wrapTables(tree: Root, label: string): void {
  wrapIn(tree, label);
}

function wrapIn(parent: Root | Element, label: string): void {
  parent.children = parent.children.map((child) => {
    if (child.type !== 'element') return child;
    if (child.tagName === 'table') return wrapper(child, label);
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
