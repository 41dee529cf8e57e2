import { describe, expect, it } from 'vitest';
import type { Route } from '../src/site/routes.js';
import { renderBatches } from '../src/workers/render-batches.js';

const page = (file: string): Route => ({ kind: '404', url: `/${file}`, file });

/** Post pages of a news site: category / year / month / day / slug, in the order a plan lists them (newest first). */
function postPages(count: number): Route[] {
  const categories = ['news', 'world', '경제', 'tech news'];
  return Array.from({ length: count }, (_, i) => {
    const day = String(1 + (i % 28)).padStart(2, '0');
    const month = String(1 + (Math.floor(i / 28) % 12)).padStart(2, '0');
    return page(`${categories[i % categories.length]}/2024/${month}/${day}/${count - i}/index.html`);
  });
}

const files = (batches: Route[][]) => batches.flat().map((route) => route.file);

describe('renderBatches', () => {
  it('hands every route over exactly once, in batches of at most the given size', () => {
    const routes = postPages(1234);
    const batches = renderBatches(routes, 2, 50);
    expect(batches.every((batch) => batch.length > 0 && batch.length <= 50)).toBe(true);
    expect(files(batches).sort()).toEqual(routes.map((route) => route.file).sort());
  });

  it('keeps each batch to routes that neighbour by path', () => {
    const batches = renderBatches(postPages(600), 2, 50);
    const sorted = [...files(batches)].sort();
    for (const batch of batches) {
      const names = batch.map((route) => route.file);
      const start = sorted.indexOf(names[0] ?? '');
      expect(names).toEqual(sorted.slice(start, start + names.length));
    }
  });

  it('alternates between stripes of the sorted paths, one per thread, so batches running together are far apart', () => {
    const batches = renderBatches(postPages(1000), 2, 50);
    const firstOf = (batch: Route[] | undefined) => batch?.[0]?.file ?? '';
    const sorted = [...files(batches)].sort();
    // Twenty batches: the first ten of the sorted list, then the last ten, taken in turn.
    expect(firstOf(batches[0])).toBe(sorted[0]);
    expect(firstOf(batches[1])).toBe(sorted[500]);
    expect(firstOf(batches[2])).toBe(sorted[50]);
    expect(firstOf(batches[3])).toBe(sorted[550]);
    expect(batches[0]?.[0]?.file.split('/')[0]).not.toBe(batches[1]?.[0]?.file.split('/')[0]);
  });

  it('with one thread, or one batch, is the sorted list cut in batches', () => {
    const routes = postPages(130);
    const sorted = routes.map((route) => route.file).sort();
    expect(renderBatches(routes, 1, 50).map((batch) => batch.length)).toEqual([50, 50, 30]);
    expect(files(renderBatches(routes, 1, 50))).toEqual(sorted);
    expect(files(renderBatches(routes.slice(0, 20), 4, 50))).toEqual(
      routes
        .slice(0, 20)
        .map((route) => route.file)
        .sort(),
    );
  });

  it('spreads an uneven count over the stripes without losing the last batch', () => {
    const batches = renderBatches(postPages(5 * 50 + 7), 3, 50);
    expect(batches).toHaveLength(6);
    expect(files(batches)).toHaveLength(257);
    expect(new Set(files(batches)).size).toBe(257);
  });
});
