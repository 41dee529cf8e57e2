import { describe, expect, it } from 'vitest';
import { filterStyle } from '../src/content/css-filter.js';

describe('filterStyle keeps', () => {
  it.each([
    // The seed post's values, byte for byte.
    ['color: #ee2323;', 'color: #ee2323;'],
    ['background-color: #21538527;', 'background-color: #21538527;'],
    ['color: #1a5490;', 'color: #1a5490;'],
    // Colours.
    ['color: #abc', 'color: #abc;'],
    ['color: #abcd', 'color: #abcd;'],
    ['color: red', 'color: red;'],
    ['color: rgb(51, 51, 51)', 'color: rgb(51, 51, 51);'],
    ['color: rgba(0,0,0,0.5)', 'color: rgba(0,0,0,0.5);'],
    ['color: rgb(10% 20% 30% / 50%)', 'color: rgb(10% 20% 30% / 50%);'],
    ['color: hsl(120, 50%, 50%)', 'color: hsl(120, 50%, 50%);'],
    ['background-color: HSLA(120, 50%, 50%, .3)', 'background-color: HSLA(120, 50%, 50%, .3);'],
    ['background-color: transparent', 'background-color: transparent;'],
    // Keywords and numbers.
    ['font-weight: bold', 'font-weight: bold;'],
    ['font-weight: 700', 'font-weight: 700;'],
    ['font-style: italic', 'font-style: italic;'],
    ['text-decoration: underline', 'text-decoration: underline;'],
    ['text-decoration: underline dotted #f00', 'text-decoration: underline dotted #f00;'],
    ['text-align: center', 'text-align: center;'],
    // Normalised form: lower-case property, "prop: value;", joined by a space.
    ['COLOR:red', 'color: red;'],
    ['color :  red  ;;; text-align:left', 'color: red; text-align: left;'],
    ['color: red !important', 'color: red !important;'],
  ])('%j → %j', (input, output) => {
    expect(filterStyle(input)).toEqual({ style: output, dropped: [] });
  });

  it('keeps lengths for configured properties', () => {
    expect(filterStyle('font-size: 18px; margin: 0 auto; line-height: 1.6; width: 50%', ['font-size', 'margin', 'line-height', 'WIDTH'])).toEqual({
      style: 'font-size: 18px; margin: 0 auto; line-height: 1.6; width: 50%;',
      dropped: [],
    });
  });

  it('keeps font names in any script as keywords', () => {
    expect(filterStyle('font-family: 나눔고딕, sans-serif', ['font-family']).style).toBe('font-family: 나눔고딕, sans-serif;');
  });

  it('is idempotent', () => {
    const once = filterStyle('COLOR : RGB(1, 2,3) !important; position: fixed').style ?? '';
    expect(filterStyle(once).style).toBe(once);
  });
});

describe('filterStyle drops', () => {
  it.each([
    // Properties outside the allow-list.
    ['position: fixed', []],
    ['display: none', []],
    ['font-size: 18px', []],
    ['behavior: url(x.htc)', ['behavior']],
    ['-moz-binding: url(x.xml#x)', ['-moz-binding']],
    ['--x: red', ['--x']],
    // Loading, executing and indirection.
    ['background-color: url(javascript:alert(1))', []],
    ['color: expression(alert(1))', []],
    ['color: EXPRESSION(alert(1))', []],
    ['color: var(--evil)', []],
    ['color: attr(data-x)', []],
    ['background-color: image-set("x.png" 1x)', []],
    ['color: calc(1px + 2px)', []],
    ['color: foo(1)', []],
    ['color: rgb(var(--r), 0, 0)', []],
    ['color: rgb(1px, 0, 0)', []],
    // Escapes, comments, strings, at-rules, bad hex.
    ['color: r\\65 d', []],
    ['color: \\72 ed', []],
    ['color: red/**/', []],
    ['color: "red"', []],
    ['color: @import', []],
    ['color: #12345', []],
    ['color: #ggg', []],
    ['text-align: 12deg', []],
    ['color: rgb(1, 2', []],
  ])('%j', (input, extra) => {
    expect(filterStyle(input, extra)).toEqual({ dropped: [input] });
  });

  it('reports dropped declarations and keeps the rest', () => {
    expect(filterStyle('color: red; position: absolute; top: 0; font-weight: bold')).toEqual({
      style: 'color: red; font-weight: bold;',
      dropped: ['position: absolute', 'top: 0'],
    });
  });

  it.each([
    ['color: red; x', ['x']],
    ['color: red;{}', ['{}']],
    ['color: red; @import "x"; font-weight: bold', ['@import "x";']],
  ])('reports junk that is not a declaration: %j', (input, dropped) => {
    expect(filterStyle(input).dropped).toEqual(dropped);
  });

  it('never lets a closing brace end the declaration list', () => {
    const { style, dropped } = filterStyle('color: red; } body { color: blue');
    expect(style ?? '').not.toMatch(/[{}]|blue/);
    expect(dropped.join(' ')).toContain('}');
  });

  it('cuts long dropped text', () => {
    const [dropped] = filterStyle(`position: ${'a'.repeat(200)}`).dropped;
    expect(dropped).toHaveLength(60);
    expect(dropped?.endsWith('…')).toBe(true);
  });

  it('returns nothing for an empty style', () => {
    expect(filterStyle('')).toEqual({ dropped: [] });
    expect(filterStyle(' ; ')).toEqual({ dropped: [] });
  });
});
