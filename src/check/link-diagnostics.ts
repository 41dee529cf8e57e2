/**
 * Broken links as diagnostics at the source they came from (sources.ts finds
 * it), one per source position: a theme template's broken link is one
 * diagnostic however many pages show it. A link found in no source is named
 * at its place in the output file. Reads the source's files, writes nothing.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { THEME_TEMPLATES } from '../content/template-files.js';
import { type Diagnostic, error } from '../diagnostics.js';
import type { BrokenLink } from './page-links.js';
import { urlPathOf } from './resolve.js';
import { candidates, indexBySlug, locate, needlesFor, type SourceKinds } from './sources.js';

export interface Where {
  readonly source: string;
  readonly destination: string;
}

const TEXT = /\.(md|markdown|mkd|mkdn|html?|xml|txt|njk|liquid)$/i;
const DATA = /\.(ya?ml|json|[ct]sv)$/i;
const TEMPLATE_FOLDERS = ['templates/', '_includes/', '_layouts/'];
const POST_FOLDER = /(^|\/)_(posts|drafts)\//;

export function brokenLinkDiagnostics(broken: readonly BrokenLink[], where: Where): Diagnostic[] {
  if (broken.length === 0) return [];
  const kinds = listSources(where);
  const bySlug = indexBySlug(kinds);
  const texts = new Map<string, string | undefined>();
  const textOf = (file: string) => {
    if (!texts.has(file)) texts.set(file, readText(file.startsWith('/') ? file : join(where.source, file)));
    return texts.get(file);
  };
  const found = new Map<string, { at: Place; link: BrokenLink; pages: number }>();
  for (const link of broken) {
    const at = sourceOf(link, candidates(link.file, kinds, bySlug), textOf) ?? outputPlace(link, where);
    const key = `${at.file}\u0000${at.line}\u0000${at.column}\u0000${link.value}`;
    const seen = found.get(key);
    if (seen) seen.pages++;
    else found.set(key, { at, link, pages: 1 });
  }
  return [...found.values()].map(({ at, link, pages }) => diagnosticOf(at, link, pages));
}

type Place = { file: string; line: number; column: number; inOutput?: boolean };

function sourceOf(link: BrokenLink, files: readonly string[], textOf: (file: string) => string | undefined): Place | undefined {
  const needles = needlesFor(link.raw, link.value);
  for (const file of files) {
    const text = textOf(file);
    const at = text === undefined ? undefined : locate(text, needles);
    if (at) return { file, ...at };
  }
  return undefined;
}

function outputPlace(link: BrokenLink, where: Where): Place {
  return { file: sourcePath(where, join(where.destination, link.file)), line: link.line, column: link.column, inOutput: true };
}

function diagnosticOf(at: Place, link: BrokenLink, pages: number): Diagnostic {
  // The page by its URL: shorter than the output file's path, and what the reader opens.
  const page = urlPathOf(link.file);
  const shown = at.inOutput ? '' : pages > 1 ? ` (on ${pages} pages, ${page} the first)` : ` (on ${page})`;
  const fragment = link.reason.includes('no element with id');
  const hint = fragment
    ? 'link to an id the page has, or give the element that id'
    : link.reason.startsWith('no file')
      ? 'correct the link, or add the page or file it points at'
      : 'write it as a path of this site (relative_url adds the baseurl)';
  return error(at.file, `broken link "${link.value}": ${link.reason}${shown}`, { line: at.line, column: at.column }, hint);
}

/** A path as diagnostics name files: relative to the source, `/`-separated. */
function sourcePath(where: Where, path: string): string {
  return relative(where.source, path).split(sep).join('/');
}

/** The source's posts, pages and templates, then the theme's templates the site does not replace, and the data Liquid reads. */
export function listSources(where: Where): SourceKinds {
  const posts: string[] = [];
  const pages: string[] = [];
  const templates: string[] = [];
  const data: string[] = [];
  const skip = sourcePath(where, where.destination);
  for (const path of walk(where.source, '', skip)) {
    if (path === '_config.yml' || (path.startsWith('_data/') && DATA.test(path))) data.push(path);
    if (!TEXT.test(path)) continue;
    if (POST_FOLDER.test(path)) posts.push(path);
    else if (TEMPLATE_FOLDERS.some((folder) => path.startsWith(folder))) templates.push(path);
    else if (!path.split('/').some((part) => part.startsWith('_'))) pages.push(path);
  }
  const own = new Set(templates.filter((path) => path.startsWith('templates/')).map((path) => path.slice('templates/'.length)));
  for (const name of walk(THEME_TEMPLATES, '', '')) if (!own.has(name)) templates.push(join(THEME_TEMPLATES, name));
  return { posts, pages, templates, data };
}

function walk(root: string, prefix: string, skip: string): string[] {
  const out: string[] = [];
  let entries: import('node:fs').Dirent[];
  try {
    entries = readdirSync(join(root, prefix), { withFileTypes: true });
  } catch {
    return out;
  }
  for (const entry of entries) {
    const path = `${prefix}${entry.name}`;
    if (entry.name.startsWith('.') || entry.name === 'node_modules' || path === skip || entry.name === '_site') continue;
    if (entry.isDirectory()) out.push(...walk(root, `${path}/`, skip));
    else if (entry.isFile()) out.push(path);
  }
  return out.sort();
}

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}
