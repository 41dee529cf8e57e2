import { describe, expect, it } from 'vitest';
import { renderSearchIndex, type SearchItem } from '../src/feeds/search-index.js';

const item: SearchItem = {
  title: '한일 정상회담 </script><script>alert(1)</script>',
  url: '/politics/2024/06/12/%ED%95%9C%EC%9D%BC.html',
  date: '2024-06-12T10:00:00+09:00',
  categories: ['정치', 'A&B'],
  excerpt: '요약 \u2028 줄',
};

describe('renderSearchIndex', () => {
  it('parses back to the items with every field', () => {
    const json = renderSearchIndex([item, { ...item, title: '둘째', categories: [] }]);
    const parsed = JSON.parse(json) as SearchItem[];
    expect(parsed).toEqual([item, { ...item, title: '둘째', categories: [] }]);
  });

  it('uses a stable key order and no extra keys', () => {
    const shuffled = { excerpt: 'e', categories: ['c'], date: 'd', url: 'u', title: 't', extra: 'x' } as SearchItem;
    expect(renderSearchIndex([shuffled])).toBe('[{"title":"t","url":"u","date":"d","categories":["c"],"excerpt":"e"}]');
  });

  it('escapes </script> and other HTML-significant characters', () => {
    const json = renderSearchIndex([item]);
    expect(json).not.toMatch(/[<>&\u2028]/);
    expect(json).toContain('\\u003c/script\\u003e');
    expect(json).toContain('A\\u0026B');
  });

  it('renders an empty array and is deterministic', () => {
    expect(renderSearchIndex([])).toBe('[]');
    expect(renderSearchIndex([item])).toBe(renderSearchIndex([{ ...item }]));
  });
});
