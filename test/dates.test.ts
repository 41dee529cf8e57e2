import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { type DateParts, dateParts, type FilenameParts, formatDisplayDate, formatIsoInZone, parseFilenameDate, resolvePostDate } from '../src/site/dates.js';

const SEOUL = 'Asia/Seoul';

describe('parseFilenameDate', () => {
  it.each<[string, FilenameParts]>([
    ['2024-06-12-hello-world.md', { year: 2024, month: 6, day: 12, slug: 'hello-world' }],
    ['2024-06-12-한일-회동.md', { year: 2024, month: 6, day: 12, slug: '한일-회동' }],
    ['2024-06-12-Tech News.markdown', { year: 2024, month: 6, day: 12, slug: 'Tech News' }],
    ['2024-6-1-short.html', { year: 2024, month: 6, day: 1, slug: 'short' }],
    ['2024-06-12-v1.2.md', { year: 2024, month: 6, day: 12, slug: 'v1.2' }],
    // Jekyll 4 strips trailing periods from the slug.
    ['2024-06-12-ends-with-dots...md', { year: 2024, month: 6, day: 12, slug: 'ends-with-dots' }],
    ['2024-06-12-.md', { year: 2024, month: 6, day: 12, slug: '' }],
    ['2024-02-29-leap.md', { year: 2024, month: 2, day: 29, slug: 'leap' }],
    // Two-digit years as Ruby's Date._parse reads them.
    ['24-06-12-two-digit.md', { year: 2024, month: 6, day: 12, slug: 'two-digit' }],
    ['99-12-31-party.md', { year: 1999, month: 12, day: 31, slug: 'party' }],
    ['_posts/news/2024-06-12-nested.md', { year: 2024, month: 6, day: 12, slug: 'nested' }],
  ])('%j → %j', (name, expected) => {
    expect(parseFilenameDate(name)).toEqual(expected);
  });

  it.each([
    ['2024-02-30-x.md', '2024-02-30'],
    ['2024-13-45-x.md', '2024-13-45'],
    ['2023-02-29-not-leap.md', '2023-02-29'],
    ['2024-00-10-x.md', '2024-00-10'],
    ['2024-04-31-x.md', '2024-04-31'],
  ])('%j has an impossible date', (name, invalidDate) => {
    expect(parseFilenameDate(name)).toEqual({ invalidDate });
  });

  it.each(['about.md', '2024-06-12-no-extension', '2024-06-12.md', '20240612-x.md', '2024-06-123-x.md', 'x-2024-06-12-y.md'])(
    '%j is not a dated post name',
    (name) => {
      expect(parseFilenameDate(name)).toBeUndefined();
    },
  );
});

describe('resolvePostDate', () => {
  const filename: FilenameParts = { year: 2024, month: 1, day: 2, slug: 'x' };

  it.each<[unknown, string, string]>([
    ['2024-06-12', SEOUL, '2024-06-11T15:00:00.000Z'],
    ['2024-06-12', 'UTC', '2024-06-12T00:00:00.000Z'],
    ['2024-06-12 10:00:00 +0900', SEOUL, '2024-06-12T01:00:00.000Z'],
    ['2024-06-12 10:00:00 +0900', 'UTC', '2024-06-12T01:00:00.000Z'],
    ['2024-06-12 10:00:00 +09:00', SEOUL, '2024-06-12T01:00:00.000Z'],
    ['2024-06-12 10:00:00 -0500', SEOUL, '2024-06-12T15:00:00.000Z'],
    ['2024-06-12 10:00:00 +09', SEOUL, '2024-06-12T01:00:00.000Z'],
    ['2024-06-12T10:00:00Z', SEOUL, '2024-06-12T10:00:00.000Z'],
    ['2024-06-12T10:00:00.250+09:00', SEOUL, '2024-06-12T01:00:00.250Z'],
    ['2024-06-12 10:00:00 UTC', SEOUL, '2024-06-12T10:00:00.000Z'],
    // No offset: local time in the site zone.
    ['2024-06-12 10:00', SEOUL, '2024-06-12T01:00:00.000Z'],
    ['2024-06-12 10:00:00', SEOUL, '2024-06-12T01:00:00.000Z'],
    ['2024-06-12T00:30:00', SEOUL, '2024-06-11T15:30:00.000Z'],
    ['2024-06-12 10:00', 'UTC', '2024-06-12T10:00:00.000Z'],
    ['2024/06/12', SEOUL, '2024-06-11T15:00:00.000Z'],
    ['  2024-6-2  ', SEOUL, '2024-06-01T15:00:00.000Z'],
    [new Date('2024-06-12T01:00:00Z'), SEOUL, '2024-06-12T01:00:00.000Z'],
  ])('front matter %j in %s → %s', (frontMatterDate, zone, expected) => {
    const result = resolvePostDate({ frontMatterDate, filename, zone });
    expect(result && 'date' in result ? result.date.toISOString() : result).toBe(expected);
  });

  it.each<[string, string]>([
    // Psych reads a plain YAML timestamp without an offset as UTC.
    ['2024-06-12 10:00:00', '2024-06-12T10:00:00.000Z'],
    ['2024-06-12T20:00:00', '2024-06-12T20:00:00.000Z'],
    // Not a YAML timestamp (no seconds) or a date: still local time.
    ['2024-06-12 10:00', '2024-06-12T01:00:00.000Z'],
    ['2024-06-12', '2024-06-11T15:00:00.000Z'],
    // An offset always wins.
    ['2024-06-12 10:00:00 +0900', '2024-06-12T01:00:00.000Z'],
  ])('plain YAML scalar %j in Asia/Seoul → %s', (frontMatterDate, expected) => {
    const result = resolvePostDate({ frontMatterDate, zone: SEOUL, plainScalar: true });
    expect(result && 'date' in result ? result.date.toISOString() : result).toBe(expected);
  });

  it.each<[string, FilenameParts, string]>([
    [SEOUL, { year: 2024, month: 6, day: 12, slug: 'x' }, '2024-06-11T15:00:00.000Z'],
    ['UTC', { year: 2024, month: 6, day: 12, slug: 'x' }, '2024-06-12T00:00:00.000Z'],
    ['America/New_York', { year: 2024, month: 1, day: 15, slug: 'x' }, '2024-01-15T05:00:00.000Z'],
  ])('without front matter: the filename date at midnight in %s', (zone, parts, expected) => {
    for (const frontMatterDate of [undefined, null]) {
      const result = resolvePostDate({ frontMatterDate, filename: parts, zone });
      expect(result && 'date' in result ? result.date.toISOString() : result).toBe(expected);
    }
  });

  it('returns undefined with neither a front-matter nor a filename date', () => {
    expect(resolvePostDate({ frontMatterDate: undefined, zone: SEOUL })).toBeUndefined();
  });

  it.each<[unknown, RegExp]>([
    [20240612, /number 20240612/],
    ['yesterday', /not a date/],
    ['', /not a date/],
    ['June 12, 2024', /not a date/],
    ['2024-02-30', /does not exist/],
    ['2024-13-45', /does not exist/],
    ['2024-06-12 25:00', /impossible time/],
    ['2024-06-12 10:61', /impossible time/],
    ['2024-06-12 10:00:00 +2500', /impossible UTC offset/],
    [true, /got boolean true/],
    [['2024-06-12'], /got a list/],
    [new Date(Number.NaN), /not a valid date/],
  ])('front matter %j is an error with a hint', (frontMatterDate, message) => {
    const result = resolvePostDate({ frontMatterDate, filename, zone: SEOUL });
    expect(result).toMatchObject({ error: expect.stringMatching(message), hint: expect.any(String) });
  });
});

describe('formatIsoInZone', () => {
  it.each([
    ['2024-06-12T01:00:00Z', SEOUL, '2024-06-12T10:00:00+09:00'],
    ['2024-06-12T01:00:00Z', 'UTC', '2024-06-12T01:00:00+00:00'],
    ['2024-06-12T01:00:00Z', 'America/New_York', '2024-06-11T21:00:00-04:00'],
    ['2024-06-11T15:30:00.999Z', SEOUL, '2024-06-12T00:30:00+09:00'],
    // The days a zone changes its offset: each instant takes the offset in force at that moment.
    ['2024-03-10T06:59:59Z', 'America/New_York', '2024-03-10T01:59:59-05:00'],
    ['2024-03-10T07:00:00Z', 'America/New_York', '2024-03-10T03:00:00-04:00'],
    ['2024-11-03T05:59:59Z', 'America/New_York', '2024-11-03T01:59:59-04:00'],
    ['2024-11-03T06:00:00Z', 'America/New_York', '2024-11-03T01:00:00-05:00'],
    ['1988-05-07T16:59:59Z', SEOUL, '1988-05-08T01:59:59+09:00'],
    ['1988-05-07T17:00:00Z', SEOUL, '1988-05-08T03:00:00+10:00'],
  ])('%s in %s → %s', (instant, zone, expected) => {
    expect(formatIsoInZone(new Date(instant), zone)).toBe(expected);
  });

  it('throws on a zone that is not IANA', () => {
    expect(() => formatIsoInZone(new Date(0), 'Mars/Olympus')).toThrow(RangeError);
  });
});

describe('formatDisplayDate', () => {
  it.each([
    ['2024-06-12T01:00:00Z', SEOUL, 'ko-KR', '2024년 6월 12일'],
    ['2024-06-12T01:00:00Z', SEOUL, 'en-US', 'June 12, 2024'],
    // 00:30 in Seoul is still the previous day in UTC.
    ['2024-06-11T15:30:00Z', SEOUL, 'ko-KR', '2024년 6월 12일'],
    ['2024-06-11T15:30:00Z', 'UTC', 'ko-KR', '2024년 6월 11일'],
    ['2024-06-12T01:00:00Z', SEOUL, 'ko_KR', '2024년 6월 12일'],
    ['2024-06-12T01:00:00Z', SEOUL, 'not a language!', 'June 12, 2024'],
  ])('%s in %s for %s → %s', (instant, zone, lang, expected) => {
    expect(formatDisplayDate(new Date(instant), zone, lang)).toBe(expected);
  });
});

describe('dateParts', () => {
  it.each<[string, string, Partial<DateParts>]>([
    [
      '2024-06-12T01:05:09Z',
      SEOUL,
      {
        year: '2024',
        month: '06',
        i_month: '6',
        day: '12',
        i_day: '12',
        y_day: '164',
        short_year: '24',
        hour: '10',
        minute: '05',
        second: '09',
        week: '24',
        w_year: '2024',
        w_day: '3',
        short_day: 'Wed',
        long_day: 'Wednesday',
        short_month: 'Jun',
        long_month: 'June',
      },
    ],
    // The same instant read in UTC.
    ['2024-06-12T01:05:09Z', 'UTC', { day: '12', hour: '01', w_day: '3', short_day: 'Wed' }],
    // 00:30 Seoul is the previous day in UTC: every field follows the zone.
    ['2024-06-11T15:30:00Z', SEOUL, { month: '06', day: '12', y_day: '164', w_day: '3', short_day: 'Wed' }],
    ['2024-06-11T15:30:00Z', 'UTC', { month: '06', day: '11', y_day: '163', w_day: '2', short_day: 'Tue', hour: '15' }],
    // Leading zeros and their absence.
    ['2024-01-05T00:00:00Z', 'UTC', { month: '01', i_month: '1', day: '05', i_day: '5', y_day: '005', short_year: '24', week: '01' }],
    // ISO week-numbering years at the turn of the year.
    ['2024-12-30T12:00:00Z', 'UTC', { year: '2024', w_year: '2025', week: '01', w_day: '1', long_day: 'Monday' }],
    ['2021-01-01T12:00:00Z', 'UTC', { year: '2021', w_year: '2020', week: '53', w_day: '5', y_day: '001' }],
    ['2023-01-01T12:00:00Z', 'UTC', { w_year: '2022', week: '52', w_day: '7', short_day: 'Sun', long_day: 'Sunday' }],
    ['2009-09-30T12:00:00Z', 'UTC', { short_month: 'Sep', long_month: 'September', short_year: '09' }],
    ['2008-12-31T12:00:00Z', 'UTC', { y_day: '366' }],
  ])('%s in %s', (instant, zone, expected) => {
    expect(dateParts(new Date(instant), zone)).toMatchObject(expected);
  });
});

/**
 * The zone arithmetic is done by hand on days of one offset (luxon, through
 * Intl, is slow); luxon itself is the reference. Years with transitions:
 * Seoul's 1988 summer time, Apia skipping 30 December 2011, Lord Howe's
 * half-hour shift, and 2024 for the rest.
 */
describe('dates agree with luxon in zones that change their offset', () => {
  const zones = ['Asia/Seoul', 'America/New_York', 'Europe/London', 'Australia/Lord_Howe', 'Pacific/Apia', 'America/Sao_Paulo', 'Asia/Kolkata', 'UTC'];
  const years = [1988, 2011, 2024];
  const STEP_MS = 401 * 60_000;

  it.each(zones)('%s: formatIsoInZone and dateParts of instants every 401 minutes', (zone) => {
    for (const year of years) {
      for (let ms = Date.UTC(year, 0, 1); ms < Date.UTC(year + 1, 0, 2); ms += STEP_MS) {
        const date = new Date(ms);
        const dt = DateTime.fromJSDate(date, { zone });
        expect(formatIsoInZone(date, zone)).toBe(dt.toFormat("yyyy-MM-dd'T'HH:mm:ssZZ"));
        const parts = dateParts(date, zone);
        expect([parts.year, parts.month, parts.day, parts.hour, parts.minute, parts.y_day, parts.week, parts.w_year, parts.w_day].map(Number)).toEqual([
          dt.year,
          dt.month,
          dt.day,
          dt.hour,
          dt.minute,
          dt.ordinal,
          dt.weekNumber,
          dt.weekYear,
          dt.weekday,
        ]);
      }
    }
  });

  it.each(['Asia/Seoul', 'Asia/Kolkata', 'America/New_York'])('%s: instants and local times in 1900, when offsets had seconds (local mean time)', (zone) => {
    for (let ms = Date.UTC(1900, 0, 1); ms < Date.UTC(1901, 0, 1); ms += 7 * STEP_MS) {
      const date = new Date(ms);
      const dt = DateTime.fromJSDate(date, { zone });
      expect(formatIsoInZone(date, zone)).toBe(dt.toFormat("yyyy-MM-dd'T'HH:mm:ssZZ"));
      expect(dateParts(date, zone).minute).toBe(dt.toFormat('mm'));
      const wall = { year: 1900, month: date.getUTCMonth() + 1, day: date.getUTCDate(), hour: date.getUTCHours(), minute: date.getUTCMinutes() };
      const result = resolvePostDate({ frontMatterDate: `1900-${wall.month}-${wall.day} ${wall.hour}:${String(wall.minute).padStart(2, '0')}`, zone });
      expect(result && 'date' in result ? result.date.toISOString() : result).toBe(DateTime.fromObject(wall, { zone }).toJSDate().toISOString());
    }
  });

  it.each(zones)('%s: local times every 401 minutes, gaps and overlaps included', (zone) => {
    for (const year of years) {
      for (let ms = Date.UTC(year, 0, 1); ms < Date.UTC(year + 1, 0, 2); ms += STEP_MS) {
        const wall = new Date(ms);
        const fields = {
          year: wall.getUTCFullYear(),
          month: wall.getUTCMonth() + 1,
          day: wall.getUTCDate(),
          hour: wall.getUTCHours(),
          minute: wall.getUTCMinutes(),
        };
        const text = `${fields.year}-${fields.month}-${fields.day} ${fields.hour}:${String(fields.minute).padStart(2, '0')}`;
        const result = resolvePostDate({ frontMatterDate: text, zone });
        expect(result && 'date' in result ? result.date.toISOString() : result).toBe(DateTime.fromObject(fields, { zone }).toJSDate().toISOString());
      }
    }
  });
});

describe('zone offsets read from Intl (dayOffset) agree with luxon', () => {
  const zones = ['Asia/Seoul', 'America/New_York', 'Europe/London', 'Australia/Lord_Howe', 'America/St_Johns', 'Asia/Kolkata', 'Pacific/Chatham', 'UTC'];
  it('on the instants of every 37th hour from 1850 to 2040, and around transitions', () => {
    const from = Date.UTC(1850, 0, 1);
    const to = Date.UTC(2040, 0, 1);
    for (const zone of zones) {
      for (let ms = from; ms < to; ms += 37 * 3_600_000 * 53) {
        const date = new Date(ms);
        expect(formatIsoInZone(date, zone), `${zone} ${date.toISOString()}`).toBe(DateTime.fromJSDate(date, { zone }).toFormat("yyyy-MM-dd'T'HH:mm:ssZZ"));
      }
    }
    // New York's spring-forward and fall-back days of 2024, hour by hour.
    for (let ms = Date.UTC(2024, 2, 9); ms < Date.UTC(2024, 2, 12); ms += 3_600_000) {
      expect(formatIsoInZone(new Date(ms), 'America/New_York')).toBe(DateTime.fromMillis(ms, { zone: 'America/New_York' }).toFormat("yyyy-MM-dd'T'HH:mm:ssZZ"));
    }
  });

  it('shows the same display date for every instant of a local day, and the next day after midnight', () => {
    const zone = 'Asia/Seoul';
    expect(formatDisplayDate(new Date('2024-06-11T15:00:00Z'), zone, 'ko-KR')).toBe('2024년 6월 12일');
    expect(formatDisplayDate(new Date('2024-06-12T14:59:59Z'), zone, 'ko-KR')).toBe('2024년 6월 12일');
    expect(formatDisplayDate(new Date('2024-06-12T15:00:00Z'), zone, 'ko-KR')).toBe('2024년 6월 13일');
    expect(formatDisplayDate(new Date('2024-06-12T15:00:00Z'), zone, 'en-US')).toBe('June 13, 2024');
  });
});
