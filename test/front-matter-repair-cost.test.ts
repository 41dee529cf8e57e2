import * as jsYaml from 'js-yaml';
import { describe, expect, it, vi } from 'vitest';
import { parseFrontMatter } from '../src/content/front-matter.js';

// Counts js-yaml parses: the front matter module's `load` is this spy, passing through.
vi.mock('js-yaml', async (importOriginal) => {
  const original = await importOriginal<typeof import('js-yaml')>();
  return { ...original, load: vi.fn(original.load) };
});

describe('parseFrontMatter: repair cost', () => {
  it('repairs lone CRs in 3,000 values with a fixed number of parses, not one per value', () => {
    const entries = Array.from({ length: 3000 }, (_, i) => `key${i}: 속보\r대통령 발표 ${i}`);
    const text = `---\n${entries.join('\n')}\n---\n본문\n`;
    const load = vi.mocked(jsYaml.load);
    load.mockClear();
    const result = parseFrontMatter(text, 'many.md');
    expect(result.ok).toBe(true);
    expect(result.data.key2999).toBe('속보 대통령 발표 2999');
    expect(result.diagnostics).toHaveLength(3000);
    // The first read (through gray-matter) fails; the one pass of joins is read once more.
    expect(load.mock.calls.length).toBe(2);
  });
});
