/**
 * `last_modified_at` reaches Atom's `<updated>`, `article:modified_time` and
 * JSON-LD's `dateModified`: it is read as `date` is, and text that is not a
 * date is left out with a warning at its line.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../src/config.js';
import { createRenderer } from '../src/content/markdown.js';
import { readPost } from '../src/content/post.js';

const { config } = resolveConfig('timezone: Asia/Seoul\n');
const renderer = createRenderer({ sanitize: config.sanitize, siteOrigin: '' });

function read(name: string) {
  const source = `_posts/${name}`;
  const bytes = readFileSync(fileURLToPath(new URL(`./fixtures/last-modified/${source}`, import.meta.url)));
  return readPost({ source, bytes, mtime: new Date(0), draft: false }, { config, renderer });
}

describe('last_modified_at', () => {
  it('text that is not a date is left out, with a warning at its line', () => {
    const { post, diagnostics } = read('2024-06-12-invalid.md');
    expect(diagnostics.map((d) => [d.line, d.severity, d.message])).toEqual([
      [3, 'warning', '`last_modified_at` is not a date: "어제 </updated><script>alert(1)</script>"; left out'],
    ]);
    expect(post?.data).not.toHaveProperty('last_modified_at');
  });

  it('a date is read in the site zone and kept as ISO 8601', () => {
    const { post, diagnostics } = read('2024-06-12-valid.md');
    expect(diagnostics).toEqual([]);
    expect(post?.data['last_modified_at']).toBe('2024-06-13T09:30:00+09:00');
  });
});
