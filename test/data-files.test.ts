/**
 * `_data/` as Jekyll reads it: nested folders as nested keys, YAML (core
 * schema), JSON, CSV and TSV; parse errors as positioned diagnostics.
 */
import { describe, expect, test } from 'vitest';
import { parseDataFile, readDataFiles } from '../src/content/data-files.js';
import type { Diagnostic } from '../src/diagnostics.js';
import { SITE } from './helpers/liquid-site.js';

describe('readDataFiles', () => {
  test("reads the fixture site's _data/ into nested keys", () => {
    const { data, diagnostics } = readDataFiles(SITE);
    expect(diagnostics).toEqual([]);
    expect(data['nested']).toEqual({ things: { colour: '파랑', count: 3 } });
    expect(data['table']).toEqual([
      { name: '가', score: '1' },
      { name: 'b', score: '2' },
    ]);
    expect(data['tabbed']).toEqual([{ name: 'c', score: '3' }]);
    expect((data['people'] as unknown[])[0]).toEqual({ name: '김철수', team: 'a', age: 30, tags: ['x', 'y'] });
  });

  test('a site without _data/ has no data', () => {
    expect(readDataFiles('/nonexistent-gazette-site')).toEqual({ data: {}, diagnostics: [] });
  });
});

describe('parseDataFile', () => {
  const parse = (file: string, text: string, ext: string) => {
    const diagnostics: Diagnostic[] = [];
    return { value: parseDataFile(file, text, ext, diagnostics), diagnostics };
  };

  test('a YAML error is at its line and column', () => {
    const { value, diagnostics } = parse('_data/a.yml', 'a: 1\nb: [1, 2\nc: 3\n', '.yml');
    expect(value).toBeUndefined();
    expect(diagnostics[0]).toMatchObject({ file: '_data/a.yml', severity: 'error', line: 3 });
  });

  test('YAML is read with the core schema: no JavaScript types, dates stay text', () => {
    expect(parse('_data/a.yml', 'f: !!js/function "function () {}"', '.yml').diagnostics[0]?.message).toMatch(/unknown tag/);
    expect(parse('_data/a.yml', 'd: 2024-06-12', '.yml').value).toEqual({ d: '2024-06-12' });
  });

  test('a JSON error is positioned', () => {
    const { diagnostics } = parse('_data/a.json', '{\n  "a": 1,\n  oops\n}', '.json');
    expect(diagnostics[0]).toMatchObject({ file: '_data/a.json', severity: 'error', line: 3 });
  });

  test('CSV: quoted fields with commas, quotes and newlines; an unclosed quote is an error', () => {
    expect(parse('_data/a.csv', 'a,b\r\n"x, ""y""","1\n2"\n', '.csv').value).toEqual([{ a: 'x, "y"', b: '1\n2' }]);
    const bad = parse('_data/a.csv', 'a,b\n1,"open\n', '.csv');
    expect(bad.value).toBeUndefined();
    expect(bad.diagnostics[0]).toMatchObject({ line: 2, column: 3 });
  });
});
