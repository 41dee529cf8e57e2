/**
 * What a Builder keeps between builds, and how it is read from the source.
 * A state is never patched: each build makes the next one whole, so a build
 * that fails leaves the state it started from.
 */
import { lstatSync, statSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { CacheStore } from '../cache/cache.js';
import { type BuildFlags, CONFIG_FILE, type ResolvedConfig, resolveConfig } from '../config.js';
import { discover, type SiteFiles, type SourceFile } from '../content/discover.js';
import { readTemplateSet, THEME_ASSETS } from '../content/template-files.js';
import { listThemeAssets } from '../content/theme-assets.js';
import type { Diagnostic } from '../diagnostics.js';
import type { Manifest } from '../output/manifest.js';
import { createTemplates, type Templates } from '../render/templates.js';
import type { LastBuild } from './planners/body-edit.js';

/** The site's inputs as a build reads them: config, file lists, templates. */
export interface LoadedSite {
  readonly source: string;
  readonly destination: string;
  readonly config: ResolvedConfig;
  readonly configDiagnostics: readonly Diagnostic[];
  readonly files: SiteFiles;
  /** `files` by source path, for rebuilds of a few files. */
  readonly fileIndex: ReadonlyMap<string, SourceFile>;
  readonly themeAssets: readonly SourceFile[];
  readonly templates: Templates;
}

export interface BuilderState {
  readonly site: LoadedSite;
  readonly cache: CacheStore;
  /** The destination's manifest as the last full build wrote it. */
  readonly manifest: Manifest | undefined;
  /** Fingerprints of the pages body edits rendered since (output file → fingerprint): merged into the manifest by the next full build, or on close. */
  readonly renderedSince: Readonly<Record<string, string>>;
  /** The last build, when it succeeded: what a body edit is planned from. */
  readonly last: LastBuild | undefined;
}

/** The config, or why there is none to build with. */
export type ConfigRead = { config: ResolvedConfig; diagnostics: Diagnostic[] } | { usage: { message: string; hint: string } } | { diagnostics: Diagnostic[] };

export async function readSiteConfig(source: string, flags: BuildFlags): Promise<ConfigRead> {
  const isFolder = await stat(source).then(
    (info) => info.isDirectory(),
    () => false,
  );
  if (!isFolder) return { usage: { message: `the source folder ${source} does not exist or is not a folder`, hint: 'pass the site folder with -s/--source' } };
  const configText = await readFile(join(source, CONFIG_FILE), 'utf8').catch((cause: NodeJS.ErrnoException) => {
    if (cause.code === 'ENOENT') return undefined;
    throw cause;
  });
  const { config, diagnostics } = resolveConfig(configText, flags);
  return diagnostics.some((d) => d.severity === 'error') ? { diagnostics } : { config, diagnostics };
}

/** The site's file lists, theme assets and templates, under a config already read. */
export async function loadSite(source: string, destination: string, config: ResolvedConfig, configDiagnostics: readonly Diagnostic[]): Promise<LoadedSite> {
  const files = await discoverFiles(source, destination, config);
  return {
    source,
    destination,
    config,
    configDiagnostics,
    files,
    fileIndex: indexFiles(files),
    themeAssets: await listThemeAssets(THEME_ASSETS),
    templates: loadTemplates(source, config),
  };
}

/** The site after a save of these files (source paths): lists read again when files came or went, templates when one changed. */
export async function refreshSite(site: LoadedSite, changed: readonly string[]): Promise<LoadedSite> {
  const files = filesAddedOrRemoved(site.fileIndex, site.source, changed)
    ? await discoverFiles(site.source, site.destination, site.config)
    : restat(site.files, site.fileIndex, site.source, changed);
  const templates = changed.some((path) => path.startsWith('templates/')) ? loadTemplates(site.source, site.config) : site.templates;
  return { ...site, files, fileIndex: indexFiles(files), templates };
}

function discoverFiles(source: string, destination: string, config: ResolvedConfig): Promise<SiteFiles> {
  const { showDrafts, exclude, include, markdownExt, symlinksAllowed } = config;
  return discover({ root: source, destination, drafts: showDrafts, exclude, include, markdownExt, symlinksAllowed });
}

function loadTemplates(source: string, config: ResolvedConfig): Templates {
  return createTemplates(readTemplateSet({ siteTemplates: join(source, 'templates'), baseurl: config.baseurl, url: config.url }));
}

/** Every file a build reads: posts, pages, static files (the theme's included). */
export function inputFiles(site: LoadedSite): SourceFile[] {
  return [...site.files.posts, ...site.files.pages, ...staticFiles(site)];
}

/** The theme's assets under `assets/`, unless the site has a file of the same path, and the site's static files. */
export function staticFiles(site: LoadedSite): SourceFile[] {
  const own = new Set(site.files.statics.map((file) => file.source));
  return [...site.themeAssets.filter((asset) => !own.has(asset.source)), ...site.files.statics];
}

function indexFiles(files: SiteFiles): Map<string, SourceFile> {
  const index = new Map<string, SourceFile>();
  for (const file of [...files.posts, ...files.pages, ...files.statics]) index.set(file.source, file);
  return index;
}

/**
 * Whether a changed path is new or gone (the file lists must be read again).
 * A symlink counts as new: a file replaced by a link must go through
 * discover's check of where links lead. This and restat use synchronous
 * stat: a few paths, and in watch mode the thread pool may be busy with the
 * file watcher's own scans.
 */
function filesAddedOrRemoved(index: ReadonlyMap<string, SourceFile>, source: string, changed: readonly string[]): boolean {
  for (const path of changed) {
    const full = join(source, path);
    if (lstatSync(full, { throwIfNoEntry: false })?.isSymbolicLink() === true) return true;
    const exists = statSync(full, { throwIfNoEntry: false })?.isFile() ?? false;
    if (exists !== index.has(path)) return true;
  }
  return false;
}

/** The lists with the size and mtime of changed files read again, so the cache sees them as changed. */
function restat(files: SiteFiles, index: ReadonlyMap<string, SourceFile>, source: string, changed: readonly string[]): SiteFiles {
  const updated = new Map<string, SourceFile>();
  for (const path of changed) {
    const file = index.get(path);
    if (!file) continue;
    const info = statSync(join(source, path));
    updated.set(path, { ...file, size: info.size, mtimeMs: info.mtimeMs });
  }
  if (updated.size === 0) return files;
  const fresh = <F extends SourceFile>(list: readonly F[]): F[] => list.map((file) => (updated.get(file.source) as F | undefined) ?? file);
  return { ...files, posts: fresh(files.posts), pages: fresh(files.pages), statics: fresh(files.statics) };
}

/** The manifest with the fingerprints of pages rendered since it was written. */
export function currentManifest(state: BuilderState): Manifest | undefined {
  const { manifest, renderedSince } = state;
  if (!manifest || Object.keys(renderedSince).length === 0) return manifest;
  return { ...manifest, routes: { ...manifest.routes, ...renderedSince } };
}
