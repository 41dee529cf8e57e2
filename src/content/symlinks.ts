/**
 * Which symbolic links the build may follow. A link whose real path leaves
 * the source is not read (as in Jekyll's safe mode): where other people can
 * add files to a site (pull-request builds), `assets/x → /etc/passwd` would
 * otherwise publish the machine's files. Folders named in the config's
 * `symlinks_allowed` may be linked to all the same.
 */
import { realpathSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';

export interface LinkPolicy {
  /** The source's real path. */
  readonly realRoot: string;
  /** Whether a link whose real path is `real` may be followed. */
  allows(real: string): boolean;
}

/** `allowed`: absolute folders outside the source that links may point into (their real paths are compared). */
export function linkPolicy(root: string, allowed: readonly string[] = []): LinkPolicy {
  const realRoot = realOrSelf(resolve(root));
  const folders = [realRoot, ...allowed.map((folder) => realOrSelf(resolve(folder)))];
  return { realRoot, allows: (real) => folders.some((folder) => isInside(folder, real)) };
}

/** True when `file` is `folder` or below it (both absolute). */
export function isInside(folder: string, file: string): boolean {
  const rel = relative(folder, file);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
}

/** The real path, or the path itself when it cannot be resolved (a dangling link is read as the path it is). */
export function realOrSelf(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    // Dangling, a loop, or unreadable: the stat that callers make next reports what is wrong with it.
    return path;
  }
}
