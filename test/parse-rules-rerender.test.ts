import path from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { cleanTemp, copyFixture, readText } from './helpers/site.js';

afterAll(() => cleanTemp());
afterEach(() => {
  vi.doUnmock('../src/build/parse-rules.js');
  vi.resetModules();
});

async function buildWithRules(rules: number, source: string, destination: string) {
  vi.resetModules();
  vi.doMock('../src/build/parse-rules.js', () => ({ PARSE_RULES: rules }));
  const { build } = await import('../src/index.js');
  return build({ source, destination, jobs: 1, cache: true, now: new Date('2024-07-01T00:00:00Z') });
}

describe('new parse rules reach the pages already built', () => {
  it('a post whose bytes did not change is rendered again when the parse rules did (its HTML may differ)', async () => {
    const source = await copyFixture('bad/minimal');
    const destination = path.join(path.dirname(source), 'out');
    const first = await buildWithRules(1000, source, destination);
    expect(first.ok).toBe(true);
    const again = await buildWithRules(1000, source, destination);
    expect(again.stats.rendered).toBe(0);
    const upgraded = await buildWithRules(1001, source, destination);
    expect(upgraded.stats.rendered).toBeGreaterThan(0);
    expect(readText(destination, 'news/2024/06/01/good/index.html')).toContain('</html>');
  }, 120_000);
});
