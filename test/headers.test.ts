/**
 * The CSP as a `<meta>` cannot carry `frame-ancestors`: the build writes
 * `_headers` (Netlify, Cloudflare Pages) with the same policy plus
 * `frame-ancestors 'self'`, unless `csp: false` or the site publishes its own.
 */
import { appendFile, cp, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { build } from '../src/index.js';
import { cleanTemp, listFiles, ROOT, tempDir } from './helpers/site.js';

const FIXTURE = path.join(ROOT, 'test', 'fixtures', 'headers', 'site');

afterAll(() => cleanTemp());

async function buildWith(extraConfig: string): Promise<string> {
  const dir = await tempDir('headers');
  const site = path.join(dir, 'site');
  await cp(FIXTURE, site, { recursive: true });
  await appendFile(path.join(site, '_config.yml'), extraConfig);
  const out = path.join(dir, 'out');
  const result = await build({ source: site, destination: out, jobs: 1, cache: false });
  expect(result.diagnostics).toEqual([]);
  return out;
}

describe('_headers', () => {
  it("carries the pages' CSP with frame-ancestors, nosniff and a referrer policy", async () => {
    const out = await buildWith('');
    const headers = await readFile(path.join(out, '_headers'), 'utf8');
    const page = await readFile(path.join(out, 'index.html'), 'utf8');
    const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(page)?.[1]?.replace(/&#39;/g, "'");
    expect(meta).toBeDefined();
    expect(headers).toBe(
      `/*\n  Content-Security-Policy: ${meta}; frame-ancestors 'self'\n  X-Content-Type-Options: nosniff\n  Referrer-Policy: strict-origin-when-cross-origin\n`,
    );
  });

  it('is not written with csp: false', async () => {
    const out = await buildWith('csp: false\n');
    expect(await listFiles(out)).not.toContain('_headers');
  });

  it("the site's own _headers, when included, is published instead", async () => {
    const out = await buildWith('include: [_headers]\n');
    expect(await readFile(path.join(out, '_headers'), 'utf8')).toBe('/*\n  X-Frame-Options: DENY\n');
  });
});
