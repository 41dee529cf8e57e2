/**
 * Escaping helpers for the generated XML (feeds, sitemaps) and for JSON that
 * is embedded in HTML (search index, JSON-LD). Strings in, strings out.
 */

/**
 * Characters XML 1.0 forbids anywhere in a document (even as `&#…;`
 * references): C0 controls other than tab/LF/CR, U+FFFE/U+FFFF, and
 * surrogates. With the `u` flag a well-formed surrogate pair is one code
 * point, so `\uD800-\uDFFF` only matches lone surrogates.
 */
const ILLEGAL_XML_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF\uD800-\uDFFF]/gu;

/** Remove the characters that would make an XML 1.0 document ill-formed. */
export function stripIllegalXmlChars(text: string): string {
  return text.replace(ILLEGAL_XML_CHARS, '');
}

/**
 * Escape text content. `>` is escaped too, so `]]>` can never appear. Line
 * ends become `\n`, as any XML parser would read them anyway.
 */
export function escapeXmlText(text: string): string {
  return stripIllegalXmlChars(text)
    .replace(/\r\n?/g, '\n')
    .replace(/[&<>]/g, (char) => TEXT_ENTITIES[char] ?? char);
}

/**
 * Escape a double-quoted attribute value. Tab, LF and CR become references
 * because attribute-value normalisation would turn them into spaces.
 */
export function escapeXmlAttr(text: string): string {
  return stripIllegalXmlChars(text).replace(/[&<>"\t\n\r]/g, (char) => ATTR_ENTITIES[char] ?? char);
}

/** Escape plain text so that it reads as the same text when interpreted as HTML. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => HTML_ENTITIES[char] ?? char);
}

/**
 * `JSON.stringify` whose output is safe inside `<script>` and HTML attributes:
 * `<`, `>`, `&`, U+2028 and U+2029 only ever occur inside JSON strings, so
 * replacing them with `\uXXXX` keeps the value identical.
 */
export function stringifyScriptSafeJson(value: unknown): string {
  const json = JSON.stringify(value) ?? 'null';
  return json.replace(/[<>&\u2028\u2029]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

const TEXT_ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
};

const ATTR_ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  '\t': '&#9;',
  '\n': '&#10;',
  '\r': '&#13;',
};

const HTML_ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
