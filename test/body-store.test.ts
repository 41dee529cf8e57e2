/**
 * Post details on disk (src/cache/body-store.ts): a batch's details in one
 * pack, each found again by offset and length; a pack that does not hold
 * what its reference says, or was not written under this machine's key, is a
 * miss (listed as damaged), never rendered and never an error.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type BodyRef, createBodyReader, isBodyRef, writePack, writePackOf } from '../src/cache/body-store.js';

const KEY = randomBytes(32).toString('hex');
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
    const refs = writePack(dir, posts, KEY);
    expect(new Set(refs.map((ref) => ref.pack)).size).toBe(1);
    const reader = createBodyReader(dir, KEY);
    try {
      // In any order, as the pages that show them are rendered.
      for (const index of [2, 0, 1]) expect(reader.read(refs[index]!)).toEqual(posts[index]);
    } finally {
      reader.close();
    }
  });

  it('keeps search records after the bodies in the same pack, each read back as written; a body read as one is damage', () => {
    const dir = tempDir();
    const details = { html: '<p>비트코인을</p>', featureHtml: '', data: {} };
    const search = { strong: ['제목'], body: ['비트코인을'], text: '비트코인을' };
    const refs = writePackOf(dir, [details], [search], KEY);
    expect(refs.searches[0]?.pack).toBe(refs.bodies[0]?.pack);
    const reader = createBodyReader(dir, KEY);
    try {
      expect(reader.readSearch(refs.searches[0] as BodyRef)).toEqual(search);
      expect(reader.read(refs.bodies[0] as BodyRef)).toEqual(details);
      expect(reader.readSearch(refs.bodies[0] as BodyRef)).toBeUndefined();
      expect(reader.readSearch({ ...(refs.searches[0] as BodyRef), length: 3 })).toBeUndefined();
      expect(reader.damaged).toEqual([refs.bodies[0]?.pack]);
    } finally {
      reader.close();
    }
  });

  it('equal batches share a pack', () => {
    const dir = tempDir();
    const posts = [{ html: '<p>x</p>', featureHtml: '', data: { title: 'x' } }];
    expect(writePack(dir, posts, KEY)[0]?.pack).toBe(writePack(dir, posts, KEY)[0]?.pack);
  });

  describe('a pack it cannot trust is a miss, not an error: read gives nothing, lists the pack as damaged and removes it', () => {
    const details = { html: '<p>본문</p>', featureHtml: '', data: { title: '제목' } };
    const damagedBy = (spoil: (file: string, ref: BodyRef) => void) => {
      const dir = tempDir();
      const [ref] = writePack(dir, [details], KEY) as [BodyRef];
      spoil(path.join(dir, ref.pack), ref);
      const reader = createBodyReader(dir, KEY);
      expect(reader.read(ref)).toBeUndefined();
      expect(reader.damaged).toEqual([ref.pack]);
      expect(existsSync(path.join(dir, ref.pack))).toBe(false);
      reader.close();
    };

    it('bytes changed', () => damagedBy((file, ref) => writeFileSync(file, 'x'.repeat(ref.length))));
    it('cut short', () => damagedBy((file) => truncateSync(file, 5)));
    it('garbage', () => damagedBy((file) => writeFileSync(file, randomBytes(300))));
    it('a folder in its place', () =>
      damagedBy((file) => {
        rmSync(file);
        mkdirSync(file);
      }));
    it('written under another key (another machine), <script> and all', () =>
      damagedBy((file) => {
        const dir = path.dirname(file);
        const [foreign] = writePack(dir, [{ ...details, html: '<script>alert(1)</script>' }], randomBytes(32).toString('hex')) as [BodyRef];
        renameSync(path.join(dir, foreign.pack), file);
      }));
  });

  it('a reference past the end of a sound pack is a miss, and the pack is listed as damaged but kept', () => {
    const dir = tempDir();
    const [ref] = writePack(dir, [{ html: '<p>x</p>', featureHtml: '', data: {} }], KEY) as [BodyRef];
    const reader = createBodyReader(dir, KEY);
    expect(reader.read({ ...ref, length: 2 ** 40 })).toBeUndefined();
    expect(reader.read({ ...ref, offset: 1 })).toBeUndefined();
    expect(reader.damaged).toEqual([ref.pack]);
    expect(reader.read(ref)).toEqual({ html: '<p>x</p>', featureHtml: '', data: {} });
    expect(isBodyRef({ ...ref, length: -5 })).toBe(false);
    expect(isBodyRef({ ...ref, offset: 2 ** 60 })).toBe(false);
  });

  it('never removes what a reference names that is not a pack', () => {
    const dir = tempDir();
    const outside = path.join(dir, 'keep');
    mkdirSync(outside);
    const reader = createBodyReader(path.join(dir, 'bodies'), KEY);
    expect(reader.read({ pack: '../keep', offset: 0, length: 1 })).toBeUndefined();
    expect(existsSync(outside)).toBe(true);
  });
});
