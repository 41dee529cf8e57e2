/**
 * The words the default theme puts around content (src/render/labels.ts):
 * Korean for any `ko` language tag, English for everything else, and every
 * label a template reads present and filled in for both.
 */
import { describe, expect, it } from 'vitest';
import { type Labels, labelsFor } from '../src/render/labels.js';

/** Every key of Labels: a label the templates read that one language lacked would print as ''. */
const KEYS: readonly (keyof Labels)[] = [
  'home',
  'menu',
  'skipToContent',
  'categories',
  'allCategories',
  'category',
  'archive',
  'latest',
  'search',
  'searchLabel',
  'searchPlaceholder',
  'searchSubmit',
  'searchNoscript',
  'searchLoading',
  'searchError',
  'searchShort',
  'searchResults',
  'noResults',
  'feed',
  'categoryFeed',
  'published',
  'summary',
  'tags',
  'tag',
  'related',
  'readMore',
  'previousPost',
  'nextPost',
  'postNavigation',
  'newerPage',
  'olderPage',
  'pagination',
  'pageOf',
  'postsCount',
  'notFoundTitle',
  'notFoundText',
  'backHome',
  'poweredBy',
  'table',
];
const COUNT_LABELS: readonly (keyof Labels)[] = ['searchResults', 'postsCount'];

describe('which language a tag gets', () => {
  it('every spelling of Korean gets the Korean labels', () => {
    for (const tag of ['ko', 'ko-KR', 'ko_KR', 'KO-kr', ' ko ', 'ko-Kore-KR']) expect(labelsFor(tag).home, tag).toBe('홈');
  });

  it('English, and any language gazette has no words for, gets the English labels', () => {
    for (const tag of ['en', 'en-US', 'ja-JP', 'fr', 'zh-Hant-TW', '', 'x-unknown']) expect(labelsFor(tag).home, tag).toBe('Home');
  });

  it('a tag that only starts with the letters ko (kok, kos) is not Korean', () => {
    expect(labelsFor('kok').home).toBe('Home');
    expect(labelsFor('kos-FM').home).toBe('Home');
  });

  it('the labels are shared, frozen objects: a template cannot change them for the next page', () => {
    expect(labelsFor('ko-KR')).toBe(labelsFor('ko'));
    expect(labelsFor('en-US')).toBe(labelsFor('ja'));
    expect(Object.isFrozen(labelsFor('ko'))).toBe(true);
    expect(Object.isFrozen(labelsFor('en').postsCount)).toBe(true);
  });
});

describe.each([
  ['Korean', 'ko-KR'],
  ['English', 'en-US'],
  ['the fallback', 'de-DE'],
])('%s labels', (_name, lang) => {
  const labels = labelsFor(lang);

  it('have every label, and nothing else', () => {
    expect(Object.keys(labels).sort()).toEqual([...KEYS].sort());
  });

  it('are non-empty strings, or one/other pairs with {count} for counts', () => {
    for (const key of KEYS) {
      const value = labels[key];
      if (COUNT_LABELS.includes(key)) {
        expect(value, key).toEqual({ one: expect.stringContaining('{count}'), other: expect.stringContaining('{count}') });
      } else {
        expect(typeof value, key).toBe('string');
        expect((value as string).trim(), key).not.toBe('');
      }
    }
  });

  it('pageOf has both placeholders the page navigation fills in', () => {
    expect(labels.pageOf).toContain('{page}');
    expect(labels.pageOf).toContain('{total}');
  });
});

describe('the words themselves', () => {
  it('Korean', () => {
    const ko = labelsFor('ko');
    expect(ko).toMatchObject({
      home: '홈',
      skipToContent: '본문 바로가기',
      latest: '최신 기사',
      published: '입력',
      previousPost: '이전 기사',
      nextPost: '다음 기사',
      pageOf: '{page} / {total} 페이지',
      notFoundTitle: '페이지를 찾을 수 없습니다',
      poweredBy: 'gazette로 만든 사이트',
    });
    expect(ko.searchResults).toEqual({ one: '검색 결과 {count}건', other: '검색 결과 {count}건' });
    expect(ko.postsCount).toEqual({ one: '{count}개의 글', other: '{count}개의 글' });
  });

  it('English, with singular and plural counts', () => {
    const en = labelsFor('en');
    expect(en).toMatchObject({
      home: 'Home',
      skipToContent: 'Skip to content',
      latest: 'Latest news',
      published: 'Published',
      newerPage: 'Newer',
      olderPage: 'Older',
      pageOf: 'Page {page} of {total}',
      notFoundTitle: 'Page not found',
      poweredBy: 'Made with gazette',
    });
    expect(en.searchResults).toEqual({ one: '{count} result', other: '{count} results' });
    expect(en.postsCount).toEqual({ one: '{count} post', other: '{count} posts' });
  });

  it('the fallback is English word for word', () => {
    expect(labelsFor('ja-JP')).toEqual(labelsFor('en'));
  });
});
