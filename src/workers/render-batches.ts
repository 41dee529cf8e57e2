/**
 * How the pages a build renders in worker threads are split into batches.
 * Pure: routes in, batches out, in the order they are handed to the pool.
 */
import { compareStrings } from '../diagnostics.js';
import type { Route } from '../site/routes.js';

/** Pages per batch: enough to pay for a message, few enough to keep both threads busy to the end. */
export const RENDER_BATCH_SIZE = 50;

/**
 * Batches for `threads` render threads, so that the batches running at the
 * same time write into different folders: each batch holds routes that
 * neighbour by file path, and consecutive batches come from different
 * stripes of the sorted list, one stripe per thread. A folder takes one new
 * name at a time: two threads adding post folders to the same day's or
 * month's folder wait for each other. (Which folders a thread has made is
 * remembered by the writer whatever the order; the order only keeps the
 * threads apart.)
 */
export function renderBatches(routes: readonly Route[], threads: number, size: number = RENDER_BATCH_SIZE): Route[][] {
  const sorted = [...routes].sort((a, b) => compareStrings(a.file, b.file));
  const batches: Route[][] = [];
  for (let i = 0; i < sorted.length; i += size) batches.push(sorted.slice(i, i + size));
  const stripes = Math.max(1, Math.min(threads, batches.length));
  const perStripe = Math.ceil(batches.length / stripes);
  const interleaved: Route[][] = [];
  for (let i = 0; i < perStripe; i++) {
    for (let stripe = 0; stripe < stripes; stripe++) {
      const batch = batches[stripe * perStripe + i];
      if (batch) interleaved.push(batch);
    }
  }
  return interleaved;
}
