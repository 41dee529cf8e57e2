/**
 * The one render loop: routes → their files, staged. Every build path runs
 * it, on the main thread for what needs the whole site and in worker threads
 * for batches of pages (workers/render-task.ts), so a page comes out the same
 * whichever renders it.
 */
import type { Route } from '../site/routes.js';
import { type RenderSession, renderRoute } from './outputs.js';
import { mergeFailures, type RenderFailure, renderedOrFailed } from './render-failures.js';
import { templateOf } from './route-kinds.js';

/** Puts a file's bytes in the staging area: 'unchanged' when the destination already has them. */
export type StageFile = (file: string, data: string) => 'staged' | 'unchanged';

export interface RoutesRendered {
  /** Every file rendered, and whether its bytes changed. */
  files: { file: string; staged: boolean }[];
  /** Milliseconds spent rendering, per template (or output kind), for `--profile`. */
  templateMs: Record<string, number>;
  /** Pages a template could not render, merged; the others are rendered. */
  failures: RenderFailure[];
  /**
   * A file that could not be staged (the disk full, the folder not
   * writable), as data, since an error's code does not cross threads. The
   * loop stops there; the build publishes nothing.
   */
  writeError?: { code: string; message: string };
}

/** `pause` runs before each route: the main thread lets its event loop turn there, so the worker pool gets its next batches. */
export async function renderRoutes(routes: readonly Route[], session: RenderSession, stage: StageFile, pause?: () => Promise<void>): Promise<RoutesRendered> {
  const result: RoutesRendered = { files: [], templateMs: {}, failures: [] };
  const failures: RenderFailure[] = [];
  for (const route of routes) {
    if (pause) await pause();
    try {
      stageRoute(route, session, stage, result, failures);
    } catch (cause) {
      const code = (cause as NodeJS.ErrnoException).code;
      if (typeof code !== 'string') throw cause;
      result.writeError = { code, message: (cause as Error).message };
      break;
    }
  }
  result.failures = mergeFailures(failures);
  return result;
}

/**
 * Renders one route and stages its files as they come (the search index
 * makes them one at a time): a template's time is the rendering's, not the
 * staging's.
 */
function stageRoute(route: Route, session: RenderSession, stage: StageFile, result: RoutesRendered, failures: RenderFailure[]): void {
  const started = performance.now();
  let staging = 0;
  const outputs = renderedOrFailed(() => renderRoute(route, session)[Symbol.iterator](), route.url, failures);
  for (
    let next = outputs && renderedOrFailed(() => outputs.next(), route.url, failures);
    next && !next.done;
    next = renderedOrFailed(() => outputs?.next(), route.url, failures)
  ) {
    const before = performance.now();
    result.files.push({ file: next.value.file, staged: stage(next.value.file, next.value.data) === 'staged' });
    staging += performance.now() - before;
  }
  if (!outputs) return;
  const template = templateOf(route) ?? route.kind;
  result.templateMs[template] = (result.templateMs[template] ?? 0) + performance.now() - started - staging;
}
