/**
 * scripts/ascii-only.mjs: what esbuild leaves outside ASCII in the bundles
 * (comments, regular expression literals) is escaped without changing what
 * the code does, so that the bundles load as one-byte strings.
 */
import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a build script in plain JavaScript, without types.
import { asciiOnly } from '../scripts/ascii-only.mjs';

const toAscii = asciiOnly as (source: string) => string;
const run = (source: string): unknown => vm.runInNewContext(source);

describe('asciiOnly', () => {
  it('leaves ASCII as it is', () => {
    const source = 'const a = /[a-z]+/g; // plain\nexports = "x";';
    expect(toAscii(source)).toBe(source);
  });

  it('escapes comments, one \\uXXXX per UTF-16 unit', () => {
    const out = toAscii('/* “quoted” — 한국어 🪦 */ 1 + 1; // …');
    expect(out).toMatch(/^[\x00-\x7f]*$/);
    expect(out).toContain('\\u201c');
    expect(out).toContain('\\ud83e\\udea6');
    expect(run(out)).toBe(2);
  });

  it('keeps what regular expression literals match, with and without /u', () => {
    const samples = ['ẞ', 'ß', 'é', 'ë', 'e', '😀', '\ud83d', '한글', '?!…', 'x'];
    for (const literal of ['/ẞ/g', '/[é-ë]/', '/😀/u', '/[😀]/u', '/[😀]/', '/한+/', '/([?!])…/g', '/[^가-힣]/u']) {
      const original = run(literal) as RegExp;
      const escaped = toAscii(literal);
      expect(escaped).toMatch(/^[\x00-\x7f]*$/);
      const rewritten = run(escaped) as RegExp;
      for (const sample of samples) expect([literal, sample, rewritten.test(sample)]).toEqual([literal, sample, original.test(sample)]);
    }
  });

  it('refuses a character after a backslash, where an escape would mean something else', () => {
    expect(() => toAscii('const r = /\\ẞ/;')).toThrow(/backslash before a non-ASCII character at offset 12/);
  });
});
