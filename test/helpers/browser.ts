/**
 * Debian's Chromium through playwright-core, for the watch end-to-end test.
 * Launched only the one way this project allows (headless, no sandbox, no
 * background traffic); tests `describe.skipIf(!browserAvailable)`.
 */
import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

export const CHROMIUM_EXECUTABLE = '/usr/bin/chromium';

export const browserAvailable: boolean = existsSync(CHROMIUM_EXECUTABLE);

export const BROWSER_SKIP_MESSAGE = `browser tests skipped: ${CHROMIUM_EXECUTABLE} is absent (install Debian's \`chromium\` package)`;

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_EXECUTABLE,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}
