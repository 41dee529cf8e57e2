/**
 * Worker threads (piscina) for parsing and rendering. Each worker builds its
 * unified processors and its Nunjucks environment once and keeps them for
 * every batch it is given.
 *
 * Workers run with a bounded heap, so their garbage is collected early
 * instead of growing toward V8's default limit, which keeps a large site's
 * peak memory low (bench/RESULTS.md). A batch that needs more than that
 * (a post of many megabytes) loses its worker; it is then run again in the
 * main thread, whose heap is not bounded, so no post is lost to the limit.
 */
import { createRequire } from 'node:module';
import type { ImageOutcome, ImageTask } from './image-task.js';
import type { ParsedEntry, ParseTask } from './parse-task.js';
import type { RenderedBatch, RenderTask } from './render-task.js';
import type { WorkerTask } from './worker.js';

export interface WorkerPool {
  parse(task: ParseTask): Promise<ParsedEntry[]>;
  render(task: RenderTask): Promise<RenderedBatch>;
  /** Resized copies of a batch of images (image-task.ts). */
  image(task: ImageTask): Promise<ImageOutcome[]>;
  /** Worker threads in the pool. */
  readonly threads: number;
  /** Batches run again in the main thread after their worker ran out of memory. */
  readonly redone: number;
  close(): Promise<void>;
}

export interface WorkerPoolOptions {
  threads: number;
  /** Old-generation heap of each worker, in MiB. Default: WORKER_HEAP_MB. */
  heapMb?: number;
}

/**
 * A batch of 40 posts or 50 pages needs a few MiB; what a worker keeps
 * (processors, templates) about 20: room for both, with garbage collected
 * well before V8's default limit.
 */
export const WORKER_HEAP_MB = 64;

// Loaded when a build first needs workers: small builds and warm builds never do.
const require = createRequire(import.meta.url);

export function createWorkerPool(options: WorkerPoolOptions): WorkerPool {
  const { Piscina } = require('piscina') as typeof import('piscina');
  const self = import.meta.url;
  // Under the test runner this module is TypeScript source; its worker needs tsx to load.
  const fromSource = self.endsWith('.ts');
  const pool = new Piscina<WorkerTask, ParsedEntry[] | RenderedBatch | ImageOutcome[]>({
    filename: new URL(fromSource ? './worker.ts' : './worker.js', self).href,
    minThreads: options.threads,
    maxThreads: options.threads,
    idleTimeout: 1_000,
    // Each worker holds its next batch: a worker that finishes one does not wait for this thread to
    // hand it another while this thread is busy (reading posts, writing the cache index, collecting garbage).
    concurrentTasksPerWorker: 2,
    resourceLimits: { maxOldGenerationSizeMb: options.heapMb ?? WORKER_HEAP_MB },
    ...(fromSource ? { execArgv: ['--import', 'tsx'] } : {}),
  });
  let redone = 0;
  const run = async <T extends ParsedEntry[] | RenderedBatch | ImageOutcome[]>(job: WorkerTask, inThisThread: () => Promise<T>): Promise<T> => {
    try {
      return (await pool.run(job)) as T;
    } catch (cause) {
      if (!isOutOfMemory(cause)) throw cause;
      redone++;
      return inThisThread();
    }
  };
  return {
    parse: (task) => run({ kind: 'parse', task }, async () => (await import('./parse-task.js')).runParseTask(task)),
    render: (task) => run({ kind: 'render', task }, async () => (await import('./render-task.js')).runRenderTask(task)),
    image: (task) => run({ kind: 'image', task }, async () => (await import('./image-task.js')).runImageTask(task)),
    threads: options.threads,
    get redone() {
      return redone;
    },
    close: () => pool.destroy(),
  };
}

function isOutOfMemory(cause: unknown): boolean {
  return cause instanceof Error && (cause as NodeJS.ErrnoException).code === 'ERR_WORKER_OUT_OF_MEMORY';
}
