import * as jsYaml from 'js-yaml';
import { describe, expect, it, vi } from 'vitest';
import { MAX_REPAIRS, parseFrontMatter } from '../src/content/front-matter.js';

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

describe('parseFrontMatter: a front matter too broken to repair', () => {
  it('stops after MAX_REPAIRS with an error, so 8,000 broken values cost a bounded number of parses', () => {
    const entries = Array.from({ length: 8000 }, (_, i) => `key${i}: '속보' 대통령 발표 ${i}`);
    const text = `---\ntitle: 제목\n${entries.join('\n')}\n---\n본문\n`;
    const load = vi.mocked(jsYaml.load);
    load.mockClear();
    const result = parseFrontMatter(text, 'broken.md');
    expect(result.ok).toBe(false);
    expect(result.diagnostics).toEqual([
      expect.objectContaining({ severity: 'error', line: MAX_REPAIRS + 3, message: `front matter needs more than ${MAX_REPAIRS} repairs; not read` }),
    ]);
    expect(load.mock.calls.length).toBeLessThanOrEqual(MAX_REPAIRS + 2);
  });

  it('still repairs a front matter with a few broken values', () => {
    const entries = Array.from({ length: 10 }, (_, i) => `key${i}: '속보' 대통령 발표 ${i}`);
    const result = parseFrontMatter(`---\n${entries.join('\n')}\n---\n본문\n`, 'few.md');
    expect(result.ok).toBe(true);
    expect(result.data.key9).toBe("'속보' 대통령 발표 9");
    expect(result.diagnostics).toHaveLength(10);
  });
});
