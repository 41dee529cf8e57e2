/**
 * `_data/` → `site.data`, as Jekyll reads it: every `.yml`, `.yaml`, `.json`, `.csv`, `.tsv` file under `_data/`,
 * each file under its name without extension, folders as nested keys
 * (`_data/nav/main.yml` → `site.data.nav.main`). YAML is read with the core
 * schema (no JavaScript types, no timestamps: as front matter is); CSV and TSV
 * become arrays of row hashes keyed by the header row, every value a string.
 * Problems are diagnostics; a file that cannot be read is left out.
 */
import { readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import yaml from 'js-yaml';
import { compareStrings, type Diagnostic, error, warning } from '../diagnostics.js';
import { isInside } from './symlinks.js';
import { aliasDiagnostic, checkAliases } from './yaml-aliases.js';

export interface DataFilesResult {
  data: Record<string, unknown>;
  diagnostics: Diagnostic[];
}

export const DATA_DIR = '_data';
const EXTENSIONS = new Set(['.yml', '.yaml', '.json', '.csv', '.tsv']);

/** Reads `root/_data` (absent: `{}`). Never throws. */
export function readDataFiles(root: string, dataDir = DATA_DIR): DataFilesResult {
  const diagnostics: Diagnostic[] = [];
  let realRoot: string;
  try {
    realRoot = realpathSync(root);
    if (!statSync(join(root, dataDir)).isDirectory()) return { data: {}, diagnostics };
  } catch {
    // No `_data/` folder (the usual case) or none that can be looked at: the site has no data, as in Jekyll.
    return { data: {}, diagnostics };
  }
  const data = readFolder(root, realRoot, dataDir, diagnostics, 0);
  return { data, diagnostics };
}

const MAX_DEPTH = 32;

function readFolder(root: string, realRoot: string, rel: string, diagnostics: Diagnostic[], depth: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (depth > MAX_DEPTH) return out;
  const names = readdirSync(join(root, rel)).sort(compareStrings);
  for (const name of names) {
    if (name.startsWith('.')) continue;
    const relPath = `${rel}/${name}`;
    const absolute = join(root, relPath);
    let real: string;
    try {
      real = realpathSync(absolute);
    } catch {
      // A dangling link (or a loop): there is nothing to read, and Jekyll skips it too.
      continue;
    }
    if (!isInside(realRoot, real)) {
      diagnostics.push(warning(relPath, 'left out: a link to a file outside the site source'));
      continue;
    }
    const stat = statSync(real);
    if (stat.isDirectory()) {
      out[name] = readFolder(root, realRoot, relPath, diagnostics, depth + 1);
      continue;
    }
    const ext = extname(name).toLowerCase();
    if (!stat.isFile() || !EXTENSIONS.has(ext)) continue;
    const value = parseDataFile(relPath, readFileSync(real, 'utf8').replace(/^\uFEFF/, ''), ext, diagnostics);
    if (value !== undefined) out[name.slice(0, -ext.length)] = value;
  }
  return out;
}

/** One file's value, or undefined (with a diagnostic) when it cannot be parsed. */
export function parseDataFile(file: string, text: string, ext: string, diagnostics: Diagnostic[]): unknown {
  if (ext === '.csv' || ext === '.tsv') return parseTable(file, text, ext === '.tsv' ? '\t' : ',', diagnostics);
  if (ext === '.json') {
    try {
      return JSON.parse(text) as unknown;
    } catch (cause) {
      diagnostics.push(error(file, `invalid JSON: ${(cause as Error).message}`, jsonPosition(text, (cause as Error).message)));
      return undefined;
    }
  }
  try {
    const value = yaml.load(text, { schema: yaml.CORE_SCHEMA, filename: file }) ?? null;
    const aliases = text.includes('*') ? checkAliases(value) : undefined;
    if (aliases === undefined) return value;
    diagnostics.push(aliasDiagnostic(file, aliases, text));
    return undefined;
  } catch (cause) {
    const mark = (cause as { mark?: { line: number; column: number } }).mark;
    const reason = (cause as { reason?: string }).reason ?? String(cause);
    diagnostics.push(
      error(
        file,
        `invalid YAML: ${reason}`,
        mark ? { line: mark.line + 1, column: mark.column + 1 } : {},
        'fix the YAML syntax; quote values that contain `: ` or start with a quote',
      ),
    );
    return undefined;
  }
}

/** V8's JSON messages end with `at position N` (or `line L column C` in newer versions). */
function jsonPosition(text: string, message: string): { line?: number; column?: number } {
  const lc = /line (\d+) column (\d+)/.exec(message);
  if (lc) return { line: Number(lc[1]), column: Number(lc[2]) };
  const at = /position (\d+)/.exec(message);
  if (!at) return {};
  const before = text.slice(0, Number(at[1])).split('\n');
  return { line: before.length, column: (before[before.length - 1]?.length ?? 0) + 1 };
}

/**
 * Ruby's `CSV.read(headers: true)`: quoted fields (`""` inside for a quote,
 * newlines allowed), rows as hashes keyed by the header row. An unclosed
 * quote is an error at the quote's line and column.
 */
function parseTable(file: string, text: string, separator: string, diagnostics: Diagnostic[]): unknown {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let line = 1;
  let column = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] ?? '';
    column++;
    if (ch === '"' && field === '') {
      const start = { line, column };
      let j = i + 1;
      for (; j < text.length; j++) {
        if (text[j] === '"' && text[j + 1] === '"') j++, (field += '"');
        else if (text[j] === '"') break;
        else field += text[j] === '\n' ? (line++, (column = 0), '\n') : text[j];
      }
      if (j >= text.length) {
        diagnostics.push(error(file, 'unclosed quoted field', start, 'close the quote with " (write "" for a quote inside a field)'));
        return undefined;
      }
      column += j - i;
      i = j;
    } else if (ch === separator) row.push(field), (field = '');
    else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field), rows.push(row), (row = []), (field = ''), line++, (column = 0);
    } else field += ch;
  }
  if (field !== '' || row.length > 0) row.push(field), rows.push(row);
  const [header = [], ...body] = rows.filter((r) => !(r.length === 1 && r[0] === ''));
  return body.map((cells) => Object.fromEntries(header.map((name, k) => [name, cells[k] ?? null])));
}
