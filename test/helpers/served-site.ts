/**
 * A site built and served for the browser tests that look at its pages
 * (search, images, accessibility): one thread, no cache, a fixed clock, and
 * gazette's own dev server on 127.0.0.1.
 */
import { expect } from 'vitest';
import { build } from '../../src/index.js';
import { type DevServer, startDevServer } from '../../src/serve/server.js';

const SERVED_SITE_NOW = new Date('2026-01-01T00:00:00Z');

/** Builds `source` into `out`, expecting a clean build, and serves `out` on a free port. */
export async function buildAndServe(source: string, out: string): Promise<DevServer> {
  const result = await build({ source, destination: out, jobs: 1, cache: false, now: SERVED_SITE_NOW });
  expect(result.ok, JSON.stringify(result.diagnostics)).toBe(true);
  return startDevServer({ root: out, host: '127.0.0.1', port: 0, onError: () => undefined });
}
