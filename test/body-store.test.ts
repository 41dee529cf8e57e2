/**
 * Post details on disk (src/pipeline/body-store.ts): a batch's details in one
 * pack, each found again by offset and length; a pack that does not hold
 * what its reference says is reported as a damaged cache, not rendered.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createBodyReader, writePack } from '../src/pipeline/body-store.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'gazette-body-store-'));
  dirs.push(dir);
  return dir;
}

describe('body store', () => {
  it('gives back each post’s body, feature text and front matter from one pack', () => {
    const dir = tempDir();
    const posts = [
      { html: '<p>첫 기사</p>\n', featureHtml: '<h2>특집</h2>\n', data: { title: '첫', author: '기자', tags: ['a', 'b'] } },
      { html: '', featureHtml: '', data: {} },
      { html: '<p>셋째 &amp; 끝</p>', featureHtml: '', data: { nested: { n: 1, yes: true, none: null } } },
    ];
    const refs = writePack(dir, posts);
    expect(new Set(refs.map((ref) => ref.pack)).size).toBe(1);
    const reader = createBodyReader(dir);
    try {
      // In any order, as the pages that show them are rendered.
      for (const index of [2, 0, 1]) expect(reader.read(refs[index]!)).toEqual(posts[index]);
    } finally {
      reader.close();
    }
  });

  it('equal batches share a pack', () => {
    const dir = tempDir();
    const posts = [{ html: '<p>x</p>', featureHtml: '', data: { title: 'x' } }];
    expect(writePack(dir, posts)[0]?.pack).toBe(writePack(dir, posts)[0]?.pack);
  });

  it('a pack whose bytes changed is reported as a damaged cache', () => {
    const dir = tempDir();
    const [ref] = writePack(dir, [{ html: '<p>본문</p>', featureHtml: '', data: { title: '제목' } }]);
    writeFileSync(path.join(dir, ref!.pack), 'x'.repeat(ref!.length));
    const reader = createBodyReader(dir);
    try {
      expect(() => reader.read(ref!)).toThrow(/damaged.*--no-cache/);
    } finally {
      reader.close();
    }
  });
});
