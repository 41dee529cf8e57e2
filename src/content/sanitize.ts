/**
 * The post-body sanitiser: an allow-list schema for hast-util-sanitize and a
 * rehype plugin that applies it, adds the policies a schema cannot express
 * (CSS filtering, link `rel`, iframe hosts and sandbox, `user-content-` ids
 * and classes)
 * and records every removal in `file.data.removed` for `--verbose`.
 *
 * The plugin decides everything itself, element by element, so it can say
 * what it removed and where; the whole tree then goes through
 * hast-util-sanitize with the same schema as a second, independent line of
 * defence.
 */
import type { Element, ElementContent, Properties, Root, RootContent } from 'hast';
import { type Schema, sanitize } from 'hast-util-sanitize';
import { find, html } from 'property-information';
import type { VFile } from 'vfile';
import type { SanitizeConfig } from '../config.js';
import type { Removal } from '../types.js';
import { filterStyle, type StyleFilterResult, TABLE_ELEMENTS } from './css-filter.js';
import { isExternalUrl, isSafeUrl } from './url-policy.js';

declare module 'vfile' {
  interface DataMap {
    /** What the sanitiser removed from this file, in document order. */
    removed: Removal[];
  }
}

export interface SanitizeOptions {
  config: SanitizeConfig;
  /** Absolute site origin (`https://news.example.com`), `''` if unknown: then every absolute link is external. */
  siteOrigin: string;
}

/** Elements kept by default. */
export const DEFAULT_TAGS: readonly string[] = [
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'p',
  'b',
  'strong',
  'i',
  'em',
  'u',
  's',
  'mark',
  'small',
  'sub',
  'sup',
  'code',
  // Also plain formatting; `del` is what GFM's ~~strikethrough~~ becomes.
  'del',
  'ins',
  'kbd',
  'abbr',
  'q',
  'var',
  'samp',
  'wbr',
  'ruby',
  'rt',
  'rp',
  'span',
  'br',
  'hr',
  'blockquote',
  'pre',
  'ul',
  'ol',
  'li',
  'dl',
  'dt',
  'dd',
  'table',
  'thead',
  'tbody',
  'tfoot',
  'tr',
  'th',
  'td',
  'caption',
  'colgroup',
  'col',
  'figure',
  'figcaption',
  'img',
  'a',
  'details',
  'summary',
  'div',
  'section',
  'article',
];

/**
 * Never allowed, whatever `allow_tags` says: they run script, load documents,
 * change the page's base or metadata, or switch the HTML parser into another
 * mode (raw text, foreign content), which is how mutation XSS starts.
 * `iframe` is allowed only through `iframe_hosts`.
 */
export const FORBIDDEN_TAGS: ReadonlySet<string> = new Set([
  'script',
  'style',
  'iframe',
  'frame',
  'frameset',
  'object',
  'embed',
  'applet',
  'param',
  'base',
  'basefont',
  'meta',
  'link',
  'svg',
  'math',
  'template',
  'noscript',
  'noembed',
  'noframes',
  'xmp',
  'plaintext',
  'listing',
  'title',
  'textarea',
  'select',
  'option',
  'optgroup',
  'datalist',
  'form',
  'portal',
  'html',
  'head',
  'body',
  'marquee',
  'image',
]);

/**
 * Removed together with their content: raw-text elements (whose text would
 * otherwise leak as text), foreign content, form controls, and elements that
 * act as scope boundaries for the parser (unwrapping `<button>` or `<marquee>`
 * could leave nesting that re-parses differently).
 */
const STRIP_TAGS: readonly string[] = [
  'script',
  'style',
  'textarea',
  'title',
  'noscript',
  'noembed',
  'noframes',
  'xmp',
  'plaintext',
  'iframe',
  'frame',
  'frameset',
  'object',
  'embed',
  'applet',
  'template',
  'svg',
  'math',
  'select',
  'option',
  'optgroup',
  'datalist',
  'button',
  'marquee',
  'head',
  'input',
];

/** `rel` tokens kept on links; others (`dofollow`, typos) are dropped. */
export const KNOWN_REL: readonly string[] = [
  'noopener',
  'noreferrer',
  'nofollow',
  'ugc',
  'sponsored',
  'external',
  'author',
  'license',
  'prev',
  'next',
  'tag',
  'help',
];

/** The only `sandbox` an embed gets: scripts, but never together with `allow-same-origin`. */
export const IFRAME_SANDBOX: readonly string[] = ['allow-scripts', 'allow-popups', 'allow-presentation'];

/** Prefix for `id` (and `name`, if allowed) so post content cannot clobber the page's globals. */
export const CLOBBER_PREFIX = 'user-content-';

/**
 * Classes kept as written: those gazette's own Markdown writes (footnotes,
 * task lists, a code block's language, Jekyll's code block wrappers). Every other class gets the
 * `user-content-` prefix, so post markup cannot borrow the theme's classes
 * (`card__title`'s stretched link, `visually-hidden`); `allow_classes` adds
 * names, and `name-*` patterns, to this list.
 */
export const KEPT_CLASSES: readonly string[] = [
  'footnote-ref',
  'footnotes-sep',
  'footnotes',
  'footnotes-list',
  'footnote-item',
  'footnote-backref',
  'contains-task-list',
  'task-list-item',
  'enabled',
  'task-list-item-checkbox',
  'task-list-item-label',
  // Jekyll's code blocks (kramdown and Rouge), which sites moved from Jekyll style.
  'language-*',
  'highlight',
  'highlighter-rouge',
];

/** Attribute names (lower case) that `allow_attributes` can never enable. */
const FORBIDDEN_ATTRIBUTE = /^(?:on|xmlns|xlink:)|^(?:srcdoc|formaction|action|http-equiv)$/;

/** Properties holding a URL (or URLs), each checked with isSafeUrl. */
const URL_PROPERTIES: ReadonlySet<string> = new Set([
  'href',
  'src',
  'cite',
  'longDesc',
  'poster',
  'background',
  'action',
  'formAction',
  'data',
  'codeBase',
  'ping',
  'manifest',
  'icon',
  'dynsrc',
  'lowsrc',
  'srcSet',
  'xLinkHref',
  'itemId',
]);

const REFERRER_POLICIES = [
  'no-referrer',
  'no-referrer-when-downgrade',
  'origin',
  'origin-when-cross-origin',
  'same-origin',
  'strict-origin',
  'strict-origin-when-cross-origin',
  'unsafe-url',
];

/** hast-util-sanitize's default `clobber` would prefix twice on re-sanitising; ids are prefixed here instead. */
const PREFIXED = new RegExp(`^${CLOBBER_PREFIX}`);
/**
 * A tag inside an attribute value (`alt="<img src=x onerror=…>"`) is inert
 * where we put it, but turns live if a template or a later tool copies the
 * value into another context, and static scanners rightly flag it.
 */
const MARKUP = /<[a-z!/?]/i;
/** A table attribute's pixels: `cellpadding="5"`. */
const PIXELS = /^\d{1,3}$/;
/** A table attribute's width or height: pixels or a percentage, as HTML 4 wrote them (`600`, `50%`, `33.3333%`). */
const TABLE_LENGTH = /^\d{1,4}(?:\.\d{1,4})?(?:%|px)?$/i;
const V_ALIGN = ['top', 'middle', 'bottom', 'baseline'];
/**
 * Properties that name elements (and so could shadow `window`/`document`
 * globals) or refer to such names; all get the prefix so references still
 * resolve (GFM footnotes use `aria-describedby`).
 */
const CLOBBERING: ReadonlySet<string> = new Set(['id', 'name', 'ariaDescribedBy', 'ariaLabelledBy']);

/**
 * The allow-list as a hast-util-sanitize Schema. On its own it is safe (ids
 * must already carry the prefix, styles with `url(` etc. are refused, iframes
 * only load from `iframeHosts`), but only the plugin filters CSS property by
 * property, normalises `rel` and prefixes ids.
 */
export function createSanitizeSchema(config: SanitizeConfig): Schema {
  const iframeHosts = config.iframeHosts.map(lower).filter(Boolean);
  return {
    tagNames: allowedTags(config, iframeHosts),
    attributes: allowedAttributes(config, iframeHosts),
    strip: [...STRIP_TAGS],
    ancestors: {
      tbody: ['table'],
      thead: ['table'],
      tfoot: ['table'],
      tr: ['table'],
      td: ['table'],
      th: ['table'],
      caption: ['table'],
      colgroup: ['table'],
      col: ['table'],
    },
    protocols: {
      href: ['http', 'https', 'mailto'],
      ...Object.fromEntries([...URL_PROPERTIES].filter((name) => name !== 'href').map((name) => [name, ['http', 'https']])),
    },
    required: {
      img: { loading: 'lazy' },
      iframe: { sandbox: [...IFRAME_SANDBOX] },
      input: { type: 'checkbox', disabled: true },
    },
    clobber: [],
    clobberPrefix: '',
    allowComments: false,
    allowDoctypes: false,
  };
}

/** The schema's elements, sorted: DEFAULT_TAGS less `drop_tags`, plus `allow_tags` (never FORBIDDEN_TAGS) and `iframe` when hosts are listed. */
function allowedTags(config: SanitizeConfig, iframeHosts: readonly string[]): string[] {
  const dropped = new Set(config.dropTags.map(lower));
  const tagNames = new Set(DEFAULT_TAGS.filter((tag) => !dropped.has(tag)));
  for (const tag of config.allowTags.map(lower)) {
    if (tag === 'input') tagNames.add(tag);
    else if (!FORBIDDEN_TAGS.has(tag) && !dropped.has(tag) && /^[a-z][a-z0-9-]*$/.test(tag)) tagNames.add(tag);
  }
  if (iframeHosts.length > 0 && !dropped.has('iframe')) tagNames.add('iframe');
  return [...tagNames].sort();
}

/** The schema's attribute rules by tag (`*` for all), plus what `allow_attributes` adds (never FORBIDDEN_ATTRIBUTE or `style`). */
function allowedAttributes(config: SanitizeConfig, iframeHosts: readonly string[]): Record<string, PropertyDefinition[]> {
  const attributes: Record<string, PropertyDefinition[]> = {
    '*': [
      ['className', classPattern(config)],
      ['id', PREFIXED],
      ['ariaDescribedBy', PREFIXED],
      ['ariaLabelledBy', PREFIXED],
      'ariaLabel',
      'data*',
      'lang',
      ['dir', 'ltr', 'rtl', 'auto'],
      'title',
      ['align', 'left', 'center', 'right', 'justify'],
      ['style', /^(?![\s\S]*(?:url\s*\(|expression|\\|@import|var\s*\(|attr\s*\(|\/\*))[\s\S]*$/i],
    ],
    a: ['href', ['rel', ...new Set([...KNOWN_REL, ...config.externalRel.map(lower)])], ['target', '_blank', '_self']],
    img: ['src', 'alt', 'width', 'height', ['loading', 'lazy']],
    ...tableAttributes(),
    ol: ['start', 'reversed', ['type', '1', 'a', 'A', 'i', 'I']],
    li: ['value'],
    details: ['open'],
    blockquote: ['cite'],
    q: ['cite'],
    del: ['cite'],
    ins: ['cite'],
    // A task-list checkbox (GFM) when `input` is allowed: nothing else.
    input: [['type', 'checkbox'], ['disabled', true], 'checked'],
    iframe: [
      ['src', iframeHosts.length > 0 ? new RegExp(`^https://(?:${iframeHosts.map(escapeRegExp).join('|')})(?:[/?#]|$)`) : /(?!)/],
      'width',
      'height',
      'title',
      'allowFullScreen',
      ['loading', 'lazy', 'eager'],
      ['sandbox', ...IFRAME_SANDBOX],
      ['referrerPolicy', ...REFERRER_POLICIES],
    ],
  };
  for (const [tag, names] of Object.entries(config.allowAttributes)) {
    const key = tag === '*' ? '*' : lower(tag);
    const extra = names.map(lower).filter((name) => !FORBIDDEN_ATTRIBUTE.test(name) && name !== 'style');
    if (extra.length > 0) attributes[key] = [...(attributes[key] ?? []), ...extra.map(toDefinition)];
  }
  return attributes;
}

/** Editors' presentational table attributes (`border="1"`, `width="50%"`), numbers only, and cell spans. */
function tableAttributes(): Record<string, PropertyDefinition[]> {
  return {
    table: [
      ['border', /^\d{1,2}$/],
      ['cellPadding', PIXELS],
      ['cellSpacing', PIXELS],
      ['width', TABLE_LENGTH],
    ],
    tr: [
      ['height', TABLE_LENGTH],
      ['vAlign', ...V_ALIGN],
    ],
    td: ['colSpan', 'rowSpan', ['width', TABLE_LENGTH], ['height', TABLE_LENGTH], ['vAlign', ...V_ALIGN]],
    th: ['colSpan', 'rowSpan', ['scope', 'row', 'col', 'rowgroup', 'colgroup'], ['width', TABLE_LENGTH], ['height', TABLE_LENGTH], ['vAlign', ...V_ALIGN]],
    col: ['span', ['width', TABLE_LENGTH]],
    colgroup: ['span', ['width', TABLE_LENGTH]],
  };
}

/** One entry of a Schema's attribute list (not exported by hast-util-sanitize). */
type PropertyDefinition = NonNullable<Schema['attributes']>[string][number];

/** Everything the transformer needs, built once when the plugin is attached. */
interface Policy {
  readonly schema: Schema;
  /** The schema's attribute rules, indexed by tag (`*` for all) and property. */
  readonly rules: ReadonlyMap<string, Rules>;
  readonly tags: ReadonlySet<string>;
  readonly strip: ReadonlySet<string>;
  readonly ancestors: Readonly<Record<string, readonly string[]>>;
  /** filterStyle with the configured properties, memoised: posts repeat the same few styles. */
  readonly filterStyle: (style: string) => StyleFilterResult;
  /** The same on table elements, which keep their box styles too. */
  readonly filterTableStyle: (style: string) => StyleFilterResult;
  readonly externalRel: readonly string[];
  readonly knownRel: ReadonlySet<string>;
  readonly iframeHosts: ReadonlySet<string>;
  readonly siteOrigin: string;
  /** Whether a class is kept as written (KEPT_CLASSES, `allow_classes`); others are prefixed. */
  readonly keepsClass: (name: string) => boolean;
}

/**
 * A unified (rehype) plugin, used instead of rehype-sanitize. Everything is
 * built when it is attached, so a frozen processor can run it on many files;
 * per-file state lives only in `file.data.removed`.
 */
export function rehypeGazetteSanitize(options: SanitizeOptions): (tree: Root, file: VFile) => void {
  const policy = createPolicy(options);
  return (tree, file) => {
    const removed: Removal[] = [];
    const cleaned = cleanChildren(policy, tree.children, [], removed);
    const safe = sanitize({ ...tree, children: cleaned }, policy.schema);
    tree.children = safe.type === 'root' ? safe.children : [];
    retargetFragmentLinks(tree);
    file.data.removed = [...(file.data.removed ?? []), ...removed];
  };
}

/**
 * Ids get the `user-content-` prefix, so a link within the post (`#fn1`, a
 * table of contents) would point at nothing. Links to an id the same post
 * defines are pointed at its prefixed form (what GitHub does with script);
 * other fragments (the theme's own anchors) are left as they are.
 */
function retargetFragmentLinks(tree: Root): void {
  const ids = new Set<string>();
  const links: Element[] = [];
  const walk = (nodes: readonly Child[]) => {
    for (const node of nodes) {
      if (node.type !== 'element') continue;
      const id = node.properties['id'];
      if (typeof id === 'string') ids.add(id);
      const href = node.properties['href'];
      if (node.tagName === 'a' && typeof href === 'string' && href.startsWith('#') && !PREFIXED.test(href.slice(1))) links.push(node);
      walk(node.children);
    }
  };
  walk(tree.children);
  for (const link of links) {
    const target = prefix(decodeFragment(String(link.properties['href']).slice(1)));
    if (ids.has(target)) link.properties['href'] = `#${encodeURIComponent(target)}`;
  }
}

function decodeFragment(fragment: string): string {
  try {
    return decodeURIComponent(fragment);
  } catch {
    // A malformed %-escape: the fragment is compared as written.
    return fragment;
  }
}

function createPolicy({ config, siteOrigin }: SanitizeOptions): Policy {
  const schema = createSanitizeSchema(config);
  const rel = schema.attributes?.['a']?.find((definition) => Array.isArray(definition) && definition[0] === 'rel');
  return {
    schema,
    rules: compileRules(schema.attributes),
    tags: new Set(schema.tagNames ?? []),
    strip: new Set(schema.strip ?? []),
    ancestors: schema.ancestors ?? {},
    filterStyle: memoise((style) => filterStyle(style, config.allowCssProperties)),
    filterTableStyle: memoise((style) => filterStyle(style, config.allowCssProperties, { table: true })),
    externalRel: config.externalRel.map(lower),
    knownRel: new Set(Array.isArray(rel) ? rel.slice(1).map(String) : KNOWN_REL),
    iframeHosts: new Set(config.iframeHosts.map(lower)),
    siteOrigin,
    keepsClass: classMatcher(config),
  };
}

/** KEPT_CLASSES and `allow_classes`: exact names, and prefixes from `name-*` patterns. */
function keptClasses(config: SanitizeConfig): { names: Set<string>; prefixes: string[] } {
  const names = new Set<string>();
  const prefixes: string[] = [];
  for (const entry of [...KEPT_CLASSES, ...(config.allowClasses ?? [])].map((name) => name.trim())) {
    if (entry.endsWith('*') && entry.length > 1) prefixes.push(entry.slice(0, -1));
    else if (entry !== '' && !entry.includes('*')) names.add(entry);
  }
  return { names, prefixes };
}

function classMatcher(config: SanitizeConfig): (name: string) => boolean {
  const { names, prefixes } = keptClasses(config);
  return (name) => names.has(name) || prefixes.some((start) => name.startsWith(start));
}

/** The schema's class rule: prefixed, or kept. */
function classPattern(config: SanitizeConfig): RegExp {
  const { names, prefixes } = keptClasses(config);
  const alternatives = [`${CLOBBER_PREFIX}[\\s\\S]*`, ...[...names].map(escapeRegExp), ...prefixes.map((start) => `${escapeRegExp(start)}[\\s\\S]*`)];
  return new RegExp(`^(?:${alternatives.join('|')})$`);
}

/** Cap on memoised styles; the cache starts over when it is reached. */
const STYLE_CACHE_SIZE = 1000;

function memoise(filter: (style: string) => StyleFilterResult): (style: string) => StyleFilterResult {
  const cache = new Map<string, StyleFilterResult>();
  return (style) => {
    let result = cache.get(style);
    if (result === undefined) {
      if (cache.size >= STYLE_CACHE_SIZE) cache.clear();
      result = filter(style);
      cache.set(style, result);
    }
    return result;
  };
}

type Child = RootContent | ElementContent;

/** `stack` holds the tag names of the kept ancestors; it is pushed and popped, not copied, so deep nesting stays linear. */
function cleanChildren(policy: Policy, children: readonly Child[], stack: string[], removed: Removal[]): ElementContent[] {
  const out: ElementContent[] = [];
  for (const child of children) {
    if (child.type === 'text') {
      out.push(child);
    } else if (child.type === 'element') {
      out.push(...cleanElement(policy, child, stack, removed));
    } else {
      // Comments, doctypes, and whatever else a pipeline hands over (`raw` HTML from remark-rehype that skipped rehype-raw).
      const type: string = child.type;
      record(removed, type === 'comment' ? 'comment' : type === 'doctype' ? '<!doctype>' : `${type} node`, child);
    }
  }
  return out;
}

function cleanElement(policy: Policy, element: Element, stack: string[], removed: Removal[]): ElementContent[] {
  const name = element.tagName;
  if (!isAllowedHere(policy, name, stack)) {
    record(removed, `<${name}>`, element);
    return policy.strip.has(name) || !/^[a-z][a-z0-9-]*$/.test(name) ? [] : cleanChildren(policy, element.children, stack, removed);
  }
  let properties: Properties;
  if (name === 'iframe') {
    const src = embedSource(policy, element.properties['src']);
    if (src === undefined) {
      record(removed, `<iframe> from ${describeHost(element.properties['src'])}`, element);
      return [];
    }
    properties = { ...cleanProperties(policy, element, removed), src, sandbox: [...IFRAME_SANDBOX] };
  } else {
    properties = cleanProperties(policy, element, removed);
  }
  const checked = checkProperties(policy, name, properties, element, removed);
  // An iframe's children are fallback text the parser keeps as raw text; never emit them.
  if (name === 'iframe') return [{ ...element, properties: checked, children: [] }];
  stack.push(name);
  const children = cleanChildren(policy, element.children, stack, removed);
  stack.pop();
  return [{ ...element, properties: checked, children }];
}

function isAllowedHere(policy: Policy, name: string, stack: readonly string[]): boolean {
  if (!policy.tags.has(name)) return false;
  const required = policy.ancestors[name];
  return required === undefined || required.some((ancestor) => stack.includes(ancestor));
}

/** The policies a schema cannot express: CSS, URLs, ids, link `rel`/`target`, lazy images. */
function cleanProperties(policy: Policy, element: Element, removed: Removal[]): Properties {
  const tag = element.tagName;
  const out: Properties = {};
  for (const [key, value] of Object.entries(element.properties ?? {})) {
    if (value === null || value === undefined) continue;
    if (key === 'style') {
      const filter = TABLE_ELEMENTS.has(tag) ? policy.filterTableStyle : policy.filterStyle;
      const { style, dropped } = filter(String(value));
      for (const declaration of dropped) record(removed, `style ${JSON.stringify(declaration)} on <${tag}>`, element);
      if (style !== undefined) out[key] = style;
    } else if (URL_PROPERTIES.has(key)) {
      if (urlValues(key, value).every(isSafeUrl)) out[key] = Array.isArray(value) ? value.map((item) => encodeUrl(key, item)) : encodeUrl(key, value);
      else record(removed, `${attributeName(key)} on <${tag}> (unsafe URL)`, element);
    } else if ((Array.isArray(value) ? value : [value]).some((item) => typeof item === 'string' && MARKUP.test(item))) {
      record(removed, `${attributeName(key)} on <${tag}> (markup in value)`, element);
    } else if (key === 'className') {
      const names = (Array.isArray(value) ? value : [value]).map(String).filter((name) => name !== '');
      if (names.length > 0) out[key] = names.map((name) => (policy.keepsClass(name) ? name : prefix(name)));
    } else if (CLOBBERING.has(key)) {
      const names = (Array.isArray(value) ? value : [value])
        .map(String)
        .filter((name) => name !== '')
        .map(prefix);
      if (names.length > 0) out[key] = Array.isArray(value) ? names : names[0];
    } else {
      out[key] = value;
    }
  }
  if (tag === 'a') return linkProperties(policy, out, element, removed);
  if (tag === 'img') return { ...out, loading: 'lazy' };
  return out;
}

/** `rel` reduced to known tokens, `target` to `_blank`/`_self` with `noopener`, external links marked. */
function linkProperties(policy: Policy, properties: Properties, element: Element, removed: Removal[]): Properties {
  const { rel, target, ...rest } = properties;
  const tokens: string[] = [];
  const href = typeof rest['href'] === 'string' ? rest['href'] : undefined;
  if (href !== undefined && isExternalUrl(href, policy.siteOrigin)) tokens.push('noopener', 'noreferrer', ...policy.externalRel);
  const out: Properties = { ...rest };
  if (target !== undefined) {
    const value = String(target).toLowerCase();
    if (value === '_blank' || value === '_self') {
      out['target'] = value;
      tokens.push('noopener');
    } else {
      record(removed, `target ${JSON.stringify(String(target))} on <a>`, element);
    }
  }
  for (const token of rel === undefined ? [] : Array.isArray(rel) ? rel.map(String) : String(rel).split(/\s+/)) {
    if (token === '') continue;
    if (policy.knownRel.has(token.toLowerCase())) tokens.push(token.toLowerCase());
    else record(removed, `rel ${JSON.stringify(token)} on <a>`, element);
  }
  const unique = [...new Set(tokens)];
  if (unique.length > 0) out['rel'] = unique;
  return out;
}

/** The https URL an embed may load, or undefined when its host is not listed. */
function embedSource(policy: Policy, src: unknown): string | undefined {
  if (typeof src !== 'string' || !isSafeUrl(src)) return undefined;
  const trimmed = src.trim();
  // `//www.youtube.com/embed/…` is common in pasted embed code; only https is ever used.
  const absolute = trimmed.startsWith('//') ? `https:${trimmed}` : trimmed;
  let url: URL;
  try {
    url = new URL(absolute);
  } catch {
    // Not a URL: nothing to embed, and the iframe is removed like any other not allowed.
    return undefined;
  }
  if (url.protocol !== 'https:' || url.username !== '' || url.password !== '') return undefined;
  return policy.iframeHosts.has(url.host) ? url.href : undefined;
}

/**
 * Applies the schema's attribute rules to one element, as hast-util-sanitize
 * reads them (tag rules, then `*` rules, `data*`, allow-listed values and
 * tokens, `required`), and records what they refuse. Calling
 * hast-util-sanitize per element instead doubled the sanitiser's cost.
 */
function checkProperties(policy: Policy, tag: string, properties: Properties, element: Element, removed: Removal[]): Properties {
  const specific = policy.rules.get(tag);
  const global = policy.rules.get('*');
  const out: Properties = {};
  for (const [key, value] of Object.entries(properties)) {
    if (value === null || value === undefined) continue;
    const kept = permit(ruleFor(specific, key), value) ?? permit(ruleFor(global, key), value);
    if (kept === undefined || (Array.isArray(kept) && kept.length === 0 && Array.isArray(value) && value.length > 0)) {
      record(removed, `${attributeName(key)} on <${tag}>`, element);
      continue;
    }
    if (Array.isArray(value) && Array.isArray(kept) && kept.length < value.length) {
      for (const token of value) {
        if (!kept.includes(token)) record(removed, `${attributeName(key)} ${JSON.stringify(String(token))} on <${tag}>`, element);
      }
    }
    out[key] = kept;
  }
  for (const [key, value] of Object.entries(policy.schema.required?.[tag] ?? {})) {
    if (!(key in out)) out[key] = value;
  }
  return out;
}

/** A tag's attribute rules by property name, and its `data*` rule. */
interface Rules {
  readonly byName: ReadonlyMap<string, PropertyDefinition>;
  readonly data?: PropertyDefinition;
}

function compileRules(attributes: Schema['attributes']): ReadonlyMap<string, Rules> {
  const out = new Map<string, Rules>();
  for (const [tag, definitions] of Object.entries(attributes ?? {})) {
    const byName = new Map<string, PropertyDefinition>();
    for (const definition of definitions) {
      const name = typeof definition === 'string' ? definition : definition[0];
      if (!byName.has(name)) byName.set(name, definition);
    }
    const data = byName.get('data*');
    out.set(tag, data === undefined ? { byName } : { byName, data });
  }
  return out;
}

function ruleFor(rules: Rules | undefined, key: string): PropertyDefinition | undefined {
  if (rules === undefined) return undefined;
  return rules.byName.get(key) ?? (key.length > 4 && key.slice(0, 4).toLowerCase() === 'data' ? rules.data : undefined);
}

/** The value (or the allowed tokens of a list) under `definition`; undefined when refused. */
function permit(definition: PropertyDefinition | undefined, value: Properties[string]): Properties[string] | undefined {
  if (definition === undefined || value === null || value === undefined) return undefined;
  if (Array.isArray(value)) return value.filter((item) => allows(definition, item));
  return allows(definition, value) ? value : undefined;
}

function allows(definition: PropertyDefinition, value: unknown): boolean {
  if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') return false;
  // A bare name, or a name alone in its tuple, allows any value; more entries are an allow-list.
  if (typeof definition === 'string' || definition.length === 1) return true;
  return definition.slice(1).some((allowed) => (allowed instanceof RegExp ? allowed.test(String(value)) : allowed === value));
}

function urlValues(key: string, value: Properties[string]): string[] {
  const values = Array.isArray(value) ? value.map(String) : [String(value)];
  if (key !== 'srcSet') return values;
  // Candidates are "url descriptor, url descriptor"; a data: URL's own comma
  // splits it too, which only makes it fail sooner.
  return values.flatMap((item) => item.split(',')).map((candidate) => candidate.trim().split(/\s+/)[0] ?? '');
}

/**
 * The URL as the browser's URL parser would read it: outer spaces and control
 * characters trimmed, tabs and newlines removed, and `< > " \`` and inner
 * spaces percent-encoded (it encodes them in paths, queries and fragments
 * anyway). So no markup, legacy attribute quote or `x onerror=` text survives
 * inside a URL attribute. In `srcset` spaces separate candidates and stay.
 */
function encodeUrl(key: string, value: string | number | boolean): string {
  const trimmed = String(value)
    .replace(/^[\u0000-\u0020]+|[\u0000-\u0020]+$/g, '')
    .replace(/[\t\n\r]/g, '');
  const unsafe = key === 'srcSet' ? /[<>"`]/g : /[<>"` ]/g;
  return trimmed.replace(unsafe, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

function record(removed: Removal[], what: string, node: { position?: { start: { line: number; column: number } } | undefined }): void {
  const start = node.position?.start;
  removed.push(start ? { what, line: start.line, column: start.column } : { what });
}

function attributeName(property: string): string {
  return find(html, property).attribute;
}

function toDefinition(attribute: string): PropertyDefinition {
  const property = find(html, attribute).property;
  return CLOBBERING.has(property) ? [property, PREFIXED] : property;
}

function describeHost(src: unknown): string {
  if (typeof src !== 'string' || src.trim() === '') return 'no src';
  try {
    return new URL(src.trim().startsWith('//') ? `https:${src.trim()}` : src.trim()).host || JSON.stringify(src);
  } catch {
    // Not a URL: the message names the text itself.
    return JSON.stringify(src.slice(0, 60));
  }
}

function prefix(name: string): string {
  return PREFIXED.test(name) ? name : CLOBBER_PREFIX + name;
}

function lower(text: string): string {
  return text.trim().toLowerCase();
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
