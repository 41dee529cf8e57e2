/** How a build fails other than by its content: damaged cache files, a full disk. */
import { type Diagnostic, error } from '../diagnostics.js';
import { siteBytes } from '../output/write.js';

/** Body packs found damaged (cache/body-store.ts) while rendering: nothing rendered is committed, and the build runs again. */
export class DamagedCache extends Error {
  constructor(readonly packs: readonly string[]) {
    super(`damaged body packs: ${packs.join(', ')}`);
  }
}

/** Codes of a write refused for want of room: the disk full, or the user's quota used up. */
const NO_SPACE = new Set(['ENOSPC', 'EDQUOT']);

/** A build that ran out of disk space, as one error naming the device by the destination's path and the room a build needs. */
export function outOfSpace(cause: unknown, destination: string): Diagnostic | undefined {
  const code = (cause as NodeJS.ErrnoException | undefined)?.code;
  if (typeof code !== 'string' || !NO_SPACE.has(code)) return undefined;
  const size = siteBytes(destination);
  const need = size > 0 ? `about ${formatBytes(size)} free, as much as the site takes,` : 'as much free space as the site takes';
  return error(
    destination,
    `no space left on the device of ${destination} (${code}): nothing was published, and the site there is as it was`,
    {},
    `a build writes every changed file beside the old one before moving it into place, so it needs up to ${need} on that device (the cache, .gazette-cache, is on the source's)`,
  );
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`;
}
