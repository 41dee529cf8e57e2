/**
 * The `Range` header of a preview request (RFC 9110 §14), for one file of
 * known size. Safari plays a `<video>` only from a server that answers byte
 * ranges with 206, so the preview must, though builds never need it.
 *
 * One range is served; a request for several (rare, and never a media
 * element's) gets the whole file, which the RFC allows.
 */

export type RangeAnswer =
  /** Send the whole file with 200: no Range, a unit other than bytes, several ranges, or a malformed header. */
  | { readonly kind: 'whole' }
  /** Send bytes `start`..`end` (inclusive) with 206. */
  | { readonly kind: 'part'; readonly start: number; readonly end: number }
  /** 416 with `Content-Range: bytes *\/size`. */
  | { readonly kind: 'unsatisfiable' };

const WHOLE: RangeAnswer = { kind: 'whole' };
const UNSATISFIABLE: RangeAnswer = { kind: 'unsatisfiable' };

/** `bytes=0-1`, `bytes=100-`, `bytes=-100` (the last 100); the unit is case-insensitive. */
const SINGLE_RANGE = /^bytes=[ \t]*(\d*)-(\d*)[ \t]*$/i;

/**
 * `ifRange`: the request has an `If-Range`. The preview sends no
 * validators (no ETag, no Last-Modified: every response is `no-store`), so
 * it can never match, and the whole file is the answer, as the RFC requires
 * when it does not.
 */
export function answerRange(header: string | undefined, ifRange: boolean, size: number): RangeAnswer {
  if (header === undefined || ifRange) return WHOLE;
  const match = SINGLE_RANGE.exec(header);
  if (match === null) return WHOLE;
  const [, first = '', last = ''] = match;
  if (first === '' && last === '') return WHOLE;
  if (first === '') {
    // A suffix: the last N bytes, all of a shorter file; zero bytes is unsatisfiable.
    const length = Number(last);
    if (length === 0 || size === 0) return UNSATISFIABLE;
    return { kind: 'part', start: Math.max(0, size - length), end: size - 1 };
  }
  const start = Number(first);
  const end = last === '' ? size - 1 : Number(last);
  if (end < start || start >= size) return UNSATISFIABLE;
  return { kind: 'part', start, end: Math.min(end, size - 1) };
}
