// Used by scripts/bundle.mjs; tested by test/ascii-only.test.ts.

/**
 * `source` with every character outside ASCII written as \uXXXX (one per
 * UTF-16 unit), so that src/code-cache.ts can read the bundle as a one-byte
 * string. It is meant for esbuild's output with `charset: 'ascii'` and
 * template literals lowered, where what is left outside ASCII stands in
 * comments, in which an escape is inert, and in regular expression literals,
 * in which \uXXXX matches the same unit (and a surrogate pair of escapes the
 * same code point under /u or /v). After a backslash the escape would change
 * the meaning, so that throws, naming the offset.
 */
export function asciiOnly(source) {
  return source.replace(/[^\x00-\x7f]+/g, (run, at) => {
    if (source[at - 1] === '\\') throw new Error(`a backslash before a non-ASCII character at offset ${at}: it cannot be escaped safely`);
    let escaped = '';
    for (let i = 0; i < run.length; i++) escaped += `\\u${run.charCodeAt(i).toString(16).padStart(4, '0')}`;
    return escaped;
  });
}
