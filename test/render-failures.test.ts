/**
 * A template that cannot render a page is the site's mistake, reported at the
 * template's line and column (src/render/render-failures.ts): which errors
 * count as the template's, how a failure is read from Nunjucks' message, how
 * failures from many pages merge into one per mistake, and the diagnostics
 * printed for them. Errors are real Nunjucks errors from small templates in a
 * temp site.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readTemplateSet } from '../src/content/template-files.js';
import {
  failureDiagnostics,
  isTemplateError,
  mergeFailures,
  PagesNotRendered,
  type RenderFailure,
  renderedOrFailed,
  renderFailureOf,
} from '../src/render/render-failures.js';
import { createTemplates } from '../src/render/templates.js';

const SITE = mkdtempSync(path.join(os.tmpdir(), 'gazette-render-failures-'));
afterAll(() => rmSync(SITE, { recursive: true, force: true }));
const TEMPLATES = path.join(SITE, 'templates');
mkdirSync(TEMPLATES);
const FILES: Record<string, string> = {
  // A syntax error: `}}` where a filter name should be, line 2, column 17.
  'syntax.njk': 'line one\n{{ post.title | }}\n',
  // A call of something undefined: the call's `(` is at line 3, column 10.
  'call.njk': 'a\n\n  {{ nope() }}\n',
  'outer.njk': '<div>\n{% include "call.njk" %}\n</div>\n',
  'missing.njk': 'x\n{% include "nothere.njk" %}\n',
  'fine.njk': '<p>{{ title }}</p>',
};
for (const [name, text] of Object.entries(FILES)) writeFileSync(path.join(TEMPLATES, name), text);
const templates = createTemplates(readTemplateSet({ siteTemplates: TEMPLATES, baseurl: '', url: '' }));

/** What rendering `name` throws. */
function thrownBy(name: string): unknown {
  try {
    templates.render(name, { post: { title: 't' } });
  } catch (cause) {
    return cause;
  }
  throw new Error(`${name} rendered`);
}

describe('isTemplateError', () => {
  it("every error Nunjucks raises is the template's", () => {
    for (const name of ['syntax', 'call', 'outer', 'missing']) expect(isTemplateError(thrownBy(name)), name).toBe(true);
  });

  it("any other error is gazette's own", () => {
    expect(isTemplateError(new Error('boom'))).toBe(false);
    expect(isTemplateError(new TypeError('x is not a function'))).toBe(false);
    expect(isTemplateError(new RangeError('Maximum call stack size exceeded'))).toBe(false);
  });

  it('only an Error: a thrown string or a look-alike object is not a template error', () => {
    expect(isTemplateError('Template render error')).toBe(false);
    expect(isTemplateError({ name: 'Template render error', message: '(x) [Line 1, Column 1]\n  bad' })).toBe(false);
    expect(isTemplateError(undefined)).toBe(false);
  });
});

describe('what a failure says', () => {
  it('a syntax error: the template, and its 1-based line and column as Nunjucks gives them', () => {
    expect(renderFailureOf(thrownBy('syntax'), '/a/')).toEqual({
      template: path.join(TEMPLATES, 'syntax.njk'),
      line: 2,
      column: 17,
      message: 'expected symbol, got variable-end',
      url: '/a/',
      pages: 1,
    });
  });

  it('an error raised while rendering: the 0-based place made 1-based, and `Error: ` dropped', () => {
    expect(renderFailureOf(thrownBy('call'), '/a/')).toEqual({
      template: path.join(TEMPLATES, 'call.njk'),
      line: 3,
      column: 10,
      message: 'Unable to call `nope`, which is undefined or falsey',
      url: '/a/',
      pages: 1,
    });
  });

  it('an error in an included template is reported at the innermost template', () => {
    expect(renderFailureOf(thrownBy('outer'), '/b/')).toMatchObject({ template: path.join(TEMPLATES, 'call.njk'), line: 3, column: 10 });
  });

  it('a missing include: the including template, without a place', () => {
    const failure = renderFailureOf(thrownBy('missing'), '/c/');
    expect(failure).toEqual({ template: path.join(TEMPLATES, 'missing.njk'), message: 'template not found: nothere.njk', url: '/c/', pages: 1 });
  });

  it('another error is no failure', () => {
    expect(renderFailureOf(new Error('disk full'), '/a/')).toBeUndefined();
  });
});

describe('renderedOrFailed', () => {
  it('what the render gives, and no failure, when it renders', () => {
    const failures: RenderFailure[] = [];
    expect(renderedOrFailed(() => templates.render('fine', { title: '제목' }), '/a/', failures)).toBe('<p>제목</p>');
    expect(failures).toEqual([]);
  });

  it('undefined, with the failure added, when a template cannot render the page', () => {
    const failures: RenderFailure[] = [];
    expect(renderedOrFailed(() => templates.render('call', {}), '/기사/', failures)).toBeUndefined();
    expect(renderedOrFailed(() => templates.render('syntax', {}), '/other/', failures)).toBeUndefined();
    expect(failures.map((f) => [path.basename(f.template ?? ''), f.url, f.pages])).toEqual([
      ['call.njk', '/기사/', 1],
      ['syntax.njk', '/other/', 1],
    ]);
  });

  it("gazette's own errors are thrown on, not reported as the site's", () => {
    const failures: RenderFailure[] = [];
    const bug = new TypeError('cannot read properties of undefined');
    expect(() =>
      renderedOrFailed(
        () => {
          throw bug;
        },
        '/a/',
        failures,
      ),
    ).toThrow(bug);
    expect(failures).toEqual([]);
  });
});

describe('mergeFailures', () => {
  const at = (url: string, fields: Partial<RenderFailure> = {}): RenderFailure => ({
    template: '/site/templates/post.njk',
    line: 3,
    column: 10,
    message: 'Unable to call `nope`',
    url,
    pages: 1,
    ...fields,
  });

  it('one failure per template error, the pages it broke added up, named by the first URL', () => {
    const merged = mergeFailures([at('/c/'), at('/a/'), at('/b/', { pages: 3 })]);
    expect(merged).toEqual([at('/a/', { pages: 5 })]);
  });

  it('another template, place or message is another failure', () => {
    const merged = mergeFailures([
      at('/1/'),
      at('/2/', { line: 4 }),
      at('/3/', { column: 2 }),
      at('/4/', { message: 'other' }),
      at('/5/', { template: '/site/templates/page.njk' }),
      at('/6/'),
    ]);
    expect(merged.map((f) => [f.url, f.pages])).toEqual([
      ['/5/', 1],
      ['/1/', 2],
      ['/2/', 1],
      ['/3/', 1],
      ['/4/', 1],
    ]);
  });

  it('sorted by template then URL, whatever order the threads finished in', () => {
    const failures = [
      at('/z/', { template: '/t/b.njk' }),
      at('/y/', { template: '/t/a.njk', line: 9 }),
      at('/x/', { template: undefined, line: undefined, column: undefined }),
      at('/w/', { template: '/t/a.njk' }),
    ];
    const expected = [
      ['', '/x/'],
      ['/t/a.njk', '/w/'],
      ['/t/a.njk', '/y/'],
      ['/t/b.njk', '/z/'],
    ];
    expect(mergeFailures(failures).map((f) => [f.template ?? '', f.url])).toEqual(expected);
    expect(mergeFailures([...failures].reverse()).map((f) => [f.template ?? '', f.url])).toEqual(expected);
  });

  it('leaves the failures it was given as they were', () => {
    const failures = [at('/b/'), at('/a/')];
    mergeFailures(failures);
    expect(failures).toEqual([at('/b/'), at('/a/')]);
  });

  it('PagesNotRendered carries the merged failures and counts them', () => {
    const error = new PagesNotRendered(mergeFailures([at('/a/'), at('/b/'), at('/c/', { line: 1 })]));
    expect(error.message).toBe('2 template errors');
    expect(error.failures).toHaveLength(2);
  });
});

describe('failureDiagnostics', () => {
  const HINT = "fix the template; a template in the site's templates/ folder replaces the theme's of the same name";

  it('a site template by its path in the site, at its line and column, with the page it broke', () => {
    const failure: RenderFailure = {
      template: '/srv/site/templates/partials/card.njk',
      line: 3,
      column: 10,
      message: 'Unable to call `nope`',
      url: '/a/',
      pages: 1,
    };
    expect(failureDiagnostics([failure], '/srv/site')).toEqual([
      { file: 'templates/partials/card.njk', line: 3, column: 10, severity: 'error', message: 'cannot render /a/: Unable to call `nope`', hint: HINT },
    ]);
  });

  it('how many other pages it broke, singular and plural', () => {
    const of = (pages: number) =>
      failureDiagnostics([{ template: '/srv/site/templates/post.njk', message: 'bad', url: '/a/', pages }], '/srv/site')[0]?.message;
    expect(of(2)).toBe('cannot render /a/ and 1 other page: bad');
    expect(of(1097)).toBe('cannot render /a/ and 1096 other pages: bad');
  });

  it('a theme template, outside the site, by its absolute path', () => {
    const [diagnostic] = failureDiagnostics(
      [{ template: '/usr/lib/gazette/templates/base.njk', line: 1, column: 1, message: 'x', url: '/', pages: 1 }],
      '/srv/site',
    );
    expect(diagnostic?.file).toBe('/usr/lib/gazette/templates/base.njk');
  });

  it("a site whose name starts like a template folder's is not mistaken for it", () => {
    const [diagnostic] = failureDiagnostics([{ template: '/srv/site-theme/templates/base.njk', message: 'x', url: '/', pages: 1 }], '/srv/site');
    expect(diagnostic?.file).toBe('/srv/site-theme/templates/base.njk');
  });

  it('no template named: "templates", without a place', () => {
    expect(failureDiagnostics([{ message: 'x', url: '/', pages: 1 }], '/srv/site')).toEqual([
      { file: 'templates', severity: 'error', message: 'cannot render /: x', hint: HINT },
    ]);
  });

  it("from real failures: each template's mistake once, at its file:line:column", () => {
    const failures: RenderFailure[] = [];
    for (const url of ['/b/', '/a/', '/c/']) renderedOrFailed(() => templates.render('outer', {}), url, failures);
    renderedOrFailed(() => templates.render('syntax', {}), '/d/', failures);
    const diagnostics = failureDiagnostics(mergeFailures(failures), SITE);
    expect(diagnostics.map((d) => `${d.file}:${d.line}:${d.column}: ${d.message}`)).toEqual([
      'templates/call.njk:3:10: cannot render /a/ and 2 other pages: Unable to call `nope`, which is undefined or falsey',
      'templates/syntax.njk:2:17: cannot render /d/: expected symbol, got variable-end',
    ]);
  });
});
