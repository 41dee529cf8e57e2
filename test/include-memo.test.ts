/**
 * src/render/include-memo.ts: an include is rendered once per distinct input
 * (the names and attribute paths its code reads, looked up as Nunjucks does),
 * and gives exactly what rendering it every time gives.
 */
import nunjucks from 'nunjucks';
import { describe, expect, it } from 'vitest';
import { memoiseIncludes, readPaths } from '../src/render/include-memo.js';

const PARTIAL = `<nav>{% for c in nav.categories %}<a href="{{ c.url }}"{% if page.kind == 'category' and category == c.name %} class="on"{% endif %}>{{ c.name | shout }}</a>{% endfor %}</nav>`;

function environment(files: Record<string, string>, memo: boolean) {
  const loader = { getSource: (name: string) => ({ src: files[name] ?? '', path: name, noCache: false }) };
  const env = new nunjucks.Environment(loader as unknown as nunjucks.ILoader, { autoescape: true, trimBlocks: true, lstripBlocks: true });
  let calls = 0;
  env.addFilter('shout', (text: unknown) => {
    calls++;
    return String(text).toUpperCase();
  });
  if (memo) memoiseIncludes(env);
  return { env, calls: () => calls };
}

describe('readPaths', () => {
  it('lists every name and attribute path the code reads', () => {
    expect(readPaths(PARTIAL)).toEqual(expect.arrayContaining([['nav', 'categories'], ['c', 'url'], ['page', 'kind'], ['category'], ['c', 'name'], ['shout']]));
    expect(readPaths('{{ a[b.c].d }}')).toEqual([['a'], ['b', 'c']]);
    expect(readPaths('{{ f(x.y).z }}{{ [u][0].v }}')).toEqual([['f'], ['x', 'y'], ['u']]);
  });

  it('refuses templates whose output follows from more than what they read', () => {
    for (const source of [
      '{% include "x.njk" %}',
      '{% from "m.njk" import f %}{{ f() }}',
      '{% block b %}{% endblock %}',
      '{{ list | random }}',
      '{% extends "b.njk" %}',
      '{% if %}',
    ]) {
      expect(readPaths(source), source).toBeUndefined();
    }
  });
});

describe('memoiseIncludes', () => {
  const nav = {
    categories: [
      { name: 'a', url: '/a/' },
      { name: 'b', url: '/b/' },
    ],
  };
  const files = {
    'page.njk': '<body>\n  {% include "partial.njk" %}\n{{ page.url }}</body>',
    'loop.njk': '{% for category in ["a", "b"] %}{% include "partial.njk" %}{% endfor %}',
    'partial.njk': PARTIAL,
  };
  const contexts = [
    { nav, page: { kind: 'post', url: '/1/' } },
    { nav, page: { kind: 'post', url: '/2/' } },
    { nav, page: { kind: 'category', url: '/a/' }, category: 'a' },
    { nav, page: { kind: 'category', url: '/b/' }, category: 'b' },
    { nav: { categories: [{ name: 'c', url: '/c/' }] }, page: { kind: 'post', url: '/3/' } },
    { nav, page: { kind: 'post', url: '/4/' } },
  ];

  it('gives what rendering every time gives, and renders an input once', () => {
    const plain = environment(files, false);
    const memo = environment(files, true);
    for (const context of contexts) expect(memo.env.render('page.njk', context)).toBe(plain.env.render('page.njk', context));
    // Four distinct inputs (post with nav, category a, category b, post with the other nav): 2 + 2 + 2 + 1 names shouted.
    expect(memo.calls()).toBe(7);
    expect(plain.calls()).toBe(11);
  });

  it('reads names from the including frame (a loop variable), not only the context', () => {
    const plain = environment(files, false);
    const memo = environment(files, true);
    const context = { nav, page: { kind: 'category' } };
    expect(memo.env.render('loop.njk', context)).toBe(plain.env.render('loop.njk', context));
    expect(memo.env.render('loop.njk', context)).toContain('<a href="/b/" class="on">B</a>');
  });

  it('renders pages themselves every time', () => {
    const memo = environment({ 'partial.njk': PARTIAL }, true);
    memo.env.render('partial.njk', contexts[0]);
    memo.env.render('partial.njk', contexts[0]);
    expect(memo.calls()).toBe(4);
  });
});
