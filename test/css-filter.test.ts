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

describe('filterStyle on table elements: sizes, borders and padding kept; script, viewport and positioning values dropped', () => {
  const onTable = (style: string, extra: readonly string[] = []) => filterStyle(style, extra, { table: true });

  it.each([
    ['width: 100%', 'width: 100%;'],
    ['width: 33.3333%', 'width: 33.3333%;'],
    ['width: 650px', 'width: 650px;'],
    ['width: auto', 'width: auto;'],
    ['height: 25px', 'height: 25px;'],
    ['min-width: 60px', 'min-width: 60px;'],
    ['max-width: 100%', 'max-width: 100%;'],
    ['min-height: 2em', 'min-height: 2em;'],
    ['max-height: 400px', 'max-height: 400px;'],
    ['border: 1px solid #ddd', 'border: 1px solid #ddd;'],
    ['border: 1px solid #dddddd', 'border: 1px solid #dddddd;'],
    ['border: none', 'border: none;'],
    ['border-top: 2px solid rgb(0,0,0)', 'border-top: 2px solid rgb(0,0,0);'],
    ['border-right: 1px dotted #ccc', 'border-right: 1px dotted #ccc;'],
    ['border-bottom: 1px solid rgb(221, 221, 221)', 'border-bottom: 1px solid rgb(221, 221, 221);'],
    ['border-left: 3px double black', 'border-left: 3px double black;'],
    ['border-left-color: #ddd', 'border-left-color: #ddd;'],
    ['border-top-width: 0px', 'border-top-width: 0px;'],
    ['border-bottom-style: dashed', 'border-bottom-style: dashed;'],
    ['border-width: 1px 1px 0px 0px', 'border-width: 1px 1px 0px 0px;'],
    ['border-style: solid solid none none', 'border-style: solid solid none none;'],
    ['border-color: #000 #000 currentcolor currentcolor', 'border-color: #000 #000 currentcolor currentcolor;'],
    ['border-radius: 4px', 'border-radius: 4px;'],
    ['border-top-left-radius: 50%', 'border-top-left-radius: 50%;'],
    ['border-collapse: collapse', 'border-collapse: collapse;'],
    ['border-spacing: 0', 'border-spacing: 0;'],
    ['border-spacing: 2px 4px', 'border-spacing: 2px 4px;'],
    ['table-layout: fixed', 'table-layout: fixed;'],
    ['padding: 5px', 'padding: 5px;'],
    ['padding: 3px 4px 2px', 'padding: 3px 4px 2px;'],
    ['padding-top: 0', 'padding-top: 0;'],
    ['padding-right: 8px', 'padding-right: 8px;'],
    ['padding-bottom: 6px', 'padding-bottom: 6px;'],
    ['padding-left: 1.5em', 'padding-left: 1.5em;'],
    ['vertical-align: middle', 'vertical-align: middle;'],
    ['vertical-align: top', 'vertical-align: top;'],
    ['white-space: nowrap', 'white-space: nowrap;'],
    ['white-space: pre-wrap', 'white-space: pre-wrap;'],
    // Written back as the author wrote it, normalised like the rest.
    ['BORDER-COLLAPSE:collapse;WIDTH:100%', 'border-collapse: collapse; width: 100%;'],
  ])('keeps %j', (input, output) => {
    expect(onTable(input)).toEqual({ style: output, dropped: [] });
  });

  it.each([
    'border-image: url(x.png) 30 round',
    'border-image-source: url(x.png)',
    'border: 1px solid url(javascript:alert(1))',
    'width: url(javascript:alert(1))',
    'width: expression(alert(1))',
    'height: EXPRESSION(document.body.offsetHeight)',
    'width: var(--x)',
    'border-color: var(--evil)',
    'width: calc(100% - 20px)',
    'width: 100vw',
    'height: 100vh',
    'min-height: 50vmax',
    'padding: -4px',
    'padding-left: -100px',
    'width: -50%',
    'border-spacing: -2px',
    'border-width: 1px -1px',
    'margin-left: -10px',
    'margin: 0',
    'position: fixed',
    'position: absolute',
    'top: 0',
    'z-index: 9999',
    'display: none',
    'width: attr(data-w)',
    'border: 1px solid r\\65 d',
    'border: 1px solid "red"',
  ])('drops %j', (input) => {
    expect(onTable(input)).toEqual({ dropped: [input] });
  });

  it('keeps a table declaration but not its !important, so the theme can still narrow tables', () => {
    expect(onTable('width: 800px !important; color: red !important')).toEqual({ style: 'width: 800px; color: red !important;', dropped: [] });
  });

  it('keeps configured properties on tables too', () => {
    expect(onTable('font-size: 13px; width: 50%', ['font-size'])).toEqual({ style: 'font-size: 13px; width: 50%;', dropped: [] });
  });

  it('drops the same box properties anywhere but a table', () => {
    const style = 'width: 100%; height: 25px; border: 1px solid #ddd; padding: 5px; vertical-align: middle; white-space: nowrap';
    expect(filterStyle(style)).toEqual({
      dropped: ['width: 100%', 'height: 25px', 'border: 1px solid #ddd', 'padding: 5px', 'vertical-align: middle', 'white-space: nowrap'],
    });
  });
});
