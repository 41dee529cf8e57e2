/**
 * The snippet slots: templates under `slots/` (the theme's are empty) whose
 * output the theme places at fixed points of every page, for ads and
 * analytics tags. They are rendered here, before the page, with the page's
 * context, because the page's CSP meta comes first in `<head>` and must
 * carry the hash of every inline script they hold.
 */
import type { ResolvedConfig } from '../config.js';
import { inlineScriptHashes } from './csp.js';
import { type Templates, trusted } from './templates.js';

/** Slot → where the theme places it. */
export const SLOTS = {
  'head-end': 'end of <head>',
  'body-start': 'start of <body>',
  'body-end': 'end of <body>',
  'post-before': "before a post's body",
  'post-after': "after a post's body",
  'list-between': 'between the cards of a list page, every `snippets.list_every` cards',
} as const;

export type SlotName = keyof typeof SLOTS;

export const SLOT_NAMES = Object.keys(SLOTS) as SlotName[];

/** What a page's templates get as `slots`, and the hashes its CSP adds. */
export interface RenderedSlots {
  readonly html: {
    readonly headEnd: unknown;
    readonly bodyStart: unknown;
    readonly bodyEnd: unknown;
    readonly postBefore: unknown;
    readonly postAfter: unknown;
    /** `listBetween[i]`: what follows the card `posts[i]` (`''` where nothing does). */
    readonly listBetween: readonly unknown[];
  };
  readonly scriptHashes: readonly string[];
}

export function slotTemplate(name: SlotName): string {
  return `slots/${name}`;
}

/**
 * A page's slots. `kind` is its route's: the post slots only on posts,
 * `list-between` only on lists of `cards` cards. Empty templates (the theme's)
 * are not rendered, so a site without snippets pays nothing.
 */
export function renderSlots(templates: Templates, config: ResolvedConfig, context: Record<string, unknown>, kind: string, cards: number): RenderedSlots {
  const hashes = new Set<string>();
  const render = (name: SlotName, extra: Record<string, unknown> = {}): unknown => {
    const html = renderSlot(templates, name, { ...context, slot: { name, ...extra } });
    for (const hash of inlineScriptHashes(html)) hashes.add(hash);
    return html === '' ? '' : trusted(html);
  };
  const isPost = kind === 'post';
  const every = config.snippets.listEvery;
  const listBetween: unknown[] = [];
  if (every > 0 && isList(kind)) {
    // After every `every` cards, never after the last one.
    for (let i = 0; i < cards; i++) listBetween.push((i + 1) % every === 0 && i < cards - 1 ? render('list-between', { after: i + 1 }) : '');
  }
  const html = {
    headEnd: render('head-end'),
    bodyStart: render('body-start'),
    bodyEnd: render('body-end'),
    postBefore: isPost ? render('post-before') : '',
    postAfter: isPost ? render('post-after') : '',
    listBetween,
  };
  return { html, scriptHashes: [...hashes] };
}

/** The hashes of every inline script the slots hold, whatever the page: what `/_headers`, one policy for every page, admits. */
export function siteSlotScriptHashes(templates: Templates, context: Record<string, unknown>): string[] {
  const hashes = new Set<string>();
  for (const name of SLOT_NAMES) {
    // Scripts written out in the template: those a page shows only under a condition too.
    for (const hash of literalScriptHashes(templates.set.files[`${slotTemplate(name)}.njk`]?.text ?? '')) hashes.add(hash);
    // Scripts the template makes with site values or includes; one that fails here fails its pages, which report it.
    try {
      for (const hash of inlineScriptHashes(renderSlot(templates, name, { ...context, slot: { name } }))) hashes.add(hash);
    } catch {}
  }
  return [...hashes];
}

function renderSlot(templates: Templates, name: SlotName, context: Record<string, unknown>): string {
  const template = slotTemplate(name);
  if (!templates.has(template) || (templates.set.files[`${template}.njk`]?.text ?? '').trim() === '') return '';
  return templates.render(template, context).trim();
}

function isList(kind: string): boolean {
  return kind === 'index' || kind === 'category' || kind === 'tag' || kind === 'archive';
}

/** Inline scripts written in a template's text without template code inside: the same text on every page that shows them. */
function literalScriptHashes(text: string): string[] {
  const literal = [...text.matchAll(/<script\b[^>]*>[\s\S]*?<\/script\s*>/gi)].map((match) => match[0]).filter((script) => !/{[{%#]/.test(script));
  return inlineScriptHashes(literal.join('\n'));
}
