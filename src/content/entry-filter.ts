/**
 * `exclude:` and `include:` patterns as Jekyll 4.3's EntryFilter matches them
 * (`glob_include?`): a pattern matches a site-relative path when
 * - `File.fnmatch?(pattern, path)` holds, without FNM_PATHNAME or FNM_DOTMATCH:
 *   `*` and `?` cross `/` (so `*.log` matches `logs/debug.log`, and `**` is no
 *   more than `*`), a leading dot is matched (Jekyll joins both to the source
 *   path first), `[ab]`/`[!ab]`/`[^ab]` are classes, braces are literal;
 * - or the path starts with the pattern, as strings (`notes` matches
 *   `notes/a.txt` and `notes-old.txt` too);
 * - or the pattern is a folder's path with a `/` after it (`vendor/bundle/`).
 * `test/fixtures/jekyll-exclude/` holds Jekyll's own answers for a table of
 * patterns and paths; the tests check these matchers against it.
 */
import picomatch from 'picomatch';

/** Whether a path relative to the site, `/`-separated, is matched; `folder` when it names a folder. */
export type EntryMatcher = (path: string, folder: boolean) => boolean;

/**
 * fnmatch without FNM_PATHNAME, in picomatch's terms: every star may cross `/` (`bash`), dots are
 * matched (`dot`), braces, extglobs and a leading `!` are literal characters, and `[ab]` is a class
 * only (picomatch would also match the literal text `[ab]`).
 */
const FNMATCH: picomatch.PicomatchOptions = {
  bash: true,
  dot: true,
  nobrace: true,
  noextglob: true,
  nonegate: true,
  literalBrackets: false,
};

/** One matcher for a list of patterns, each compiled once: for a build's whole walk of the site. */
export function compilePatterns(patterns: readonly string[]): EntryMatcher {
  const tests = patterns.filter((raw) => raw.replace(/^\/+/, '') !== '').map(compilePattern);
  if (tests.length === 0) return () => false;
  return (path, folder) => tests.some((test) => test(path, folder));
}

function compilePattern(raw: string): EntryMatcher {
  // Jekyll joins the pattern to the source with File.join, which drops its leading slashes.
  const pattern = raw.replace(/^\/+/, '');
  const fnmatch = picomatch(toPicomatch(pattern), FNMATCH);
  return (path, folder) => fnmatch(path) || path.startsWith(pattern) || (folder && pattern === `${path}/`);
}

/**
 * The spellings picomatch reads otherwise than fnmatch: a run of stars is one star (for picomatch
 * `**` may match no folder at all: `**\/*.bak` would match `a.bak`, which Jekyll's does not); `?`
 * outside a class matches any character, `/` too (picomatch's stops at `/`); `[!…]` is fnmatch's
 * negated class (picomatch's holds `!`). Escapes and classes are passed as they are.
 */
function toPicomatch(pattern: string): string {
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i] as string;
    if (char === '\\') {
      out += pattern.slice(i, i + 2);
      i++;
    } else if (char === '*') {
      while (pattern[i + 1] === '*') i++;
      out += '*';
    } else if (char === '?') {
      out += '[\\s\\S]';
    } else if (char === '[') {
      const end = classEnd(pattern, i);
      if (end < 0) out += char;
      else {
        out += toPicomatchClass(pattern.slice(i + 1, end));
        i = end;
      }
    } else out += char;
  }
  return out;
}

/** Where the class opened at `start` closes; -1 when it does not (then `[` is a character, as a prefix). */
function classEnd(pattern: string, start: number): number {
  for (let i = start + 1; i < pattern.length; i++) {
    if (pattern[i] === '\\') i++;
    else if (pattern[i] === ']') return i;
  }
  return -1;
}

/**
 * A class's members (between `[` and `]`) for picomatch. As Ruby's fnmatch reads them: `!` or `^`
 * first negates, and a `]` right after `[` closes the class, so `[]` matches nothing and `[!]` any one character.
 */
function toPicomatchClass(members: string): string {
  const negated = members.startsWith('!') || members.startsWith('^');
  const rest = negated ? members.slice(1) : members;
  if (rest === '') return negated ? '[\\s\\S]' : '[^\\s\\S]';
  return `[${negated ? '^' : ''}${rest}]`;
}
