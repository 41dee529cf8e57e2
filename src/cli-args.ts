/**
 * What the CLI's commands share about their arguments: a usage error as
 * cli.ts prints it, and parseArgs' errors in gazette's words.
 */

/** A usage error for cli.ts to print in its style (exit 2). */
export interface CommandUsage {
  readonly message: string;
  readonly hint?: string;
}

/** parseArgs' errors in gazette's words: Node's start with a capital and suggest `--` for positionals, which gazette takes none of. */
export function argvErrorMessage(cause: Error & { code?: string }): string {
  const option = /'([^']+)'/.exec(cause.message)?.[1] ?? '';
  // "-s, --source <value>": the long name is the one the help lists first.
  const name = /--[\w-]+/.exec(option)?.[0] ?? option;
  if (cause.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return `unknown option "${option}"`;
  if (cause.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    return /argument missing/.test(cause.message) ? `${name} needs a value` : `${name} takes no value`;
  }
  const message = cause.message.replace(/\. To specify a positional argument.*$/, '');
  return message.charAt(0).toLowerCase() + message.slice(1);
}
