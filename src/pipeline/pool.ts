/**
 * Worker threads for the parse phase (piscina). Each worker builds its own
 * frozen unified processor once and keeps it for every batch it is given.
 */
import { Piscina } from 'piscina';
import type { ParsedEntry, ParseTask } from './parse-task.js';

export interface ParsePool {
  run(task: ParseTask): Promise<ParsedEntry[]>;
  close(): Promise<void>;
}

export function createParsePool(threads: number): ParsePool {
  const self = import.meta.url;
  // Under the test runner this module is TypeScript source; its worker needs tsx to load.
  const fromSource = self.endsWith('.ts');
  const pool = new Piscina<ParseTask, ParsedEntry[]>({
    filename: new URL(fromSource ? './parse-worker.ts' : './parse-worker.js', self).href,
    minThreads: threads,
    maxThreads: threads,
    idleTimeout: 1_000,
    ...(fromSource ? { execArgv: ['--import', 'tsx'] } : {}),
  });
  return {
    run: (task) => pool.run(task),
    close: () => pool.destroy(),
  };
}
