/**
 * The post-folder watcher of `gazette watch`: one fs.watch per folder, and a
 * report for each file added, changed or removed (folders inside included),
 * without reading the whole folder again on every save.
 */
import { appendFileSync, cpSync, mkdirSync, mkdtempSync, renameSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type PostFolderWatcher, watchPostFolders } from '../src/serve/post-folders.js';
import { ROOT } from './helpers/site.js';

const FIXTURE = path.join(ROOT, 'test', 'fixtures', 'post-folders', '_posts');
const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

const open: { watcher: PostFolderWatcher; dir: string }[] = [];
afterEach(() => {
  for (const { watcher, dir } of open.splice(0)) {
    watcher.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

function start(): { posts: string; reports: string[] } {
  const dir = mkdtempSync(path.join(tmpdir(), 'gazette-post-folders-'));
  const posts = path.join(dir, '_posts');
  cpSync(FIXTURE, posts, { recursive: true });
  const reports: string[] = [];
  const watcher = watchPostFolders({
    onChange: (file) => reports.push(path.relative(posts, file).split(path.sep).join('/')),
    ignored: (file) => path.basename(file).startsWith('.') || file.endsWith('~'),
  });
  watcher.add(posts);
  open.push({ watcher, dir });
  return { posts, reports };
}

async function until(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 3000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

describe('post-folder watcher', () => {
  it('reports nothing for the files already there, and a changed file once', async () => {
    const { posts, reports } = start();
    await sleep(100);
    expect(reports).toEqual([]);
    appendFileSync(path.join(posts, '2024-05-01-first.md'), '\n고친 문단.\n');
    await until(() => reports.length > 0, 'the change');
    await sleep(150);
    expect(reports).toEqual(['2024-05-01-first.md']);
  });

  it("reports a new file, a removed one (after the editors' grace period), and files in folders inside", async () => {
    const { posts, reports } = start();
    writeFileSync(path.join(posts, '2024-05-04-new.md'), '---\ntitle: 새 기사\n---\n');
    await until(() => reports.includes('2024-05-04-new.md'), 'the new file');
    unlinkSync(path.join(posts, '2024-05-02-second.md'));
    await until(() => reports.includes('2024-05-02-second.md'), 'the removed file');
    appendFileSync(path.join(posts, 'world', '2024-05-03-world.md'), '\n추가.\n');
    await until(() => reports.includes('world/2024-05-03-world.md'), 'the change inside world/');
  });

  it('watches a folder made after it started, and reports the files of a folder removed', async () => {
    const { posts, reports } = start();
    mkdirSync(path.join(posts, 'sports'));
    await sleep(100);
    writeFileSync(path.join(posts, 'sports', '2024-05-05-game.md'), '---\ntitle: 경기\n---\n');
    await until(() => reports.includes('sports/2024-05-05-game.md'), 'the file in the new folder');
    rmSync(path.join(posts, 'world'), { recursive: true });
    await until(() => reports.includes('world/2024-05-03-world.md'), 'the file of the removed folder');
  });

  it('a post folder removed and made again is watched again when it is handed over again (as chokidar does)', async () => {
    const { posts, reports } = start();
    rmSync(posts, { recursive: true });
    await until(() => reports.includes('2024-05-01-first.md'), 'the removed files');
    mkdirSync(posts);
    writeFileSync(path.join(posts, '2024-05-06-again.md'), '---\ntitle: 다시\n---\n');
    open[0]?.watcher.add(posts);
    await until(() => reports.includes('2024-05-06-again.md'), 'the file of the new folder');
    appendFileSync(path.join(posts, '2024-05-06-again.md'), '\n고침.\n');
    await until(() => reports.filter((file) => file === '2024-05-06-again.md').length === 2, 'a change in the new folder');
  });

  it("a file renamed away and written again at once (an editor's save) is a change, not a removal", async () => {
    const { posts, reports } = start();
    const file = path.join(posts, '2024-05-01-first.md');
    renameSync(file, `${file}~`);
    writeFileSync(file, '---\ntitle: 첫 기사\n---\n고친 본문.\n');
    await until(() => reports.length > 0, 'the save');
    await sleep(250);
    expect(new Set(reports)).toEqual(new Set(['2024-05-01-first.md']));
  });

  it('skips ignored files and reports nothing after close', async () => {
    const { posts, reports } = start();
    writeFileSync(path.join(posts, '.2024-05-01-first.md.swp'), 'swap');
    writeFileSync(path.join(posts, '2024-05-01-first.md~'), 'backup');
    await sleep(200);
    expect(reports).toEqual([]);
    open[0]?.watcher.close();
    appendFileSync(path.join(posts, '2024-05-01-first.md'), '\n닫은 뒤.\n');
    await sleep(200);
    expect(reports).toEqual([]);
  });

  it('does not enter a linked folder (it may lead out of the source, to / itself)', async () => {
    const { posts, reports } = start();
    const elsewhere = path.join(path.dirname(posts), 'elsewhere');
    mkdirSync(elsewhere);
    symlinkSync(elsewhere, path.join(posts, 'linked'));
    await sleep(150);
    writeFileSync(path.join(elsewhere, '2024-05-09-outside.md'), '---\ntitle: 밖\n---\n');
    await sleep(250);
    expect(reports).not.toContain('linked/2024-05-09-outside.md');
  });
});
