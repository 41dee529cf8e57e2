/**
 * Pages a template could not render → diagnostics. A template's mistake (a
 * syntax error, a call of something undefined, an include that is missing)
 * is the site's input, like a broken post: it is reported at its template,
 * line and column, once however many pages it broke, and nothing is
 * published. Any other error while rendering stays an error of gazette's.
 */
import { isAbsolute, relative, sep } from 'node:path';
import { count } from '../counts.js';
import { compareStrings, type Diagnostic, error } from '../diagnostics.js';

export interface RenderFailure {
  /** Absolute path of the innermost template Nunjucks names; undefined when it names none. */
  template?: string;
  line?: number;
  column?: number;
  message: string;
  /** A page it broke: the first by URL. */
  url: string;
  /** How many pages it broke. */
  pages: number;
}

/** Thrown by a build's rendering when templates failed: every failure, merged. */
export class PagesNotRendered extends Error {
  constructor(readonly failures: readonly RenderFailure[]) {
    super(count(failures.length, 'template error'));
  }
}

/** The name Nunjucks gives every error it raises or passes on (lib.js, TemplateError). */
const NUNJUCKS_ERROR = 'Template render error';

/** Whether `cause` is an error Nunjucks raised or passed on: the template's mistake, not gazette's. */
export function isTemplateError(cause: unknown): cause is Error {
  return cause instanceof Error && cause.name === NUNJUCKS_ERROR;
}

/**
 * What a Nunjucks error says, or undefined for another error. Nunjucks names
 * each template the error passed through, innermost last, as `(path)` with
 * ` [Line L, Column C]` after the first, then gives the cause. A syntax
 * error's position is 1-based; an error raised while rendering (its cause
 * reads `TypeError: …`) has the compiled code's 0-based one.
 */
export function renderFailureOf(cause: unknown, url: string): RenderFailure | undefined {
  if (!isTemplateError(cause)) return undefined;
  const places = [...cause.message.matchAll(/\(([^()\n]+)\)(?: \[Line (\d+)(?:, Column (\d+))?\])?\n/g)];
  const innermost = places.at(-1);
  const text = innermost ? cause.message.slice((innermost.index ?? 0) + innermost[0].length) : cause.message;
  const raised = /^\s*[A-Za-z]*Error: /.test(text);
  const base = raised ? 1 : 0;
  const failure: RenderFailure = { message: text.trim().replace(/^Error: /, ''), url, pages: 1 };
  if (innermost?.[1] !== undefined) failure.template = innermost[1];
  if (innermost?.[2] !== undefined) failure.line = Number(innermost[2]) + base;
  if (innermost?.[3] !== undefined) failure.column = Number(innermost[3]) + base;
  return failure;
}

/** What `render` gives; undefined, with the failure added to `failures`, when a template could not render the page at `url`. */
export function renderedOrFailed<T>(render: () => T, url: string, failures: RenderFailure[]): T | undefined {
  try {
    return render();
  } catch (cause) {
    const failure = renderFailureOf(cause, url);
    if (!failure) throw cause;
    failures.push(failure);
    return undefined;
  }
}

/** One failure per template, place and message, with the pages it broke added up. Sorted, so the report is the same whatever order the threads finished in. */
export function mergeFailures(failures: readonly RenderFailure[]): RenderFailure[] {
  const merged = new Map<string, RenderFailure>();
  for (const failure of failures) {
    const key = JSON.stringify([failure.template, failure.line, failure.column, failure.message]);
    const known = merged.get(key);
    if (!known) merged.set(key, { ...failure });
    else {
      known.pages += failure.pages;
      if (compareStrings(failure.url, known.url) < 0) known.url = failure.url;
    }
  }
  return [...merged.values()].sort((a, b) => compareStrings(`${a.template ?? ''}\0${a.url}`, `${b.template ?? ''}\0${b.url}`));
}

/** Diagnostics for the report: a site template by its path in the site, a theme template by its absolute path. */
export function failureDiagnostics(failures: readonly RenderFailure[], source: string): Diagnostic[] {
  return failures.map((failure) => {
    const others = failure.pages - 1;
    const pages = others > 0 ? `${failure.url} and ${others} other page${others === 1 ? '' : 's'}` : failure.url;
    const where = failure.template === undefined ? undefined : relative(source, failure.template);
    const file = where === undefined ? 'templates' : where.startsWith('..') || isAbsolute(where) ? (failure.template as string) : where.split(sep).join('/');
    return error(
      file,
      `cannot render ${pages}: ${failure.message}`,
      { ...(failure.line !== undefined ? { line: failure.line } : {}), ...(failure.column !== undefined ? { column: failure.column } : {}) },
      "fix the template; a template in the site's templates/ folder replaces the theme's of the same name",
    );
  });
}
