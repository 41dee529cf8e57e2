/**
 * The watch session's view of the source (src/serve/source-watcher.ts): what
 * it skips, a file's signature, and that a file saved in the site and one in
 * a post folder are both reported.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { currentSignature, ignoredPaths, watchSource } from '../src/serve/source-watcher.js';

const root = mkdtempSync(path.join(tmpdir(), 'gazette-source-watcher-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('ignoredPaths', () => {
  const source = path.join(root, 'site');
  const ignored = ignoredPaths(source, path.join(source, '_site'));
  const at = (rel: string) => path.join(source, ...rel.split('/'));

  it('skips the destination, the cache, dependencies and hidden paths', () => {
    for (const rel of ['_site', '_site/index.html', '.gazette-cache/v6/index.json', 'node_modules/x/index.js', '.git/HEAD', 'news/.hidden.md']) {
      expect(ignored(at(rel)), rel).toBe(true);
    }
  });

  it("skips editors' backup, swap and probe files", () => {
    for (const rel of ['_posts/a.md~', '_posts/#a.md#', '_posts/.a.md.swp', 'about.md.swp', 'about.md.swo', '4913']) {
      expect(ignored(at(rel)), rel).toBe(true);
    }
  });

  it('keeps the source itself and its files, a folder named like the destination elsewhere included', () => {
    for (const rel of ['', 'about.md', '_posts/2024-01-01-a.md', 'news/_site/x.html', '_site-old/index.html']) {
      expect(ignored(at(rel)), rel || '(source)').toBe(false);
    }
  });

  it('a destination outside the source skips nothing of the source', () => {
    const outside = ignoredPaths(source, path.join(root, 'out'));
    expect(outside(at('_site/index.html'))).toBe(false);
    expect(outside(path.join(root, 'out', 'index.html'))).toBe(true);
  });
});

describe('currentSignature', () => {
  it('changes when a file is written again, and is undefined once it is gone', async () => {
    const file = path.join(root, 'signed.md');
    writeFileSync(file, 'one');
    const first = currentSignature(file);
    expect(first).toMatch(/^3:/);
    await new Promise((done) => setTimeout(done, 20));
    writeFileSync(file, 'three');
    expect(currentSignature(file)).not.toBe(first);
    rmSync(file);
    expect(currentSignature(file)).toBeUndefined();
  });
});

describe('watchSource', () => {
  it('reports a file saved in the site and one saved in a post folder, and nothing it skips', async () => {
    const source = path.join(root, 'watched');
    mkdirSync(path.join(source, '_posts'), { recursive: true });
    writeFileSync(path.join(source, '_posts', '2024-01-01-old.md'), 'old');
    const changed = new Set<string>();
    const errors: unknown[] = [];
    const watcher = watchSource({
      source,
      destination: path.join(source, '_site'),
      onChange: (file) => changed.add(file),
      onError: (cause) => errors.push(cause),
    });
    try {
      await watcher.ready;
      const page = path.join(source, 'about.md');
      const post = path.join(source, '_posts', '2024-01-02-new.md');
      writeFileSync(path.join(source, 'about.md~'), 'backup');
      writeFileSync(page, 'page');
      writeFileSync(post, 'post');
      const deadline = Date.now() + 5_000;
      while (!(changed.has(page) && changed.has(post)) && Date.now() < deadline) await new Promise((done) => setTimeout(done, 20));
      expect([...changed].sort()).toEqual([page, post].sort());
      expect(errors).toEqual([]);
    } finally {
      await watcher.close();
    }
  });
});
