/**
 * The plan of a full build: every route of the site, those whose
 * fingerprints equal the last build's kept as they are, the rest rendered
 * (the search index patched instead when its caller can); static files
 * copied unless a rebuild knows them unchanged and in place.
 */
import { sitemapFiles } from '../../feeds/sitemap.js';
import type { Manifest } from '../../output/manifest.js';
import { sitemapSources } from '../../render/outputs.js';
import type { Templates } from '../../render/templates.js';
import { isIndexFile } from '../../search/index-files.js';
import type { Route } from '../../site/routes.js';
import type { Site } from '../../site/site.js';
import { fingerprintRoutes } from '../fingerprint.js';
import type { BuildPlan, PlanBodies } from '../plan.js';

export interface FullPlanInput {
  readonly site: Site;
  readonly routes: readonly Route[];
  /** Files the build made outside the routes (resized images, named by their bytes): copied from the cache, or kept as static files are. Default none. */
  readonly generated?: readonly { readonly file: string; readonly from: string }[];
  readonly templates: Templates;
  readonly bodies: PlanBodies;
  /** The destination's manifest; undefined: a first build into it, where nothing is unchanged. */
  readonly previous: Manifest | undefined;
  /** In a rebuild, the static files that changed (source paths); others the last build put in place are kept. Undefined: copy all. */
  readonly staticsChanged: ReadonlySet<string> | undefined;
  /**
   * Asked only when the search index's fingerprint changed: the files that
   * bring the destination's index up to date (its edits list; none when it
   * is), or undefined to render it whole (build/search-edits.ts). Default:
   * always render it whole.
   */
  readonly patchSearchIndex?: () => readonly { readonly file: string; readonly data: string }[] | undefined;
}

export function planFull(input: FullPlanInput): BuildPlan {
  const { previous, routes } = input;
  // With no previous build nothing is unchanged: the fingerprints are only recorded, computed while the workers render.
  const fingerprints = previous === undefined ? undefined : fingerprintRoutes(routes, input.site, input.templates);
  const previousFiles = new Set(previous?.files ?? []);
  const render: Route[] = [];
  const copy: { file: string; from: string }[] = [];
  const keep: string[] = [];
  const extra: { file: string; data: string }[] = [];
  const indexFiles = () => (previous?.files ?? []).filter(isIndexFile);
  for (const route of routes) {
    if (route.kind === 'static') {
      const inPlace = input.staticsChanged !== undefined && !input.staticsChanged.has(route.from.source) && previousFiles.has(route.file);
      if (inPlace) keep.push(route.file);
      else copy.push({ file: route.file, from: route.from.absolute });
      continue;
    }
    const fingerprint = fingerprints?.get(route);
    const unchanged = fingerprint !== undefined && previous?.routes[route.file] === fingerprint && previousFiles.has(route.file);
    const patch = !unchanged && route.kind === 'search-index' && previousFiles.has(route.file) ? input.patchSearchIndex?.() : undefined;
    if (patch) {
      keep.push(...indexFiles());
      extra.push(...patch);
    } else if (!unchanged) render.push(route);
    // The sitemap is one route that writes several files: `sitemap.xml`, or an index and its parts.
    else if (route.kind === 'sitemap') keep.push(...sitemapFiles(sitemapSources(routes).length));
    // So is the search index: its manifest, shards and chunks, as the last build wrote them.
    else if (route.kind === 'search-index') keep.push(...indexFiles());
    else keep.push(route.file);
  }
  const routeFiles = input.generated?.length ? new Set(routes.map((route) => route.file)) : undefined;
  for (const file of input.generated ?? []) {
    // A file of the site's own at that path wins.
    if (routeFiles?.has(file.file)) continue;
    if (input.staticsChanged !== undefined && previousFiles.has(file.file)) keep.push(file.file);
    else copy.push(file);
  }
  return {
    kind: 'full',
    render,
    copy,
    keep,
    ...(extra.length > 0 ? { extra } : {}),
    site: input.site,
    routes,
    templates: input.templates,
    bodies: input.bodies,
    commit: { kind: 'site', previous },
    fingerprints: fingerprints ?? 'while-rendering',
  };
}
