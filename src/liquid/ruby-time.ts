/**
 * Dates as Jekyll's Liquid filters see them: Liquid's `Utils.to_date` (which
 * inputs are dates) and Ruby's `Time#strftime`. Jekyll sets the process zone
 * to the site's `timezone`, so a value without an offset is wall-clock time
 * in that zone, a `Date` (a post's date, `site.time`) is shown in that zone,
 * and a string with an explicit offset keeps its own offset (Ruby's
 * `Time.parse`), which only the `date` filter shows: the `date_to_*` filters
 * call `localtime` first.
 */
import { DateTime } from 'luxon';

/**
 * `'now'`/`'today'`, a `Date`, an integer or digit string (Unix seconds), or a
 * string Ruby's `Time.parse` reads; `undefined` for anything else (the filters
 * then return their input unchanged, as Liquid does).
 */
export function toRubyTime(input: unknown, zone: string, now: () => Date = () => new Date()): DateTime | undefined {
  if (input instanceof Date) return Number.isNaN(input.getTime()) ? undefined : DateTime.fromJSDate(input, { zone });
  if (typeof input === 'number') return Number.isFinite(input) ? DateTime.fromSeconds(Math.trunc(input), { zone }) : undefined;
  if (typeof input !== 'string' || input === '') return undefined;
  const text = input.trim().toLowerCase();
  if (text === 'now' || text === 'today') return DateTime.fromJSDate(now(), { zone });
  if (/^\d+$/.test(text)) return DateTime.fromSeconds(Number(text), { zone });
  return parseTimeString(input.trim(), zone);
}

// `2024-03-05`, `2024-03-05 10:00`, `2024-03-05T10:00:00.5Z`, `… +09:00`, `… +0900`.
const ISO_LIKE = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?)?\s*(Z|UTC|GMT|[+-]\d{2}:?\d{2})?$/i;

function parseTimeString(text: string, zone: string): DateTime | undefined {
  const m = ISO_LIKE.exec(text);
  if (m) {
    const [, y, mo, d, h = '0', mi = '0', s = '0', frac = '', offset] = m;
    const fields = {
      year: Number(y),
      month: Number(mo),
      day: Number(d),
      hour: Number(h),
      minute: Number(mi),
      second: Number(s),
      millisecond: Number(`0.${frac || '0'}`) * 1000,
    };
    const fixed = offset === undefined ? zone : /^(z|utc|gmt)$/i.test(offset) ? 'UTC' : `UTC${offset.slice(0, 3)}:${offset.slice(-2)}`;
    const time = DateTime.fromObject(fields, { zone: fixed });
    return time.isValid ? time : undefined;
  }
  // Other forms (`March 5, 2024`, RFC 2822): the engine's parser, then its
  // machine-local wall clock read again in the site zone when no offset was given.
  const parsed = new Date(text);
  if (Number.isNaN(parsed.getTime())) return undefined;
  if (/(?:\b(?:utc|gmt|z)\b|[+-]\d{2}:?\d{2}\s*$)/i.test(text)) return DateTime.fromJSDate(parsed, { zone: 'UTC' });
  const local = DateTime.fromObject(
    {
      year: parsed.getFullYear(),
      month: parsed.getMonth() + 1,
      day: parsed.getDate(),
      hour: parsed.getHours(),
      minute: parsed.getMinutes(),
      second: parsed.getSeconds(),
    },
    { zone },
  );
  return local.isValid ? local : undefined;
}

const DAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const DIRECTIVE = /%([-_0^#]*)(\d*)(:z|[a-zA-Z%+])/g;

/** Ruby's `Time#strftime`, flags `-` `_` `0` `^` `#` and widths included. */
export function strftime(time: DateTime, format: string): string {
  return format.replace(DIRECTIVE, (whole, flags: string, width: string, code: string) => {
    const field = directive(time, code);
    if (field === undefined) return whole;
    let [text, pad] = field;
    if (flags.includes('^')) text = text.toUpperCase();
    if (flags.includes('#')) text = text === text.toUpperCase() ? text.toLowerCase() : text.toUpperCase();
    if (flags.includes('-')) return pad === '' ? text : text.replace(/^[0 ]+(?=.)/, '');
    if (flags.includes('_')) pad = ' ';
    else if (flags.includes('0')) pad = '0';
    const size = width !== '' ? Number(width) : field[2];
    return pad === '' ? text : padNumber(text, size, pad);
  });
}

function padNumber(text: string, size: number, pad: string): string {
  const digits = text.replace(/^[0 ]+(?=.)/, '');
  return digits.length >= size ? digits : pad.repeat(size - digits.length) + digits;
}

/** [text, pad character ('' for words), natural width]. */
type Field = [string, string, number];

/** A number padded to `width` with `pad` ('0', or ' ' for `%e`, `%k`, `%l`). */
const num = (value: number, width = 2, pad = '0'): Field => [padNumber(String(value), width, pad), pad, width];
/** A word or preformatted text: no padding unless a width asks for it. */
const word = (text: string): Field => [text, '', 0];
const hour12 = (t: DateTime): number => (t.hour % 12 === 0 ? 12 : t.hour % 12);
const monthName = (t: DateTime): string => MONTHS[t.month - 1] ?? '';
const dayName = (t: DateTime): string => DAYS[t.weekday - 1] ?? '';

/** Ruby's strftime conversions, by code (the letter after `%` and its flags and width). */
const DIRECTIVES: Readonly<Record<string, (t: DateTime) => Field>> = {
  Y: (t) => [String(t.year), '0', 1],
  C: (t) => num(Math.floor(t.year / 100)),
  y: (t) => num(t.year % 100),
  m: (t) => num(t.month),
  B: (t) => word(monthName(t)),
  b: (t) => word(monthName(t).slice(0, 3)),
  h: (t) => word(monthName(t).slice(0, 3)),
  d: (t) => num(t.day),
  e: (t) => num(t.day, 2, ' '),
  j: (t) => num(t.ordinal, 3),
  H: (t) => num(t.hour),
  k: (t) => num(t.hour, 2, ' '),
  I: (t) => num(hour12(t)),
  l: (t) => num(hour12(t), 2, ' '),
  P: (t) => word(t.hour < 12 ? 'am' : 'pm'),
  p: (t) => word(t.hour < 12 ? 'AM' : 'PM'),
  M: (t) => num(t.minute),
  S: (t) => num(t.second),
  L: (t) => num(t.millisecond, 3),
  N: (t) => num(t.millisecond * 1_000_000, 9),
  z: (t) => word(offset(t.offset, '')),
  ':z': (t) => word(offset(t.offset, ':')),
  Z: (t) => word(t.zoneName === 'UTC' ? 'UTC' : (t.offsetNameShort ?? '')),
  A: (t) => word(dayName(t)),
  a: (t) => word(dayName(t).slice(0, 3)),
  u: (t) => word(String(t.weekday)),
  w: (t) => word(String(t.weekday % 7)),
  U: (t) => num(weekOfYear(t, 0)),
  W: (t) => num(weekOfYear(t, 1)),
  G: (t) => word(String(t.weekYear)),
  V: (t) => num(t.weekNumber),
  s: (t) => word(String(Math.floor(t.toSeconds()))),
  F: (t) => word(strftime(t, '%Y-%m-%d')),
  D: (t) => word(strftime(t, '%m/%d/%y')),
  x: (t) => word(strftime(t, '%m/%d/%y')),
  T: (t) => word(strftime(t, '%H:%M:%S')),
  X: (t) => word(strftime(t, '%H:%M:%S')),
  R: (t) => word(strftime(t, '%H:%M')),
  r: (t) => word(strftime(t, '%I:%M:%S %p')),
  c: (t) => word(strftime(t, '%a %b %e %H:%M:%S %Y')),
  '+': (t) => word(strftime(t, '%a %b %e %H:%M:%S %Z %Y')),
  n: () => word('\n'),
  t: () => word('\t'),
  '%': () => word('%'),
};

/** The field for one code, or undefined for a code Ruby does not know (the directive is then printed as written). */
function directive(t: DateTime, code: string): Field | undefined {
  return Object.hasOwn(DIRECTIVES, code) ? DIRECTIVES[code]?.(t) : undefined;
}

/** Week of the year starting on Sunday (`first` 0) or Monday (1), days before the first such day in week 0. */
function weekOfYear(t: DateTime, first: 0 | 1): number {
  const wday = first === 0 ? t.weekday % 7 : t.weekday - 1;
  return Math.floor((t.ordinal - 1 - wday + 7) / 7);
}

function offset(minutes: number, separator: string): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}${separator}${String(abs % 60).padStart(2, '0')}`;
}

/** Ruby's `Time#to_s` (`2024-06-12 10:30:00 +0900`): how `jsonify` and `inspect` show a time. */
export function rubyTimeString(time: DateTime): string {
  return strftime(time, time.zoneName === 'UTC' ? '%Y-%m-%d %H:%M:%S UTC' : '%Y-%m-%d %H:%M:%S %z');
}
