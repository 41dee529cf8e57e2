/**
 * Worker threads (piscina) for parsing and rendering. Each worker builds its
 * unified processors and its Nunjucks environment once and keeps them for
 * every batch it is given.
 */
import { createRequire } from 'node:module';
import type { ParsedEntry, ParseTask } from './parse-task.js';
import type { RenderedBatch, RenderTask } from './render-task.js';
import type { WorkerTask } from './worker.js';

export interface WorkerPool {
  parse(task: ParseTask): Promise<ParsedEntry[]>;
  render(task: RenderTask): Promise<RenderedBatch>;
  close(): Promise<void>;
}

// Loaded when a build first needs workers: small builds and warm builds never do.
const require = createRequire(import.meta.url);

export function createWorkerPool(threads: number): WorkerPool {
  const { Piscina } = require('piscina') as typeof import('piscina');
  const self = import.meta.url;
  // Under the test runner this module is TypeScript source; its worker needs tsx to load.
  const fromSource = self.endsWith('.ts');
  const pool = new Piscina<WorkerTask, ParsedEntry[] | RenderedBatch>({
    filename: new URL(fromSource ? './worker.ts' : './worker.js', self).href,
    minThreads: threads,
    maxThreads: threads,
    idleTimeout: 1_000,
    ...(fromSource ? { execArgv: ['--import', 'tsx'] } : {}),
  });
  return {
    parse: (task) => pool.run({ kind: 'parse', task }) as Promise<ParsedEntry[]>,
    render: (task) => pool.run({ kind: 'render', task }) as Promise<RenderedBatch>,
    close: () => pool.destroy(),
  };
}
