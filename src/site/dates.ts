/**
 * Post dates as Jekyll 4 reads them, and the values its URL placeholders and
 * templates show. Every calendar field is taken in an IANA zone (the site's
 * `timezone`), never in the zone of the machine running the build.
 */
import { DateTime, IANAZone } from 'luxon';

export interface FilenameParts {
  year: number;
  month: number;
  day: number;
  /** The text between the date and the extension, trailing dots removed (Jekyll 4). */
  slug: string;
}

// Jekyll's Document::DATE_FILENAME_MATCHER, applied to a basename.
const DATE_FILENAME = /^(\d{2,4})-(\d{1,2})-(\d{1,2})-([^/]*)(\.[^.]+)$/;

/**
 * `'YYYY-MM-DD-slug.ext'` → its parts; `undefined` when the name has no
 * leading date or no extension (Jekyll does not read it as a post). Month and
 * day may have one digit (`2024-6-1-a.md`); a two-digit year is read as Ruby
 * does (`69`–`99` → 19xx, else 20xx). A date that does not exist
 * (`2024-02-30`, `2024-13-45`) is returned as `{ invalidDate }`.
 * Any directory part of the argument is ignored.
 */
export function parseFilenameDate(basename: string): FilenameParts | { invalidDate: string } | undefined {
  const name = basename.slice(basename.lastIndexOf('/') + 1);
  const match = DATE_FILENAME.exec(name);
  if (!match) return undefined;
  const [, y = '', m = '', d = '', rest = ''] = match;
  const year = y.length === 2 ? expandTwoDigitYear(Number(y)) : Number(y);
  const month = Number(m);
  const day = Number(d);
  if (!isCalendarDate(year, month, day)) return { invalidDate: `${y}-${m}-${d}` };
  return { year, month, day, slug: rest.replace(/\.+$/, '') };
}

export interface PostDateInput {
  /** Front matter `date` as the YAML loader left it: a string, a `Date`, or anything else (an error). */
  readonly frontMatterDate: unknown;
  /** The filename's date, used when there is no front-matter date. */
  readonly filename?: FilenameParts;
  /** IANA zone for values that carry no offset. */
  readonly zone: string;
  /**
   * True when the front-matter value was a plain (unquoted) YAML scalar.
   * Jekyll's YAML parser (Psych) reads a plain `YYYY-MM-DD HH:MM:SS` without
   * an offset as a UTC timestamp; quoted, the same text is local time in the
   * site zone. Default false (local time).
   */
  readonly plainScalar?: boolean;
}

export type PostDateResult = { date: Date } | { error: string; hint: string } | undefined;

const DATE_HINT = 'write the date as YYYY-MM-DD or YYYY-MM-DD HH:MM:SS +0900';

/**
 * Jekyll's rule: the front-matter date wins; text without an offset is local
 * time in `zone`; else the filename's date at 00:00 in `zone`; else
 * `undefined` (the caller falls back to the file's mtime and warns).
 * `null` counts as no front-matter date, as in Jekyll.
 */
export function resolvePostDate(input: PostDateInput): PostDateResult {
  const { frontMatterDate: value, filename, zone } = input;
  if (value === undefined || value === null) {
    if (!filename) return undefined;
    return localTimeIn({ year: filename.year, month: filename.month, day: filename.day }, zone);
  }
  if (value instanceof Date) {
    return Number.isNaN(value.getTime()) ? { error: 'the front matter `date` is not a valid date', hint: DATE_HINT } : { date: new Date(value.getTime()) };
  }
  if (typeof value === 'number') {
    return {
      error: `the front matter \`date\` must be a date like 2024-06-12, got the number ${value}`,
      hint: `${DATE_HINT}; quote it if it is meant as text`,
    };
  }
  if (typeof value !== 'string') {
    return { error: `the front matter \`date\` must be a date like 2024-06-12, got ${describe(value)}`, hint: DATE_HINT };
  }
  return parseDateText(value, zone, input.plainScalar === true);
}

// Date, then optional time, then optional offset: what Ruby's Time.parse is
// given by Jekyll in practice (Psych's Time#to_s, Date#to_s, and hand-written
// values). Free text like "June 12, 2024" is not accepted.
const DATE_TEXT =
  /^(\d{4})([-/])(\d{1,2})\2(\d{1,2})(?:(?:[Tt]|\s+)(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?(?:\s*(Z|UTC|GMT|[+-]\d{1,2}(?::?\d{2})?))?)?$/i;
// Psych's ScalarScanner::TIME: the plain scalars YAML turns into a Time.
const YAML_TIMESTAMP = /^-?\d{4}-\d{1,2}-\d{1,2}(?:[Tt]|\s+)\d{1,2}:\d\d:\d\d(?:\.\d*)?(?:\s*(?:Z|[-+]\d{1,2}:?(?:\d\d)?))?$/;

function parseDateText(raw: string, zone: string, plainScalar: boolean): PostDateResult {
  const text = raw.trim();
  const match = DATE_TEXT.exec(text);
  if (!match) return { error: `the front matter \`date\` is not a date: "${raw}"`, hint: DATE_HINT };
  const [, y = '', , mo = '', d = '', h, mi, s, fraction, offset] = match;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = h === undefined ? 0 : Number(h);
  const minute = mi === undefined ? 0 : Number(mi);
  const second = s === undefined ? 0 : Number(s);
  const millisecond = fraction === undefined ? 0 : Number(fraction.slice(0, 3).padEnd(3, '0'));
  if (!isCalendarDate(year, month, day)) {
    return { error: `the front matter \`date\` does not exist: "${raw}"`, hint: 'check the month (1–12) and the day of the month' };
  }
  if (hour > 23 || minute > 59 || second > 59) {
    return { error: `the front matter \`date\` has an impossible time: "${raw}"`, hint: 'use a 24-hour time from 00:00:00 to 23:59:59' };
  }
  const fields = { year, month, day, hour, minute, second, millisecond };
  if (offset !== undefined) {
    const minutes = offsetMinutes(offset);
    if (minutes === undefined) {
      return { error: `the front matter \`date\` has an impossible UTC offset: "${raw}"`, hint: 'write the offset as +0900 or +09:00' };
    }
    return { date: new Date(utcOfFields(fields) - minutes * MINUTE_MS) };
  }
  if (plainScalar && YAML_TIMESTAMP.test(text)) return { date: new Date(utcOfFields(fields)) };
  return localTimeIn(fields, zone);
}

interface LocalFields {
  year: number;
  month: number;
  day: number;
  hour?: number;
  minute?: number;
  second?: number;
  millisecond?: number;
}

/** The fields read as a UTC time, for any year (Date.UTC takes 0–99 as 1900–1999). */
function utcOfFields(fields: LocalFields): number {
  const date = new Date(0);
  date.setUTCFullYear(fields.year, fields.month - 1, fields.day);
  date.setUTCHours(fields.hour ?? 0, fields.minute ?? 0, fields.second ?? 0, fields.millisecond ?? 0);
  return date.getTime();
}

/**
 * Local time in an IANA zone → the instant. When the zone keeps one offset
 * for the whole UTC day of the local time and the days either side (which
 * hold every instant that local time could be), that offset is the answer;
 * otherwise (a transition near, or an unknown zone) luxon decides, gaps and
 * overlaps included.
 */
function localTimeIn(fields: LocalFields, zone: string): PostDateResult {
  const local = utcOfFields(fields);
  const offset = steadyOffset(local, zone);
  if (offset !== undefined) return { date: new Date(local - offset * MINUTE_MS) };
  return toResult(DateTime.fromObject(fields, { zone }), zone);
}

/** The zone's offset in minutes when it is the same from the UTC day before `ms` to the day after, else undefined. */
function steadyOffset(ms: number, zone: string): number | undefined {
  const at = dayOffset(ms, zone);
  return at !== null && dayOffset(ms - DAY_MS, zone) === at && dayOffset(ms + DAY_MS, zone) === at ? at : undefined;
}

function offsetMinutes(text: string): number | undefined {
  const upper = text.toUpperCase();
  if (upper === 'Z' || upper === 'UTC' || upper === 'GMT') return 0;
  const match = /^([+-])(\d{1,2})(?::?(\d{2}))?$/.exec(text);
  if (!match) return undefined;
  const hours = Number(match[2]);
  const minutes = Number(match[3] ?? '0');
  if (hours > 23 || minutes > 59) return undefined;
  return (match[1] === '-' ? -1 : 1) * (hours * 60 + minutes);
}

function toResult(dt: DateTime, zone: string): PostDateResult {
  if (!dt.isValid) return { error: `cannot place the date in the time zone "${zone}"`, hint: 'set `timezone` in _config.yml to an IANA name like Asia/Seoul' };
  return { date: dt.toJSDate() };
}

/**
 * `'2024-06-12T10:00:00+09:00'`: seconds precision, numeric offset (`+00:00` for UTC).
 * @throws RangeError when `zone` is not an IANA zone (as do `formatDisplayDate` and `dateParts`).
 */
export function formatIsoInZone(date: Date, zone: string): string {
  const fields = zonedFields(date, zone);
  // Offsets of local mean time have seconds (Seoul until 1908: +08:27:52); shown truncated, as luxon does.
  const offset = Math.abs(fields.offset);
  const day = `${pad(fields.year, 4)}-${pad(fields.month)}-${pad(fields.day)}`;
  const time = `${pad(fields.hour)}:${pad(fields.minute)}:${pad(fields.second)}`;
  return `${day}T${time}${fields.offset < 0 ? '-' : '+'}${pad(Math.trunc(offset / 60))}:${pad(Math.trunc(offset % 60))}`;
}

/**
 * The date as readers of `lang` write it (Intl `dateStyle: 'long'`):
 * `ko-KR` → `2024년 6월 12일`, `en-US` → `June 12, 2024`. An unknown or
 * malformed language tag falls back to `en-US`.
 */
export function formatDisplayDate(date: Date, zone: string, lang: string): string {
  const display = displayOf(zone, lang);
  if (!display.formatter) return formatIsoInZone(date, zone).slice(0, 10);
  // The text names the local day only: formatted once per day (posts share days; lists show each post many times).
  const ms = date.getTime();
  const offset = dayOffset(ms, zone);
  if (offset === null) return display.formatter.format(date);
  const day = Math.floor((ms + offset * MINUTE_MS) / DAY_MS);
  let text = display.days.get(day);
  if (text === undefined) display.days.set(day, (text = display.formatter.format(date)));
  return text;
}

/** How one (zone, language) shows dates: its formatter (undefined when Intl knows neither), and each local day as it wrote it. */
interface DisplayFormat {
  readonly formatter: Intl.DateTimeFormat | undefined;
  readonly days: Map<number, string>;
}

// Building an Intl.DateTimeFormat costs far more than formatting with one; a
// build formats thousands of dates in one or two (zone, lang) pairs. Keyed by
// the strings as given (their hashes are kept), not by a key built per call.
const displayFormats = new Map<string, Map<string, DisplayFormat>>();

function displayOf(zone: string, lang: string): DisplayFormat {
  let byLang = displayFormats.get(zone);
  if (byLang === undefined) displayFormats.set(zone, (byLang = new Map()));
  let display = byLang.get(lang);
  if (display === undefined) byLang.set(lang, (display = { formatter: displayFormatter(zone, lang), days: new Map() }));
  return display;
}

function displayFormatter(zone: string, lang: string): Intl.DateTimeFormat | undefined {
  for (const locale of [lang, lang.replace(/_/g, '-'), 'en-US']) {
    try {
      return new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: zone });
    } catch {
      // A tag or zone Intl refuses (RangeError): try the next candidate; with none left, dates are shown as ISO days.
    }
  }
  return undefined;
}

/** Jekyll's UrlDrop date placeholders, each as Ruby's `strftime` renders it. */
export interface DateParts {
  /** `%Y` 2024 */
  year: string;
  /** `%m` 06 */
  month: string;
  /** `%-m` 6 */
  i_month: string;
  /** `%d` 02 */
  day: string;
  /** `%-d` 2 */
  i_day: string;
  /** `%j` 001–366 */
  y_day: string;
  /** `%y` 24 */
  short_year: string;
  /** `%H` 00–23 */
  hour: string;
  /** `%M` */
  minute: string;
  /** `%S` */
  second: string;
  /** `%V` ISO 8601 week 01–53 */
  week: string;
  /** `%G` ISO 8601 week-numbering year */
  w_year: string;
  /** `%u` 1 (Monday)–7 (Sunday) */
  w_day: string;
  /** `%a` Mon */
  short_day: string;
  /** `%A` Monday */
  long_day: string;
  /** `%b` Jun */
  short_month: string;
  /** `%B` June */
  long_month: string;
}

// Ruby's strftime names are English whatever the locale.
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const DAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

export function dateParts(date: Date, zone: string): DateParts {
  const dt = zonedFields(date, zone);
  const longMonth = MONTHS[dt.month - 1] ?? '';
  const longDay = DAYS[dt.weekday - 1] ?? '';
  return {
    year: pad(dt.year, 4),
    month: pad(dt.month),
    i_month: String(dt.month),
    day: pad(dt.day),
    i_day: String(dt.day),
    y_day: pad(dt.ordinal, 3),
    short_year: pad(dt.year % 100),
    hour: pad(dt.hour),
    minute: pad(dt.minute),
    second: pad(dt.second),
    week: pad(dt.weekNumber),
    w_year: pad(dt.weekYear, 4),
    w_day: String(dt.weekday),
    short_day: longDay.slice(0, 3),
    long_day: longDay,
    short_month: longMonth.slice(0, 3),
    long_month: longMonth,
  };
}

/** The calendar and clock fields of an instant in a zone, and the zone's offset then. */
interface ZonedFields {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** Day of the year, 1–366. */
  ordinal: number;
  /** ISO weekday, 1 (Monday) to 7 (Sunday). */
  weekday: number;
  /** ISO 8601 week number and its week-numbering year. */
  weekNumber: number;
  weekYear: number;
  /** Minutes east of UTC. */
  offset: number;
}

/** @throws RangeError when `zone` is not an IANA zone (the config validates it first). */
function zonedFields(date: Date, zone: string): ZonedFields {
  const ms = date.getTime();
  let offset = dayOffset(ms, zone);
  if (offset === null) {
    const iana = IANAZone.create(zone);
    const exact = iana.isValid && Number.isFinite(ms) ? iana.offset(ms) : NaN;
    if (!Number.isFinite(exact)) throw new RangeError(`cannot show ${String(date)} in time zone "${zone}": ${iana.isValid ? 'invalid date' : 'unknown zone'}`);
    offset = exact;
  }
  // The local fields are the UTC fields of the instant moved by the offset.
  const local = new Date(ms + offset * MINUTE_MS);
  const year = local.getUTCFullYear();
  const weekday = local.getUTCDay() === 0 ? 7 : local.getUTCDay();
  const midnight = utcOfFields({ year, month: local.getUTCMonth() + 1, day: local.getUTCDate() });
  // ISO weeks: the week (Monday to Sunday) belongs to the year its Thursday is in.
  const thursday = new Date(midnight + (4 - weekday) * DAY_MS);
  const weekYear = thursday.getUTCFullYear();
  return {
    year,
    month: local.getUTCMonth() + 1,
    day: local.getUTCDate(),
    hour: local.getUTCHours(),
    minute: local.getUTCMinutes(),
    second: local.getUTCSeconds(),
    ordinal: dayOfYear(midnight, year),
    weekday,
    weekNumber: Math.floor((dayOfYear(thursday.getTime(), weekYear) - 1) / 7) + 1,
    weekYear,
    offset,
  };
}

function dayOfYear(midnight: number, year: number): number {
  return Math.round((midnight - utcOfFields({ year, month: 1, day: 1 })) / DAY_MS) + 1;
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
/** Zone → UTC day → the zone's offset in minutes when it is the same all that day, else null. */
const dayOffsets = new Map<string, Map<number, number | null>>();

/**
 * The zone's offset (minutes) on the UTC day of `ms` when it is the same at
 * the day's first and last millisecond (every day but the few with a
 * transition; no zone changes twice in a day and back), else null; null too
 * for an unknown zone or an invalid date. luxon finds an IANA zone's offset
 * through Intl, which is slow; a build reads thousands of dates on a few
 * hundred days.
 */
function dayOffset(ms: number, zone: string): number | null {
  if (!Number.isFinite(ms)) return null;
  const day = Math.floor(ms / DAY_MS);
  let days = dayOffsets.get(zone);
  if (days === undefined) dayOffsets.set(zone, (days = new Map()));
  let minutes = days.get(day);
  if (minutes === undefined) {
    const start = zoneOffset(day * DAY_MS, zone);
    minutes = Number.isFinite(start) && start === zoneOffset((day + 1) * DAY_MS - 1, zone) ? start : null;
    days.set(day, minutes);
  }
  return minutes;
}

/** One formatter per zone that writes only the offset (`GMT+09:00`, `GMT+08:27:52`, `GMT`); null for a zone Intl does not know. */
const offsetFormats = new Map<string, Intl.DateTimeFormat | null>();
const LONG_OFFSET = /GMT(?:([+-])(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;

/**
 * The zone's offset at `ms` in minutes, as luxon's IANAZone.offset gives it
 * (seconds of a local mean time as a fraction), NaN for an unknown zone.
 * Read from one reused Intl formatter's offset alone: about eight times
 * cheaper than luxon, which formats every field of the date to parts.
 */
function zoneOffset(ms: number, zone: string): number {
  let format = offsetFormats.get(zone);
  if (format === undefined) {
    try {
      format = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' });
    } catch {
      // Not a zone Intl knows (RangeError): luxon would not know it either.
      format = null;
    }
    offsetFormats.set(zone, format);
  }
  if (format === null) return NaN;
  const match = LONG_OFFSET.exec(format.format(ms));
  if (!match) return IANAZone.create(zone).offset(ms);
  if (match[1] === undefined) return 0;
  const seconds = Number(match[2]) * 3600 + Number(match[3]) * 60 + Number(match[4] ?? '0');
  // The same arithmetic as luxon's (milliseconds over 60,000), so that equal offsets compare equal.
  return ((match[1] === '-' ? -1 : 1) * (seconds * 1000)) / 60_000;
}

function isCalendarDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  return day <= daysInMonth(year, month);
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

// Ruby's Date._parse with comp=true: 69–99 → 1969–1999, 00–68 → 2000–2068.
function expandTwoDigitYear(year: number): number {
  return year >= 69 ? 1900 + year : 2000 + year;
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return `${typeof value} ${String(value)}`;
}
