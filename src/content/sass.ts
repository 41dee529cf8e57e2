/**
 * Sass pages: `.scss`/`.sass` files with front matter, compiled to CSS as
 * Jekyll compiles them with jekyll-sass-converter 3.x. gazette uses `sass`
 * (dart-sass), the reference implementation, which converter 3.x runs too
 * (through sass-embedded); so the options, the CSS (`@charset` or a BOM before
 * non-ASCII text) and the error messages are the ones the site's Jekyll build
 * gave. The file ends with a newline, as Jekyll 4.3.1 with `sourcemap: never`
 * writes it through converter 2.x (checked: test/fixtures/sass/README.md);
 * 3.x writes none. Converter 2.x (sassc, libsass) defaults to `compact` CSS,
 * which dart-sass cannot write; those sites get `expanded`.
 *
 * Problems are data: config mistakes and compile errors become diagnostics,
 * positioned in the page (after its front matter) or in the partial at fault.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { LoggerWarnOptions, SourceSpan } from 'sass';
import { CONFIG_FILE } from '../config-file.js';
import { type Diagnostic, error, type Position, warning } from '../diagnostics.js';
import { createSiteImporter, type SiteImporter } from './sass-importer.js';
import { isInside } from './symlinks.js';

export type SassStyle = 'expanded' | 'compressed';

/** The config's `sass:` key, resolved. */
export interface SassOptions {
  /** `expanded` or `compressed`. Default `expanded` (converter 3.x's default). */
  readonly style: SassStyle;
  /** Folder of partials, relative to the source. Default `_sass`. */
  readonly sassDir: string;
  /** More folders of partials, relative to the source, searched before `sassDir` (Jekyll's order). Default none. */
  readonly loadPaths: readonly string[];
}

export const DEFAULT_SASS_OPTIONS: SassOptions = { style: 'expanded', sassDir: '_sass', loadPaths: [] };

export interface SassPageInput {
  /** The page's path relative to the site source, `/` separators (`assets/styles.scss`). */
  readonly source: string;
  /** The text after the front matter (after Liquid, when the caller renders it). */
  readonly body: string;
  /** 1-based line of the file where `body` starts. */
  readonly bodyLine: number;
  readonly syntax: 'scss' | 'sass';
  /** Absolute path of the site source. */
  readonly root: string;
  readonly options: SassOptions;
}

export interface SassPageResult {
  /** The CSS, ending with a newline unless empty; `''` when there is an error. */
  readonly css: string;
  readonly diagnostics: Diagnostic[];
}

// Loading dart-sass takes close to a second: only builds with a Sass page pay for it.
const require = createRequire(import.meta.url);
type SassModule = typeof import('sass');
let sassModule: SassModule | undefined;
function loadSass(): SassModule {
  sassModule ??= require('sass') as SassModule;
  return sassModule;
}

/** Compile one Sass page. Synchronous; never throws for the page's content. */
export function compileSassPage(input: SassPageInput): SassPageResult {
  const sass = loadSass();
  const loadPaths = [...input.options.loadPaths, input.options.sassDir].map((dir) => path.resolve(input.root, dir));
  const importer = createSiteImporter(input.root, loadPaths);
  const warnings = new WarningFolder(input);
  try {
    const result = sass.compileString(input.body, {
      syntax: input.syntax === 'sass' ? 'indented' : 'scss',
      url: pathToFileURL(path.join(input.root, input.source)),
      importer,
      importers: [importer],
      style: input.options.style,
      charset: true,
      // Every deprecation is counted: without it Sass prints five of a kind, then a summary line.
      verbose: true,
      logger: { warn: (message, options) => warnings.add(message, options), debug: () => {} },
    });
    return { css: result.css === '' ? '' : `${result.css}\n`, diagnostics: warnings.diagnostics() };
  } catch (cause) {
    // The page is not written, so its warnings would only crowd the error out.
    return { css: '', diagnostics: [compileError(cause, input, importer, sass)] };
  }
}

function compileError(cause: unknown, input: SassPageInput, importer: SiteImporter, sass: SassModule): Diagnostic {
  if (!(cause instanceof sass.Exception)) {
    return error(input.source, `Sass could not compile this file: ${cause instanceof Error ? cause.message : String(cause)}`);
  }
  const { file, position } = locate(cause.span, input);
  if (importer.refusals.has(cause.sassMessage)) {
    return error(
      file,
      `cannot load ${cause.span.text}: ${cause.sassMessage}`,
      position,
      'keep partials inside the site source: beside the file, in `sass_dir` (`_sass`) or a `load_paths` folder',
    );
  }
  const hint = /can't find stylesheet/i.test(cause.sassMessage)
    ? 'partials are looked for beside the importing file, then in `sass.load_paths`, then in `sass.sass_dir` (`_sass`)'
    : undefined;
  const via = file === input.source ? '' : ` (compiling ${input.source})`;
  return error(file, `Sass: ${cause.sassMessage}${via}`, position, hint);
}

/** A Sass span → the file it is in, relative to the source, and a 1-based position in that file. */
function locate(span: SourceSpan | undefined, input: SassPageInput): { file: string; position: Position } {
  const url = span?.url;
  if (span === undefined || url === undefined || url.protocol !== 'file:') return { file: input.source, position: {} };
  const absolute = fileURLToPath(url);
  const column = span.start.column + 1;
  if (absolute === path.join(input.root, input.source)) {
    return { file: input.source, position: { line: input.bodyLine + span.start.line, column } };
  }
  const file = isInside(input.root, absolute) ? path.relative(input.root, absolute).split(path.sep).join('/') : input.source;
  return { file, position: file === input.source ? {} : { line: span.start.line + 1, column } };
}

/**
 * Sass repeats a deprecation at every use (`@import`, `darken()`, `/` division):
 * an old theme gives dozens per page. They are folded into one warning per
 * file that has them, at the first, counted by kind; `@warn` rules stay one each.
 */
class WarningFolder {
  private readonly deprecations = new Map<string, { position: Position; kinds: Map<string, number> }>();
  private readonly others: Diagnostic[] = [];

  constructor(private readonly input: SassPageInput) {}

  add(message: string, options: LoggerWarnOptions): void {
    const { file, position } = locate(options.span, this.input);
    if (!options.deprecation) {
      this.others.push(warning(file, `Sass @warn: ${message.trim()}`, position));
      return;
    }
    const entry = this.deprecations.get(file) ?? { position, kinds: new Map<string, number>() };
    const kind = options.deprecationType.id;
    entry.kinds.set(kind, (entry.kinds.get(kind) ?? 0) + 1);
    this.deprecations.set(file, entry);
  }

  diagnostics(): Diagnostic[] {
    const folded = [...this.deprecations].map(([file, { position, kinds }]) => {
      const total = [...kinds.values()].reduce((sum, n) => sum + n, 0);
      const list = [...kinds].map(([kind, n]) => `${kind} ×${n}`).join(', ');
      return warning(
        file,
        `Sass reported ${total} deprecation warning${total === 1 ? '' : 's'} (${list}); the CSS is still written`,
        position,
        "each kind is explained at https://sass-lang.com/d/<kind>; Jekyll's dart-sass converter prints the same warnings",
      );
    });
    return [...folded, ...this.others];
  }
}

const STYLE_KEY = 'sass.style';
const SOURCEMAP_VALUES = ['always', 'never', 'development'];

/**
 * The config's `sass:` mapping → SassOptions. Wrong types and folders outside
 * the source are errors naming the key (the default is used); `style: compact`
 * or `nested` (libsass only) is a warning. `sourcemap` is checked, then ignored:
 * gazette writes no source map and no `sourceMappingURL` comment.
 *
 * @param positionOf where a key is in `_config.yml` (the config reader's `position`).
 */
export function resolveSassOptions(raw: unknown, positionOf: (key: string) => Position = () => ({})): { options: SassOptions; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const wrong = (key: string, expected: string, hint = 'the default is used until this is fixed'): void => {
    diagnostics.push(error(CONFIG_FILE, `\`${key}\` must be ${expected}`, positionOf(key), hint));
  };
  if (raw === undefined || raw === null) return { options: DEFAULT_SASS_OPTIONS, diagnostics };
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    wrong('sass', 'a mapping (style, sass_dir, load_paths, sourcemap)');
    return { options: DEFAULT_SASS_OPTIONS, diagnostics };
  }
  const map = raw as Record<string, unknown>;
  const options: SassOptions = {
    style: readStyle(map['style'], diagnostics, positionOf, wrong),
    sassDir: readFolder(map['sass_dir'], 'sass.sass_dir', wrong) ?? DEFAULT_SASS_OPTIONS.sassDir,
    loadPaths: readLoadPaths(map['load_paths'], diagnostics, positionOf, wrong),
  };
  const sourcemap = map['sourcemap'];
  if (sourcemap !== undefined && sourcemap !== null && !SOURCEMAP_VALUES.includes(String(sourcemap).replace(/^:/, ''))) {
    wrong('sass.sourcemap', 'always, never or development', 'gazette writes no source map whatever this says');
  }
  return { options, diagnostics };
}

type Wrong = (key: string, expected: string, hint?: string) => void;

function readStyle(value: unknown, diagnostics: Diagnostic[], positionOf: (key: string) => Position, wrong: Wrong): SassStyle {
  if (value === undefined || value === null) return DEFAULT_SASS_OPTIONS.style;
  // Jekyll accepts Ruby symbols written as `:compressed`.
  const style = typeof value === 'string' ? value.replace(/^:/, '') : undefined;
  if (style === 'expanded' || style === 'compressed') return style;
  if (style === 'compact' || style === 'nested') {
    diagnostics.push(
      warning(
        CONFIG_FILE,
        `\`${STYLE_KEY}: ${style}\` is a libsass style that dart-sass does not have; \`expanded\` is used`,
        positionOf(STYLE_KEY),
        "write `expanded` or `compressed` (Jekyll's converter 3.x accepts only these)",
      ),
    );
    return DEFAULT_SASS_OPTIONS.style;
  }
  wrong(STYLE_KEY, `expanded or compressed, got ${JSON.stringify(value)}`);
  return DEFAULT_SASS_OPTIONS.style;
}

function readLoadPaths(value: unknown, diagnostics: Diagnostic[], positionOf: (key: string) => Position, wrong: Wrong): string[] {
  if (value === undefined || value === null) return [];
  const list = typeof value === 'string' ? [value] : value;
  if (!Array.isArray(list) || !list.every((item) => typeof item === 'string')) {
    wrong('sass.load_paths', 'a list of folders inside the site source');
    return [];
  }
  const folders: string[] = [];
  for (const item of list as string[]) {
    if (item.includes('*')) {
      // Jekyll expands globs (node_modules/*/scss); listing the folders keeps the search order visible.
      diagnostics.push(
        warning(
          CONFIG_FILE,
          `\`sass.load_paths\` entry "${item}" is a pattern, which gazette does not expand; it is ignored`,
          positionOf('load_paths'),
          'list each folder',
        ),
      );
      continue;
    }
    const folder = readFolder(item, 'sass.load_paths', wrong);
    if (folder !== undefined) folders.push(folder);
  }
  return folders;
}

/** A folder relative to the source that stays inside it, normalised with `/`; undefined when absent or wrong. */
function readFolder(value: unknown, key: string, wrong: Wrong): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') {
    wrong(key, 'a folder inside the site source');
    return undefined;
  }
  const normal = path.posix.normalize(value.replace(/\\/g, '/')).replace(/\/+$/, '');
  if (path.posix.isAbsolute(normal) || /^[a-z]:/i.test(normal) || normal === '..' || normal.startsWith('../')) {
    wrong(key, `a folder inside the site source, got "${value}"`, 'Sass files are only read from inside the site source');
    return undefined;
  }
  return normal === '' ? '.' : normal;
}
