import { describe, expect, it } from 'vitest';
import { downcase, type SlugifyMode, slugify, transliterate } from '../src/site/slugify.js';

// Expected values follow Jekyll 4's Utils.slugify: the mode's character class
// replaced by '-', one '-' stripped from each end, then `downcase` unless cased.
describe('slugify', () => {
  const title = 'Hello, World! 한일 회동?';
  const config = 'The _config.yml file?';

  it.each<[string, SlugifyMode | undefined, boolean, string]>([
    // Jekyll's own examples (test_utils.rb).
    [config, undefined, false, 'the-config-yml-file'],
    [config, 'default', false, 'the-config-yml-file'],
    [config, 'pretty', false, 'the-_config.yml-file'],
    [config, 'pretty', true, 'The-_config.yml-file'],
    [config, 'raw', false, 'the-_config.yml-file?'],
    [config, 'ascii', false, 'the-config-yml-file'],
    [config, 'latin', false, 'the-config-yml-file'],
    [config, 'none', false, 'the _config.yml file?'],
    [config, 'none', true, config],
    // Korean and English with punctuation.
    [title, 'pretty', true, 'Hello,-World!-한일-회동'],
    [title, 'pretty', false, 'hello,-world!-한일-회동'],
    [title, 'default', false, 'hello-world-한일-회동'],
    [title, 'default', true, 'Hello-World-한일-회동'],
    [title, 'raw', false, 'hello,-world!-한일-회동?'],
    [title, 'ascii', false, 'hello-world'],
    [title, 'latin', false, 'hello-world'],
    [title, 'none', false, 'hello, world! 한일 회동?'],
    ['Samsung Galaxy S24 출시', 'pretty', true, 'Samsung-Galaxy-S24-출시'],
    ['한일 회동, 합의!', 'default', false, '한일-회동-합의'],
    ['국방', 'default', false, '국방'],
    // Separators and ends.
    ['  leading and trailing  ', 'default', false, 'leading-and-trailing'],
    ['snake_case_name', 'default', false, 'snake-case-name'],
    ['snake_case_name', 'pretty', false, 'snake_case_name'],
    ['a/b\\c', 'pretty', false, 'a-b-c'],
    ['50% off', 'pretty', false, '50-off'],
    ["C++ & Java's (new) @home; a=b, ~x", 'pretty', true, "C++-&-Java's-(new)-@home;-a=b,-~x"],
    ['???', 'default', false, ''],
    ['', 'pretty', true, ''],
    // raw: only ASCII whitespace is a separator, and only one '-' comes off each end.
    ['--a--', 'raw', false, '-a-'],
    ['Tab\tand\nnewline', 'raw', false, 'tab-and-newline'],
    ['한일\u3000회동', 'raw', false, '한일\u3000회동'],
    ['한일\u3000회동', 'default', false, '한일-회동'],
    // Unicode classes: marks and decimal digits (any script) stay, other numbers go.
    ['Cafe\u0301 ２０２４', 'default', false, 'cafe\u0301-２０２４'],
    ['Chapter ① Ⅻ', 'default', false, 'chapter'],
    ['Fürtive ascii mode', 'ascii', false, 'f-rtive-ascii-mode'],
    // latin: I18n's approximations, everything else unknown becomes a separator.
    ['Crème Brûlée', 'latin', false, 'creme-brulee'],
    ['Ærø Straße', 'latin', false, 'aero-strasse'],
    ['Łódź Ŋ', 'latin', true, 'Lodz-NG'],
    ['naïve café — 카페', 'latin', false, 'naive-cafe'],
    ['ŉ', 'latin', false, 'n'],
    // Ruby's downcase has no final-sigma rule.
    ['ΟΔΟΣ', 'default', false, 'οδοσ'],
  ])('%j (%s, cased=%s) → %j', (text, mode, cased, expected) => {
    expect(slugify(text, { ...(mode ? { mode } : {}), cased })).toBe(expected);
  });

  it('defaults to default mode, lowercased', () => {
    expect(slugify('Hello World')).toBe('hello-world');
  });
});

describe('downcase', () => {
  it.each([
    ['Tech News', 'tech news'],
    ['국방', '국방'],
    ['ÀÉÎ', 'àéî'],
    ['ΟΔΟΣ', 'οδοσ'],
  ])('%j → %j', (text, expected) => {
    expect(downcase(text)).toBe(expected);
  });
});

describe('transliterate', () => {
  it.each([
    ['Ærø', 'AEro'],
    ['ẞ', 'SS'],
    ['×', 'x'],
    ['한', '?'],
    ['e\u0301', 'e?'],
  ])('%j → %j', (text, expected) => {
    expect(transliterate(text)).toBe(expected);
  });
});
