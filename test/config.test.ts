/**
 * `_config.yml` keys that reach Intl: a value Intl refuses is a config error
 * naming the key, never a RangeError from deep inside the build.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../src/config.js';

const read = (name: string) => readFileSync(fileURLToPath(new URL(`./fixtures/config/${name}`, import.meta.url)), 'utf8');

describe('lang', () => {
  it('an invalid tag is an error at its line naming `lang`, and the default is used', () => {
    const { config, diagnostics } = resolveConfig(read('bad-lang.yml'));
    expect(diagnostics).toEqual([
      {
        file: '_config.yml',
        line: 2,
        column: 1,
        severity: 'error',
        message: '`lang` is not a language tag: "ko_KR!!"',
        hint: 'use a BCP 47 tag like ko-KR or en-US',
      },
    ]);
    expect(config.lang).toBe('en-US');
  });

  it('`ko_KR`, as Jekyll sites write locales, is read as ko-KR', () => {
    const { config, diagnostics } = resolveConfig(read('underscore-lang.yml'));
    expect(diagnostics).toEqual([]);
    expect(config.lang).toBe('ko-KR');
  });
});
