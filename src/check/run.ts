/**
 * `gazette check` as a library call: build (unless told not to; the build's
 * no-change path makes that cheap), scan the output's links, name each broken
 * one at its source, and with `against`, compare an old site's URLs and write
 * redirect pages for the lost ones with a clear new URL (then build again).
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build } from '../build/builder.js';
import { readSiteConfig } from '../build/state.js';
import type { BuildOptions, BuildResult } from '../build/types.js';
import type { ResolvedConfig } from '../config.js';
import type { Diagnostic } from '../diagnostics.js';
import { type Comparison, compareSites } from './against.js';
import { brokenLinkDiagnostics, type Where } from './link-diagnostics.js';
import { writeRedirectPages } from './redirect-pages.js';
import { siteAddress } from './resolve.js';
import { readOldSite, type SiteScan, scanSite } from './scan.js';

export interface CheckOptions {
  /** The build's options (source, destination, flags); the check builds with them first. */
  readonly build: BuildOptions;
  /** Build first. Default true; false checks the destination as it is. */
  readonly runBuild?: boolean;
  /** An old site's output folder: list the URLs the new build no longer serves. */
  readonly against?: string;
  /** Write redirect pages (in `<source>/moved/`) for lost URLs with a suggestion, then build again. Default false. */
  readonly writeRedirects?: boolean;
}

export interface AgainstResult {
  readonly comparison: Comparison;
  /** Before the redirect pages were written (with `writeRedirects` and some written). */
  readonly before?: Comparison;
  /** Redirect pages written, source-relative. */
  readonly written: readonly string[];
}

export interface CheckResult {
  /** The command was used wrongly (exit 2). */
  readonly usage?: { readonly message: string; readonly hint?: string };
  /** The build that ran first (the last one, after redirect pages were written). */
  readonly build?: BuildResult;
  /** No link broken, no old URL lost, the build (if any) published. */
  readonly ok: boolean;
  readonly diagnostics: readonly Diagnostic[];
  readonly scan?: SiteScan;
  readonly against?: AgainstResult;
  readonly source: string;
}

export async function runCheck(options: CheckOptions): Promise<CheckResult> {
  const source = resolve(options.build.source ?? '.');
  const where: Where = { source, destination: resolve(options.build.destination ?? join(source, '_site')) };
  const start = await siteConfig(options, where);
  if ('usage' in start || !('config' in start)) return { ok: false, diagnostics: [], source, ...start };
  const checked = await checkLinks(where, start.config, options.against !== undefined);
  if (options.against === undefined) return { ...checked, source, ...(start.build ? { build: start.build } : {}) };
  const comparison = compareSites(readOldSite(resolve(options.against)), checked.scan);
  const written = options.writeRedirects ? writeRedirectPages(source, comparison.lost) : [];
  if (written.length === 0) return finish(checked, { comparison, written }, start.build, source);
  const rebuilt = await build({ ...options.build, source, destination: where.destination });
  if (!rebuilt.ok) return { ok: false, diagnostics: [], build: rebuilt, against: { comparison, written }, source };
  const again = await checkLinks(where, rebuilt.config ?? start.config, true);
  return finish(again, { comparison: compareSites(readOldSite(resolve(options.against)), again.scan), before: comparison, written }, rebuilt, source);
}

function finish(checked: LinkCheck, against: AgainstResult, built: BuildResult | undefined, source: string): CheckResult {
  return { ...checked, ok: checked.ok && against.comparison.lost.length === 0, against, source, ...(built ? { build: built } : {}) };
}

type Start = { config: ResolvedConfig; build?: BuildResult } | { usage: { message: string; hint?: string } } | { build: BuildResult };

/** The config, from the build that runs first or (`runBuild: false`) from _config.yml; or why the check cannot start. */
async function siteConfig(options: CheckOptions, where: Where): Promise<Start> {
  if (options.runBuild ?? true) {
    const built = await build({ ...options.build, source: where.source, destination: where.destination });
    if (built.usage) return { usage: built.usage };
    if (!built.ok || built.config === undefined) return { build: built };
    return { config: built.config, build: built };
  }
  if (!existsSync(where.destination))
    return { usage: { message: `nothing is built at ${where.destination}`, hint: 'run `gazette check` without --no-build, or build first' } };
  const flags = { drafts: options.build.drafts ?? false, future: options.build.future ?? false, unpublished: options.build.unpublished ?? false };
  const read = await readSiteConfig(where.source, flags);
  if ('usage' in read) return { usage: read.usage };
  if (!('config' in read)) return { usage: { message: '_config.yml has errors', hint: 'run `gazette build` to see them' } };
  return { config: read.config };
}

type LinkCheck = { ok: boolean; diagnostics: Diagnostic[]; scan: SiteScan };

/** The built site's links checked; the broken ones as diagnostics at their sources. */
export async function checkLinks(where: Where, config: ResolvedConfig, titles = false): Promise<LinkCheck> {
  const scan = await scanSite(where.destination, siteAddress(config.url, config.baseurl), { titles });
  const diagnostics = brokenLinkDiagnostics(scan.broken, where);
  return { ok: diagnostics.length === 0, diagnostics, scan };
}
