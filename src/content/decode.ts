/**
 * Bytes of a post file → text, never throwing: every oddity (BOM, broken
 * UTF-8, a binary file under `_posts/`) becomes a positioned diagnostic.
 */
import { type Diagnostic, error, warning } from '../diagnostics.js';

export interface DecodedSource {
  /** The text, without a BOM; undefined when the file is not text. */
  text?: string;
  diagnostics: Diagnostic[];
}

/** How far into a file a NUL byte marks it as binary (git's heuristic). */
const BINARY_PROBE_BYTES = 8192;

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const lenientUtf8 = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });

/**
 * Bytes of a post file → text. A UTF-8 BOM is stripped. Invalid UTF-8 is
 * decoded with U+FFFD replacements plus a warning naming the line:column of
 * the first invalid byte. A file that looks binary (a NUL byte in the first
 * 8 KB, unless it is valid UTF-8 with a few NULs) is an error and gives no
 * text; NUL bytes in a text are replaced with U+FFFD, with a warning at the
 * first. A UTF-16 file (told by its BOM) is decoded with a warning, rather
 * than called binary for its NUL bytes.
 */
export function decodeSource(bytes: Uint8Array, file: string): DecodedSource {
  const utf16 = utf16Encoding(bytes);
  if (utf16 !== undefined) {
    const text = new TextDecoder(utf16, { ignoreBOM: false }).decode(bytes);
    return {
      text,
      diagnostics: [warning(file, `file is ${utf16.toUpperCase()}, not UTF-8; read it anyway`, {}, 'save the post as UTF-8')],
    };
  }

  const start = hasUtf8Bom(bytes) ? 3 : 0;
  const content = bytes.subarray(start);
  const strict = strictText(content);
  const firstNul = content.indexOf(0);
  if (firstNul === -1) return strict !== undefined ? { text: strict, diagnostics: [] } : decodeInvalid(content, file);
  const nuls = countNul(content, firstNul);
  // Git's heuristic, with one exception: valid UTF-8 with a few stray NULs (a paste from
  // elsewhere) is text, and browsers would show U+FFFD for them; so does the post.
  if (firstNul < BINARY_PROBE_BYTES && (strict === undefined || nuls * MAX_NUL_SHARE > content.length)) {
    return {
      diagnostics: [error(file, 'binary file, not a post', {}, 'move it out of the posts folder, or save the post as text')],
    };
  }
  const decoded = strict !== undefined ? { text: strict, diagnostics: [] } : decodeInvalid(content, file);
  const more = nuls > 1 ? ` (${nuls} in all)` : '';
  return {
    text: decoded.text.replaceAll('\0', '\uFFFD'),
    diagnostics: [
      ...decoded.diagnostics,
      warning(file, `NUL byte replaced with U+FFFD${more}`, positionOfByte(content, firstNul), 'delete it: most editors do not show it'),
    ],
  };
}

/** Text with more than one NUL byte in this many bytes is binary, even when it is valid UTF-8 (UTF-32, zero-filled files). */
const MAX_NUL_SHARE = 32;

function countNul(bytes: Uint8Array, from: number): number {
  let count = 0;
  for (let at = from; at !== -1; at = bytes.indexOf(0, at + 1)) count++;
  return count;
}

/** The text of valid UTF-8; undefined for anything else. */
function strictText(content: Uint8Array): string | undefined {
  try {
    return strictUtf8.decode(content);
  } catch {
    // The decoder is fatal: it throws on the first byte sequence that is not UTF-8, which is the answer asked for.
    return undefined;
  }
}

/** Invalid UTF-8 → text with U+FFFD replacements and a warning at the first invalid byte (only broken files pay for this scan). */
function decodeInvalid(content: Uint8Array, file: string): { text: string; diagnostics: Diagnostic[] } {
  const text = lenientUtf8.decode(content);
  const invalid = invalidUtf8Offsets(content);
  const first = invalid[0] ?? 0;
  const where = positionOfByte(content, first);
  const byte = (content[first] ?? 0).toString(16).toUpperCase().padStart(2, '0');
  const more = invalid.length > 1 ? ` (${invalid.length} invalid sequences in all)` : '';
  return {
    text,
    diagnostics: [
      warning(
        file,
        `invalid UTF-8 (first bad byte 0x${byte}) replaced with U+FFFD${more}`,
        where,
        'save the post as UTF-8 (it may be in another encoding, such as EUC-KR)',
      ),
    ],
  };
}

function hasUtf8Bom(bytes: Uint8Array): boolean {
  return bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
}

function utf16Encoding(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | undefined {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  return undefined;
}

/**
 * Byte offsets where an ill-formed UTF-8 sequence starts (Unicode table 3-7),
 * one per maximal bad subpart: the same places TextDecoder puts a U+FFFD.
 */
export function invalidUtf8Offsets(bytes: Uint8Array): number[] {
  const out: number[] = [];
  let i = 0;
  while (i < bytes.length) {
    const length = wellFormedLength(bytes, i);
    if (length > 0) {
      i += length;
    } else {
      out.push(i);
      i += Math.max(1, validPrefixLength(bytes, i));
    }
  }
  return out;
}

/** Length of the well-formed sequence at `i`, or 0 when it is ill-formed. */
function wellFormedLength(bytes: Uint8Array, i: number): number {
  const need = sequenceLength(bytes[i] ?? 0);
  if (need === 0) return 0;
  return validPrefixLength(bytes, i) === need ? need : 0;
}

function sequenceLength(lead: number): number {
  if (lead <= 0x7f) return 1;
  if (lead >= 0xc2 && lead <= 0xdf) return 2;
  if (lead >= 0xe0 && lead <= 0xef) return 3;
  if (lead >= 0xf0 && lead <= 0xf4) return 4;
  return 0;
}

/** How many bytes from `i` form a valid (possibly incomplete) sequence start. */
function validPrefixLength(bytes: Uint8Array, i: number): number {
  const lead = bytes[i] ?? 0;
  const need = sequenceLength(lead);
  if (need <= 1) return need;
  let count = 1;
  while (count < need) {
    const b = bytes[i + count];
    if (b === undefined) break;
    const [lo, hi] = count === 1 ? secondByteRange(lead) : [0x80, 0xbf];
    if (b < lo || b > hi) break;
    count++;
  }
  return count;
}

function secondByteRange(lead: number): [number, number] {
  if (lead === 0xe0) return [0xa0, 0xbf];
  if (lead === 0xed) return [0x80, 0x9f];
  if (lead === 0xf0) return [0x90, 0xbf];
  if (lead === 0xf4) return [0x80, 0x8f];
  return [0x80, 0xbf];
}

/**
 * 1-based line and column of a byte. Lines end at `\n`, `\r\n` or a lone
 * `\r` (as for every other position we report); the column counts UTF-16
 * code units, as editors and the code frame do.
 */
function positionOfByte(bytes: Uint8Array, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    const b = bytes[i];
    if (b === 0x0a || (b === 0x0d && bytes[i + 1] !== 0x0a)) {
      line++;
      lineStart = i + 1;
    }
  }
  const before = lenientUtf8.decode(bytes.subarray(lineStart, offset));
  return { line, column: before.length + 1 };
}
