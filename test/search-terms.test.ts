/** What a post gives the search index: its words as a reader types them, and the text its snippets come from. */
import { describe, expect, it } from 'vitest';
import { plainText, postSearchOf, SNIPPET_CHARS, termsOf } from '../src/search/terms.js';

describe('termsOf', () => {
  it('keeps Korean words with their particles, as written: a query matches them as prefixes', () => {
    expect(termsOf('비트코인을 샀고, 비트코인의 값이 올랐다.')).toEqual(['비트코인을', '샀고', '비트코인의', '값이', '올랐다']);
  });

  it('composes decomposed Hangul (NFC), so a word typed either way is the same term', () => {
    const decomposed = '블랙록'.normalize('NFD');
    expect(decomposed).not.toBe('블랙록');
    expect(termsOf(decomposed)).toEqual(['블랙록']);
  });

  it('lower-cases, splits on anything but letters and numbers, and drops one-character words', () => {
    expect(termsOf('BlackRock·ETF (A) 2024년 3/4분기 e-mail')).toEqual(['blackrock', 'etf', '2024년', '4분기', 'mail']);
  });

  it('drops runs too long to be words a reader types', () => {
    expect(termsOf(`a${'x'.repeat(40)} 짧은`)).toEqual(['짧은']);
  });

  it('splits every script as a split on letters, numbers and marks would, characters beyond the BMP included', () => {
    const reference = (text: string) =>
      text
        .normalize('NFC')
        .toLowerCase()
        .split(/[^\p{L}\p{N}\p{M}]+/u)
        .filter((word) => word.length >= 2 && word.length <= 24 && !(word.length === 2 && (word.codePointAt(0) as number) > 0xffff));
    const text = 'Ünïcode café naïve—東京都 𠀀𠀁 𠀀 x😀y ١٢٣٤ मराठी e\u0301t\u00e9 ＡＢＣ 12:30 Ｘ \ud800 lone';
    expect(termsOf(text)).toEqual(reference(text));
    expect(termsOf(text)).toContain('𠀀𠀁');
    expect(termsOf(text)).toContain('मराठी');
  });
});

describe('plainText', () => {
  it('keeps table cells apart and decodes character references', () => {
    const html = '<table><tr><td>블랙록</td><td>12,000</td></tr></table><p>S&amp;P&nbsp;500 &#xBE44;&#53944;</p>';
    expect(plainText(html)).toBe('블랙록 12,000 S&P 500 비트');
  });

  it('leaves an unknown reference as written', () => {
    expect(plainText('<p>&bogus; &#0;</p>')).toBe('&bogus;');
  });
});

describe('postSearchOf', () => {
  const post = {
    title: '가상자산 시세 급등',
    excerptText: '요약 문장',
    categories: ['경제'],
    tags: ['스테이블코인'],
    html: '<p>이번 주 비트코인의 가격이 급등 했다.</p><table><tr><td>블랙록</td></tr></table>',
  };

  it('ranks title, category and tag words apart from body words, each list unique, in the order the words first appear', () => {
    const search = postSearchOf(post);
    expect(search.strong).toEqual(['가상자산', '시세', '급등', '경제', '스테이블코인']);
    expect(search.body).toEqual(['요약', '문장', '이번', '비트코인의', '가격이', '했다', '블랙록']);
    expect(search.body).not.toContain('급등');
  });

  it("keeps the body's opening as text for snippets, cut at a space within SNIPPET_CHARS", () => {
    expect(postSearchOf(post).text).toBe('이번 주 비트코인의 가격이 급등 했다. 블랙록');
    const long = postSearchOf({ ...post, html: `<p>${'낱말 '.repeat(SNIPPET_CHARS)}</p>` }).text;
    expect(long.length).toBeLessThanOrEqual(SNIPPET_CHARS + 1);
    expect(long.endsWith('낱말…')).toBe(true);
  });
});
