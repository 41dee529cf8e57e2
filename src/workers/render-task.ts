/**
 * Render one batch of page routes and stage their files, in a worker thread
 * (or in the main thread after its worker ran out of memory). A batch
 * carries everything its pages show, so the result is the same either way.
 */

import { type BodyRef, createBodyReader, NO_DETAILS } from '../cache/body-store.js';
import type { ResolvedConfig } from '../config.js';
import type { TemplateSet } from '../content/template-files.js';
import { type Staging, stageFile } from '../output/write.js';
import { createLinks, type SiteContext } from '../render/context.js';
import type { RenderSession } from '../render/outputs.js';
import { type RoutesRendered, renderRoutes } from '../render/run-routes.js';
import { createTemplates, type Templates } from '../render/templates.js';
import type { Route } from '../site/routes.js';

/** What a page shows of the whole site, without its functions (they do not cross threads). */
export type SharedContext = Omit<SiteContext, 'links'>;

export function sharedContext(context: SiteContext): SharedContext {
  const { links: _links, ...shared } = context;
  return shared;
}

export interface RenderTask {
  config: ResolvedConfig;
  /** The plan's templates; a worker keeps its environment while their key holds. */
  templates: TemplateSet;
  shared: SharedContext;
  bodyDir: string;
  /** The cache key (cache-key.ts) body packs are checked against. */
  key: string;
  /** Bodies of the posts this batch renders, by source path. */
  bodies: Record<string, BodyRef>;
  staging: Staging;
  routes: Route[];
}

export interface RenderedBatch extends RoutesRendered {
  /** Body packs found damaged: pages that show their posts were rendered without them, and must not be published. */
  damaged: string[];
}

/** A route stripped of what its page does not show (a category's full post list), so it is cheap to send. */
export function portable(route: Route): Route {
  if (route.kind === 'category') return { ...route, category: { name: route.category.name, key: route.category.key, posts: [] } };
  if (route.kind === 'tag') return { ...route, tag: { name: route.tag.name, key: route.tag.key, posts: [] } };
  return route;
}

let cachedTemplates: Templates | undefined;

export async function runRenderTask(task: RenderTask): Promise<RenderedBatch> {
  const { config } = task;
  if (cachedTemplates?.key !== task.templates.key) cachedTemplates = createTemplates(task.templates);
  const reader = createBodyReader(task.bodyDir, task.key);
  const session: RenderSession = {
    site: { config, posts: [], categories: [], tags: [], pages: [] },
    routes: [],
    templates: cachedTemplates,
    siteContext: { ...task.shared, links: createLinks(config) },
    detailsOf: (post) => {
      const ref = task.bodies[post.source];
      if (!ref) throw new Error(`no body sent for ${post.source}`);
      return reader.read(ref) ?? NO_DETAILS;
    },
  };
  try {
    const rendered = await renderRoutes(task.routes, session, (file, data) => stageFile(task.staging, file, data));
    return { ...rendered, damaged: [...reader.damaged] };
  } finally {
    reader.close();
  }
}
