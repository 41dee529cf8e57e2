/**
 * Included templates rendered once per distinct input, not once per page.
 *
 * The chrome every page includes (the theme's masthead, footer, sidebar)
 * shows the same things on most pages: the site's navigation, labels, a
 * page kind. An include is rendered from the variables its code reads; when
 * each of those reads gives what it gave for an earlier page (the same value,
 * or the same object: build-wide objects such as `nav` and `site` are shared
 * by every page of a build), the output is the earlier page's. Which
 * variables a template reads comes from Nunjucks' own parse of it: every
 * name and attribute path (`page.kind`, `nav.categories`), looked up as
 * Nunjucks looks them up (the include's frame, then its context, then the
 * globals). Templates whose output can depend on anything else (includes,
 * imports, blocks, `caller`, extensions, the `random` filter) are always
 * rendered.
 */
import nunjucks from 'nunjucks';

/** A path of names the template's code reads: `['page', 'kind']` for `page.kind`. */
type Path = readonly (string | number)[];

/** Node types whose output does not follow from the names read. */
const UNMEMOISABLE = new Set(['Include', 'Import', 'FromImport', 'Extends', 'Super', 'Caller', 'Block', 'CallExtension', 'CallExtensionAsync']);

/** Renders kept per template before its memo is cleared (a page-specific input misses every time). */
const MAX_KEPT = 256;

interface NodeLike {
  readonly typename?: string;
  readonly value?: unknown;
  readonly fields?: readonly string[];
  readonly [field: string]: unknown;
}

/** Every name path the template's code reads; undefined when its output may depend on more than those, or it does not parse. */
export function readPaths(source: string): Path[] | undefined {
  let tree: unknown;
  try {
    tree = (nunjucks as unknown as { parser: { parse(source: string, extensions: unknown[], options: object): unknown } }).parser.parse(source, [], {});
  } catch {
    return undefined;
  }
  const paths: Path[] = [];
  let memoisable = true;
  const visit = (node: unknown): void => {
    if (typeof node !== 'object' || node === null || !memoisable) return;
    if (Array.isArray(node)) {
      node.forEach(visit);
      return;
    }
    const current = node as NodeLike;
    const type = current.typename ?? '';
    if (UNMEMOISABLE.has(type) || (type === 'Filter' && (current['name'] as NodeLike | undefined)?.value === 'random')) {
      memoisable = false;
      return;
    }
    if (type === 'Symbol' || type === 'LookupVal') {
      const { path, rest } = pathOf(current);
      if (path) paths.push(path);
      rest.forEach(visit);
      return;
    }
    for (const field of current.fields ?? []) visit(current[field]);
  };
  visit(tree);
  return memoisable ? paths : undefined;
}

/**
 * `a.b[0]` → ['a', 'b', 0]; a computed lookup ends the path (`a[b].c` → ['a']: the whole of `a`, by
 * identity), and its expression (`b`) is read on its own.
 */
function pathOf(node: NodeLike): { path: Path | undefined; closed: boolean; rest: unknown[] } {
  if (node.typename === 'Symbol') return { path: typeof node.value === 'string' ? [node.value] : undefined, closed: false, rest: [] };
  // A lookup on what an expression gives (`f(x).y`, `[1, 2][0]`): the expression is read as a whole.
  if (node.typename !== 'LookupVal') return { path: undefined, closed: true, rest: [node] };
  const target = pathOf(node['target'] as NodeLike);
  const val = node['val'] as NodeLike | undefined;
  const literal = val?.typename === 'Literal' && (typeof val.value === 'string' || typeof val.value === 'number');
  if (target.closed || !literal) return { path: target.path, closed: true, rest: literal ? target.rest : [...target.rest, val] };
  return { path: target.path ? [...target.path, val.value as string | number] : undefined, closed: false, rest: target.rest };
}

interface TemplateLike {
  tmplStr?: unknown;
  render(ctx: unknown, parentFrame?: unknown, cb?: unknown): unknown;
}

interface FrameLike {
  lookup(name: string): unknown;
}

/**
 * Makes `environment` render each include whose code allows it once per
 * distinct input (see the top of this file). Pages rendered directly
 * (`environment.render`) are not memoised: only a render inside another
 * template's frame is.
 */
export function memoiseIncludes(environment: nunjucks.Environment): void {
  const ids = new WeakMap<object, number>();
  let nextId = 0;
  const idOf = (value: object) => {
    let id = ids.get(value);
    if (id === undefined) ids.set(value, (id = nextId++));
    return id;
  };
  const globals = (environment as unknown as { globals: Record<string, unknown> }).globals;
  const keyOf = (paths: readonly Path[], ctx: Record<string, unknown>, frame: FrameLike) =>
    paths
      .map((path) => {
        const [name, ...attributes] = path as [string, ...(string | number)[]];
        const found = frame.lookup(name);
        let value: unknown = found !== undefined ? found : name in globals && !(name in ctx) ? globals[name] : ctx[name];
        for (const attribute of attributes) value = value === undefined || value === null ? undefined : (value as Record<string | number, unknown>)[attribute];
        if ((typeof value === 'object' && value !== null) || typeof value === 'function') return `#${idOf(value)}`;
        return value === undefined ? 'u' : JSON.stringify(value);
      })
      .join('\0');
  const patched = new WeakSet<object>();
  const patch = (template: TemplateLike | undefined) => {
    if (!template || patched.has(template)) return template;
    patched.add(template);
    const paths = typeof template.tmplStr === 'string' ? readPaths(template.tmplStr) : undefined;
    if (paths === undefined) return template;
    const render = template.render;
    const kept = new Map<string, string>();
    template.render = function (ctx, parentFrame, cb) {
      if (typeof parentFrame !== 'object' || parentFrame === null || typeof cb !== 'function') return render.call(this, ctx, parentFrame, cb);
      const key = keyOf(paths, (ctx ?? {}) as Record<string, unknown>, parentFrame as FrameLike);
      const hit = kept.get(key);
      if (hit !== undefined) return (cb as (err: unknown, out: string) => void)(null, hit);
      return render.call(this, ctx, parentFrame, (err: unknown, out: string) => {
        if (!err) {
          if (kept.size >= MAX_KEPT) kept.clear();
          kept.set(key, out);
        }
        (cb as (err: unknown, out?: string) => void)(err, out);
      });
    };
    return template;
  };
  const getTemplate = environment.getTemplate as (...args: unknown[]) => unknown;
  (environment as unknown as { getTemplate: (...args: unknown[]) => unknown }).getTemplate = function (...args: unknown[]) {
    const at = args.findIndex((arg) => typeof arg === 'function');
    if (at === -1) return patch(getTemplate.apply(this, args) as TemplateLike | undefined);
    const cb = args[at] as (err: unknown, template?: TemplateLike) => void;
    args[at] = (err: unknown, template?: TemplateLike) => cb(err, err ? template : patch(template));
    return getTemplate.apply(this, args);
  };
}
