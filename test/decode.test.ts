import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { decodeSource, invalidUtf8Offsets } from '../src/content/decode.js';

const dir = fileURLToPath(new URL('./fixtures/front-matter/', import.meta.url));

function bytes(name: string): Uint8Array {
  return new Uint8Array(readFileSync(dir + name));
}

describe('decodeSource', () => {
  it('decodes UTF-8 as is', () => {
    const input = bytes('valid-post.md');
    const result = decodeSource(input, 'valid-post.md');
    expect(result.diagnostics).toEqual([]);
    expect(result.text).toBe(readFileSync(dir + 'valid-post.md', 'utf8'));
  });

  it('strips a UTF-8 BOM', () => {
    const result = decodeSource(bytes('decode-bom.md'), 'decode-bom.md');
    expect(result).toEqual({ text: '---\ntitle: 제목\n---\n', diagnostics: [] });
  });

  it('replaces invalid UTF-8 and names the first bad byte’s line:column', () => {
    const result = decodeSource(bytes('decode-invalid-utf8.md'), 'decode-invalid-utf8.md');
    expect(result.text).toBe('---\ntitle: 한일\n---\n본문 \uFFFD( and \uFFFD\n');
    expect(result.diagnostics).toEqual([
      {
        file: 'decode-invalid-utf8.md',
        line: 4,
        column: 4,
        severity: 'warning',
        message: 'invalid UTF-8 (first bad byte 0xC3) replaced with U+FFFD (2 invalid sequences in all)',
        hint: 'save the post as UTF-8 (it may be in another encoding, such as EUC-KR)',
      },
    ]);
  });

  it('counts CRLF and lone CR as line breaks for the position', () => {
    const result = decodeSource(bytes('decode-invalid-utf8-crlf.md'), 'x.md');
    expect(result.diagnostics.map((d) => [d.line, d.column, d.message])).toEqual([[5, 2, 'invalid UTF-8 (first bad byte 0x80) replaced with U+FFFD']]);
  });

  it('refuses a binary file', () => {
    expect(decodeSource(bytes('decode-binary.md'), 'decode-binary.md')).toEqual({
      diagnostics: [
        {
          file: 'decode-binary.md',
          severity: 'error',
          message: 'binary file, not a post',
          hint: 'move it out of the posts folder, or save the post as text',
        },
      ],
    });
  });

  it('replaces a stray NUL byte in UTF-8 text with U+FFFD and warns at its line:column', () => {
    const result = decodeSource(bytes('decode-stray-nul.md'), 'decode-stray-nul.md');
    expect(result.text).toBe('---\ntitle: 한일 정상회담\n---\n본문에 \uFFFD 숨은 문자가 있습니다.\n둘째 줄\uFFFD.\n');
    expect(result.diagnostics).toEqual([
      {
        file: 'decode-stray-nul.md',
        line: 4,
        column: 5,
        severity: 'warning',
        message: 'NUL byte replaced with U+FFFD (2 in all)',
        hint: 'delete it: most editors do not show it',
      },
    ]);
  });

  it('calls valid UTF-8 that is mostly NUL bytes binary (UTF-32, a zero-filled file)', () => {
    const utf32 = new Uint8Array([...'---\n'].flatMap((ch) => [ch.charCodeAt(0), 0, 0, 0]));
    expect(decodeSource(utf32, 'utf32.md').diagnostics.map((d) => d.message)).toEqual(['binary file, not a post']);
    expect(decodeSource(new Uint8Array(64), 'zeros.md').diagnostics.map((d) => d.message)).toEqual(['binary file, not a post']);
  });

  it('never calls a file binary for a NUL after the first 8 KB, even when it is not UTF-8', () => {
    const input = new Uint8Array(8192 + 3).fill(0x61);
    input[8192] = 0;
    input[8193] = 0xff;
    const result = decodeSource(input, 'late-nul.md');
    expect(result.diagnostics.map((d) => [d.line, d.column, d.message])).toEqual([
      [1, 8194, 'invalid UTF-8 (first bad byte 0xFF) replaced with U+FFFD'],
      [1, 8193, 'NUL byte replaced with U+FFFD'],
    ]);
    expect(result.text).toBe(`${'a'.repeat(8192)}\uFFFD\uFFFDa`);
  });

  it('decodes UTF-16 with a warning instead of calling it binary', () => {
    const result = decodeSource(bytes('decode-utf16le.md'), 'decode-utf16le.md');
    expect(result.text).toBe('---\ntitle: 제목\n---\n');
    expect(result.diagnostics).toEqual([
      {
        file: 'decode-utf16le.md',
        severity: 'warning',
        message: 'file is UTF-16LE, not UTF-8; read it anyway',
        hint: 'save the post as UTF-8',
      },
    ]);
  });
});

describe('invalidUtf8Offsets', () => {
  const cases: [string, number[], number[]][] = [
    ['valid Hangul and ASCII', [0xed, 0x95, 0x9c, 0x61], []],
    ['lone continuation byte', [0x61, 0x80, 0x62], [1]],
    ['truncated sequence before ASCII', [0xe4, 0xb8, 0x61], [0]],
    ['truncated sequence at the end', [0x61, 0xf0, 0x9f, 0x98], [1]],
    ['overlong encoding', [0xc0, 0xaf], [0, 1]],
    ['UTF-16 surrogate', [0xed, 0xa0, 0x80], [0, 1, 2]],
    ['beyond U+10FFFF', [0xf4, 0x90, 0x80, 0x80], [0, 1, 2, 3]],
    ['invalid lead byte', [0xff, 0x61, 0xf5], [0, 2]],
  ];
  it.each(cases)('%s', (_name, input, expected) => {
    const data = new Uint8Array(input);
    expect(invalidUtf8Offsets(data)).toEqual(expected);
    // One offset per U+FFFD, as TextDecoder replaces them.
    const replaced = [...new TextDecoder().decode(data)].filter((ch) => ch === '\uFFFD').length;
    expect(replaced).toBe(expected.length);
  });
});
