/**
 * A post's text → its front matter data and body, with every problem as a
 * positioned diagnostic.
 *
 * gray-matter reads the front matter, but with its engines replaced: YAML is
 * read by js-yaml's CORE_SCHEMA (dates stay strings, no `!!js/*` types) and
 * every other language is refused before gray-matter sees it, so nothing in
 * a post is ever evaluated. gray-matter is always called with options, which
 * keeps it off its module-level cache (it caches only option-less calls).
 *
 * Generated front matter is sometimes broken in a few typical ways (a title
 * with stray quotes, a title spread over several lines, a stray carriage
 * return inside a value). When YAML fails, stray carriage returns are all
 * repaired first, in one pass; the others at the place it failed, one at a
 * time. Each repair has a warning naming its line; valid YAML is never changed.
 *
 * Positions are 1-based lines and columns of the file. A line ends at `\n`,
 * `\r\n` or a lone `\r` (as js-yaml and the code frame count them); columns
 * count UTF-16 code units, as editors do.
 */
import matter from 'gray-matter';
import { CORE_SCHEMA, load, YAMLException } from 'js-yaml';
import { type Diagnostic, error, type Position, warning } from '../diagnostics.js';
import { aliasDiagnostic, checkAliases } from './yaml-aliases.js';

export interface FrontMatter {
  /** false when the file does not start with a '---' line (then data is {} and body is the whole text). */
  present: boolean;
  data: Record<string, unknown>;
  /** The text after the closing `---` line, line endings normalised to `\n`; '' when the front matter is not closed. */
  body: string;
  /** 1-based line of the file where `body` starts. */
  bodyLine: number;
  /** Warnings for each repair; errors when the front matter cannot be used. */
  diagnostics: Diagnostic[];
  /** false when an error makes `data` unusable (the post must not be published). */
  ok: boolean;
}

const EVALUATED_LANGUAGES = new Set(['js', 'javascript', 'coffee', 'coffeescript', 'cson']);
const YAML_LANGUAGES = new Set(['', 'yaml', 'yml']);
const HINT_WRITE_YAML = 'write the front matter as YAML `key: value` lines between two `---` lines';

export function parseFrontMatter(text: string, file: string): FrontMatter {
  const source = splitLines(text.startsWith('\uFEFF') ? text.slice(1) : text);
  const { lines } = source;
  const opening = lines[0] ?? '';
  if (!opening.startsWith('---') || opening.startsWith('----')) {
    return { present: false, data: {}, body: lines.join('\n'), bodyLine: 1, diagnostics: [], ok: true };
  }

  const close = lines.findIndex((line, i) => i > 0 && line.startsWith('---'));
  const closed = close !== -1;
  const body = closed ? lines.slice(close + 1).join('\n') : '';
  const bodyLine = closed ? close + 2 : lines.length + 1;
  const fail = (diagnostic: Diagnostic, diagnostics: Diagnostic[] = []): FrontMatter => ({
    present: true,
    data: {},
    body,
    bodyLine,
    diagnostics: [...diagnostics, diagnostic],
    ok: false,
  });

  const languageProblem = checkLanguage(opening, file);
  if (languageProblem) return fail(languageProblem);
  if (!closed) {
    return fail(
      error(
        file,
        'front matter is not closed: no `---` line after the first one',
        { line: 1, column: 1 },
        'add a line with only `---` where the front matter ends',
      ),
    );
  }
  const closing = lines[close] ?? '';
  if (!/^---[ \t]*$/.test(closing)) {
    return fail(
      error(
        file,
        'the line that closes the front matter has text after `---`',
        { line: close + 1, column: 4 + (closing.slice(3).length - closing.slice(3).trimStart().length) },
        'put `---` alone on the line that ends the front matter',
      ),
    );
  }

  // Block line i is file line i + 1; line 0 stands for the rest of the opening line.
  const block = ['', ...lines.slice(1, close)];
  // gray-matter gets only the front matter: it copies and hashes all it is given.
  const first = readWithGrayMatter(lines.slice(0, close + 1).join('\n'));
  const parsed = first.ok ? { data: first.value, repairs: [] } : recover(block, first, { file, source });
  if ('error' in parsed) return fail(parsed.error, parsed.repairs);

  const value = parsed.data ?? {};
  if (!isMapping(value)) {
    const kind = Array.isArray(value) ? 'a list' : `a single ${typeof value} value`;
    return fail(error(file, `front matter is ${kind}, not \`key: value\` pairs`, firstContentPosition(block), HINT_WRITE_YAML), parsed.repairs);
  }
  // Aliases need a `*`; most front matter has none, and is not walked.
  const aliases = block.some((line) => line.includes('*')) ? checkAliases(value) : undefined;
  if (aliases) return fail(aliasDiagnostic(file, aliases, block.join('\n')), parsed.repairs);
  return { present: true, data: value, body, bodyLine, diagnostics: parsed.repairs, ok: true };
}

// ---------------------------------------------------------------------------
// Lines

interface SourceLines {
  /** The lines without their endings: joined with `\n`, line and column numbers are unchanged. */
  lines: string[];
  /** loneCr[i]: line i (0-based) ended with a `\r` that no `\n` followed. */
  loneCr: boolean[];
}

function splitLines(text: string): SourceLines {
  const parts = text.split(/(\r\n|\r|\n)/);
  const lines: string[] = [];
  const loneCr: boolean[] = [];
  for (let i = 0; i < parts.length; i += 2) {
    lines.push(parts[i] ?? '');
    loneCr.push(parts[i + 1] === '\r');
  }
  return { lines, loneCr };
}

// ---------------------------------------------------------------------------
// Language

function checkLanguage(opening: string, file: string): Diagnostic | undefined {
  const rest = opening.slice(3);
  const language = rest.trim();
  if (YAML_LANGUAGES.has(language.toLowerCase())) return undefined;
  const where = { line: 1, column: 4 + (rest.length - rest.trimStart().length) };
  if (EVALUATED_LANGUAGES.has(language.toLowerCase())) {
    const name = language.toLowerCase().startsWith('c') ? 'CoffeeScript' : 'JavaScript';
    return error(file, `${name} front matter is not allowed: nothing in a post is evaluated`, where, HINT_WRITE_YAML);
  }
  if (/^[A-Za-z][\w-]*$/.test(language)) {
    return error(file, `\`${language}\` front matter is not supported: front matter must be YAML`, where, HINT_WRITE_YAML);
  }
  return error(file, 'the first line has text after `---`', where, 'put `---` alone on the first line');
}

// ---------------------------------------------------------------------------
// YAML

type YamlFailure = { ok: false; reason: string; line?: number; column?: number };
type YamlResult = { ok: true; value: unknown } | YamlFailure;

/** Boxes the engine's result so gray-matter passes it through untouched (it rewrites `null` to `{}`). */
class Parsed {
  constructor(readonly value: unknown) {}
}

function refuse(): never {
  throw new Error('only YAML front matter is read');
}

/** gray-matter's engines: YAML through js-yaml CORE_SCHEMA; its other built-in ones (two evaluate code) refused. */
const ENGINES = {
  yaml: { parse: (input: string): object => new Parsed(load(input, { schema: CORE_SCHEMA })) },
  javascript: { parse: refuse },
  coffee: { parse: refuse },
  json: { parse: refuse },
};

/** Called only after the opening line was checked to be YAML. */
function readWithGrayMatter(head: string): YamlResult {
  try {
    const data: unknown = matter(head, { language: 'yaml', engines: ENGINES, excerpt: false }).data;
    // gray-matter skips the engine for a block of only comments and blank lines.
    return { ok: true, value: data instanceof Parsed ? data.value : {} };
  } catch (err) {
    return yamlFailure(err);
  }
}

function readYaml(block: string): YamlResult {
  try {
    return { ok: true, value: load(block, { schema: CORE_SCHEMA }) };
  } catch (err) {
    return yamlFailure(err);
  }
}

function yamlFailure(err: unknown): YamlFailure {
  if (err instanceof YAMLException) {
    // js-yaml omits the mark for a few stream-level errors, whatever its types say.
    const mark = err.mark as YAMLException['mark'] | undefined;
    return { ok: false, reason: err.reason, ...(mark ? { line: mark.line, column: mark.column } : {}) };
  }
  return { ok: false, reason: err instanceof Error ? err.message : String(err) };
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// ---------------------------------------------------------------------------
// Recovery

/** A line of the front matter as it is being repaired. */
interface Line {
  text: string;
  /** 1-based file line where it starts. */
  line: number;
  /** Unchanged since read, so js-yaml's columns on it are the file's. */
  exact: boolean;
  /** Set once the value was re-emitted as a quoted string: the line as written. */
  plain?: KeyValue;
}

interface RecoveryContext {
  file: string;
  source: SourceLines;
}

type Recovered = { data: unknown; repairs: Diagnostic[] } | { error: Diagnostic; repairs: Diagnostic[] };

function recover(block: readonly string[], failure: YamlFailure, ctx: RecoveryContext): Recovered {
  let lines: Line[] = block.map((text, i) => ({ text, line: i + 1, exact: true }));
  const repairs: Diagnostic[] = [];
  let current = failure;
  // Lone carriage returns are all repaired in one pass and one parse, however many values hold them.
  const joined = joinLoneCarriageReturns(lines, ctx);
  if (joined) {
    lines = joined.lines;
    repairs.push(...joined.diagnostics);
    const next = readYaml(lines.map((l) => l.text).join('\n'));
    if (next.ok) return { data: next.value, repairs };
    current = next;
  }
  // Each repair is followed by a parse of the whole block, so their number is capped: the cost stays
  // linear in the front matter's size, not quadratic in its broken lines, and so broken a front
  // matter is better fixed at its source than guessed at.
  for (let attempt = 0; attempt <= block.length * 2; attempt++) {
    const repair = current.reason.startsWith('duplicated mapping key') ? undefined : findRepair(lines, current, ctx);
    if (!repair) return { error: yamlError(lines, current, ctx.file), repairs: byLine(repairs) };
    if (attempt === MAX_REPAIRS) return { error: tooManyRepairs(repair, ctx.file), repairs: [] };
    lines = repair.lines;
    repairs.push(repair.diagnostic);
    const next = readYaml(lines.map((l) => l.text).join('\n'));
    if (next.ok) return { data: next.value, repairs: byLine(repairs) };
    current = next;
  }
  return { error: yamlError(lines, current, ctx.file), repairs: byLine(repairs) };
}

/** Repairs (besides the lone-CR pass) made in one front matter before it is refused as too broken. */
export const MAX_REPAIRS = 50;

function tooManyRepairs(next: Repair, file: string): Diagnostic {
  return error(
    file,
    `front matter needs more than ${MAX_REPAIRS} repairs; not read`,
    {
      ...(next.diagnostic.line !== undefined ? { line: next.diagnostic.line } : {}),
      ...(next.diagnostic.column !== undefined ? { column: next.diagnostic.column } : {}),
    },
    'fix the tool that wrote it: quote values that contain quotes or `: `, and keep each value on one line',
  );
}

/** Repairs in file order; on one line, in the order they were made (a join before the quoting it enabled). */
function byLine(repairs: readonly Diagnostic[]): Diagnostic[] {
  return [...repairs].sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
}

interface Repair {
  lines: Line[];
  diagnostic: Diagnostic;
}

function findRepair(lines: readonly Line[], failure: YamlFailure, ctx: RecoveryContext): Repair | undefined {
  if (failure.line === undefined) return undefined;
  const at = Math.min(failure.line, lines.length - 1);
  return (
    (/quoted scalar/.test(failure.reason) ? repairUnclosedQuote(lines, at, ctx) : undefined) ??
    repairValue(lines, at, failure.column ?? 0, ctx) ??
    repairContinuation(lines, at, ctx)
  );
}

/** js-yaml reports an unclosed quote where the stream ends; the damage is where the quote opened. */
function repairUnclosedQuote(lines: readonly Line[], at: number, ctx: RecoveryContext): Repair | undefined {
  for (let i = at; i >= 1; i--) {
    const entry = lines[i];
    const kv = entry && !entry.plain ? keyValue(entry.text) : undefined;
    if (!kv) continue;
    const quote = kv.value[0];
    if (quote !== '"' && quote !== "'") continue;
    // The culprit is the quote that nothing closes before the end: not a valid multi-line one above it.
    const rest = [kv.value, ...lines.slice(i + 1).map((l) => l.text)].join('\n');
    if (closingQuote(rest) === -1) {
      return quoteAsText(lines, i, kv, 'has unbalanced quotes', ctx);
    }
  }
  return undefined;
}

/** Damage inside the value of a `key: value` line, where js-yaml failed. */
function repairValue(lines: readonly Line[], at: number, column: number, ctx: RecoveryContext): Repair | undefined {
  const entry = lines[at];
  if (!entry || entry.plain || at === 0) return undefined;
  const kv = keyValue(entry.text);
  if (!kv || column < kv.valueStart) return undefined;
  const problem = valueProblem(kv.value);
  return problem ? quoteAsText(lines, at, kv, problem, ctx) : undefined;
}

/** Why a value that failed to parse is really text, or undefined when it may be meant as YAML. */
export function valueProblem(value: string): string | undefined {
  const first = value[0];
  if (first === '"' || first === "'") {
    const end = closingQuote(value);
    if (end === -1) return 'has unbalanced quotes';
    const after = value.slice(end + 1).trim();
    return after !== '' && !after.startsWith('#') ? 'has text after its closing quote' : undefined;
  }
  if (first === '[') {
    return /^\[[^[\]{},]*\]\s*\S/.test(value) ? 'starts with `[…]`, which YAML reads as a list' : undefined;
  }
  // `{…}` may be a mapping meant as one; `!!type` is an explicit tag, which is refused, not read as text.
  if (first === '{' || value.startsWith('!!')) return undefined;
  if (first === '|' || first === '>') {
    return /^[|>][1-9+-]*\s*(#.*)?$/.test(value) ? undefined : `starts with \`${first}\`, which YAML reads as a block of text`;
  }
  const indicators: Record<string, string> = {
    '*': 'an alias',
    '&': 'an anchor',
    '!': 'a tag',
    '-': 'a list item',
    '?': 'a key',
    '%': 'a directive',
    '@': 'a reserved character',
    '`': 'a reserved character',
  };
  const needsSpace = first === '-' || first === '?';
  const meaning = first === undefined || (needsSpace && !/^.\s/.test(value)) ? undefined : indicators[first];
  if (meaning && first !== undefined) return `starts with \`${first}\`, which YAML reads as ${meaning}`;
  if (/:(\s|$)/.test(value)) return 'contains `: `, which YAML reads as the start of another key';
  return undefined;
}

/** Index of the quote closing the quoted scalar that `value` starts with, or -1. */
function closingQuote(value: string): number {
  const quote = value[0];
  for (let i = 1; i < value.length; i++) {
    const ch = value[i];
    if (quote === '"' && ch === '\\') i++;
    else if (quote === "'" && ch === "'" && value[i + 1] === "'") i++;
    else if (ch === quote) return i;
  }
  return -1;
}

/**
 * Re-emits line `i` with its whole value, exactly as written, as a
 * double-quoted YAML string. When unindented lines continue the value, they
 * are joined first, so the value is quoted whole.
 */
function quoteAsText(lines: readonly Line[], i: number, kv: KeyValue, problem: string, ctx: RecoveryContext): Repair | undefined {
  const entry = lines[i];
  if (!entry) return undefined;
  if (isOrphan(lines[i + 1]) && topLevelScalar(entry.text)) return repairContinuation(lines, i + 1, ctx);
  const quoted = `${kv.indent}${kv.keyText}: ${JSON.stringify(kv.value)}`;
  const next = lines.map((l, n) => (n === i ? { text: quoted, line: l.line, exact: false, plain: kv } : l));
  return {
    lines: next,
    diagnostic: warning(
      ctx.file,
      `repaired: value of \`${kv.key}\` ${problem}; read as plain text`,
      { line: entry.line, column: kv.valueStart + 1 },
      `quote the whole value: ${kv.key}: ${JSON.stringify(kv.value)}`,
    ),
  };
}

/**
 * An unindented line that is not a `key:` line, right after a top-level
 * `key: value` line: the rest of a value that was split over lines. It is
 * found near the failure: js-yaml reports it on the next key line.
 */
function repairContinuation(lines: readonly Line[], at: number, ctx: RecoveryContext): Repair | undefined {
  let candidate = at;
  if (!isOrphan(lines[candidate])) {
    candidate = at - 1;
    while (candidate > 0 && (lines[candidate]?.text.trim() ?? '') === '') candidate--;
    if (!isOrphan(lines[candidate])) return undefined;
  }
  let first = candidate;
  while (first > 1 && isOrphan(lines[first - 1])) first--;
  const owner = lines[first - 1];
  const orphan = lines[first];
  if (!owner || !orphan || first - 1 === 0) return undefined;
  const kv = owner.plain ?? topLevelScalar(owner.text);
  if (!kv) return undefined;

  const added = orphan.text.trimEnd();
  let joined: Line = { text: `${owner.text.trimEnd()} ${added}`, line: owner.line, exact: false };
  if (owner.plain) {
    // Already re-emitted as a quoted string: extend what was written and quote it again.
    const plain = { ...owner.plain, value: `${owner.plain.value} ${added}` };
    joined = { text: `${plain.indent}${plain.keyText}: ${JSON.stringify(plain.value)}`, line: owner.line, exact: false, plain };
  }
  const next = [...lines.slice(0, first - 1), joined, ...lines.slice(first + 1)];

  // A lone CR before the orphan was joined already (joinLoneCarriageReturns), unless CRs end every line.
  const diagnostic = warning(
    ctx.file,
    `repaired: value of \`${kv.key}\` continues on an unindented line; joined to it with a space`,
    { line: orphan.line, column: 1 },
    `keep the value on one line, or quote it: ${kv.key}: "…"`,
  );
  return { lines: next, diagnostic };
}

function isOrphan(entry: Line | undefined): boolean {
  if (!entry || entry.line === 1) return false;
  const text = entry.text;
  if (text.trim() === '' || /^[\s#]/.test(text)) return false;
  if (text === '-' || text.startsWith('- ') || text.startsWith('---') || text.startsWith('...')) return false;
  // A line with `: ` is read by YAML as a key of its own, so it never makes the parse fail.
  return !/:(\s|$)/.test(text);
}

interface KeyValue {
  indent: string;
  /** The key as written (possibly quoted). */
  keyText: string;
  key: string;
  /** The value as written, without trailing whitespace; '' when none. */
  value: string;
  /** 0-based column where the value starts. */
  valueStart: number;
}

const KEY_VALUE = /^( *)("[^"]*"|'[^']*'|[\p{L}\p{N}_$][^:#]*?)[ \t]*:(?:([ \t]+)(.*))?$/u;

function keyValue(text: string): KeyValue | undefined {
  const m = KEY_VALUE.exec(text);
  if (!m) return undefined;
  const indent = m[1] ?? '';
  const keyText = m[2] ?? '';
  const value = (m[4] ?? '').trimEnd();
  const valueStart = value === '' ? text.length : text.length - (m[4] ?? '').length;
  const key = /^["']/.test(keyText) ? keyText.slice(1, -1) : keyText;
  return { indent, keyText, key, value, valueStart };
}

/** A top-level `key: value` line whose value is inline text, so a continuation can join it. */
function topLevelScalar(text: string): KeyValue | undefined {
  const kv = keyValue(text);
  if (!kv || kv.indent !== '' || kv.value === '' || /^[|>#]/.test(kv.value)) return undefined;
  return kv;
}

// ---------------------------------------------------------------------------
// Lone carriage returns

/** The value a line belongs to, as far as a lone CR at its end is concerned. */
interface ValueOwner {
  key: string;
  /** Indentation of the `key:` line (or `- ` item) that holds the value. */
  indent: number;
  /** A `|` or `>` block: lines indented deeper than `indent`, and blank lines, are its text. */
  block: boolean;
}

/**
 * Joins the lines that a carriage return with no line feed split inside a
 * value, in one pass: js-yaml (like Jekyll's libyaml) reads a lone CR as a
 * line break, so the rest of a value lands on an unindented line (or out of
 * its `>`/`|` block) and the parse fails. What the author meant is a space:
 * each run of lone CRs and the blanks around it becomes one space, in every
 * kind of value, `|` blocks too (a lone CR is pasted junk, not a paragraph).
 * A lone CR followed by a `key:`, `- ` or `#` line is a line ending and
 * stays. One warning per value, at its first lone CR.
 *
 * Only called once the front matter failed to parse (valid YAML is never
 * changed), and not when lone CRs end every line (an old Mac file).
 */
function joinLoneCarriageReturns(lines: readonly Line[], ctx: RecoveryContext): { lines: Line[]; diagnostics: Diagnostic[] } | undefined {
  const endsWithCr = (entry: Line | undefined): boolean => entry !== undefined && ctx.source.loneCr[entry.line - 1] === true;
  if (!lines.some((l, i) => i > 0 && endsWithCr(l)) || lines.every(endsWithCr)) return undefined;
  const out: Line[] = [];
  const diagnostics: Diagnostic[] = [];
  let owner: ValueOwner | undefined;
  let parentKey = '';
  for (let i = 0; i < lines.length; i++) {
    const entry = lines[i] as Line;
    owner = i === 0 ? undefined : ownerAfter(owner, entry.text, parentKey);
    const kv = i === 0 ? undefined : keyValue(entry.text);
    if (kv) parentKey = kv.key;
    if (!owner || !endsWithCr(entry) || isBlockHeader(entry.text) || !continuesValue(owner, lines[i + 1])) {
      out.push(entry);
      continue;
    }
    let text = entry.text.trimEnd();
    let count = 0;
    let j = i;
    // Every line from i to j ends with a lone CR that is inside the value; line j + 1 ends the run.
    while (endsWithCr(lines[j]) && continuesValue(owner, lines[j + 1])) {
      count++;
      j++;
      const piece = (lines[j] as Line).text.trim();
      if (piece !== '') text = `${text} ${piece}`;
    }
    out.push({ text, line: entry.line, exact: false });
    diagnostics.push(loneCrWarning(owner.key, count, entry, ctx));
    i = j;
  }
  return diagnostics.length > 0 ? { lines: out, diagnostics } : undefined;
}

/** The value line `text` is part of, given the value the line before was part of. */
function ownerAfter(owner: ValueOwner | undefined, text: string, parentKey: string): ValueOwner | undefined {
  const indent = text.length - text.trimStart().length;
  if (owner?.block && (text.trim() === '' || indent > owner.indent)) return owner;
  // `- key: value` is a key line too: read it with the dash as indentation.
  const item = /^( *)- /.exec(text);
  const asKey = item ? `${item[1] ?? ''}  ${text.slice(item[0].length)}` : text;
  const kv = keyValue(asKey);
  if (kv) {
    if (kv.value === '' || kv.value.startsWith('#')) return undefined;
    return { key: kv.key, indent: kv.indent.length, block: /^[|>]/.test(kv.value) };
  }
  if (item) return { key: parentKey, indent, block: /^[|>]/.test(text.slice(item[0].length)) };
  if (text.trimStart().startsWith('#')) return undefined;
  // A blank line or the continuation of an inline value: still the same value.
  return owner;
}

/** Whether the line after a lone CR is more of the value: anything but a new entry or a comment. */
function continuesValue(owner: ValueOwner, next: Line | undefined): boolean {
  if (!next) return false;
  const text = next.text;
  if (text.trim() === '') return true;
  if (owner.block && text.length - text.trimStart().length > owner.indent) return true;
  return !(keyValue(text) || /^\s*(#|-( |$))/.test(text) || text.startsWith('---') || text.startsWith('...'));
}

/** `key: >` or `key: |-`: a lone CR there ends the header line, it is not inside the text. */
function isBlockHeader(text: string): boolean {
  const kv = keyValue(text.replace(/^( *)- /, '$1  '));
  return kv !== undefined && /^[|>][1-9+-]*\s*(#.*)?$/.test(kv.value);
}

function loneCrWarning(key: string, count: number, first: Line, ctx: RecoveryContext): Diagnostic {
  const what = count === 1 ? 'a carriage return (\\r) with no line feed; read as a space' : `${count} carriage returns (\\r) with no line feed; read as spaces`;
  return warning(
    ctx.file,
    `repaired: value of \`${key}\` contains ${what}`,
    // The first line is unchanged (exact), so the CR sits right after its text.
    { line: first.line, column: (ctx.source.lines[first.line - 1]?.length ?? 0) + 1 },
    'remove the stray carriage return from the value',
  );
}

// ---------------------------------------------------------------------------
// Errors

function yamlError(lines: readonly Line[], failure: YamlFailure, file: string): Diagnostic {
  const where = markPosition(lines, failure);
  if (failure.reason.startsWith('duplicated mapping key') && failure.line !== undefined) {
    const duplicate = duplicateKey(lines, failure.line);
    if (duplicate) {
      return error(file, `duplicate key \`${duplicate.key}\` (first on line ${duplicate.firstLine})`, where, 'remove one of the two');
    }
  }
  return error(file, `invalid YAML in front matter: ${failure.reason}`, where, yamlHint(failure.reason));
}

function markPosition(lines: readonly Line[], failure: YamlFailure): Position {
  if (failure.line === undefined || lines.length === 0) return { line: 1 };
  const index = Math.min(failure.line, lines.length - 1);
  const entry = lines[index];
  if (!entry || index === 0) return { line: 1 };
  return entry.exact && failure.column !== undefined ? { line: entry.line, column: failure.column + 1 } : { line: entry.line };
}

function duplicateKey(lines: readonly Line[], index: number): { key: string; firstLine: number } | undefined {
  const kv = keyValue(lines[index]?.text ?? '');
  if (!kv) return undefined;
  for (let i = index - 1; i >= 1; i--) {
    const entry = lines[i];
    if (!entry || entry.text.trim() === '' || entry.text.trimStart().startsWith('#')) continue;
    const other = keyValue(entry.text);
    const indent = entry.text.length - entry.text.trimStart().length;
    if (indent < kv.indent.length) return undefined;
    if (other && other.indent === kv.indent && other.key === kv.key) return { key: kv.key, firstLine: entry.line };
  }
  return undefined;
}

function yamlHint(reason: string): string {
  if (reason.includes('tab characters')) return 'indent with spaces, not tabs';
  if (reason.includes('unknown tag')) return 'remove the `!` tag, or quote the value';
  if (reason.includes('flow collection')) return 'close the `[` or `{` opened above, or quote the value: key: "…"';
  if (reason.includes('indentation')) return 'check the indentation, and quote values that contain `: ` or quotes';
  return 'quote values that contain special characters: key: "…"';
}

function firstContentPosition(block: readonly string[]): Position {
  const index = block.findIndex((text, i) => i > 0 && text.trim() !== '' && !text.trimStart().startsWith('#'));
  if (index === -1) return { line: 2, column: 1 };
  const text = block[index] ?? '';
  return { line: index + 1, column: text.length - text.trimStart().length + 1 };
}
