/**
 * Debian's Chromium through playwright-core, for the tests that look at
 * pages in a real browser (watch end to end, the XSS site, the search page).
 * Launched only the one way this project allows (headless, no sandbox, no
 * background traffic).
 *
 * Chromium is required: without it these tests fail, naming the package to
 * install, rather than pass by skipping. GAZETTE_SKIP_BROWSER=1 skips them
 * on purpose (README, Development); nothing else does.
 */
import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

export const CHROMIUM_EXECUTABLE = '/usr/bin/chromium';

/** GAZETTE_SKIP_BROWSER=1: the browser tests are skipped, each file saying so with one skipped test. */
export const skipBrowserTests: boolean = process.env['GAZETTE_SKIP_BROWSER'] === '1';

export const BROWSER_SKIP_MESSAGE = 'browser tests skipped: GAZETTE_SKIP_BROWSER=1';

export const CHROMIUM_MISSING = `${CHROMIUM_EXECUTABLE} is missing: install Debian's chromium: apt-get install -y chromium (or set GAZETTE_SKIP_BROWSER=1 to skip the browser tests)`;

/** Throws, saying what to install, when Chromium is not there. */
export function assertChromium(): void {
  if (!existsSync(CHROMIUM_EXECUTABLE)) throw new Error(CHROMIUM_MISSING);
}

export function launchBrowser(): Promise<Browser> {
  assertChromium();
  return chromium.launch({
    executablePath: CHROMIUM_EXECUTABLE,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}
