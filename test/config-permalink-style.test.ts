/**
 * A config's `permalink` style is looked up among Jekyll's styles (now kept
 * in site/permalink.ts, re-exported by config.ts) as an own key only: a
 * pattern that happens to name an Object property is a pattern, and
 * resolveConfig never throws.
 */
import { describe, expect, it } from 'vitest';
import { PERMALINK_STYLES, resolveConfig } from '../src/config.js';
import { PERMALINK_STYLES as URL_STYLES } from '../src/site/permalink.js';

describe('permalink styles in the config', () => {
  it('are the URL rules’ own, under both names', () => {
    expect(PERMALINK_STYLES).toBe(URL_STYLES);
    expect(PERMALINK_STYLES['pretty']).toBe('/:categories/:year/:month/:day/:title/');
  });

  it('a permalink named like an Object property is read as a pattern, without an error', () => {
    for (const name of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
      const { config, diagnostics } = resolveConfig(`permalink: ${name}\n`);
      expect(config.permalink).toBe(name);
      expect(diagnostics).toEqual([]);
    }
  });

  it('a style with an unknown placeholder in a pattern is still reported at its line', () => {
    const { diagnostics } = resolveConfig('title: x\npermalink: /:year/:nope/\n');
    expect(diagnostics).toMatchObject([{ file: '_config.yml', line: 2, severity: 'error', message: '`permalink` has unknown placeholder :nope' }]);
  });
});
