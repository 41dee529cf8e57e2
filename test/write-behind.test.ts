/**
 * A cold build's main thread stages files without waiting for the disk: the
 * folders and bytes go to the thread pool, the queue is bounded, and a
 * failure is reported when the writes settle, as stageFile reports it.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { commitOutput, prepareOutput, STAGING_DIR } from '../src/output/write.js';
import { createWriteBehind } from '../src/output/write-behind.js';

let tmp: string;
afterEach(() => rmSync(tmp, { recursive: true, force: true }));
const destination = () => {
  tmp = mkdtempSync(path.join(tmpdir(), 'gazette-write-behind-'));
  return path.join(tmp, '_site');
};

describe('staging behind the render loop, into an empty destination', () => {
  it('stages each file at once and writes it with its folders by the time the writes settle', async () => {
    const dest = destination();
    const staging = prepareOutput(dest);
    expect(staging.layout).toBe('tree');
    const behind = createWriteBehind(staging);
    const files = ['index.html', '경제/2025/01/15/a/index.html', '경제/2025/01/15/b/index.html', '경제/page/2/index.html'];
    for (const file of files) expect(behind.stage(file, `<p>${file}</p>`)).toBe('staged');
    await behind.settled();
    commitOutput(staging, [...files].sort(), undefined, {}, files);
    for (const file of files) expect(readFileSync(path.join(dest, file), 'utf8')).toBe(`<p>${file}</p>`);
    expect(await readdir(dest)).not.toContain(STAGING_DIR);
  });

  it('asks the loop to wait while more than its bound is queued, and lets it go on once written', async () => {
    const behind = createWriteBehind(prepareOutput(destination()), { maxPendingBytes: 10 });
    expect(behind.room()).toBeUndefined();
    behind.stage('a/index.html', '본문이 조금 긴 페이지');
    const waiting = behind.room();
    expect(waiting).toBeInstanceOf(Promise);
    await waiting;
    expect(behind.room()).toBeUndefined();
    await behind.settled();
  });

  it('says which path it cannot stage when the build writes a file and a folder of one name', async () => {
    const behind = createWriteBehind(prepareOutput(destination()));
    behind.stage('news', 'a file named news');
    behind.stage('news/a/index.html', 'A');
    await expect(behind.settled()).rejects.toThrow(/cannot write "news(\/a\/index\.html)?": this build writes a file and a folder of the same name/);
  });

  it('reports a write the system refuses with its code, once every other write has settled', async () => {
    const behind = createWriteBehind(prepareOutput(destination()));
    behind.stage('ok/index.html', 'fine');
    behind.stage(`${'긴'.repeat(120)}/index.html`, 'a folder name over 255 bytes');
    await expect(behind.settled()).rejects.toMatchObject({ code: 'ENAMETOOLONG' });
    expect(readFileSync(path.join(tmp, '_site', STAGING_DIR, 'ok', 'index.html'), 'utf8')).toBe('fine');
    // The build has failed: what it stages after that is not written.
    behind.stage('later/index.html', 'not written');
    await expect(behind.settled()).rejects.toMatchObject({ code: 'ENAMETOOLONG' });
    expect(existsSync(path.join(tmp, '_site', STAGING_DIR, 'later'))).toBe(false);
  });

  it('compares with the destination and writes at once when it is not empty (a rebuild)', async () => {
    const dest = destination();
    const first = prepareOutput(dest);
    const cold = createWriteBehind(first);
    cold.stage('index.html', 'home');
    await cold.settled();
    commitOutput(first, ['index.html'], undefined, {}, ['index.html']);
    const second = prepareOutput(dest);
    expect(second.layout).toBe('shards');
    const behind = createWriteBehind(second);
    expect(behind.stage('index.html', 'home')).toBe('unchanged');
    expect(behind.stage('index.html', 'home, changed')).toBe('staged');
    expect(behind.room()).toBeUndefined();
  });
});
