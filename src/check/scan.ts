/**
 * The one pass over a built site: every HTML and XML file the build wrote is
 * read once and its links checked (page-links.ts); `#fragment` links to other
 * pages are checked after, reading each target's ids once. Reads only.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readManifest } from '../output/manifest.js';
import { MANIFEST_FILE } from '../reserved-paths.js';
import type { OldFile } from './against.js';
import { extractLinks } from './extract.js';
import { type BrokenLink, checkPage, type FragmentLink } from './page-links.js';
import { createLinkResolver, fragmentFound, isHtml, ownCopy, type SiteAddress } from './resolve.js';

export interface ScanOptions {
  /** Keep each page's `<title>` (for `--against`'s suggestions). Default false. */
  readonly titles?: boolean;
}

export interface SiteScan {
  /** Every file the build wrote, as paths in the destination. */
  readonly written: ReadonlySet<string>;
  /** HTML and XML files read. */
  readonly files: number;
  /** Links found in them. */
  readonly links: number;
  readonly broken: readonly BrokenLink[];
  /** Links to other sites, per host. */
  readonly external: ReadonlyMap<string, number>;
  /** Pages that are redirects (meta refresh). */
  readonly redirects: ReadonlySet<string>;
  /** Page → `<title>`, with `titles` only; redirects left out. */
  readonly titles: ReadonlyMap<string, string>;
}

const SCANNED = /\.(html?|xml)$/;

export async function scanSite(destination: string, site: SiteAddress, options: ScanOptions = {}): Promise<SiteScan> {
  const written = await writtenFiles(destination);
  const broken: BrokenLink[] = [];
  const fragments: FragmentLink[] = [];
  const external = new Map<string, number>();
  const redirects = new Set<string>();
  const titles = new Map<string, string>();
  const resolve = createLinkResolver(written, site);
  let files = 0;
  let links = 0;
  for (const file of written) {
    if (!SCANNED.test(file)) continue;
    const page = checkPage(file, readFileSync(join(destination, file)).toString('utf8'), resolve);
    files++;
    links += page.extracted.links.length;
    broken.push(...page.broken);
    fragments.push(...page.fragments);
    for (const host of page.externalHosts) external.set(host, (external.get(host) ?? 0) + 1);
    if (page.extracted.redirect) redirects.add(file);
    else if (options.titles && isHtml(file) && page.extracted.title !== '') titles.set(file, ownCopy(page.extracted.title));
  }
  broken.push(...checkFragments(destination, fragments));
  return { written, files, links, broken, external, redirects, titles };
}

/** The fragment links to other pages that lead to no id there, reading each page once. */
function checkFragments(destination: string, fragments: readonly FragmentLink[]): BrokenLink[] {
  const idsOf = new Map<string, ReadonlySet<string>>();
  const broken: BrokenLink[] = [];
  for (const { link, target, fragment } of fragments) {
    let ids = idsOf.get(target);
    if (ids === undefined) {
      ids = extractLinks(readFileSync(join(destination, target)).toString('utf8')).ids;
      idsOf.set(target, ids);
    }
    if (!fragmentFound(fragment, ids)) broken.push(link);
  }
  return broken;
}

/** The files the manifest lists; for a folder gazette did not build, every file in it. */
export async function writtenFiles(destination: string): Promise<Set<string>> {
  const manifest = await readManifest(destination);
  return new Set(manifest ? manifest.files : listFiles(destination));
}

/** Every file below `root` (no dot files or folders: a host does not serve them), as `/`-separated relative paths. */
export function listFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string, prefix: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name.startsWith('.') || entry.name === MANIFEST_FILE) continue;
      if (entry.isDirectory()) walk(join(dir, entry.name), `${prefix}${entry.name}/`);
      else if (entry.isFile()) out.push(`${prefix}${entry.name}`);
    }
  };
  walk(root, '');
  return out.sort();
}

/** An old site's files (`--against`), each page with its `<title>`. */
export function readOldSite(folder: string): OldFile[] {
  return listFiles(folder).map((file) => ({ file, title: isHtml(file) ? ownCopy(extractLinks(readFileSync(join(folder, file)).toString('utf8')).title) : '' }));
}
