import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import matter from 'gray-matter';
import { afterEach, describe, expect, it } from 'vitest';
import { type FrontMatter, parseFrontMatter } from '../src/content/front-matter.js';

const dir = fileURLToPath(new URL('./fixtures/front-matter/', import.meta.url));

function text(name: string): string {
  return readFileSync(dir + name, 'utf8');
}

function parse(name: string): FrontMatter {
  return parseFrontMatter(text(name), name);
}

type Pwnable = typeof globalThis & { __pwned?: unknown };
const pwnable = globalThis as Pwnable;

describe('parseFrontMatter: valid front matter', () => {
  it('reads the real post as is', () => {
    const result = parse('valid-post.md');
    expect(result.ok).toBe(true);
    expect(result.present).toBe(true);
    expect(result.diagnostics).toEqual([]);
    expect(result.data).toEqual({
      title: '한일 군사훈련 재개 국방장관 도쿄 회동 성사!',
      categories: ['News'],
      excerpt:
        '한일 국방장관이 15년 만에 도쿄에서 만났습니다! 북한의 위협을 함께 막기 위한 한일 국방교류 연간계획 수립을 약속하며 깊어지는 안보 위기 속, 군사적 협력의 중요성을 재확인했습니다.\n',
      feature_text:
        '## koreablockchain 실시간 뉴스 속보입니다.\n한일 국방장관이 15년 만에 도쿄에서 만났습니다! 북한의 위협을 함께 막기 위한 한일 국방교류 연간계획 수립을 약속하며 깊어지는 안보 위기 속, 군사적 협력의 중요성을 재확인했습니다.\n',
      image: '/assets/img/newsdao_breakingnews.jpg',
    });
    expect(result.bodyLine).toBe(13);
    expect(result.body.startsWith('\n<p><img src="/assets/img/newsdao_breakingnews.jpg"')).toBe(true);
  });

  it('keeps dates as strings (CORE_SCHEMA) and reads numbers and booleans', () => {
    expect(parse('dates.md').data).toEqual({
      title: '날짜',
      date: '2024-06-12 10:00:00 +0900',
      updated: '2024-06-12',
      count: 3,
      draft: false,
    });
  });

  it('never changes valid YAML, even where it looks like damage', () => {
    const result = parse('valid-tricky.md');
    expect(result.diagnostics).toEqual([]);
    expect(result.data).toEqual({
      title: '한일 국방장관 도쿄 회동',
      subtitle: '따옴표 안의 두 줄',
      note: "It's 가능",
      url: 'https://example.com/a:b',
      plain: "A', 'B', 'C",
      tags: ['정치', '외교'],
    });
  });

  it("reads `title: A', 'B', 'C` (valid YAML) as written, with no warning", () => {
    const result = parse('quotes-plain-valid.md');
    expect(result).toMatchObject({ ok: true, diagnostics: [], data: { title: "A', 'B', 'C" } });
  });

  it('strips a BOM', () => {
    const source = text('bom.md');
    expect(source.charCodeAt(0)).toBe(0xfeff);
    const result = parseFrontMatter(source, 'bom.md');
    expect(result).toMatchObject({ present: true, ok: true, diagnostics: [], bodyLine: 5, body: '본문\n' });
    expect(result.data).toEqual({ title: 'BOM 제목', categories: ['News'] });
  });

  it('handles CRLF: no \\r in values, body normalised, lines counted right', () => {
    const result = parse('crlf.md');
    expect(result.diagnostics).toEqual([]);
    expect(result.data).toEqual({ title: '한일 회동', categories: ['News'], excerpt: '첫 줄 둘째 줄\n' });
    expect(result.bodyLine).toBe(9);
    expect(result.body).toBe('\n<p>본문</p>\n');
  });

  it('handles lone CR line endings (old Mac files) as line breaks', () => {
    expect(parse('cr-only.md')).toEqual({
      present: true,
      data: { title: '제목', categories: ['News'] },
      body: '본문\n',
      bodyLine: 5,
      diagnostics: [],
      ok: true,
    });
  });

  it('reads an empty front matter as {}', () => {
    expect(parse('empty.md')).toEqual({ present: true, data: {}, body: '본문\n', bodyLine: 3, diagnostics: [], ok: true });
  });

  it('treats a file that does not start with `---` as having none', () => {
    const source = text('no-front-matter.md');
    expect(parse('no-front-matter.md')).toEqual({ present: false, data: {}, body: source, bodyLine: 1, diagnostics: [], ok: true });
  });
});

describe('parseFrontMatter: repairs', () => {
  it('reads a value with quotes inside it as plain text, exactly as written', () => {
    const result = parse('quotes-extra.md');
    expect(result.ok).toBe(true);
    expect(result.data).toEqual({ title: "'임영웅'의 '인 악토버' 공개!", categories: ['News'] });
    expect(result.diagnostics).toEqual([
      {
        file: 'quotes-extra.md',
        line: 2,
        column: 8,
        severity: 'warning',
        message: 'repaired: value of `title` has text after its closing quote; read as plain text',
        hint: `quote the whole value: title: "'임영웅'의 '인 악토버' 공개!"`,
      },
    ]);
    expect(result.bodyLine).toBe(5);
  });

  it("reads `'A' 'B' 'C'` as plain text", () => {
    const result = parse('quotes-repeated.md');
    expect(result.data).toEqual({ layout: 'post', title: "'A' 'B' 'C'" });
    expect(result.diagnostics).toEqual([
      {
        file: 'quotes-repeated.md',
        line: 3,
        column: 8,
        severity: 'warning',
        message: 'repaired: value of `title` has text after its closing quote; read as plain text',
        hint: `quote the whole value: title: "'A' 'B' 'C'"`,
      },
    ]);
  });

  it('reads a value with an unclosed quote as plain text, where the quote opened', () => {
    const result = parse('quotes-unclosed.md');
    expect(result.ok).toBe(true);
    expect(result.data).toEqual({ title: '"속보: 대통령 발표', categories: ['News'], date: '2024-06-12' });
    expect(result.diagnostics).toEqual([
      {
        file: 'quotes-unclosed.md',
        line: 2,
        column: 8,
        severity: 'warning',
        message: 'repaired: value of `title` has unbalanced quotes; read as plain text',
        hint: 'quote the whole value: title: "\\"속보: 대통령 발표"',
      },
    ]);
  });

  it('reads a lone carriage return inside a value as a space', () => {
    const result = parse('lone-cr.md');
    expect(result.ok).toBe(true);
    expect(result.data).toEqual({ title: '속보 대통령 발표', categories: ['News'] });
    expect(result.diagnostics).toEqual([
      {
        file: 'lone-cr.md',
        line: 2,
        column: 10,
        severity: 'warning',
        message: 'repaired: value of `title` contains a carriage return (\\r) with no line feed; read as a space',
        hint: 'remove the stray carriage return from the value',
      },
    ]);
    expect(result.bodyLine).toBe(6);
  });

  it('reads lone CRs in mid-line of a `>` block as one space, warned at the first CR', () => {
    // The real post's bytes: `확대\r  \r행정`, so js-yaml ends the block early and fails.
    expect(text('lone-cr-folded.md')).toContain('확대\r  \r행정');
    const result = parse('lone-cr-folded.md');
    expect(result.ok).toBe(true);
    expect(result.data).toEqual({
      title: '지방 행정 개편',
      excerpt: '지방자치단체의 권한 확대 행정 체계 개편이 추진된다.\n',
      categories: ['News'],
    });
    expect(result.diagnostics).toEqual([
      {
        file: 'lone-cr-folded.md',
        line: 4,
        column: 16,
        severity: 'warning',
        message: 'repaired: value of `excerpt` contains 2 carriage returns (\\r) with no line feed; read as spaces',
        hint: 'remove the stray carriage return from the value',
      },
    ]);
    // The lone CRs still count as line breaks for positions, as js-yaml and editors count them.
    expect(result.bodyLine).toBe(9);
  });

  it('reads a lone CR in a `|` block as a space too, keeping its real line breaks', () => {
    const result = parse('lone-cr-literal.md');
    expect(result.data.excerpt).toBe('첫 문단은 그대로 둔다.\n예산 확대 행정 개편\n마지막 줄\n');
    expect(result.diagnostics.map((d) => [d.line, d.column, d.message])).toEqual([
      [5, 8, 'repaired: value of `excerpt` contains 2 carriage returns (\\r) with no line feed; read as spaces'],
    ]);
  });

  it('repairs lone CRs in plain, quoted, nested, list and block values at once, one warning per value', () => {
    const result = parse('lone-cr-values.md');
    expect(result.ok).toBe(true);
    expect(result.data).toEqual({
      title: '속보 대통령 발표',
      subtitle: '국회 본회의 통과',
      kicker: '단독 취재',
      author: { name: '김 기자' },
      tags: ['정치 외교', '경제'],
      excerpt: '한국은행이 기준금리를 동결했다.',
      date: '2024-06-12',
    });
    const cr = (key: string, n: number) =>
      `repaired: value of \`${key}\` contains ${n === 1 ? 'a carriage return (\\r) with no line feed; read as a space' : `${n} carriage returns (\\r) with no line feed; read as spaces`}`;
    expect(result.diagnostics.map((d) => [d.line, d.column, d.message])).toEqual([
      [2, 10, cr('title', 1)],
      [4, 14, cr('subtitle', 1)],
      [6, 12, cr('kicker', 2)],
      [10, 10, cr('name', 1)],
      [13, 7, cr('tags', 1)],
      [17, 8, cr('excerpt', 3)],
    ]);
  });

  it('leaves CRLF line endings alone while repairing a lone CR in a CRLF file', () => {
    const result = parse('lone-cr-crlf.md');
    expect(result.data).toEqual({ title: '한일 회동', excerpt: '국방장관 회담 도쿄에서 열려\n', categories: ['News'] });
    expect(result.diagnostics.map((d) => [d.line, d.column])).toEqual([[4, 10]]);
    expect(result.body).toBe('본문\n');
  });

  it('keeps a lone CR before a `key:` or `- ` line as a line ending', () => {
    const result = parse('lone-cr-line-ending.md');
    expect(result.data).toEqual({ title: '속보', date: '2024-06-12', categories: ['News'], excerpt: '국회 본회의 통과\n' });
    expect(result.diagnostics.map((d) => [d.line, d.message])).toEqual([
      [7, 'repaired: value of `excerpt` contains 2 carriage returns (\\r) with no line feed; read as spaces'],
    ]);
  });

  it('in a file whose lines all end with a lone CR, joins an unindented line as a continuation', () => {
    const result = parse('cr-only-continuation.md');
    expect(result.data).toEqual({ title: '속보 대통령 발표', categories: ['News'] });
    expect(result.diagnostics.map((d) => [d.line, d.column, d.message])).toEqual([
      [3, 1, 'repaired: value of `title` continues on an unindented line; joined to it with a space'],
    ]);
  });

  it('joins unindented continuation lines of a value, one warning per line', () => {
    const result = parse('continuation.md');
    expect(result.ok).toBe(true);
    expect(result.data).toEqual({ title: '한일 국방장관 도쿄 회동 성사 15년 만에', categories: ['News'] });
    const continued = (line: number) => ({
      file: 'continuation.md',
      line,
      column: 1,
      severity: 'warning',
      message: 'repaired: value of `title` continues on an unindented line; joined to it with a space',
      hint: 'keep the value on one line, or quote it: title: "…"',
    });
    expect(result.diagnostics).toEqual([continued(3), continued(4)]);
    expect(result.bodyLine).toBe(7);
  });

  it('makes several repairs in one file, each with its line', () => {
    const result = parse('several-repairs.md');
    expect(result.ok).toBe(true);
    expect(result.data).toEqual({
      title: "'임영웅'의 '인 악토버' 공개!",
      excerpt: '첫 줄 둘째 줄',
      subtitle: '하나 둘',
      image: '/a.jpg',
    });
    expect(result.diagnostics.map((d) => [d.line, d.column, d.severity, d.message])).toEqual([
      [2, 8, 'warning', 'repaired: value of `title` has text after its closing quote; read as plain text'],
      [4, 1, 'warning', 'repaired: value of `excerpt` continues on an unindented line; joined to it with a space'],
      [5, 13, 'warning', 'repaired: value of `subtitle` contains a carriage return (\\r) with no line feed; read as a space'],
    ]);
  });

  it('joins a continuation before quoting, so the whole value is read as written', () => {
    const result = parse('quoted-continued.md');
    expect(result.data).toEqual({ title: "'임영웅'의 '인 악토버'" });
    expect(result.diagnostics.map((d) => [d.line, d.column, d.message, d.hint])).toEqual([
      [
        2,
        14,
        'repaired: value of `title` contains a carriage return (\\r) with no line feed; read as a space',
        'remove the stray carriage return from the value',
      ],
      [2, 8, 'repaired: value of `title` has text after its closing quote; read as plain text', `quote the whole value: title: "'임영웅'의 '인 악토버'"`],
    ]);
  });
});

describe('parseFrontMatter: errors', () => {
  it('reports an unrecoverable YAML error at its file line:column, without the snippet', () => {
    const result = parse('yaml-error.md');
    expect(result.ok).toBe(false);
    expect(result.data).toEqual({});
    expect(result.diagnostics).toEqual([
      {
        file: 'yaml-error.md',
        line: 3,
        column: 8,
        severity: 'error',
        message: 'invalid YAML in front matter: bad indentation of a mapping entry',
        hint: 'check the indentation, and quote values that contain `: ` or quotes',
      },
    ]);
  });

  it('maps the column right in a CRLF file with Hangul before the error', () => {
    const result = parse('crlf-error.md');
    expect(result.ok).toBe(false);
    expect(result.diagnostics).toEqual([
      {
        file: 'crlf-error.md',
        line: 3,
        column: 13,
        severity: 'error',
        message: 'invalid YAML in front matter: bad indentation of a mapping entry',
        hint: 'check the indentation, and quote values that contain `: ` or quotes',
      },
    ]);
    expect(result.bodyLine).toBe(6);
  });

  it('reports a duplicate key with both lines', () => {
    const result = parse('duplicate-key.md');
    expect(result.ok).toBe(false);
    expect(result.diagnostics).toEqual([
      {
        file: 'duplicate-key.md',
        line: 4,
        column: 1,
        severity: 'error',
        message: 'duplicate key `title` (first on line 2)',
        hint: 'remove one of the two',
      },
    ]);
  });

  it('reports unterminated front matter at line 1', () => {
    const result = parse('unterminated.md');
    expect(result.ok).toBe(false);
    expect(result.diagnostics).toEqual([
      {
        file: 'unterminated.md',
        line: 1,
        column: 1,
        severity: 'error',
        message: 'front matter is not closed: no `---` line after the first one',
        hint: 'add a line with only `---` where the front matter ends',
      },
    ]);
  });

  it('reports a closing line with text after `---`', () => {
    expect(parse('closing-extra.md').diagnostics).toEqual([
      {
        file: 'closing-extra.md',
        line: 3,
        column: 5,
        severity: 'error',
        message: 'the line that closes the front matter has text after `---`',
        hint: 'put `---` alone on the line that ends the front matter',
      },
    ]);
  });

  it('reports a list as not a mapping', () => {
    const result = parse('list.md');
    expect(result).toMatchObject({ ok: false, data: {} });
    expect(result.diagnostics).toEqual([
      {
        file: 'list.md',
        line: 2,
        column: 1,
        severity: 'error',
        message: 'front matter is a list, not `key: value` pairs',
        hint: 'write the front matter as YAML `key: value` lines between two `---` lines',
      },
    ]);
  });

  it('reports a scalar as not a mapping, at its line', () => {
    const result = parse('scalar.md');
    expect(result.ok).toBe(false);
    expect(result.diagnostics).toEqual([
      {
        file: 'scalar.md',
        line: 3,
        column: 1,
        severity: 'error',
        message: 'front matter is a single string value, not `key: value` pairs',
        hint: 'write the front matter as YAML `key: value` lines between two `---` lines',
      },
    ]);
  });
});

describe('parseFrontMatter: nothing in a post is evaluated', () => {
  afterEach(() => {
    delete pwnable.__pwned;
  });

  it('the payload is live: gray-matter with its default engines would run it', () => {
    matter(text('js.md'), {});
    expect(pwnable.__pwned).toBe(true);
  });

  it.each(['js.md', 'javascript.md'])('refuses %s and runs nothing', (name) => {
    const result = parse(name);
    expect(pwnable.__pwned).toBeUndefined();
    expect(result).toMatchObject({ present: true, ok: false, data: {}, body: '본문\n', bodyLine: 4 });
    expect(result.diagnostics).toEqual([
      {
        file: name,
        line: 1,
        column: 4,
        severity: 'error',
        message: 'JavaScript front matter is not allowed: nothing in a post is evaluated',
        hint: 'write the front matter as YAML `key: value` lines between two `---` lines',
      },
    ]);
  });

  it('refuses any other language', () => {
    expect(parse('json.md').diagnostics).toEqual([
      {
        file: 'json.md',
        line: 1,
        column: 4,
        severity: 'error',
        message: '`json` front matter is not supported: front matter must be YAML',
        hint: 'write the front matter as YAML `key: value` lines between two `---` lines',
      },
    ]);
  });

  it('refuses `!!js/function` YAML tags and runs nothing', () => {
    const result = parse('js-tag.md');
    expect(pwnable.__pwned).toBeUndefined();
    expect(result.ok).toBe(false);
    expect(result.diagnostics).toEqual([
      {
        file: 'js-tag.md',
        line: 2,
        column: 65,
        severity: 'error',
        message: 'invalid YAML in front matter: unknown tag !<tag:yaml.org,2002:js/function>',
        hint: 'remove the `!` tag, or quote the value',
      },
    ]);
  });
});

describe('parseFrontMatter: memory', () => {
  it('leaves gray-matter’s module-level cache empty', () => {
    const cache = (matter as unknown as { cache: Record<string, unknown> }).cache;
    for (const name of readdirSync(dir).filter((n) => n.endsWith('.md'))) parse(name);
    expect(Object.keys(cache)).toEqual([]);
  });
});
