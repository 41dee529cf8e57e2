/**
 * Jekyll 4's `Utils.slugify`, character for character, so that a migrated
 * site's `:title`, `:slug`, `:name` and `:slugified_categories` come out the
 * same as they did under Jekyll.
 */

/**
 * - `none`: nothing replaced (still lowercased unless `cased`, as Jekyll does).
 * - `raw`: runs of ASCII whitespace become `-`.
 * - `default`: runs of anything but letters, marks and decimal digits become `-`.
 * - `pretty`: like `default` but also keeps `._~!$&'()+,;=@`.
 * - `ascii`: runs of anything but `A-Za-z0-9` become `-`.
 * - `latin`: Latin letters lose their accents (I18n's table: `é` → `e`, `ß` → `ss`),
 *   every other non-ASCII character becomes a separator, then `default` applies.
 */
export type SlugifyMode = 'none' | 'raw' | 'default' | 'pretty' | 'ascii' | 'latin';

export interface SlugifyOptions {
  /** Default `'default'`. */
  readonly mode?: SlugifyMode;
  /** Keep the letter case. Default `false` (the slug is lowercased). */
  readonly cased?: boolean;
}

export const SLUGIFY_MODES: readonly SlugifyMode[] = ['none', 'raw', 'default', 'pretty', 'ascii', 'latin'];

export function isSlugifyMode(value: unknown): value is SlugifyMode {
  return typeof value === 'string' && (SLUGIFY_MODES as readonly string[]).includes(value);
}

// Ruby's `\s` is ASCII-only: an ideographic space (U+3000) is kept in raw mode.
const RAW = /[ \t\n\v\f\r]+/g;
const DEFAULT = /[^\p{M}\p{L}\p{Nd}]+/gu;
const PRETTY = /[^\p{M}\p{L}\p{Nd}._~!$&'()+,;=@]+/gu;
const ASCII = /[^A-Za-z0-9]+/g;

export function slugify(text: string, options: SlugifyOptions = {}): string {
  const mode = options.mode ?? 'default';
  const cased = options.cased ?? false;
  if (mode === 'none' || !isSlugifyMode(mode)) return cased ? text : downcase(text);

  const source = mode === 'latin' ? transliterate(text) : text;
  const pattern = mode === 'raw' ? RAW : mode === 'pretty' ? PRETTY : mode === 'ascii' ? ASCII : DEFAULT;
  // Jekyll's `gsub(/^-|-$/, '')` removes one hyphen at each end, not a run
  // (a run can only survive in raw mode, where `-` is not replaced).
  const slug = source.replace(pattern, '-').replace(/^-/, '').replace(/-$/, '');
  return cased ? slug : downcase(slug);
}

/**
 * Ruby's `String#downcase`: full Unicode lowercase mapping applied code point
 * by code point. Unlike `toLowerCase()` on a whole string it has no context
 * rules, so a word-final `Σ` becomes `σ`, not `ς`.
 */
export function downcase(text: string): string {
  // Final sigma is the only context rule of the locale-independent mapping.
  if (!text.includes('Σ')) return text.toLowerCase();
  let out = '';
  for (const ch of text) out += ch.toLowerCase();
  return out;
}

/** I18n.transliterate with its default approximations and `?` for anything unknown. */
export function transliterate(text: string): string {
  return text.replace(/[^\x00-\x7f]/gu, (ch) => LATIN_APPROXIMATIONS.get(ch) ?? '?');
}

// The ruby-i18n gem's HashTransliterator::DEFAULT_APPROXIMATIONS.
const LATIN_APPROXIMATIONS: ReadonlyMap<string, string> = new Map(
  Object.entries({
    À: 'A',
    Á: 'A',
    Â: 'A',
    Ã: 'A',
    Ä: 'A',
    Å: 'A',
    Æ: 'AE',
    Ç: 'C',
    È: 'E',
    É: 'E',
    Ê: 'E',
    Ë: 'E',
    Ì: 'I',
    Í: 'I',
    Î: 'I',
    Ï: 'I',
    Ð: 'D',
    Ñ: 'N',
    Ò: 'O',
    Ó: 'O',
    Ô: 'O',
    Õ: 'O',
    Ö: 'O',
    '×': 'x',
    Ø: 'O',
    Ù: 'U',
    Ú: 'U',
    Û: 'U',
    Ü: 'U',
    Ý: 'Y',
    Þ: 'Th',
    ß: 'ss',
    ẞ: 'SS',
    à: 'a',
    á: 'a',
    â: 'a',
    ã: 'a',
    ä: 'a',
    å: 'a',
    æ: 'ae',
    ç: 'c',
    è: 'e',
    é: 'e',
    ê: 'e',
    ë: 'e',
    ì: 'i',
    í: 'i',
    î: 'i',
    ï: 'i',
    ð: 'd',
    ñ: 'n',
    ò: 'o',
    ó: 'o',
    ô: 'o',
    õ: 'o',
    ö: 'o',
    ø: 'o',
    ù: 'u',
    ú: 'u',
    û: 'u',
    ü: 'u',
    ý: 'y',
    þ: 'th',
    ÿ: 'y',
    Ā: 'A',
    ā: 'a',
    Ă: 'A',
    ă: 'a',
    Ą: 'A',
    ą: 'a',
    Ć: 'C',
    ć: 'c',
    Ĉ: 'C',
    ĉ: 'c',
    Ċ: 'C',
    ċ: 'c',
    Č: 'C',
    č: 'c',
    Ď: 'D',
    ď: 'd',
    Đ: 'D',
    đ: 'd',
    Ē: 'E',
    ē: 'e',
    Ĕ: 'E',
    ĕ: 'e',
    Ė: 'E',
    ė: 'e',
    Ę: 'E',
    ę: 'e',
    Ě: 'E',
    ě: 'e',
    Ĝ: 'G',
    ĝ: 'g',
    Ğ: 'G',
    ğ: 'g',
    Ġ: 'G',
    ġ: 'g',
    Ģ: 'G',
    ģ: 'g',
    Ĥ: 'H',
    ĥ: 'h',
    Ħ: 'H',
    ħ: 'h',
    Ĩ: 'I',
    ĩ: 'i',
    Ī: 'I',
    ī: 'i',
    Ĭ: 'I',
    ĭ: 'i',
    Į: 'I',
    į: 'i',
    İ: 'I',
    ı: 'i',
    Ĳ: 'IJ',
    ĳ: 'ij',
    Ĵ: 'J',
    ĵ: 'j',
    Ķ: 'K',
    ķ: 'k',
    ĸ: 'k',
    Ĺ: 'L',
    ĺ: 'l',
    Ļ: 'L',
    ļ: 'l',
    Ľ: 'L',
    ľ: 'l',
    Ŀ: 'L',
    ŀ: 'l',
    Ł: 'L',
    ł: 'l',
    Ń: 'N',
    ń: 'n',
    Ņ: 'N',
    ņ: 'n',
    Ň: 'N',
    ň: 'n',
    ŉ: "'n",
    Ŋ: 'NG',
    ŋ: 'ng',
    Ō: 'O',
    ō: 'o',
    Ŏ: 'O',
    ŏ: 'o',
    Ő: 'O',
    ő: 'o',
    Œ: 'OE',
    œ: 'oe',
    Ŕ: 'R',
    ŕ: 'r',
    Ŗ: 'R',
    ŗ: 'r',
    Ř: 'R',
    ř: 'r',
    Ś: 'S',
    ś: 's',
    Ŝ: 'S',
    ŝ: 's',
    Ş: 'S',
    ş: 's',
    Š: 'S',
    š: 's',
    Ţ: 'T',
    ţ: 't',
    Ť: 'T',
    ť: 't',
    Ŧ: 'T',
    ŧ: 't',
    Ũ: 'U',
    ũ: 'u',
    Ū: 'U',
    ū: 'u',
    Ŭ: 'U',
    ŭ: 'u',
    Ů: 'U',
    ů: 'u',
    Ű: 'U',
    ű: 'u',
    Ų: 'U',
    ų: 'u',
    Ŵ: 'W',
    ŵ: 'w',
    Ŷ: 'Y',
    ŷ: 'y',
    Ÿ: 'Y',
    Ź: 'Z',
    ź: 'z',
    Ż: 'Z',
    ż: 'z',
    Ž: 'Z',
    ž: 'z',
  }),
);
