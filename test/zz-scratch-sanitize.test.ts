import { readFileSync } from 'node:fs';
import { it } from 'vitest';
import { createProcessor, sanitiseWith } from './fixtures/sanitize/harness.js';
import rehypeParse from 'rehype-parse';
import rehypeStringify from 'rehype-stringify';
import { unified } from 'unified';
it('perf', () => {
  const body = readFileSync('test/fixtures/sanitize/seed-post.md', 'utf8').replace(/^---[\s\S]*?\n---\n/, '');
  const p = createProcessor();
  const base = unified().use(rehypeParse, { fragment: true }).use(rehypeStringify).freeze();
  for (let r = 0; r < 3; r++) {
  for (let i = 0; i < 100; i++) { sanitiseWith(p, body); base.processSync(body); }
  let t = performance.now(); for (let i = 0; i < 1000; i++) base.processSync(body); const b = performance.now() - t;
  t = performance.now(); for (let i = 0; i < 1000; i++) sanitiseWith(p, body); const s = performance.now() - t;
  console.log('parse+stringify ms/post', (b / 1000).toFixed(3), 'with ours', (s / 1000).toFixed(3));
  }
});
