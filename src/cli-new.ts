/**
 * `gazette new`'s argv → createNewPost() → what it prints and its exit code.
 * Apart from cli.ts, whose options are build's and watch's: cli.ts only hands
 * the arguments after `new` here, and prints the usage errors returned.
 */
import { parseArgs } from 'node:util';
import { argvErrorMessage, type CommandUsage } from './cli-args.js';
import { escapeControls } from './diagnostics.js';
import { createNewPost } from './new-post.js';
import { createReporter } from './report.js';

export const NEW_HELP = `Usage:
  gazette new "TITLE" [options]    start a post: _posts/YYYY-MM-DD-<slug>.md

The date is now in the site's \`timezone\`; the slug is the title as Jekyll's
slugify makes it (Hangul kept). Prints the file written and the URL the post
will have. An existing file is never overwritten.

Options:
  -s, --source DIR         the site folder (default: .)
  -c, --category NAME      a category of the post (repeat for more)
      --draft              write _drafts/<slug>.md instead (no date in the name)

Exit status: 0 written, 1 the file exists or the config has errors, 2 the command was used wrongly.
`;

const OPTIONS = {
  source: { type: 'string', short: 's' },
  category: { type: 'string', short: 'c', multiple: true },
  draft: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** `argv`: the arguments after `new`. An exit code, or the usage error to print. */
export async function newCommand(argv: readonly string[]): Promise<number | CommandUsage> {
  let parsed: ReturnType<typeof parseNewArgs>;
  try {
    parsed = parseNewArgs(argv);
  } catch (cause) {
    return { message: argvErrorMessage(cause as Error & { code?: string }) };
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(NEW_HELP);
    return 0;
  }
  if (positionals.length === 0) return { message: '`gazette new` needs the title', hint: 'gazette new "The headline"' };
  if (positionals.length > 1) return { message: `unexpected argument "${positionals[1]}"`, hint: 'quote a title of several words: gazette new "The headline"' };
  const categories = (values.category ?? []).map((name) => name.trim());
  if (categories.includes('')) return { message: '--category needs a name' };
  const source = values.source ?? '.';
  const outcome = await createNewPost(source, { title: positionals[0] ?? '', categories, draft: values.draft ?? false });
  if ('usage' in outcome) return outcome.usage;
  createReporter({ quiet: false, verbose: false, profile: false, stream: process.stderr }).diagnostics(outcome.diagnostics, source);
  if (!('written' in outcome)) return 1;
  const drafts = values.draft ? ' (a draft: built with --drafts)' : '';
  process.stdout.write(escapeControls(`created ${outcome.written}\nurl: ${outcome.url}${drafts}\n`));
  return 0;
}

function parseNewArgs(argv: readonly string[]) {
  return parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
}
