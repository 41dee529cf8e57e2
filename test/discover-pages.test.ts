/**
 * Which files discover lists as pages: as in Jekyll, any file outside `_`
 * folders that starts with front matter, whatever its extension; images,
 * fonts and media are copied without being opened for it.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { discover } from '../src/content/discover.js';

const root = mkdtempSync(join(tmpdir(), 'gazette-discover-pages-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('pages and static files', () => {
  it('any extension with front matter is a page; without it, or as an image, a static file', async () => {
    const files: Record<string, string> = {
      'about.md': '---\ntitle: 소개\n---\n본문\n',
      'rss.xml': '---\nlayout: null\n---\n<rss/>\n',
      'assets/search.json': '---\n---\n[]\n',
      'assets/styles.scss': '---\n---\nbody { margin: 0; }\n',
      'assets/plain.css': 'body { margin: 0; }\n',
      'assets/odd.png': '---\n---\nnot a picture\n',
      '_includes/notice.html': '---\n---\n<aside></aside>\n',
    };
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(join(root, name, '..'), { recursive: true });
      writeFileSync(join(root, name), text);
    }
    const found = await discover({ root, destination: join(root, '_site'), drafts: false, exclude: [], include: [] });
    expect(found.pages.map((file) => file.source)).toEqual(['about.md', 'assets/search.json', 'assets/styles.scss', 'rss.xml']);
    expect(found.statics.map((file) => file.source)).toEqual(['assets/odd.png', 'assets/plain.css']);
  });
});
