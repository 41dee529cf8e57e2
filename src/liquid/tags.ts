/**
 * Jekyll's tags on a liquidjs instance: `include` (also `include_cached`,
 * jekyll-include-cache's, which renders the same), `include_relative`,
 * `post_url`, `link`, `highlight`, and plugin tags (`seo`, `feed_meta`)
 * whose output the caller supplies. liquidjs's own `include` is replaced:
 * Jekyll's differs (file names with `{{ }}`, `key=value` parameters under
 * `include.`, quoted values taken literally) and gazette must decide itself
 * which files an include may read. `raw` is liquidjs's.
 */
import type { Context, Emitter, Liquid, Parser, TagToken, Template, TopLevelToken } from 'liquidjs';
import { LiquidError, Tag } from 'liquidjs';

/** What the tags need from the engine: file access, lookups, the caller's hooks. */
export interface TagHost {
  /**
   * Parsed templates of an include: `kind` `'include'` looks in the
   * includes folder, `'relative'` beside `pageFile`. Throws an Error whose
   * message says why it was refused or not found (the tag's position is
   * added by liquidjs).
   */
  loadInclude(kind: 'include' | 'relative', name: string, pageFile: string): Template[];
  /** The file being rendered (the page, not an include), relative to the source. */
  pageFile(): string;
  postUrl(name: string): string | undefined;
  link(path: string): string | undefined;
  /** `url` with the baseurl, encoded as Jekyll's `relative_url`. */
  relativeUrl(url: string): string;
  /** The plugin tag's output, or undefined to render nothing (the engine records it). */
  pluginTag(name: string, file: string, where: { line: number; column: number }, ctx: Context): string | undefined;
}

/** Jekyll's `include` markup: a file name with `{{ }}` in it, then the parameters. */
const VARIABLE_SYNTAX = /^([^{]*(?:\{\{\s*[\w\-.]+\s*(?:\|.*?)?\}\}[^\s{}]*)+)(.*)$/s;
const PARAM = /([\w-]+)\s*=\s*(?:"([^"\\]*(?:\\.[^"\\]*)*)"|'([^'\\]*(?:\\.[^'\\]*)*)'|([\w.-]+))/g;
const PARAMS_ONLY = /^\s*(?:([\w-]+)\s*=\s*(?:"([^"\\]*(?:\\.[^"\\]*)*)"|'([^'\\]*(?:\\.[^'\\]*)*)'|([\w.-]+))(?=\s|$)\s*)*$/;

/** Includes inside includes: deeper than this is taken for an include including itself. */
export const MAX_INCLUDE_DEPTH = 50;

/** Where the innermost error escaping an include was included from: the engine names it in the message. */
export interface IncludedFrom {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}
export const INCLUDED_FROM = Symbol('gazette.includedFrom');

/** A token's 1-based line and column in the text it was parsed from. */
export function positionOf(token: { getPosition(): number[] }): { line: number; column: number } {
  const [line = 1, column = 1] = token.getPosition();
  return { line, column };
}

type Param = { key: string; literal?: string; variable?: string };

export function registerJekyllTags(liquid: Liquid, host: TagHost, pluginTagNames: readonly string[]): void {
  for (const [name, kind] of [
    ['include', 'include'],
    ['include_cached', 'include'],
    ['include_relative', 'relative'],
  ] as const) {
    liquid.registerTag(name, includeTag(host, kind));
  }
  liquid.registerTag('post_url', lookupTag(host, 'post_url'));
  liquid.registerTag('link', lookupTag(host, 'link'));
  liquid.registerTag('highlight', HighlightTag);
  for (const name of pluginTagNames) liquid.registerTag(name, pluginTag(host));
}

function parseParams(markup: string): Param[] {
  if (!PARAMS_ONLY.test(markup)) throw new Error(`invalid include parameters "${markup.trim()}": write key=value, key="text" or key='text'`);
  return [...markup.matchAll(PARAM)].map(([, key = '', dq, sq, variable]) =>
    dq !== undefined
      ? { key, literal: dq.replace(/\\"/g, '"') }
      : sq !== undefined
        ? { key, literal: sq.replace(/\\'/g, "'") }
        : { key, variable: variable ?? '' },
  );
}

function includeTag(host: TagHost, kind: 'include' | 'relative') {
  return class extends Tag {
    private readonly fileName: Template[];
    private readonly params: Param[];
    constructor(token: TagToken, remain: TopLevelToken[], liquid: Liquid) {
      super(token, remain, liquid);
      const markup = token.args.trim();
      const variable = markup.includes('{{') ? VARIABLE_SYNTAX.exec(markup) : null;
      const [file = '', params = ''] = variable ? [variable[1], variable[2]] : [markup.split(/\s+/, 1)[0], markup.replace(/^\S*\s*/, '')];
      this.fileName = liquid.parse(file ?? '');
      this.params = parseParams(params ?? '');
    }
    *render(ctx: Context, emitter: Emitter): Generator<unknown, void, unknown> {
      const name = String(yield this.liquid.renderer.renderTemplates(this.fileName, ctx)).trim();
      const include: Record<string, unknown> = {};
      for (const p of this.params) include[p.key] = p.literal ?? this.liquid.evalValueSync(p.variable ?? '', ctx);
      const depth = ctx.getRegister<number>('gazetteIncludeDepth', 0);
      if (depth >= MAX_INCLUDE_DEPTH) throw new Error(`includes are nested more than ${MAX_INCLUDE_DEPTH} deep (does "${name}" include itself?)`);
      ctx.setRegister('gazetteIncludeDepth', depth + 1);
      ctx.push({ include });
      try {
        const templates = host.loadInclude(kind, name, host.pageFile());
        yield this.liquid.renderer.renderTemplates(templates, ctx, emitter);
      } catch (cause) {
        // Only errors positioned inside the included file (liquidjs's own) need their includer named.
        if (LiquidError.is(cause) && !(INCLUDED_FROM in (cause as object))) {
          const from: IncludedFrom = { file: this.token.file ?? host.pageFile(), ...positionOf(this.token) };
          Object.defineProperty(cause, INCLUDED_FROM, { value: from, enumerable: false });
        }
        throw cause;
      } finally {
        ctx.pop();
        ctx.setRegister('gazetteIncludeDepth', depth);
      }
    }
  };
}

/** `{% post_url 2024-06-12-slug %}` and `{% link path %}`: Jekyll 4 outputs them with the baseurl. */
function lookupTag(host: TagHost, which: 'post_url' | 'link') {
  return class extends Tag {
    private readonly argument: Template[];
    constructor(token: TagToken, remain: TopLevelToken[], liquid: Liquid) {
      super(token, remain, liquid);
      if (token.args.trim() === '') throw new Error(`{% ${which} %} needs a ${which === 'link' ? 'source path' : 'post name like 2024-06-12-slug'}`);
      this.argument = liquid.parse(token.args.trim());
    }
    *render(ctx: Context): Generator<unknown, string, unknown> {
      const name = String(yield this.liquid.renderer.renderTemplates(this.argument, ctx)).trim();
      const url = which === 'post_url' ? host.postUrl(name) : host.link(name.replace(/^\/+/, ''));
      if (url === undefined) {
        throw new Error(which === 'post_url' ? `no post named "${name}" for {% post_url %}` : `no file "${name}" for {% link %}`);
      }
      return host.relativeUrl(url);
    }
  };
}

/**
 * `{% highlight lang %}…{% endhighlight %}` as Jekyll's wrapper without the
 * syntax colouring: the (rendered) body, outer newlines removed, escaped.
 */
class HighlightTag extends Tag {
  private readonly lang: string;
  private readonly templates: Template[] = [];
  constructor(token: TagToken, remain: TopLevelToken[], liquid: Liquid, parser: Parser) {
    super(token, remain, liquid);
    const lang = /^([a-zA-Z0-9.+#_-]+)/.exec(token.args.trim());
    if (!lang) throw new Error('{% highlight %} needs a language, e.g. {% highlight ruby %}');
    this.lang = lang[1] ?? '';
    let closed = false;
    const stream = parser
      .parseStream(remain)
      .on('tag:endhighlight', () => {
        closed = true;
        stream.stop();
      })
      .on('template', (tpl: Template) => this.templates.push(tpl))
      .on('end', () => {
        if (!closed) throw new Error(`tag ${token.getText()} not closed`);
      });
    stream.start();
  }
  *render(ctx: Context): Generator<unknown, string, unknown> {
    const code = String(yield this.liquid.renderer.renderTemplates(this.templates, ctx)).replace(/^[\n\r]+|[\n\r]+$/g, '');
    const escaped = code.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
    const lang = this.lang.replace(/\+/g, '-').toLowerCase();
    return `<figure class="highlight"><pre><code class="language-${lang}" data-lang="${lang}">${escaped}</code></pre></figure>`;
  }
}

function pluginTag(host: TagHost) {
  return class extends Tag {
    render(ctx: Context): string {
      return host.pluginTag(this.name, this.token.file ?? host.pageFile(), positionOf(this.token), ctx) ?? '';
    }
  };
}
