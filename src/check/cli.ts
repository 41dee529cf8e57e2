/**
 * `gazette check`'s own options and help: argv → runCheck() → what it prints
 * and its exit code; and `gazette build --check`'s check after the build.
 * cli.ts hands it the arguments after `check` and prints the usage errors returned.
 */
import { parseArgs } from 'node:util';
import type { BuildResult } from '../build/types.js';
import { argvErrorMessage, type CommandUsage } from '../cli-args.js';
import { count } from '../counts.js';
import { createReporter, type Reporter } from '../report.js';
import { isPageUrl } from './redirect-pages.js';
import type { AgainstResult, CheckResult } from './run.js';
import type { SiteScan } from './scan.js';

export const CHECK_HELP = `Usage: gazette check [options]

Builds the site (quick when nothing changed), then checks that every link,
image, stylesheet, script, feed entry, sitemap URL, canonical and og:url in
the output leads to a file the build wrote (and to the #fragment's id). Each
broken one is reported at the post, page or template it came from. Links to
other sites are never fetched.

Options:
  -s, --source DIR         the site folder (default: .)
  -d, --destination DIR    the built site (default: SOURCE/_site)
      --no-build           check the destination as it is, without building first
      --external           list the links to other sites, counted per host
      --against OLD_SITE   list the URLs the old site's output folder served that the new build does not
      --write-redirects    with --against: add redirect pages (SOURCE/moved/) for those with a clear new URL, then build again
      --drafts, --future, --unpublished, --no-cache, -j N: as for build
  -q, --quiet              print errors and the summary lines only

Exit status: 0 nothing broken (and, with --against, no old URL lost), 1 a link is broken, an old URL is lost
or the build failed, 2 the command was used wrongly.
`;

const OPTIONS = {
  source: { type: 'string', short: 's' },
  destination: { type: 'string', short: 'd' },
  'no-build': { type: 'boolean' },
  external: { type: 'boolean' },
  against: { type: 'string' },
  'write-redirects': { type: 'boolean' },
  drafts: { type: 'boolean' },
  future: { type: 'boolean' },
  unpublished: { type: 'boolean' },
  'no-cache': { type: 'boolean' },
  jobs: { type: 'string', short: 'j' },
  quiet: { type: 'boolean', short: 'q' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** `argv`: the arguments after `check`. An exit code, or the usage error to print. */
export async function checkCommand(argv: readonly string[]): Promise<number | CommandUsage> {
  let parsed: ReturnType<typeof parseCheckArgs>;
  try {
    parsed = parseCheckArgs(argv);
  } catch (cause) {
    return { message: argvErrorMessage(cause as Error & { code?: string }) };
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(CHECK_HELP);
    return 0;
  }
  if (positionals.length > 0) return { message: `unexpected argument "${positionals[0]}"` };
  if (values['write-redirects'] && values.against === undefined) return { message: '--write-redirects needs --against OLD_SITE' };
  const jobs = values.jobs === undefined ? undefined : Number(values.jobs);
  if (jobs !== undefined && (!Number.isInteger(jobs) || jobs < 1)) return { message: `--jobs takes a whole number from 1 up, got "${values.jobs}"` };
  const { runCheck } = await import('./run.js');
  const result = await runCheck({
    build: {
      source: values.source ?? '.',
      ...(values.destination !== undefined ? { destination: values.destination } : {}),
      drafts: values.drafts ?? false,
      future: values.future ?? false,
      unpublished: values.unpublished ?? false,
      cache: !values['no-cache'],
      ...(jobs !== undefined ? { jobs } : {}),
    },
    runBuild: !values['no-build'],
    ...(values.against !== undefined ? { against: values.against } : {}),
    writeRedirects: values['write-redirects'] ?? false,
  });
  if (result.usage) return result.usage;
  const reporter = createReporter({ quiet: values.quiet ?? false, verbose: false, profile: false, stream: process.stderr });
  return printCheck(result, reporter, { external: values.external ?? false, quiet: values.quiet ?? false });
}

function parseCheckArgs(argv: readonly string[]) {
  return parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
}

export interface PrintOptions {
  readonly external: boolean;
  readonly quiet: boolean;
}

/** Prints the build (if one ran), the broken links, `--external`'s hosts, `--against`'s URLs and the summaries; the exit code. */
export function printCheck(result: CheckResult, reporter: Reporter, options: PrintOptions): number {
  if (result.build) reporter.buildResult(result.build);
  if (result.scan === undefined) return 1;
  reporter.diagnostics(result.diagnostics, result.source);
  if (options.external) printExternal(result.scan, reporter);
  if (result.against) printAgainst(result.against, reporter, options.quiet);
  reporter.line(checkSummary(result.scan, result.diagnostics.length));
  return result.ok ? 0 : 1;
}

/** `gazette build --check`: the built site's links checked, printed; the exit code. */
export async function checkAfterBuild(built: BuildResult, reporter: Reporter): Promise<number> {
  const { checkLinks } = await import('./run.js');
  if (!built.config) return 1;
  const checked = await checkLinks({ source: built.source, destination: built.destination }, built.config);
  reporter.diagnostics(checked.diagnostics, built.source);
  reporter.line(checkSummary(checked.scan, checked.diagnostics.length));
  return checked.ok ? 0 : 1;
}

export function checkSummary(scan: SiteScan, broken: number): string {
  const external = scan.external.size > 0 ? `; ${count(sum(scan.external.values()), 'link')} to ${count(scan.external.size, 'other site')} not fetched` : '';
  return `checked ${count(scan.links, 'link')} in ${count(scan.files, 'file')}: ${broken === 0 ? 'none broken' : `${count(broken, 'broken link')}`}${external}`;
}

function printExternal(scan: SiteScan, reporter: Reporter): void {
  const hosts = [...scan.external].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  reporter.line(`external links (not fetched): ${count(sum(scan.external.values()), 'link')} to ${count(hosts.length, 'host')}`);
  const width = String(hosts[0]?.[1] ?? 0).length;
  for (const [host, n] of hosts) reporter.line(`  ${String(n).padStart(width)}  ${host}`);
}

function printAgainst(against: AgainstResult, reporter: Reporter, quiet: boolean): void {
  const { comparison, before, written } = against;
  if (!quiet) {
    for (const { url, suggestion } of comparison.lost) {
      reporter.line(
        `lost: ${url}${suggestion ? ` (nearest new URL: ${suggestion.url}, same ${suggestion.by}${isPageUrl(url) ? '; --write-redirects adds a redirect' : ''})` : ''}`,
      );
    }
    for (const file of written) reporter.line(`wrote ${file}`);
  }
  if (before) reporter.line(`old site, before the redirect pages: ${comparisonLine(before)}`);
  reporter.line(`old site: ${comparisonLine(comparison)}`);
}

function comparisonLine(c: AgainstResult['comparison']): string {
  return `${count(c.total, 'URL')}: ${c.kept} kept, ${c.redirected} redirected, ${c.lost.length} lost`;
}

function sum(values: Iterable<number>): number {
  let total = 0;
  for (const n of values) total += n;
  return total;
}
