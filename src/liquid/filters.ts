/**
 * Jekyll 4.3's Liquid filters on a liquidjs instance. liquidjs 10 has most of
 * them built in, but several differ from Jekyll in details a migrated page
 * shows (Ruby's `inspect`, `where` on arrays, `sort` with nils, percent
 * encoding, dates in the site zone), so each one registered here follows
 * Jekyll's Ruby source; `where_exp`, `find_exp`, `group_by_exp` keep
 * liquidjs's (they evaluate Liquid expressions as Jekyll's do), and Liquid's
 * own standard filters are liquidjs's.
 */
import type { Liquid } from 'liquidjs';
import { DateTime } from 'luxon';
import { absoluteUrl, encodeComponent, relativeUrl, URI_KEEP } from '../site/jekyll-urls.js';
import { isSlugifyMode, slugify } from '../site/slugify.js';
import { rubyTimeString, strftime, toRubyTime } from './ruby-time.js';

export interface FilterOptions {
  /** Site origin without trailing slash (`site.url`). Default `''`. */
  readonly url: string;
  /** Path prefix (`site.baseurl`). Default `''`. */
  readonly baseurl: string;
  /** IANA zone dates are shown in. Default `'UTC'`. */
  readonly timezone: string;
  /** Markdown → HTML, the caller's sanitising renderer. */
  readonly markdownify: (text: string) => string;
  /** The clock for `'now'`. Default the system clock. */
  readonly now?: () => Date;
}

export function registerJekyllFilters(liquid: Liquid, options: FilterOptions): void {
  const zone = options.timezone;
  const now = options.now ?? (() => new Date());
  const time = (input: unknown): DateTime | undefined => toRubyTime(input, zone, now);
  // Jekyll's date_to_* filters call `localtime`: a string's own offset is not kept.
  const local = (input: unknown): DateTime | undefined => time(input)?.setZone(zone);
  const filters: Record<string, (...args: any[]) => unknown> = {
    relative_url: (input: unknown) => (input == null ? input : relativeUrl(toS(input), options.baseurl)),
    absolute_url: (input: unknown) => (input == null ? input : absoluteUrl(toS(input), options.url, options.baseurl)),
    date: (input: unknown, format?: unknown) => {
      if (format == null || toS(format) === '') return input;
      const parsed = time(input);
      return parsed ? strftime(parsed, toS(format)) : input;
    },
    date_to_xmlschema: (input: unknown) => dateFilter(input, local, (t) => strftime(t, '%Y-%m-%dT%H:%M:%S%:z')),
    date_to_rfc822: (input: unknown) => dateFilter(input, local, (t) => strftime(t, '%a, %d %b %Y %H:%M:%S %z')),
    date_to_string: (input: unknown, type?: unknown, style?: unknown) => dateFilter(input, local, (t) => stringifyDate(t, '%b', type, style)),
    date_to_long_string: (input: unknown, type?: unknown, style?: unknown) => dateFilter(input, local, (t) => stringifyDate(t, '%B', type, style)),
    xml_escape: (input: unknown) => (input == null ? input : xmlEscape(toS(input))),
    cgi_escape: (input: unknown) => cgiEscape(toS(input)),
    uri_escape: (input: unknown) => encodeComponent(toS(input), URI_KEEP),
    jsonify: (input: unknown) => JSON.stringify(asJson(input, zone) ?? null),
    where: (input: unknown, property: unknown, value: unknown) => where(input, property, value),
    find: (input: unknown, property: unknown, value: unknown) =>
      asList(input)?.find((item) => compareProperty(itemProperty(item, toS(property)), value)) ?? null,
    group_by: (input: unknown, property: unknown) => groupBy(input, toS(property)),
    sort: (input: unknown, property?: unknown, nils?: unknown) => sortFilter(input, property, nils),
    markdownify: (input: unknown) => options.markdownify(toS(input)),
    smartify: (input: unknown) => smartify(toS(input)),
    strip_html: (input: unknown) =>
      toS(input)
        .replace(/<script.*?<\/script>/gs, '')
        .replace(/<!--.*?-->/gs, '')
        .replace(/<style.*?<\/style>/gs, '')
        .replace(/<.*?>/gs, ''),
    truncatewords: (input: unknown, words?: unknown, ending?: unknown) => truncateWords(input, words, ending),
    number_of_words: (input: unknown, mode?: unknown) => numberOfWords(toS(input), mode),
    slugify: (input: unknown, mode?: unknown) => (input == null ? input : slugify(toS(input), { mode: isSlugifyMode(mode) ? mode : 'default' })),
    array_to_sentence_string: (input: unknown, connector: unknown = 'and') => sentence(asList(input) ?? [], toS(connector)),
    normalize_whitespace: (input: unknown) =>
      toS(input)
        .replace(RUBY_SPACE_RUN, ' ')
        .replace(/^[ \t\n\v\f\r\0]+|[ \t\n\v\f\r\0]+$/g, ''),
    pop: (input: unknown, num: unknown = 1) => (Array.isArray(input) ? input.slice(0, Math.max(0, input.length - toInteger(num))) : input),
    push: (input: unknown, item: unknown) => (Array.isArray(input) ? [...input, item] : input),
    shift: (input: unknown, num: unknown = 1) => (Array.isArray(input) ? input.slice(toInteger(num)) : input),
    unshift: (input: unknown, item: unknown) => (Array.isArray(input) ? [item, ...input] : input),
    sample: (input: unknown, num: unknown = 1) => sample(input, toInteger(num)),
    inspect: (input: unknown) => xmlEscape(rubyInspect(input, zone)),
    to_integer: (input: unknown) => toInteger(input),
  };
  for (const [name, handler] of Object.entries(filters)) liquid.registerFilter(name, handler);
}

/** Ruby's `to_s` as Liquid output shows it: nil is empty, arrays are joined. */
function toS(value: unknown): string {
  if (value == null) return '';
  if (Array.isArray(value)) return value.map(toS).join('');
  return String(value);
}

function dateFilter(input: unknown, time: (input: unknown) => DateTime | undefined, show: (t: DateTime) => string): unknown {
  if (input == null || toS(input) === '') return input;
  const parsed = time(input);
  // Jekyll raises InvalidDateError here; Liquid output then shows nothing useful, so the input stays.
  return parsed ? show(parsed) : input;
}

function stringifyDate(t: DateTime, month: string, type: unknown, style: unknown): string {
  if (type !== 'ordinal') return strftime(t, `%d ${month} %Y`);
  const day = `${t.day}${ordinal(t.day)}`;
  return style === 'US' ? strftime(t, `${month} ${day}, %Y`) : strftime(t, `${day} ${month} %Y`);
}

function ordinal(day: number): string {
  if (day >= 11 && day <= 13) return 'th';
  return ['th', 'st', 'nd', 'rd'][day % 10] ?? 'th';
}

// ---- URLs: Addressable::URI#normalize and CGI.escape as Jekyll calls them (site/jekyll-urls.ts).

function cgiEscape(text: string): string {
  return encodeComponent(text.replace(/%/g, '%25'), /[A-Za-z0-9_.\-~ ]/).replace(/ /g, '+');
}

function xmlEscape(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[ch] ?? ch);
}

// ---- Arrays: Jekyll's where/find/group_by/sort helpers.

function asList(input: unknown): unknown[] | undefined {
  if (Array.isArray(input)) return input;
  if (input !== null && typeof input === 'object') return Object.values(input);
  return undefined;
}

/** `item_property`: dotted paths read through hashes; numeric strings become numbers (for sorting). */
function itemProperty(item: unknown, property: string): unknown {
  let value: unknown = item;
  for (const key of property.split('.')) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  if (typeof value === 'string' || typeof value === 'number') {
    const text = String(value);
    if (/^\s*-?\d+\s*$/.test(text)) return Number.parseInt(text, 10);
    if (/^\s*-?(?:\d+\.?\d*|\.\d+)\s*$/.test(text)) return Number.parseFloat(text);
  }
  return value;
}

/** `compare_property_vs_target`: strings compared as strings; arrays match when any element does. */
function compareProperty(property: unknown, target: unknown): boolean {
  if (target == null) return property == null;
  const wanted = toS(target);
  if (typeof property === 'string') return property === wanted;
  const values = Array.isArray(property) ? property : property == null ? [] : [property];
  return values.some((value) => toS(value) === wanted);
}

function where(input: unknown, property: unknown, value: unknown): unknown {
  const list = asList(input);
  if (!list) return input;
  // Jekyll refuses arrays and hashes as targets (their `to_s` is an inspect string).
  if (Array.isArray(value) || (value !== null && typeof value === 'object' && !(value instanceof Date))) return list;
  return list.filter((item) => compareProperty(itemProperty(item, toS(property)), value));
}

function groupBy(input: unknown, property: string): unknown {
  const list = asList(input);
  if (!list) return input;
  const groups = new Map<string, unknown[]>();
  for (const item of list) {
    const raw = itemProperty(item, property);
    // Ruby's `to_s`: an array's is its inspect form (`["News"]`), nil's is "".
    const key = Array.isArray(raw) ? rubyInspect(raw, 'UTC') : toS(raw);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return [...groups].map(([name, items]) => ({ name, items, size: items.length }));
}

function sortFilter(input: unknown, property: unknown, nils: unknown): unknown {
  if (input == null) return input;
  const list = asList(input) ?? [input];
  if (property == null) return [...list].sort(compareValues);
  const order = nils === 'last' ? 1 : -1;
  return list
    .map((item) => [itemProperty(item, toS(property)), item] as const)
    .sort(([a], [b]) => {
      if (a != null && b == null) return -order;
      if (a == null && b != null) return order;
      return compareValues(a, b);
    })
    .map(([, item]) => item);
}

/** Ruby's `<=>` where it is defined, else comparing `to_s` (Jekyll's fallback). */
function compareValues(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (a instanceof Date && b instanceof Date) return a.getTime() - b.getTime();
  const x = toS(a);
  const y = toS(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

function sample(input: unknown, count: number): unknown {
  const list = typeof input === 'string' ? undefined : asList(input);
  if (!list) return input;
  const shuffled = [...list];
  for (let i = shuffled.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [shuffled[i], shuffled[j]] = [shuffled[j], shuffled[i]];
  }
  return count === 1 ? shuffled[0] : shuffled.slice(0, Math.max(0, count));
}

// ---- Text.

const RUBY_SPACE_RUN = /[ \t\n\v\f\r]+/g;

function truncateWords(input: unknown, words: unknown = 15, ending: unknown = '...'): unknown {
  if (input == null) return input;
  const limit = Math.max(1, toInteger(words));
  const list = toS(input).trim().split(RUBY_SPACE_RUN);
  if (list.length <= limit) return input;
  return list.slice(0, limit).join(' ') + toS(ending);
}

const CJK = /[\p{Script=Han}\p{Script=Katakana}\p{Script=Hiragana}\p{Script=Hangul}]/gu;
const NON_CJK_WORD = /[^\p{Script=Han}\p{Script=Katakana}\p{Script=Hiragana}\p{Script=Hangul}\s]+/gu;

function numberOfWords(input: string, mode: unknown): number {
  const split = input.trim() === '' ? 0 : input.trim().split(RUBY_SPACE_RUN).length;
  const cjk = (input.match(CJK) ?? []).length;
  const words = (input.match(NON_CJK_WORD) ?? []).length;
  if (mode === 'cjk') return cjk + words;
  if (mode === 'auto') return cjk === 0 ? split : cjk + words;
  return split;
}

function sentence(list: readonly unknown[], connector: string): string {
  if (list.length === 0) return '';
  if (list.length === 1) return toS(list[0]);
  if (list.length === 2) return `${toS(list[0])} ${connector} ${toS(list[1])}`;
  return `${list.slice(0, -1).map(toS).join(', ')}, ${connector} ${toS(list[list.length - 1])}`;
}

/**
 * kramdown's SmartyPants as Jekyll's `smartify` applies it to text: quotes
 * curled, `---` and `--` as dashes, `...` as an ellipsis; tags untouched.
 */
function smartify(text: string): string {
  return text
    .split(/(<[^>]*>)/)
    .map((part, i) =>
      i % 2 === 1
        ? part
        : part
            .replace(/---/g, '—')
            .replace(/--/g, '–')
            .replace(/\.\.\./g, '…')
            .replace(/(^|[\s([{—–])"/g, '$1“')
            .replace(/"/g, '”')
            .replace(/(^|[\s([{—–])'/g, '$1‘')
            .replace(/'/g, '’'),
    )
    .join('');
}

/** Ruby's `to_i` (leading integer of a string, else 0); `true` is 1 as in Jekyll. */
export function toInteger(input: unknown): number {
  if (input === true) return 1;
  if (input === false || input == null) return 0;
  if (typeof input === 'number') return Number.isFinite(input) ? Math.trunc(input) : 0;
  const m = /^\s*([+-]?\d+)/.exec(String(input).replace(/_(?=\d)/g, ''));
  return m ? Number.parseInt(m[1] ?? '0', 10) : 0;
}

// ---- Ruby's views of values: `to_json` (jsonify) and `inspect`.

function asJson(value: unknown, zone: string): unknown {
  if (value instanceof Date) return rubyTimeString(DateTime.fromJSDate(value, { zone }));
  if (Array.isArray(value)) return value.map((item) => asJson(item, zone) ?? null);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value)) out[key] = asJson((value as Record<string, unknown>)[key], zone) ?? null;
    return out;
  }
  return value;
}

export function rubyInspect(value: unknown, zone: string): string {
  if (value == null) return 'nil';
  if (typeof value === 'string') return JSON.stringify(value).replace(/#(?=[{$@])/g, '\\#');
  if (typeof value === 'number') {
    return Number.isInteger(value) ? String(value) : String(value).includes('.') || !Number.isFinite(value) ? String(value) : `${value}.0`;
  }
  if (value instanceof Date) return rubyTimeString(DateTime.fromJSDate(value, { zone }));
  if (Array.isArray(value)) return `[${value.map((item) => rubyInspect(item, zone)).join(', ')}]`;
  if (typeof value === 'object') {
    const entries = Object.keys(value).map((key) => `${JSON.stringify(key)}=>${rubyInspect((value as Record<string, unknown>)[key], zone)}`);
    return `{${entries.join(', ')}}`;
  }
  return String(value);
}
