import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../src/config.js';
import { createRenderer } from '../src/content/markdown.js';
import { readPost } from '../src/content/post.js';

const { config } = resolveConfig('timezone: Asia/Seoul\npermalink: pretty\n');
const renderer = createRenderer({ sanitize: config.sanitize, siteOrigin: '' });

function urlOf(frontMatter: string, source = '_posts/2024-06-12-visit.md'): string | undefined {
  const text = `---\ntitle: Visit\n${frontMatter}\n---\nBody.\n`;
  const { post } = readPost({ source, bytes: Buffer.from(text), mtime: new Date(0), draft: false }, { config, renderer });
  return post?.url;
}

// Jekyll's YAML parser (Psych) turns an unquoted timestamp without an offset
// into a UTC instant; a quoted one is parsed by Jekyll as local time.
describe('front matter dates as Jekyll reads them', () => {
  it.each([
    ['date: 2024-06-12 20:00:00', '/2024/06/13/visit/'],
    ["date: '2024-06-12 20:00:00'", '/2024/06/12/visit/'],
    ['date: "2024-06-12 20:00:00"', '/2024/06/12/visit/'],
    ['date: 2024-06-12 20:00:00 +0900', '/2024/06/12/visit/'],
    ['date: 2024-06-12', '/2024/06/12/visit/'],
    ['date: 2024-06-11 23:30:00 -0100', '/2024/06/12/visit/'],
  ])('%s → %s', (line, url) => {
    expect(urlOf(line)).toBe(url);
  });

  it('takes the filename date when there is no front matter date', () => {
    expect(urlOf('categories: [News]')).toBe('/news/2024/06/12/visit/');
  });
});
