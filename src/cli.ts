/**
 * argv → build()/watch() (or `new`, handed to cli-new.ts); prints and sets the exit code, nothing else.
 * Exit codes: 0 success, 1 content or config errors, 2 usage errors.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { type BuildOptions, build } from './build/builder.js';
import { argvErrorMessage } from './cli-args.js';
import { packagePath } from './package-files.js';
import { createReporter } from './report.js';

const VERSION: string = (JSON.parse(readFileSync(packagePath('package.json'), 'utf8')) as { version: string }).version;

const BUILD_OPTIONS = `  -s, --source DIR         the site folder (default: .)
  -d, --destination DIR    where to write the site (default: SOURCE/_site)
      --drafts             include posts in _drafts/
      --future             publish posts dated in the future
      --unpublished        publish posts with \`published: false\`
  -j, --jobs N             worker threads (default: one below 4,000 posts, else one per idle core)
      --no-cache           ignore and do not update SOURCE/.gazette-cache/
  -q, --quiet              print errors and the summary line only
  -V, --verbose            print every warning in full and what the sanitiser removed
      --keep-going         publish the site without the posts that have errors (exit 0)
      --strict             warnings count as errors
      --force              build into a non-empty folder gazette did not create
      --profile            print the time of each phase
`;

const BUILD_ONLY = `      --check              then check the built site's links (as \`gazette check --no-build\`)
`;

const WATCH_OPTIONS = `  -P, --port N             port to serve on (default: 4000; 0 = any free port)
  -H, --host HOST          host to listen on (default: 127.0.0.1; 0.0.0.0 opens the preview to the network)
  -o, --open               open the site in the browser
      --no-serve           rebuild on save but do not serve
`;

const EXIT_STATUS = 'Exit status: 0 built, 1 the content or config has errors, 2 the command was used wrongly.\n';

const HELP = `gazette ${VERSION}: a fast, safe static site generator for Jekyll-style news sites

Usage:
  gazette build [options]     build the site into the destination folder
  gazette watch [options]     build, serve with live reload, rebuild on every save
  gazette new "TITLE" [opts]  start a post in _posts/ (\`gazette new --help\` for its options)
  gazette check [options]     build, then check every link of the output (\`gazette check --help\`)
  gazette --help | --version
  gazette COMMAND --help      one command's usage and options

Options (build and watch):
${BUILD_OPTIONS}
Options (build only):
${BUILD_ONLY}
Options (watch only):
${WATCH_OPTIONS}
${EXIT_STATUS}Docs: README.md, "When a post is broken" for the diagnostic format.
`;

/** `gazette build --help`, `gazette watch --help`: that command's usage and the options it takes, nothing else. */
const COMMAND_HELP = {
  build: `Usage: gazette build [options]

Builds the site into the destination folder.

Options:
${BUILD_OPTIONS}${BUILD_ONLY}
${EXIT_STATUS}`,
  watch: `Usage: gazette watch [options]

Builds the site, serves it with live reload and rebuilds it on every save; Ctrl-C stops.

Options (as build's):
${BUILD_OPTIONS}
Options (watch's own):
${WATCH_OPTIONS}
${EXIT_STATUS}`,
} as const;

const OPTIONS = {
  source: { type: 'string', short: 's' },
  destination: { type: 'string', short: 'd' },
  drafts: { type: 'boolean' },
  future: { type: 'boolean' },
  unpublished: { type: 'boolean' },
  jobs: { type: 'string', short: 'j' },
  'no-cache': { type: 'boolean' },
  quiet: { type: 'boolean', short: 'q' },
  verbose: { type: 'boolean', short: 'V' },
  'keep-going': { type: 'boolean' },
  strict: { type: 'boolean' },
  force: { type: 'boolean' },
  profile: { type: 'boolean' },
  check: { type: 'boolean' },
  port: { type: 'string', short: 'P' },
  host: { type: 'string', short: 'H' },
  open: { type: 'boolean', short: 'o' },
  'no-serve': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
} as const;

/** The command line read against OPTIONS; throws on an unknown option or a missing value. */
function parseCommandLine(argv: readonly string[]) {
  return parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
}

export async function main(argv: readonly string[]): Promise<number> {
  // `new` has options of its own (src/cli-new.ts); this file's are build's and watch's.
  if (argv[0] === 'new') {
    const { newCommand } = await import('./cli-new.js');
    const outcome = await newCommand(argv.slice(1));
    return typeof outcome === 'number' ? outcome : usage(outcome.message, outcome.hint);
  }
  if (argv[0] === 'check' || (argv[0] === 'help' && argv[1] === 'check')) {
    const { checkCommand } = await import('./check/cli.js');
    const outcome = await checkCommand(argv[0] === 'help' ? ['--help'] : argv.slice(1));
    return typeof outcome === 'number' ? outcome : usage(outcome.message, outcome.hint);
  }
  let parsed: ReturnType<typeof parseCommandLine>;
  try {
    parsed = parseCommandLine(argv);
  } catch (cause) {
    return usage(argvErrorMessage(cause as Error & { code?: string }));
  }
  const { values, positionals } = parsed;
  if (values.version) {
    process.stdout.write(`gazette ${VERSION}\n`);
    return 0;
  }
  const command = positionals[0];
  if (values.help || command === 'help' || command === undefined)
    return help(command === 'help' ? positionals[1] : command, values.help === true || command === 'help');
  if (positionals.length > 1) return usage(`unexpected argument "${positionals[1]}"`);
  if (command !== 'build' && command !== 'watch') return usage(`unknown command "${command}"`);
  const watchOnly = (['port', 'host', 'open', 'no-serve'] as const).find((key) => values[key] !== undefined);
  if (command === 'build' && watchOnly) return usage(`--${watchOnly} is an option of \`gazette watch\``);
  if (command === 'watch' && values.check) return usage('--check is an option of `gazette build`');
  if (values.quiet && values.verbose) return usage('--quiet and --verbose cannot be used together');

  let jobs: number | undefined;
  if (values.jobs !== undefined) {
    jobs = Number(values.jobs);
    if (!Number.isInteger(jobs) || jobs < 1) return usage(`--jobs takes a whole number from 1 up, got "${values.jobs}"`);
  }
  const options: BuildOptions = {
    source: values.source ?? '.',
    ...(values.destination !== undefined ? { destination: values.destination } : {}),
    drafts: values.drafts ?? false,
    future: values.future ?? false,
    unpublished: values.unpublished ?? false,
    force: values.force ?? false,
    keepGoing: values['keep-going'] ?? false,
    strict: values.strict ?? false,
    cache: !values['no-cache'],
    removalPositions: values.verbose ?? false,
    ...(jobs !== undefined ? { jobs } : {}),
  };
  const reporter = createReporter({
    quiet: values.quiet ?? false,
    verbose: values.verbose ?? false,
    profile: values.profile ?? false,
    stream: process.stderr,
  });

  if (command === 'watch') {
    let port = 4000;
    if (values.port !== undefined) {
      port = Number(values.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) return usage(`--port takes a number from 0 to 65535, got "${values.port}"`);
    }
    const { watch } = await import('./serve/watch.js');
    return watch({ ...options, port, host: values.host ?? '127.0.0.1', open: values.open ?? false, serve: !values['no-serve'], reporter });
  }

  const result = await build({ ...options, onProgress: reporter.progress });
  reporter.endProgress();
  if (result.usage) return usage(result.usage.message, result.usage.hint);
  reporter.buildResult(result);
  if (!result.ok) return 1;
  if (!values.check) return 0;
  const { checkAfterBuild } = await import('./check/cli.js');
  return checkAfterBuild(result, reporter);
}

/**
 * `--help` (or `help`) with a command: that command's help; without one, the overview. No command
 * and no `--help` is a usage error that still shows the overview (exit 2).
 */
function help(command: string | undefined, asked: boolean): number {
  if (command === 'build' || command === 'watch') {
    process.stdout.write(COMMAND_HELP[command]);
    return 0;
  }
  if (command !== undefined) return usage(`unknown command "${command}"`);
  process.stdout.write(HELP);
  return asked ? 0 : 2;
}

function usage(message: string, hint?: string): number {
  process.stderr.write(`gazette: ${message}\n${hint ? `  hint: ${hint}\n` : ''}Run \`gazette --help\` for usage.\n`);
  return 2;
}
