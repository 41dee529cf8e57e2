/**
 * The Nunjucks environment of a build's template set (content/template-files.ts):
 * autoescape on, templates served from the texts the set holds. Also knows
 * which templates each template depends on, so a rebuild re-renders only the
 * pages a template change touches.
 */
import { createHash } from 'node:crypto';
import nunjucks from 'nunjucks';
import type { TemplateSet } from '../content/template-files.js';
import { absoluteUrl, relativeUrl } from '../site/jekyll-urls.js';
import { memoiseIncludes } from './include-memo.js';

export interface Templates {
  /** The set's key (TemplateSet.key). */
  readonly key: string;
  readonly set: TemplateSet;
  render(name: string, context: Record<string, unknown>): string;
  /** Whether a template of that name (without `.njk`) exists in the site or theme. */
  has(name: string): boolean;
  /** Hash of a template and every template it extends, includes or imports. */
  fingerprint(name: string): string;
  /** Whether a template, or one it extends, includes or imports, shows a number of posts (`c.count`, `site.posts_count`). */
  showsCounts(name: string): boolean;
}

export function createTemplates(set: TemplateSet): Templates {
  let environment: nunjucks.Environment | undefined;
  const environmentOf = () => (environment ??= createEnvironment(set));
  const text = (name: string) => set.files[name]?.text ?? '';
  const fingerprints = new Map<string, string>();
  const counts = new Map<string, boolean>();
  return {
    key: set.key,
    set,
    render: (name, context) => environmentOf().render(withExtension(name), context),
    has: (name) => Object.hasOwn(set.files, withExtension(name)),
    fingerprint(name) {
      const file = withExtension(name);
      let cached = fingerprints.get(file);
      if (cached === undefined) {
        const hash = createHash('sha1');
        for (const dependency of [...closure(file, text)].sort()) hash.update(`${dependency}\0${text(dependency)}\0`);
        fingerprints.set(file, (cached = hash.digest('hex')));
      }
      return cached;
    },
    showsCounts(name) {
      const file = withExtension(name);
      let found = counts.get(file);
      if (found === undefined) counts.set(file, (found = [...closure(file, text)].some((dependency) => readsCounts(text(dependency)))));
      return found;
    },
  };
}

/** Mark sanitised HTML safe for autoescaping; nothing else may be. */
export function trusted(html: string): unknown {
  return new nunjucks.runtime.SafeString(html);
}

function createEnvironment(set: TemplateSet): nunjucks.Environment {
  const environment = new nunjucks.Environment(new SetLoader(set), { autoescape: true, throwOnUndefined: false, trimBlocks: true, lstripBlocks: true });
  const { baseurl, url } = set.options;
  // Jekyll's filters, as Liquid pages have them; nothing for nothing, as in Jekyll.
  environment.addFilter('relative_url', (path: unknown) => (path == null ? '' : relativeUrl(String(path), baseurl)));
  environment.addFilter('absolute_url', (path: unknown) => (path == null ? '' : absoluteUrl(String(path), url, baseurl)));
  memoiseIncludes(environment);
  return environment;
}

/** Serves the set's texts; errors name a template by its file's path. */
class SetLoader extends nunjucks.Loader implements nunjucks.ILoader {
  constructor(private readonly set: TemplateSet) {
    super();
  }

  getSource(name: string): nunjucks.LoaderSource {
    const file = Object.hasOwn(this.set.files, name) ? this.set.files[name] : undefined;
    // Nunjucks reports a template it cannot find when the loader gives null.
    return (file ? { src: file.text, path: file.path, noCache: false } : null) as nunjucks.LoaderSource;
  }
}

function withExtension(name: string): string {
  return name.endsWith('.njk') ? name : `${name}.njk`;
}

const REFERENCE = /{%-?\s*(?:extends|include|import|from)\s+["']([^"']+)["']/g;

function closure(name: string, text: (name: string) => string): Set<string> {
  const seen = new Set<string>();
  const stack = [name];
  while (stack.length > 0) {
    const current = stack.pop() as string;
    if (seen.has(current)) continue;
    seen.add(current);
    for (const match of text(current).matchAll(REFERENCE)) if (match[1]) stack.push(match[1]);
  }
  return seen;
}

/** Names in the context that hold numbers of posts (render/context.ts: `site.posts_count`, each category's `count`). */
const COUNT_NAMES = new Set(['count', 'posts_count']);

/**
 * Whether a template's code reads a number of posts: a variable or attribute
 * named in COUNT_NAMES, or a `dump` of whatever it holds. Read from Nunjucks'
 * own parse of the template, not its text; a template that does not parse
 * counts as reading them (it fails to render anyway).
 */
function readsCounts(source: string): boolean {
  let tree: unknown;
  try {
    tree = (nunjucks as unknown as NunjucksParser).parser.parse(source, [], {});
  } catch {
    return true;
  }
  let found = false;
  visit(tree, (node) => {
    const value = node.typename === 'Symbol' ? node.value : node.typename === 'LookupVal' ? (node.val as NodeLike | undefined)?.value : undefined;
    if (typeof value === 'string' && COUNT_NAMES.has(value)) found = true;
    if (node.typename === 'Filter' && (node.name as NodeLike | undefined)?.value === 'dump') found = true;
  });
  return found;
}

/** Nunjucks' parser, which its type definitions leave out. */
interface NunjucksParser {
  readonly parser: { parse(source: string, extensions: unknown[], options: object): unknown };
}

interface NodeLike {
  readonly typename?: string;
  readonly value?: unknown;
  readonly fields?: readonly string[];
  readonly [field: string]: unknown;
}

function visit(node: unknown, check: (node: NodeLike) => void): void {
  if (typeof node !== 'object' || node === null) return;
  const current = node as NodeLike;
  check(current);
  for (const field of current.fields ?? []) {
    const child = current[field];
    if (Array.isArray(child)) for (const item of child) visit(item, check);
    else visit(child, check);
  }
}
