/**
 * Render one batch of page routes and stage their files. Runs in worker
 * threads (the same pool as parsing) or in the main thread; a batch carries
 * everything its pages show, so the result is the same either way.
 */
import type { ResolvedConfig } from '../config.js';
import { type Staging, stageFile } from '../output/write.js';
import { createLinks, type SiteContext } from '../render/context.js';
import { renderRoute, type RenderSession, templateOf } from '../render/outputs.js';
import { mergeFailures, type RenderFailure, renderedOrFailed } from '../render/render-failures.js';
import { createTemplates, type Templates } from '../render/templates.js';
import type { Route } from '../site/routes.js';
import type { Site } from '../site/site.js';
import { type BodyRef, createBodyReader, NO_DETAILS } from '../cache/body-store.js';

/** What a page shows of the whole site, without its functions (they do not cross threads). */
export type SharedContext = Omit<SiteContext, 'links'>;

export function sharedContext(context: SiteContext): SharedContext {
  const { links: _links, ...shared } = context;
  return shared;
}

export interface RenderTask {
  config: ResolvedConfig;
  siteTemplates: string;
  /** Key of the template set; a worker rebuilds its environment when it changes. */
  templatesKey: string;
  shared: SharedContext;
  bodyDir: string;
  /** The cache key (cache-key.ts) body packs are checked against. */
  key: string;
  /** Bodies of the posts this batch renders, by source path. */
  bodies: Record<string, BodyRef>;
  staging: Staging;
  routes: Route[];
}

export interface RenderedBatch {
  /** Every file the batch rendered, and whether its bytes changed. */
  files: { file: string; staged: boolean }[];
  /** Milliseconds spent rendering, per template, for `--profile`. */
  templateMs: Record<string, number>;
  /** Pages a template could not render, merged; the batch renders the rest. */
  failures: RenderFailure[];
  /** Body packs found damaged: pages that show their posts were rendered without them, and must not be published. */
  damaged: string[];
  /**
   * A file the batch could not stage (the disk full, the folder not
   * writable), as data: an error's code does not cross threads. The batch
   * stops there; the build publishes nothing (build.ts).
   */
  writeError?: { code: string; message: string };
}

/** Kinds a batch can render: pages that show a bounded part of the site. */
export const PORTABLE_KINDS: ReadonlySet<Route['kind']> = new Set(['post', 'page', 'index', 'category', 'archive', 'search', '404']);

/** A route stripped of what its page does not show (a category's full post list), so it is cheap to send. */
export function portable(route: Route): Route {
  if (route.kind === 'category') return { ...route, category: { name: route.category.name, key: route.category.key, posts: [] } };
  return route;
}

let cachedTemplates: { key: string; templates: Templates } | undefined;

export async function runRenderTask(task: RenderTask): Promise<RenderedBatch> {
  const { config } = task;
  if (cachedTemplates?.key !== task.templatesKey) {
    cachedTemplates = { key: task.templatesKey, templates: createTemplates({ siteTemplates: task.siteTemplates, baseurl: config.baseurl, url: config.url }) };
  }
  const reader = createBodyReader(task.bodyDir, task.key);
  const site: Site = { config, posts: [], categories: [], pages: [] };
  const session: RenderSession = {
    site,
    routes: [],
    templates: cachedTemplates.templates,
    siteContext: { ...task.shared, links: createLinks(config) },
    detailsOf: (post) => {
      const ref = task.bodies[post.source];
      if (!ref) throw new Error(`no body sent for ${post.source}`);
      return reader.read(ref) ?? NO_DETAILS;
    },
  };
  try {
    const files: RenderedBatch['files'] = [];
    const templateMs: Record<string, number> = {};
    const failures: RenderFailure[] = [];
    for (const route of task.routes) {
      const started = performance.now();
      const outputs = renderedOrFailed(() => renderRoute(route, session), route.url, failures);
      if (!outputs) continue;
      const template = templateOf(route) ?? route.kind;
      templateMs[template] = (templateMs[template] ?? 0) + performance.now() - started;
      try {
        for (const output of outputs) files.push({ file: output.file, staged: stageFile(task.staging, output.file, output.data) === 'staged' });
      } catch (cause) {
        const code = (cause as NodeJS.ErrnoException).code;
        if (typeof code !== 'string') throw cause;
        return { files, templateMs, failures: mergeFailures(failures), damaged: [...reader.damaged], writeError: { code, message: (cause as Error).message } };
      }
    }
    return { files, templateMs, failures: mergeFailures(failures), damaged: [...reader.damaged] };
  } finally {
    reader.close();
  }
}
