/**
 * YAML aliases, measured before anything walks the data.
 *
 * js-yaml loads an alias (`*name`) as a reference to its anchor's value, so
 * loading is fast and small; but a kilobyte of nested anchors (`&a2 [*a1,
 * *a1, …]`, eight levels deep) stands for billions of values, and whatever
 * walks the data as a tree (the `defaults` merge, the cache's JSON, a
 * template) expands every one of them. An alias inside its own anchor
 * (`&a [*a]`) is a cycle, which no walk ends. checkAliases measures the data
 * as it would be expanded, each distinct collection once, so its cost is that
 * of the text, and names the top-level key at fault.
 */
import { type Diagnostic, error } from '../diagnostics.js';

/**
 * Values that aliases may add to a document (its expanded size less its
 * written size). Front matter and config written with `<<: *defaults` or a few
 * shared lists add hundreds; a bomb adds millions.
 */
export const MAX_ALIAS_EXPANSION = 100_000;

export interface AliasProblem {
  kind: 'cycle' | 'expansion';
  /** The top-level key whose value holds it; undefined when the document is not a mapping. */
  key: string | undefined;
}

/** Measures of one value: as written (each collection once) and as expanded. */
interface Measure {
  written: number;
  expanded: number;
}

/** Undefined when `value` expands to at most `limit` more values than are written; the problem otherwise. */
export function checkAliases(value: unknown, limit = MAX_ALIAS_EXPANSION): AliasProblem | undefined {
  const sizes = new Map<object, number>();
  const open = new Set<object>();
  const total: Measure = { written: 0, expanded: 0 };
  const entries = isPlainMapping(value) ? Object.entries(value) : [[undefined, value] as const];
  let worst: { key: string | undefined; expanded: number } | undefined;
  for (const [key, item] of entries) {
    const expanded = measure(item, sizes, open, total);
    if (expanded === CYCLE) return { kind: 'cycle', key };
    if (worst === undefined || expanded > worst.expanded) worst = { key, expanded };
  }
  return total.expanded - total.written > limit ? { kind: 'expansion', key: worst?.key } : undefined;
}

const CYCLE = -1;

/** The expanded size of `value`, or CYCLE; adds what is written (first visits) and expanded to `total`. */
function measure(value: unknown, sizes: Map<object, number>, open: Set<object>, total: Measure): number {
  total.written++;
  if (typeof value !== 'object' || value === null) {
    total.expanded++;
    return 1;
  }
  const known = sizes.get(value);
  if (known !== undefined) {
    // An alias: written once as `*name`, expanded as its whole anchor.
    total.expanded += known;
    return known;
  }
  if (open.has(value)) return CYCLE;
  open.add(value);
  const before = total.expanded;
  total.expanded++;
  for (const item of Array.isArray(value) ? value : Object.values(value)) {
    if (measure(item, sizes, open, total) === CYCLE) return CYCLE;
  }
  open.delete(value);
  const size = total.expanded - before;
  sizes.set(value, size);
  return size;
}

function isPlainMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The problem as a diagnostic at the key's line in `text` (found by the key
 * at the start of a line; line 1 when it is not), for front matter, config
 * and data files alike. `firstLine` is the file line `text` starts on.
 */
export function aliasDiagnostic(file: string, problem: AliasProblem, text: string, firstLine = 1): Diagnostic {
  const line = problem.key === undefined ? undefined : keyLine(text, problem.key);
  const where = line === undefined ? { line: firstLine } : { line: firstLine + line, column: 1 };
  const what = problem.key === undefined ? 'the data' : `the value of \`${problem.key}\``;
  if (problem.kind === 'cycle') {
    return error(
      file,
      `${what} contains itself through a YAML alias (\`*name\` inside its own \`&name\`)`,
      where,
      'remove the alias that points back into its own anchor',
    );
  }
  return error(
    file,
    `${what} expands YAML aliases (\`*name\`) to more than ${MAX_ALIAS_EXPANSION.toLocaleString('en')} values`,
    where,
    'write the values out, or use fewer nested aliases',
  );
}

/** 0-based index of the first line that starts with `key:` (quoted or not). */
function keyLine(text: string, key: string): number | undefined {
  const lines = text.split(/\r\n|\r|\n/);
  const spellings = [key, JSON.stringify(key), `'${key.replace(/'/g, "''")}'`];
  const index = lines.findIndex((line) => spellings.some((spelling) => line.startsWith(spelling) && /^\s*:/.test(line.slice(spelling.length))));
  return index === -1 ? undefined : index;
}
