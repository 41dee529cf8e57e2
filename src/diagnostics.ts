/**
 * Problems found in a site's input. Content problems are data, never thrown:
 * every stage returns the diagnostics it found and one reporter prints them
 * all together at the end of a build.
 */
export type Severity = 'error' | 'warning';

export interface Diagnostic {
  /** Path relative to the site source, with `/` separators. */
  readonly file: string;
  /** 1-based line in `file`. */
  readonly line?: number;
  /** 1-based column in `file`. */
  readonly column?: number;
  readonly severity: Severity;
  readonly message: string;
  /** One sentence telling the user what to do about it. */
  readonly hint?: string;
}

export function error(file: string, message: string, where: Position = {}, hint?: string): Diagnostic {
  return withOptional({ file, severity: 'error', message }, where, hint);
}

export function warning(file: string, message: string, where: Position = {}, hint?: string): Diagnostic {
  return withOptional({ file, severity: 'warning', message }, where, hint);
}

export interface Position {
  line?: number;
  column?: number;
}

function withOptional(base: Diagnostic, where: Position, hint: string | undefined): Diagnostic {
  return {
    ...base,
    ...(where.line !== undefined ? { line: where.line } : {}),
    ...(where.column !== undefined ? { column: where.column } : {}),
    ...(hint !== undefined ? { hint } : {}),
  };
}

/** Sorted by file, then line, then column: the order they are printed in. */
export function sortDiagnostics(list: readonly Diagnostic[]): Diagnostic[] {
  return [...list].sort(
    (a, b) => compareStrings(a.file, b.file) || (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0) || compareStrings(a.message, b.message),
  );
}

export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function countBySeverity(list: readonly Diagnostic[]): { errors: number; warnings: number } {
  let errors = 0;
  let warnings = 0;
  for (const d of list) {
    if (d.severity === 'error') errors++;
    else warnings++;
  }
  return { errors, warnings };
}

/** `RELPATH:LINE:COL: severity: message`, the format editors and CI annotate. */
export function diagnosticHeadline(d: Diagnostic): string {
  const where = d.line !== undefined ? `:${d.line}${d.column !== undefined ? `:${d.column}` : ''}` : '';
  return `${d.file}${where}: ${d.severity}: ${d.message}`;
}

/**
 * The headline, then (when the file text is given and the diagnostic has a
 * line) a short code frame, then the hint.
 */
export function formatDiagnostic(d: Diagnostic, fileText?: string): string {
  const out = [escapeControls(diagnosticHeadline(d))];
  if (fileText !== undefined && d.line !== undefined) out.push(codeFrame(fileText, d.line, d.column));
  if (d.hint) out.push(`  hint: ${escapeControls(d.hint)}`);
  return out.filter((part) => part !== '').join('\n');
}

/**
 * C0 and C1 control characters (but tab and line feed), DEL, and the
 * bidirectional overrides and isolates, as `\x1b`/`\u202e` escapes. A post's
 * title or a file name can hold `ESC ]0;…BEL` (retitles the terminal),
 * `ESC [2K` (erases a line), OSC 8 (forges a link) or a right-to-left
 * override (reorders what is shown); printed raw, the terminal would obey.
 */
export function escapeControls(text: string): string {
  return text.replace(CONTROLS, (ch) => {
    const code = ch.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

const CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

const FRAME_WIDTH = 100;

/** Two lines of context above the problem line and a caret under its column. */
export function codeFrame(text: string, line: number, column?: number): string {
  const lines = text.split(/\r\n|\r|\n/);
  if (line < 1 || line > lines.length) return '';
  const first = Math.max(1, line - 2);
  const gutter = String(line).length;
  const out: string[] = [];
  for (let n = first; n <= line; n++) {
    const content = escapeControls((lines[n - 1] ?? '').slice(0, FRAME_WIDTH));
    out.push(`${n === line ? '>' : ' '} ${String(n).padStart(gutter)} | ${content}`);
  }
  if (column !== undefined && column >= 1 && column <= FRAME_WIDTH) {
    // Measured on the escaped text, so the caret stays under the column as printed.
    const before = escapeControls((lines[line - 1] ?? '').slice(0, column - 1)).replace(/[^\t]/g, (ch) => (isWide(ch) ? '  ' : ' '));
    out.push(`  ${' '.repeat(gutter)} | ${before}^`);
  }
  return out.join('\n');
}

/** Hangul and CJK take two terminal cells; the caret must line up under them. */
function isWide(ch: string): boolean {
  const code = ch.codePointAt(0) ?? 0;
  return (
    (code >= 0x1100 && code <= 0x115f) ||
    (code >= 0x2e80 && code <= 0xa4cf) ||
    (code >= 0xac00 && code <= 0xd7a3) ||
    (code >= 0xf900 && code <= 0xfaff) ||
    (code >= 0xff00 && code <= 0xff60)
  );
}
