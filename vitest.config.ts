import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // The cache key (src/pipeline/cache-key.ts) of test runs lives here, not in the user's ~/.cache.
    env: { XDG_CACHE_HOME: join(tmpdir(), 'gazette-test-xdg-cache') },
    include: ['test/**/*.test.ts'],
    // Rebuilds dist/ (which the CLI tests run) when it is older than the sources.
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
