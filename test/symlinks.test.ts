/**
 * Symlinks never read outside the source: a symlink whose real path leaves
 * the source is not read (Jekyll's safe mode), with a warning naming it;
 * `symlinks_allowed` names folders it may lead into; links that stay inside
 * keep working. The fixture holds a site and an `outside/` folder; each test
 * copies both into a temp folder and makes the links there.
 */
import { existsSync } from 'node:fs';
import { appendFile, cp, mkdir, readFile, rm, symlink } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readDataFiles } from '../src/content/data-files.js';
import type { Diagnostic } from '../src/diagnostics.js';
import { build, createBuilder } from '../src/index.js';
import { cleanTemp, listFiles, ROOT, tempDir } from './helpers/site.js';

const FIXTURE = path.join(ROOT, 'test', 'fixtures', 'symlinks');
const NOW = new Date('2024-07-01T00:00:00Z');

afterAll(() => cleanTemp());

async function setUp(): Promise<{ site: string; outside: string; out: string }> {
  const dir = await tempDir('symlinks');
  await cp(FIXTURE, dir, { recursive: true });
  // Git keeps no empty folder: the links are made in these.
  await mkdir(path.join(dir, 'site', 'assets'), { recursive: true });
  return { site: path.join(dir, 'site'), outside: path.join(dir, 'outside'), out: path.join(dir, 'out') };
}

const headlines = (diagnostics: readonly Diagnostic[]) => diagnostics.map((d) => `${d.file}: ${d.severity}: ${d.message}`);

describe('symlinks out of the source', () => {
  it('are not read: files, folders, posts and data files each get a warning, and nothing of theirs is published', async () => {
    const { site, outside, out } = await setUp();
    await symlink(path.join(outside, 'passwd.txt'), path.join(site, 'assets', 'passwd.txt'));
    await symlink(path.join(outside, 'images'), path.join(site, 'assets', 'photos'));
    await symlink(path.join(outside, 'posts', '2024-06-02-leak.md'), path.join(site, '_posts', '2024-06-02-leak.md'));
    await symlink(path.join(outside, 'env.txt'), path.join(site, '_posts', '2024-06-03-env.md'));
    await symlink(path.join(outside, '_data'), path.join(site, '_data'));
    const result = await build({ source: site, destination: out, jobs: 1, cache: false, now: NOW });
    expect(result.ok).toBe(true);
    const real = (file: string) => path.join(outside, file);
    expect(headlines(result.diagnostics)).toEqual([
      `_data: warning: symlink to ${real('_data')}, outside the source; not read`,
      `_posts/2024-06-02-leak.md: warning: symlink to ${real('posts/2024-06-02-leak.md')}, outside the source; not read`,
      `_posts/2024-06-03-env.md: warning: symlink to ${real('env.txt')}, outside the source; not read`,
      `assets/passwd.txt: warning: symlink to ${real('passwd.txt')}, outside the source; not read`,
      `assets/photos: warning: symlink to ${real('images')}, outside the source; not read`,
    ]);
    // No code frame can show the target's first line: the diagnostics carry no position.
    expect(result.diagnostics.every((d) => d.line === undefined)).toBe(true);
    const files = await listFiles(out);
    expect(files.filter((file) => /passwd|photo|leak|env/.test(file))).toEqual([]);
    const everything = await Promise.all(files.map((file) => readFile(path.join(out, file), 'utf8')));
    expect(everything.join('\n')).not.toMatch(/밖에서 온 기사|root:x:0|SECRET_TOKEN|do-not-publish/);
    expect(files).toContain('news/2024/06/01/good/index.html');
  });

  it("a site template linked from outside is not read: the theme's template of that name is used", async () => {
    const { site, outside, out } = await setUp();
    await mkdir(path.join(site, 'templates'), { recursive: true });
    await symlink(path.join(outside, 'passwd.txt'), path.join(site, 'templates', 'post.njk'));
    const result = await build({ source: site, destination: out, jobs: 1, cache: false, now: NOW });
    expect(result.ok).toBe(true);
    const page = await readFile(path.join(out, 'news/2024/06/01/good/index.html'), 'utf8');
    expect(page).not.toMatch(/root:x:0|do-not-publish/);
    expect(page).toContain('<article');
  });

  it('_data/ leaves out a data file linked from outside', async () => {
    const { site, outside } = await setUp();
    await symlink(path.join(site, 'shared'), path.join(site, '_data'));
    await symlink(path.join(outside, '_data', 'secret.yml'), path.join(site, 'shared', 'secret.yml'));
    const { data, diagnostics } = readDataFiles(site);
    expect(data).toEqual({});
    expect(headlines(diagnostics)).toEqual(['_data/secret.yml: warning: left out: a link to a file outside the site source']);
  });

  it('a rebuild reads a post replaced by a link out of the source as the link it is', async () => {
    const { site, outside, out } = await setUp();
    const builder = createBuilder({ source: site, destination: out, jobs: 1, cache: false, now: NOW });
    try {
      expect((await builder.build()).ok).toBe(true);
      const post = path.join(site, '_posts', '2024-06-01-good.md');
      await rm(post);
      await symlink(path.join(outside, 'posts', '2024-06-02-leak.md'), post);
      const result = await builder.build([post]);
      expect(headlines(result.diagnostics)).toEqual([
        `_posts/2024-06-01-good.md: warning: symlink to ${path.join(outside, 'posts', '2024-06-02-leak.md')}, outside the source; not read`,
      ]);
      expect(existsSync(path.join(out, 'news/2024/06/01/good/index.html'))).toBe(false);
    } finally {
      await builder.close();
    }
  });
});

describe('symlinks that are allowed', () => {
  it('links inside the source keep working', async () => {
    const { site, out } = await setUp();
    await symlink(path.join('..', 'shared', 'logo.svg'), path.join(site, 'assets', 'logo.svg'));
    await symlink(path.join('..', '_shared'), path.join(site, 'assets', 'shared'));
    const result = await build({ source: site, destination: out, jobs: 1, cache: false, now: NOW });
    expect(headlines(result.diagnostics)).toEqual([]);
    expect(await listFiles(out)).toEqual(expect.arrayContaining(['assets/logo.svg', 'assets/shared/banner.svg', 'shared/logo.svg']));
  });

  it('`symlinks_allowed` lets links lead into the folders it names, and no further', async () => {
    const { site, outside, out } = await setUp();
    await appendFile(path.join(site, '_config.yml'), `symlinks_allowed: [${path.join(outside, 'images')}]\n`);
    await symlink(path.join(outside, 'images'), path.join(site, 'assets', 'photos'));
    await symlink(path.join(outside, 'passwd.txt'), path.join(site, 'assets', 'passwd.txt'));
    const result = await build({ source: site, destination: out, jobs: 1, cache: false, now: NOW });
    expect(headlines(result.diagnostics)).toEqual([`assets/passwd.txt: warning: symlink to ${path.join(outside, 'passwd.txt')}, outside the source; not read`]);
    const files = await listFiles(out);
    expect(files).toContain('assets/photos/photo.svg');
    expect(files).not.toContain('assets/passwd.txt');
  });

  it('`symlinks_allowed` takes absolute folders only: a relative one is a config error', async () => {
    const { site, out } = await setUp();
    await appendFile(path.join(site, '_config.yml'), 'symlinks_allowed: [images]\n');
    const result = await build({ source: site, destination: out, jobs: 1, cache: false, now: NOW });
    expect(result.ok).toBe(false);
    expect(headlines(result.diagnostics)).toEqual(['_config.yml: error: `symlinks_allowed` takes absolute folders, got "images"']);
  });
});
