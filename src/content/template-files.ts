/**
 * The template files of a build, read once: the site's `templates/` folder
 * first, the default theme behind it. Rendering (render/templates.ts) and
 * fingerprints both use these texts, so a template saved during a build
 * cannot make a page and its fingerprint disagree; worker threads get the
 * same texts with their batches.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { packagePath } from '../package-files.js';
import { isInside, realOrSelf } from './symlinks.js';

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

/** A template's text and the path its errors name. */
export interface TemplateFile {
  readonly path: string;
  readonly text: string;
}

/** Everything that configures a build's templates: plain data, sent as it is to worker threads. */
export interface TemplateSet {
  readonly options: TemplateOptions;
  /** Template name (`post.njk`, `partials/head.njk`) → file, the site's shadowing the theme's. */
  readonly files: Readonly<Record<string, TemplateFile>>;
  /** Hash of the options and every file: equal keys, equal templates (a worker keeps its environment while the key holds). */
  readonly key: string;
}

export function readTemplateSet(options: TemplateOptions): TemplateSet {
  const files: Record<string, TemplateFile> = {};
  for (const [name, path] of listTemplates(THEME_TEMPLATES)) files[name] = { path, text: readFileSync(path, 'utf8') };
  // A site template whose real path leaves the site source (a symlink to /etc/passwd) is not read: the theme's stands.
  const root = realOrSelf(dirname(options.siteTemplates));
  for (const [name, path] of listTemplates(options.siteTemplates)) {
    if (isInside(root, realOrSelf(path))) files[name] = { path, text: readFileSync(path, 'utf8') };
  }
  const hash = createHash('sha1').update(JSON.stringify([options.siteTemplates, options.baseurl, options.url]));
  for (const name of Object.keys(files).sort()) hash.update(`\0${name}\0${files[name]?.text ?? ''}`);
  return { options, files, key: hash.digest('hex') };
}

/** Name → absolute path of every `.njk` file under `dir` (symlinks followed); none when it does not exist. */
function listTemplates(dir: string): Map<string, string> {
  const found = new Map<string, string>();
  if (!existsSync(dir)) return found;
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      const kind = entry.isSymbolicLink() ? statSync(path, { throwIfNoEntry: false }) : entry;
      if (kind?.isDirectory()) walk(path);
      else if (kind?.isFile() && entry.name.endsWith('.njk')) found.set(relative(dir, path).split(sep).join('/'), path);
    }
  };
  walk(dir);
  return found;
}
