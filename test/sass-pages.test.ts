import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseFrontMatter } from '../src/content/front-matter.js';
import { compileSassPage, DEFAULT_SASS_OPTIONS, resolveSassOptions, type SassOptions } from '../src/content/sass.js';

const fixtures = fileURLToPath(new URL('./fixtures/sass/', import.meta.url));

/** Compiles a page as the build will: front matter split off first, its lines counted. */
function compile(site: string, source: string, options: SassOptions = DEFAULT_SASS_OPTIONS) {
  const root = fixtures + site;
  const page = parseFrontMatter(readFileSync(`${root}/${source}`, 'utf8'), source);
  const syntax = source.endsWith('.sass') ? 'sass' : 'scss';
  return compileSassPage({ source, body: page.body, bodyLine: page.bodyLine, syntax, root, options });
}

describe('compileSassPage: output as Jekyll writes it', () => {
  it('is byte for byte the CSS Jekyll 4.3.1 wrote for the sample (partial, variables, nesting, mixin, Hangul)', () => {
    const { options, diagnostics: configProblems } = resolveSassOptions({ style: 'expanded', sourcemap: 'never' });
    expect(configProblems).toEqual([]);
    const result = compile('site', 'assets/styles.scss', options);
    const jekyll = readFileSync(`${fixtures}jekyll-4.3.1/assets/styles.css`, 'utf8');
    expect(result.css).toBe(jekyll);
    expect(result.css.startsWith('@charset "UTF-8";\n')).toBe(true);
    expect(result.diagnostics.map((d) => d.severity)).toEqual(['warning']);
  });

  it('defaults to the expanded style and writes compressed when asked', () => {
    expect(DEFAULT_SASS_OPTIONS.style).toBe('expanded');
    const compressed = compile('site', 'assets/styles.scss', { ...DEFAULT_SASS_OPTIONS, style: 'compressed' });
    // dart-sass marks non-ASCII compressed output with a BOM instead of @charset.
    expect(compressed.css).toMatch(/^\uFEFFbody\{margin:0;font-family:"Noto Sans KR","맑은 고딕",sans-serif\}\.masthead \.title\{/);
    expect(compressed.css.endsWith('}\n')).toBe(true);
  });

  it('compiles the indented syntax of .sass pages', () => {
    expect(compile('cases', 'assets/indented.sass')).toEqual({ css: '.story {\n  margin: 16px;\n}\n.story a {\n  color: red;\n}\n', diagnostics: [] });
  });

  it('passes plain CSS imports of remote URLs through, as Sass does, and finds partials beside the page', () => {
    const result = compile('cases', 'assets/plain-css-import.scss');
    expect(result.diagnostics.map((d) => d.severity)).toEqual(['warning']); // @import is deprecated
    expect(result.css).toBe('@import "https://fonts.googleapis.com/css2?family=Noto+Sans+KR";\n.inside {\n  margin: 0;\n}\n');
  });
});

describe('compileSassPage: errors at the line that has them', () => {
  it('places an error in the page after its front matter', () => {
    const result = compile('cases', 'assets/undefined-variable.scss');
    expect(result.css).toBe('');
    expect(result.diagnostics).toEqual([
      expect.objectContaining({ file: 'assets/undefined-variable.scss', severity: 'error', message: 'Sass: Undefined variable.', line: 6, column: 10 }),
    ]);
  });

  it("places an error in a partial at the partial's own path and line", () => {
    const result = compile('cases', 'assets/partial-error.scss');
    expect(result.css).toBe('');
    expect(result.diagnostics).toEqual([expect.objectContaining({ file: '_sass/_broken.scss', severity: 'error', line: 3, column: 12 })]);
    expect(result.diagnostics[0]?.message).toMatch(/^Sass: Undefined variable\. \(compiling assets\/partial-error\.scss\)$/);
  });

  it('folds dozens of deprecation warnings into one per file', () => {
    const result = compile('cases', 'assets/deprecations.scss');
    expect(result.css).toContain('.a {');
    expect(result.diagnostics).toHaveLength(2);
    const [partial, page] = [...result.diagnostics].sort((a, b) => a.file.localeCompare(b.file));
    expect(partial).toMatchObject({ file: '_sass/_colours.scss', severity: 'warning', line: 2 });
    expect(page).toMatchObject({ file: 'assets/deprecations.scss', severity: 'warning', line: 4, column: 9 });
    // Sass itself stops repeating a kind after five; every one is counted here.
    expect(page?.message).toMatch(/^Sass reported 15 deprecation warnings \(import ×1, global-builtin ×5, color-functions ×5, slash-div ×4\)/);
    expect(partial?.message).toMatch(/^Sass reported 2 deprecation warnings/);
  });
});

describe('compileSassPage: loads stay inside the site source', () => {
  it.each([
    ['a `..` path out of the source', 'assets/escape-parent.scss', 3, '"../../secret"', /outside the site source/],
    ['an absolute path', 'assets/escape-absolute.scss', 4, '"/etc/hostname"', /outside the site source/],
    ['an http(s) URL', 'assets/escape-remote.scss', 3, '@use "https://example.com/theme"', /never loaded over the network/],
    ['a symlink whose target is outside the source', 'assets/escape-symlink.scss', 3, '"link"', /symlink to a file outside/],
  ])('refuses %s, naming the import at its line', (_what, source, line, named, reason) => {
    const result = compile('cases', source);
    expect(result.css).toBe('');
    // Only the error: a page that is not written needs no deprecation warnings beside it.
    expect(result.diagnostics).toHaveLength(1);
    const [problem] = result.diagnostics;
    expect(problem).toMatchObject({ file: source, severity: 'error', line });
    expect(problem?.message).toContain(`cannot load ${named}`);
    expect(problem?.message).toMatch(reason);
    expect(JSON.stringify(result)).not.toContain('outside"');
  });
});

describe('resolveSassOptions', () => {
  it('uses the documented defaults when the key is absent', () => {
    expect(resolveSassOptions(undefined)).toEqual({ options: { style: 'expanded', sassDir: '_sass', loadPaths: [] }, diagnostics: [] });
  });

  it('reads style (also as a Ruby symbol), sass_dir, load_paths and an accepted sourcemap', () => {
    const { options, diagnostics } = resolveSassOptions({
      style: ':compressed',
      sass_dir: 'css/partials/',
      load_paths: ['vendor/scss', './lib'],
      sourcemap: 'always',
    });
    expect(diagnostics).toEqual([]);
    expect(options).toEqual({ style: 'compressed', sassDir: 'css/partials', loadPaths: ['vendor/scss', 'lib'] });
  });

  it('reports wrong types as errors naming the key, and keeps the defaults', () => {
    const at = (key: string) => ({ line: key.length });
    const { options, diagnostics } = resolveSassOptions(
      { style: 3, sass_dir: ['x'], load_paths: 'a b'.split(' ').concat([7 as unknown as string]), sourcemap: 'sometimes' },
      at,
    );
    expect(options).toEqual(DEFAULT_SASS_OPTIONS);
    expect(diagnostics.map((d) => [d.file, d.severity, d.message.split(' ')[0]])).toEqual([
      ['_config.yml', 'error', '`sass.style`'],
      ['_config.yml', 'error', '`sass.sass_dir`'],
      ['_config.yml', 'error', '`sass.load_paths`'],
      ['_config.yml', 'error', '`sass.sourcemap`'],
    ]);
    expect(diagnostics[0]?.line).toBe('sass.style'.length);
    expect(resolveSassOptions('big').diagnostics[0]?.message).toMatch(/^`sass` must be a mapping/);
  });

  it('refuses folders outside the source and warns about libsass-only styles and patterns', () => {
    const { options, diagnostics } = resolveSassOptions({
      style: 'compact',
      sass_dir: '../outside',
      load_paths: ['/usr/share/scss', 'node_modules/*/scss', 'ok'],
    });
    expect(options).toEqual({ style: 'expanded', sassDir: '_sass', loadPaths: ['ok'] });
    expect(diagnostics.map((d) => [d.severity, d.message.slice(0, 30)])).toEqual([
      ['warning', '`sass.style: compact` is a lib'],
      ['error', '`sass.sass_dir` must be a fold'],
      ['error', '`sass.load_paths` must be a fo'],
      ['warning', '`sass.load_paths` entry "node_'],
    ]);
  });
});
