/**
 * A liquidjs exception → one diagnostic at the file's own line and column.
 * liquidjs keeps the innermost error's token (the include file's, for an
 * error inside an include), whose position counts from the start of the text
 * it parsed: a page's body, so its front matter's lines are added back.
 */
import { LiquidError } from 'liquidjs';
import { type Diagnostic, error } from '../diagnostics.js';
import { INCLUDED_FROM, type IncludedFrom, positionOf } from './tags.js';

interface Limits {
  readonly renderMs: number;
}

export function liquidErrorToDiagnostic(cause: unknown, file: string, bodyLine: number, limits: Limits): Diagnostic {
  const at = (where: string, line: number): number => (where === file ? line + bodyLine - 1 : line);
  if (!LiquidError.is(cause)) {
    return error(file, `Liquid failed: ${messageOf(cause)}`, { line: bodyLine }, 'this is a bug in gazette or liquidjs; please report it with the page');
  }
  const err = cause as LiquidError & { token?: { file?: string; getPosition(): number[] }; originalError?: unknown };
  const inner = firstError(err);
  const token = inner.token;
  const where = token?.file ?? file;
  const { line, column } = token ? positionOf(token) : { line: 1, column: 1 };
  let message = inner.originalError instanceof Error ? inner.originalError.message : stripPosition(inner.message);
  const from = (cause as { [INCLUDED_FROM]?: IncludedFrom })[INCLUDED_FROM] ?? (inner as { [INCLUDED_FROM]?: IncludedFrom })[INCLUDED_FROM];
  if (from) message += ` (in an include from ${from.file}:${at(from.file, from.line)}:${from.column})`;
  return error(where, message, { line: at(where, line), column }, hintFor(message, limits));
}

type Positioned = LiquidError & { token?: { file?: string; getPosition(): number[] }; originalError?: unknown; errors?: Positioned[] };

function firstError(err: Positioned): Positioned {
  return err.errors?.[0] ?? err;
}

function stripPosition(message: string): string {
  return message.replace(/, (?:file:.*?, )?line:\d+, col:\d+$/, '');
}

function messageOf(cause: unknown): string {
  return cause instanceof Error ? cause.message : String(cause);
}

function hintFor(message: string, limits: Limits): string | undefined {
  const tag = /^tag "([^"]+)" not found/.exec(message);
  if (tag) {
    return `{% ${tag[1]} %} is neither a Liquid nor a Jekyll tag gazette knows (a plugin's?); remove it, or wrap literal text in {% raw %}…{% endraw %}`;
  }
  if (/not closed/.test(message)) return 'close the tag (e.g. {% endfor %}, {% endif %}, }}) where its block ends';
  if (/template render limit exceeded/.test(message)) return `a page may render for ${limits.renderMs} ms; look for a loop that runs far too often`;
  if (/memory alloc limit exceeded/.test(message)) return 'the page builds strings or arrays far too large; look for a loop that runs far too often';
  if (/parse length limit exceeded/.test(message)) return 'the file is too large to be a Liquid template';
  if (/include/.test(message)) return 'includes are read only from the includes folder (_includes/ by default), by a relative name without ..';
  return undefined;
}
