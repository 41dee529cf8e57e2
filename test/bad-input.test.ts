/**
 * Broken input is reported precisely and never loses the site: one fixture
 * site per case under test/fixtures/sites/bad/; each test asserts the exit
 * status, the exact diagnostic headline the CLI prints
 * (`RELPATH[:LINE[:COL]]: severity: message`), and what was or was not
 * written. Cases that need a file git cannot hold well (10 MB post, chmod
 * 000, symlink loops) are made in a temp copy.
 */
import { existsSync } from 'node:fs';
import { chmod, copyFile, mkdir, readdir, readFile, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { build } from '../src/index.js';
import {
  assertBuilt,
  cleanTemp,
  copyFixture,
  fixture,
  genCorpus,
  headlines,
  listFiles,
  readText,
  readTree,
  runCli,
  SUMMARY_FAILED,
  SUMMARY_OK,
  summaryOf,
  tempDir,
  treeDifferences,
} from './helpers/site.js';

// Each test spawns the CLI one or more times; a loaded machine makes that slow.
vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

beforeAll(() => assertBuilt());
afterAll(() => cleanTemp());

const bad = (name: string) => fixture(`bad/${name}`);
const GOOD_POST = 'news/2024/06/01/good/index.html';

/** Builds a fixture in place (`--no-cache`) into a fresh temp destination. */
async function buildFixture(name: string, ...flags: string[]) {
  const out = path.join(await tempDir(name), 'out');
  const result = runCli(['build', '-s', bad(name), '-d', out, '--no-cache', ...flags]);
  return { ...result, out };
}

describe('recoverable front matter damage: one warning naming its line, the post published with the intended title', () => {
  const cases = [
    {
      name: 'repair-quotes',
      headline: '_posts/2024-06-12-quotes.md:2:8: warning: repaired: value of `title` has text after its closing quote; read as plain text',
      file: 'news/2024/06/12/quotes/index.html',
      title: '&#39;외계인&#39;의 &#39;인 액토 버&#39; 공개!',
    },
    {
      name: 'repair-continuation',
      headline: '_posts/2024-06-12-continuation.md:3:1: warning: repaired: value of `title` continues on an unindented line; joined to it with a space',
      file: 'news/2024/06/12/continuation/index.html',
      title: '한일 국방장관 도쿄 회동 성사',
    },
    {
      name: 'repair-lone-cr',
      headline: '_posts/2024-06-12-lone-cr.md:2:10: warning: repaired: value of `title` contains a carriage return (\\r) with no line feed; read as a space',
      file: 'news/2024/06/12/lone-cr/index.html',
      title: '속보 대통령 발표',
    },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const { status, stderr, out } = await buildFixture(c.name);
      expect(status, stderr).toBe(0);
      expect(headlines(stderr)).toEqual([c.headline]);
      expect(summaryOf(stderr)).toMatch(/^2 posts, 0 pages, 1 warning, 0 errors; /);
      expect(readText(out, c.file)).toContain(`>${c.title}</h1>`);
      expect(existsSync(path.join(out, GOOD_POST))).toBe(true);
    });
  }

  it('--strict turns the warning into a failure: exit 1, nothing written', async () => {
    const { status, stderr, out } = await buildFixture('repair-quotes', '--strict');
    expect(status).toBe(1);
    expect(headlines(stderr)).toEqual([cases[0]?.headline]);
    expect(summaryOf(stderr)).toMatch(SUMMARY_FAILED);
    expect(existsSync(out)).toBe(false);
  });
});

describe('2,000 generated posts plus copies damaged in each recoverable way', () => {
  it('exit 0; one warning per repair naming its line; every post at its URL with its intended title and categories', async () => {
    const source = path.join(await tempDir('corpus-damaged'), 'site');
    genCorpus(2000, source);
    const postsDir = path.join(source, '_posts');
    const names = (await readdir(postsDir)).sort();
    // Three generated posts whose titles are plain words: copies of them get damaged titles.
    const picks: { name: string; title: string; categories: string[]; text: string }[] = [];
    for (const name of names) {
      const text = await readFile(path.join(postsDir, name), 'utf8');
      const title = /^title: '([^'#:]*)'$/m.exec(text)?.[1];
      if (title === undefined || !title.includes(' ')) continue;
      const block = /^categories:\n((?: {2}- .*\n?)+)/m.exec(text)?.[1] ?? '';
      picks.push({
        name,
        title,
        text,
        categories: [
          ...new Set(
            block
              .split('\n')
              .filter(Boolean)
              .map((line) => line.replace(/^ {2}- /, '').toLowerCase()),
          ),
        ],
      });
      if (picks.length === 3) break;
    }
    expect(picks).toHaveLength(3);
    const damages = [
      {
        kind: 'quotes',
        line: (t: string) => `title: '${t}'의 '인 악토버' 공개!`,
        intended: (t: string) => `'${t}'의 '인 악토버' 공개!`,
        at: () => '2:8',
        message: 'has text after its closing quote; read as plain text',
      },
      {
        kind: 'lone-cr',
        line: (t: string) => `title: ${t.replace(' ', '\r')}`,
        intended: (t: string) => t,
        at: (t: string) => `2:${8 + [...t.slice(0, t.indexOf(' '))].length}`,
        message: 'contains a carriage return (\\r) with no line feed; read as a space',
      },
      {
        kind: 'continued',
        line: (t: string) => `title: ${t.replace(' ', '\n')}`,
        intended: (t: string) => t,
        at: () => '3:1',
        message: 'continues on an unindented line; joined to it with a space',
      },
    ];
    const expected: { name: string; headline: string; title: string; url: string; categories: string[] }[] = [];
    for (const [index, damage] of damages.entries()) {
      const pick = picks[index] as (typeof picks)[number];
      const name = pick.name.replace(/\.md$/, `-${damage.kind}.md`);
      await writeFile(path.join(postsDir, name), pick.text.replace(/^title: .*$/m, damage.line(pick.title)));
      const [, year, month, day, slug] = /^(\d{4})-(\d{2})-(\d{2})-(.+)\.md$/.exec(name) as RegExpExecArray;
      expected.push({
        name,
        headline: `_posts/${name}:${damage.at(pick.title)}: warning: repaired: value of \`title\` ${damage.message}`,
        title: damage.intended(pick.title).replaceAll("'", '&#39;'),
        url: `${[...pick.categories, year, month, day, slug].join('/')}/index.html`,
        categories: pick.categories,
      });
    }

    const { status, stderr } = runCli(['build', '-s', source], { timeout: 290_000 });
    expect(status, stderr).toBe(0);
    expect(headlines(stderr)).toEqual(expected.map((e) => e.headline).sort());
    expect(summaryOf(stderr)).toMatch(/^2003 posts, 0 pages, 3 warnings, 0 errors; /);
    const out = path.join(source, '_site');
    const files = await listFiles(out);
    // Every post page: /<categories>/YYYY/MM/DD/<slug>/index.html, one per post file.
    expect(files.filter((file) => /\/\d{4}\/\d{2}\/\d{2}\/[^/]+\/index\.html$/.test(file))).toHaveLength(2003);
    for (const post of expected) {
      expect(readText(out, post.url), post.name).toContain(`>${post.title}</h1>`);
      const categoryPages = files.filter((file) => post.categories.some((category) => file.startsWith(`categories/${category}/`)));
      const href = `/${post.url.replace(/index\.html$/, '')}`.split('/').map(encodeURIComponent).join('/');
      expect(
        categoryPages.some((file) => readText(out, file).includes(`href="${href}"`)),
        `${post.name} linked from its category pages`,
      ).toBe(true);
    }
  }, 300_000);
});

describe('unrecoverable YAML', () => {
  const headline = '_posts/2024-06-13-victim.md:4:1: error: invalid YAML in front matter: missed comma between flow collection entries';

  /** A good build of the fixture, then the victim post replaced by its broken version. */
  async function goodThenBroken() {
    const source = await copyFixture('bad/yaml-error');
    const out = path.join(path.dirname(source), 'out');
    const first = runCli(['build', '-s', source, '-d', out, '--no-cache']);
    expect(first.status, first.stderr).toBe(0);
    expect(existsSync(path.join(out, 'news/2024/06/13/victim/index.html'))).toBe(true);
    const before = await readTree(out);
    await copyFile(path.join(source, 'broken/2024-06-13-victim.md'), path.join(source, '_posts/2024-06-13-victim.md'));
    return { source, out, before };
  }

  it('exit 1, the error with its position, and the destination left exactly as it was', async () => {
    const { source, out, before } = await goodThenBroken();
    const { status, stderr } = runCli(['build', '-s', source, '-d', out, '--no-cache']);
    expect(status).toBe(1);
    expect(headlines(stderr)).toEqual([headline]);
    expect(stderr).toContain('> 4 | tags: x');
    expect(summaryOf(stderr)).toMatch(/^1 post, 0 pages, 0 warnings, 1 error; nothing was written \(the destination is unchanged\) in /);
    expect(treeDifferences(before, await readTree(out))).toEqual([]);
    expect(await readdir(out)).not.toContain('.gazette-staging');
  });

  it('--keep-going: exit 0, the site published without the failing post, the error still printed', async () => {
    const { source, out } = await goodThenBroken();
    const { status, stderr } = runCli(['build', '-s', source, '-d', out, '--no-cache', '--keep-going']);
    expect(status, stderr).toBe(0);
    expect(headlines(stderr)).toEqual([headline]);
    expect(summaryOf(stderr)).toMatch(/^1 post, 0 pages, 0 warnings, 1 error; \d+ files? written, \d+ unchanged, 1 removed in /);
    const files = await listFiles(out);
    expect(files).toContain(GOOD_POST);
    expect(files.filter((f) => f.includes('victim'))).toEqual([]);
    expect(readText(out, 'index.html')).not.toContain('victim');
  });
});

describe('files that are not posts', () => {
  it('no front matter in _posts: a warning, and the file is not copied', async () => {
    const { status, stderr, out } = await buildFixture('no-front-matter');
    expect(status, stderr).toBe(0);
    expect(headlines(stderr)).toEqual(['_posts/2024-06-12-plain.md:1:1: warning: no front matter: not a post, and not copied']);
    const files = await listFiles(out);
    expect(files.filter((f) => f.includes('plain') || f.includes('_posts'))).toEqual([]);
    expect(files).toContain(GOOD_POST);
  });

  it('an empty file: an error, exit 1', async () => {
    const { status, stderr, out } = await buildFixture('empty-file');
    expect(status).toBe(1);
    expect(headlines(stderr)).toEqual(['_posts/2024-06-12-empty.md:1:1: error: empty file']);
    expect(summaryOf(stderr)).toMatch(SUMMARY_FAILED);
    expect(existsSync(out)).toBe(false);
  });

  it('a binary file: an error (no position: the file has no lines), exit 1', async () => {
    const { status, stderr, out } = await buildFixture('binary');
    expect(status).toBe(1);
    expect(headlines(stderr)).toEqual(['_posts/2024-06-12-image.md: error: binary file, not a post']);
    expect(existsSync(out)).toBe(false);
  });
});

describe('encodings and line endings', () => {
  it('invalid UTF-8: a warning at the first bad byte, the post built with U+FFFD', async () => {
    const { status, stderr, out } = await buildFixture('invalid-utf8');
    expect(status, stderr).toBe(0);
    expect(headlines(stderr)).toEqual([
      '_posts/2024-06-12-broken-bytes.md:6:4: warning: invalid UTF-8 (first bad byte 0xC3) replaced with U+FFFD (2 invalid sequences in all)',
    ]);
    const html = readText(out, 'news/2024/06/12/broken-bytes/index.html');
    expect(html).toContain('>깨진 인코딩</h1>');
    expect(html).toContain('본문 \uFFFD( 그리고 \uFFFD 끝');
  });

  it('a BOM and CRLF line endings build normally, with no diagnostics', async () => {
    const { status, stderr, out } = await buildFixture('bom-crlf');
    expect(status, stderr).toBe(0);
    expect(headlines(stderr)).toEqual([]);
    expect(summaryOf(stderr)).toMatch(/^2 posts, 0 pages, 0 warnings, 0 errors; /);
    const bom = readText(out, 'news/2024/06/12/bom/index.html');
    expect(bom).toContain('>BOM 기사</h1>');
    expect(bom).toContain('BOM으로 시작하는 글.');
    expect(bom).not.toContain('\uFEFF');
    const crlf = readText(out, 'news/2024/06/13/crlf/index.html');
    expect(crlf).toContain('>CRLF 기사</h1>');
    expect(crlf).toContain('<p>CRLF 줄바꿈 글.</p>');
    expect(crlf).not.toContain('\r');
  });
});

describe('front matter values', () => {
  it('a date that does not exist (2024-13-45 in the filename): an error', async () => {
    const { status, stderr, out } = await buildFixture('bad-date');
    expect(status).toBe(1);
    expect(headlines(stderr)).toEqual(['_posts/2024-13-45-bad-date.md:1:1: error: the date in the filename does not exist: 2024-13-45']);
    expect(existsSync(out)).toBe(false);
  });

  it('categories as a mapping: an error on the categories line', async () => {
    const { status, stderr } = await buildFixture('categories-mapping');
    expect(status).toBe(1);
    expect(headlines(stderr)).toEqual(['_posts/2024-06-12-mapping.md:3:1: error: `categories` must be a list or a space-separated string, not a mapping']);
  });

  it('a title that is a number: coerced to text, no diagnostic', async () => {
    const { status, stderr, out } = await buildFixture('numeric-title');
    expect(status, stderr).toBe(0);
    expect(headlines(stderr)).toEqual([]);
    expect(readText(out, 'news/2024/06/12/number/index.html')).toContain('>2024</h1>');
  });
});

describe('URLs', () => {
  it('two posts mapping to the same URL: one error naming both files', async () => {
    const { status, stderr, out } = await buildFixture('duplicate-url');
    expect(status).toBe(1);
    expect(headlines(stderr)).toEqual([
      '_posts/2024-06-12-first.md:1:1: error: _posts/2024-06-12-first.md and _posts/2024-06-13-second.md both map to the URL /same-url/',
    ]);
    expect(existsSync(out)).toBe(false);
  });

  it('permalink: /../../x/ is an error, and nothing is written outside the destination even with --keep-going', async () => {
    const failed = await buildFixture('permalink-escape');
    expect(failed.status).toBe(1);
    expect(headlines(failed.stderr)).toEqual(['_posts/2024-06-12-escape.md:3:1: error: the permalink "/../../x/" leads outside the site (too many "..")']);

    const dir = await tempDir('escape');
    const out = path.join(dir, 'a', 'b', 'out');
    const kept = runCli(['build', '-s', bad('permalink-escape'), '-d', out, '--no-cache', '--keep-going']);
    expect(kept.status, kept.stderr).toBe(0);
    expect(headlines(kept.stderr)).toEqual(headlines(failed.stderr));
    expect(await readdir(dir)).toEqual(['a']);
    expect(await readdir(path.join(dir, 'a'))).toEqual(['b']);
    expect(await readdir(path.join(dir, 'a', 'b'))).toEqual(['out']);
    const files = await listFiles(out);
    expect(files).toContain(GOOD_POST);
    expect(files.filter((f) => f.startsWith('x/') || f.includes('escape'))).toEqual([]);
  });
});

describe('URLs that cannot be file paths', () => {
  const expected = [
    '_posts/2024-06-12-backslash.md:1:1: error: the URL /a\\/\\/\\escape\\ cannot be written as a file: it contains a backslash',
    `_posts/2024-06-13-long-slug.md:1:1: error: the URL /2024/06/13/${'y'.repeat(105)}… cannot be written as a file: one of its names is 300 bytes long (at most 255)`,
    '_posts/2024-06-14-category.md:1:1: error: the category "a\\b" cannot be part of a file name: it contains a backslash',
  ];

  it('a backslash, a name over 255 bytes, a category with a backslash: one error each, not a crash', async () => {
    const { status, stderr, out } = await buildFixture('unwritable-paths');
    expect(stderr).not.toContain('internal error');
    expect(status).toBe(1);
    expect(headlines(stderr)).toEqual(expected);
    expect(existsSync(out)).toBe(false);
  });

  it('--keep-going publishes the rest, inside the destination', async () => {
    const dir = await tempDir('unwritable');
    const out = path.join(dir, 'out');
    const { status, stderr } = runCli(['build', '-s', bad('unwritable-paths'), '-d', out, '--no-cache', '--keep-going']);
    expect(stderr).not.toContain('internal error');
    expect(status, stderr).toBe(0);
    expect(headlines(stderr)).toEqual(expected);
    expect(await readdir(dir)).toEqual(['out']);
    const files = await listFiles(out);
    expect(files).toContain(GOOD_POST);
    expect(files).toContain('2024/06/14/category/index.html');
    expect(files.filter((f) => f.includes('\\') || f.includes('yyyy') || f.includes('escape'))).toEqual([]);
  });
});

describe('size, permissions and links', () => {
  it('a 10 MB post builds when max_post_size allows it', async () => {
    const source = await copyFixture('bad/minimal');
    const paragraph = '<p>대용량 기사 본문입니다. <b><span style="color: #ee2323;">강조</span></b> 문장이 반복됩니다.</p>\n\n';
    const head = '---\ntitle: 아주 큰 기사\ncategories: [News]\n---\n\n';
    const text = head + paragraph.repeat(Math.ceil((10 * 1024 * 1024) / Buffer.byteLength(paragraph)));
    expect(Buffer.byteLength(text)).toBeGreaterThanOrEqual(10 * 1024 * 1024);
    await writeFile(path.join(source, '_posts', '2024-06-12-huge.md'), text);
    // Above the default max_post_size (2 MB): raised for this post.
    const config = path.join(source, '_config.yml');
    await writeFile(config, `${await readFile(config, 'utf8')}max_post_size: 16MB\n`);
    const out = path.join(path.dirname(source), 'out');
    const { status, stderr } = runCli(['build', '-s', source, '-d', out, '--no-cache'], { timeout: 290_000 });
    expect(status, stderr).toBe(0);
    expect(headlines(stderr)).toEqual([]);
    const html = readText(out, 'news/2024/06/12/huge/index.html');
    expect(html).toContain('>아주 큰 기사</h1>');
    expect(Buffer.byteLength(html)).toBeGreaterThan(10_000_000);
  }, 300_000);

  /**
   * Permission bits do not stop root, and the tests (CI's too) run as root:
   * then the CLI runs as `nobody`, in a temp folder opened up for it, so an
   * unreadable file is unreadable.
   */
  const asUnprivileged = async (source: string) => {
    if (process.getuid?.() !== 0) return {};
    await chmod(path.dirname(source), 0o777);
    return { as: { uid: 65534, gid: 65534 } };
  };

  it('an unreadable post (chmod 000): an error naming it', async () => {
    const source = await copyFixture('bad/minimal');
    const secret = path.join(source, '_posts', '2024-06-12-secret.md');
    await copyFile(path.join(source, '_posts', '2024-06-01-good.md'), secret);
    await chmod(secret, 0o000);
    try {
      const { status, stderr } = runCli(['build', '-s', source, '-d', path.join(path.dirname(source), 'out'), '--no-cache'], await asUnprivileged(source));
      expect(status, stderr).toBe(1);
      expect(headlines(stderr)).toEqual(['_posts/2024-06-12-secret.md: error: permission denied: cannot read this post']);
    } finally {
      await chmod(secret, 0o644);
    }
  });

  it('an unreadable static file: a warning, not a crash', async () => {
    const source = await copyFixture('bad/minimal');
    const locked = path.join(source, 'locked.css');
    await writeFile(locked, 'a {}\n');
    await chmod(locked, 0o000);
    try {
      const out = path.join(path.dirname(source), 'out');
      const { status, stderr } = runCli(['build', '-s', source, '-d', out, '--no-cache'], await asUnprivileged(source));
      expect(status, stderr).toBe(0);
      expect(headlines(stderr)).toEqual(['locked.css: warning: cannot read this file (permission denied); not copied']);
      expect(await listFiles(out)).not.toContain('locked.css');
    } finally {
      await chmod(locked, 0o644);
    }
  });

  it('symlink loops under the source: a warning each, and the build completes', async () => {
    const source = await copyFixture('bad/minimal');
    await symlink('..', path.join(source, '_posts', 'loop'));
    await symlink('.', path.join(source, 'selfloop'));
    await symlink('ping', path.join(source, 'pong'));
    await symlink('pong', path.join(source, 'ping'));
    const out = path.join(path.dirname(source), 'out');
    const { status, stderr } = runCli(['build', '-s', source, '-d', out, '--no-cache']);
    expect(status, stderr).toBe(0);
    expect(headlines(stderr)).toEqual([
      '_posts/loop: warning: symlink loop, skipped',
      'ping: warning: symlink loop, skipped',
      'pong: warning: symlink loop, skipped',
      'selfloop: warning: symlink loop, skipped',
    ]);
    expect(summaryOf(stderr)).toMatch(/^1 post, 0 pages, 4 warnings, 0 errors; /);
    expect(await listFiles(out)).toContain(GOOD_POST);
  });
});

describe('destinations', () => {
  it('the source itself, a folder containing it, or a folder inside an input: exit 2, nothing written', async () => {
    const source = await copyFixture('bad/minimal');
    const parent = path.dirname(source);
    const before = await readTree(parent);
    const refusals: [string, RegExp][] = [
      [source, /^gazette: the destination .* is the source folder$/m],
      [parent, /^gazette: the destination .* contains the source folder .*$/m],
      [path.join(source, '_posts', 'out'), /^gazette: the destination .* is inside the source's _posts, which the build reads$/m],
    ];
    for (const [destination, message] of refusals) {
      const { status, stderr, stdout } = runCli(['build', '-s', source, '-d', destination]);
      expect(status, destination).toBe(2);
      expect(stderr).toMatch(message);
      expect(stderr).toMatch(/^ {2}hint: /m);
      expect(stdout).toBe('');
    }
    expect(treeDifferences(before, await readTree(parent))).toEqual([]);
    expect(existsSync(path.join(source, '.gazette-cache'))).toBe(false);
    expect(existsSync(path.join(source, '_posts', 'out'))).toBe(false);
  });

  it('a non-empty folder gazette did not create: exit 2 unless --force; with --force the foreign files are left alone', async () => {
    const dir = await tempDir('foreign');
    const out = path.join(dir, 'out');
    await mkdir(path.join(out, 'old'), { recursive: true });
    await writeFile(path.join(out, 'mine.txt'), 'not gazette’s\n');
    await writeFile(path.join(out, 'old', 'page.html'), '<p>old site</p>\n');
    const foreign = await readTree(out);

    const refused = runCli(['build', '-s', bad('minimal'), '-d', out, '--no-cache']);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(/^gazette: the destination .*out is not empty and gazette did not create it$/m);
    expect(refused.stderr).toContain('hint: --force builds into it anyway; files gazette did not write are left alone');
    expect(treeDifferences(foreign, await readTree(out))).toEqual([]);

    const forced = runCli(['build', '-s', bad('minimal'), '-d', out, '--no-cache', '--force']);
    expect(forced.status, forced.stderr).toBe(0);
    const files = await listFiles(out);
    expect(files).toContain(GOOD_POST);
    expect(files).toEqual(expect.arrayContaining(['mine.txt', 'old/page.html']));
    for (const [file, bytes] of foreign) expect((await readTree(out)).get(file)?.equals(bytes), file).toBe(true);

    // Now gazette's (it has a manifest): no --force needed, and a rebuild that removes a post still spares them.
    const source = await copyFixture('bad/minimal');
    await copyFile(path.join(source, '_posts/2024-06-01-good.md'), path.join(source, '_posts/2024-06-02-second.md'));
    expect(runCli(['build', '-s', source, '-d', out, '--no-cache']).status).toBe(0);
    expect(existsSync(path.join(out, 'news/2024/06/02/second/index.html'))).toBe(true);
    const again = runCli(['build', '-s', bad('minimal'), '-d', out, '--no-cache']);
    expect(again.status, again.stderr).toBe(0);
    expect(existsSync(path.join(out, 'news/2024/06/02/second/index.html'))).toBe(false);
    for (const [file, bytes] of foreign) expect((await readTree(out)).get(file)?.equals(bytes), file).toBe(true);
  });
});

describe('a failing build never writes the source', () => {
  /** The source's files and bytes, without the parse cache (the one thing a build may write there). */
  const sourceTree = async (dir: string) => new Map([...(await readTree(dir))].filter(([file]) => !file.startsWith('.gazette-cache/')));

  it.each([
    ['bad-date', []],
    ['empty-file', []],
    ['binary', []],
    ['categories-mapping', []],
    ['duplicate-url', []],
    ['permalink-escape', []],
    ['unwritable-paths', []],
    ['js-front-matter', []],
    ['three-broken', []],
    ['repair-quotes', ['--strict']],
  ])('%s %j: exit 1, the source tree hashes the same before and after (cache on)', async (name, flags) => {
    const source = await copyFixture(`bad/${name}`);
    const before = await sourceTree(source);
    const out = path.join(path.dirname(source), 'out');
    const { status, stderr } = runCli(['build', '-s', source, '-d', out, ...flags]);
    expect(status, stderr).toBe(1);
    expect(treeDifferences(before, await sourceTree(source))).toEqual([]);
  });
});

describe('reporting', () => {
  it('all problems of a build together, sorted by file, then one summary line', async () => {
    const { status, stderr } = await buildFixture('three-broken');
    expect(status).toBe(1);
    expect(headlines(stderr)).toEqual([
      '_posts/2024-06-10-bad-yaml.md:2:1: error: invalid YAML in front matter: unexpected end of the stream within a flow collection',
      '_posts/2024-06-11-empty.md:1:1: error: empty file',
      '_posts/2024-06-12-mapping.md:3:1: error: `categories` must be a list or a space-separated string, not a mapping',
    ]);
    const summaries = stderr.split('\n').filter((line) => SUMMARY_FAILED.test(line) || SUMMARY_OK.test(line));
    expect(summaries).toHaveLength(1);
    expect(summaries[0]).toMatch(/^1 post, 0 pages, 0 warnings, 3 errors; nothing was written/);
    expect(summaryOf(stderr)).toBe(summaries[0]);
  });
});

describe('nothing in a post is evaluated', () => {
  it('---js front matter is an error, and its code never runs (CLI and library)', async () => {
    const cwd = await tempDir('js-cwd');
    const out = path.join(cwd, 'out');
    const { status, stderr } = runCli(['build', '-s', bad('js-front-matter'), '-d', out, '--no-cache', '--keep-going'], { cwd });
    expect(status, stderr).toBe(0);
    expect(headlines(stderr)).toEqual(['_posts/2024-06-12-js.md:1:4: error: JavaScript front matter is not allowed: nothing in a post is evaluated']);
    // The front matter would have written this marker file into the working folder.
    expect(existsSync(path.join(cwd, 'GAZETTE_PWNED'))).toBe(false);
    expect(existsSync(path.join(bad('js-front-matter'), 'GAZETTE_PWNED'))).toBe(false);
    const files = await listFiles(out);
    expect(files.filter((f) => f.includes('2024/06/12/') || f.includes('pwned'))).toEqual([]);
    // Template syntax in a body is text.
    expect(readText(out, 'news/2024/06/02/template/index.html')).toContain('계산: {{ 7 * 7 }} 조건: {% if true %}참{% endif %} 변수: {{ site.title }}');

    const result = await build({ source: bad('js-front-matter'), destination: path.join(cwd, 'lib-out'), jobs: 1, cache: false });
    expect(result.ok).toBe(false);
    expect(result.diagnostics.map((d) => `${d.file}:${d.line}:${d.column}: ${d.severity}`)).toEqual(['_posts/2024-06-12-js.md:1:4: error']);
    expect((globalThis as { __gazettePwned?: unknown }).__gazettePwned).toBeUndefined();
    expect(existsSync(path.join(cwd, 'GAZETTE_PWNED'))).toBe(false);
    expect(existsSync(path.join(process.cwd(), 'GAZETTE_PWNED'))).toBe(false);
  });
});
