/**
 * The one Nunjucks environment of a build: autoescape on, the site's
 * `templates/` folder first, the default theme behind it. Also knows which
 * template files each template depends on, so a rebuild re-renders only the
 * pages a template change touches.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { isInside, realOrSelf } from '../content/symlinks.js';
import { dirname, join, relative, sep } from 'node:path';
import nunjucks from 'nunjucks';

import { packagePath } from '../package-files.js';
import { encodeUrlPath } from '../site/permalink.js';

/** The default theme's templates, shipped with the package. */
export const THEME_TEMPLATES = packagePath('templates/');
/** The default theme's assets (CSS, JS, images), copied under the site's `/assets/`. */
export const THEME_ASSETS = packagePath('assets/');

export interface TemplateOptions {
  /** `<source>/templates`: files here replace theme files of the same name. */
  siteTemplates: string;
  baseurl: string;
  /** Absolute origin, '' when unknown. */
  url: string;
}

export interface Templates {
  render(name: string, context: Record<string, unknown>): string;
  /** Whether a template of that name (without `.njk`) exists in the site or theme. */
  has(name: string): boolean;
  /** Hash of a template and every template it extends, includes or imports. */
  fingerprint(name: string): string;
  /** Hash of every template of the site and the theme. */
  fingerprintAll(): string;
  /** Whether the text of a template, or of any template it extends, includes or imports, matches `pattern`. */
  mentions(name: string, pattern: RegExp): boolean;
}

export function createTemplates(options: TemplateOptions): Templates {
  const searchPaths = [options.siteTemplates, THEME_TEMPLATES].filter((dir) => existsSync(dir));
  let environment: import('nunjucks').Environment | undefined;
  const environmentOf = () => {
    if (environment) return environment;
    const { Environment, FileSystemLoader } = nunjucks;
    const loaders = [siteLoader(options.siteTemplates), new FileSystemLoader([THEME_TEMPLATES], { noCache: false })];
    environment = new Environment(loaders, {
      autoescape: true,
      throwOnUndefined: false,
      trimBlocks: true,
      lstripBlocks: true,
    });
    const relativeUrl = (path: unknown) => `${options.baseurl}${encodeUrlPath(String(path ?? ''))}`;
    environment.addFilter('relative_url', relativeUrl);
    environment.addFilter('absolute_url', (path: unknown) => `${options.url}${relativeUrl(path)}`);
    return environment;
  };

  const sources = readTemplateSources(searchPaths);
  const fingerprints = new Map<string, string>();
  const fingerprint = (name: string): string => {
    const file = withExtension(name);
    let cached = fingerprints.get(file);
    if (cached === undefined) {
      const hash = createHash('sha1');
      for (const dependency of [...closure(file, sources)].sort()) hash.update(`${dependency}\0${sources.get(dependency) ?? ''}\0`);
      cached = hash.digest('hex');
      fingerprints.set(file, cached);
    }
    return cached;
  };

  const mentions = new Map<string, boolean>();
  let all: string | undefined;

  return {
    render: (name, context) => environmentOf().render(withExtension(name), context),
    has: (name) => sources.has(withExtension(name)),
    fingerprint,
    fingerprintAll() {
      if (all === undefined) {
        const hash = createHash('sha1');
        for (const name of [...sources.keys()].sort()) hash.update(`${name}\0${sources.get(name) ?? ''}\0`);
        all = hash.digest('hex');
      }
      return all;
    },
    mentions(name, pattern) {
      const file = withExtension(name);
      const key = `${file}\0${pattern.source}\0${pattern.flags}`;
      let found = mentions.get(key);
      if (found === undefined) {
        found = [...closure(file, sources)].some((dependency) => pattern.test(sources.get(dependency) ?? ''));
        mentions.set(key, found);
      }
      return found;
    },
  };
}

/** Mark sanitised HTML safe for autoescaping; nothing else may be. */
export function trusted(html: string): unknown {
  return new nunjucks.runtime.SafeString(html);
}

function withExtension(name: string): string {
  return name.endsWith('.njk') ? name : `${name}.njk`;
}

/** Template name → source text, the site's files shadowing the theme's. */
/**
 * The site's template folder, for Nunjucks: a template whose real path
 * leaves the site source (a symlink to /etc/passwd) is not read, and the
 * theme's template of that name is used instead, as when the site has none.
 */
function siteLoader(folder: string): import('nunjucks').ILoader {
  const root = realOrSelf(dirname(folder));
  class SiteLoader extends nunjucks.FileSystemLoader {
    override getSource(name: string): import('nunjucks').LoaderSource {
      const source = super.getSource(name);
      // Nunjucks asks the next loader (the theme) when this one has nothing.
      return (source && isInside(root, realOrSelf(source.path)) ? source : null) as import('nunjucks').LoaderSource;
    }
  }
  return new SiteLoader(existsSync(folder) ? [folder] : [], { noCache: false });
}


function readTemplateSources(searchPaths: readonly string[]): Map<string, string> {
  const sources = new Map<string, string>();
  for (const dir of [...searchPaths].reverse()) {
    for (const file of listFiles(dir)) sources.set(relative(dir, file).split(sep).join('/'), readFileSync(file, 'utf8'));
  }
  return sources;
}

function listFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listFiles(path));
    else if (entry.isFile() && entry.name.endsWith('.njk')) out.push(path);
  }
  return out;
}

const REFERENCE = /{%-?\s*(?:extends|include|import|from)\s+["']([^"']+)["']/g;

function closure(name: string, sources: ReadonlyMap<string, string>): Set<string> {
  const seen = new Set<string>();
  const stack = [name];
  while (stack.length > 0) {
    const current = stack.pop() as string;
    if (seen.has(current)) continue;
    seen.add(current);
    for (const match of (sources.get(current) ?? '').matchAll(REFERENCE)) if (match[1]) stack.push(match[1]);
  }
  return seen;
}
