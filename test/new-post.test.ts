/**
 * `gazette new`: the file name and front matter planned from the title, the
 * clock and the site's zone (pure), and the command run from dist/: never
 * overwriting, drafts, categories, config errors as build reports them, and
 * the URL it prints being the one the build writes the post at.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { parseFrontMatter } from '../src/content/front-matter.js';
import { planNewPost } from '../src/new-post.js';
import { assertBuilt, cleanTemp, headlines, runCli, tempDir } from './helpers/site.js';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

beforeAll(() => assertBuilt());
afterAll(() => cleanTemp());

const NOT_DRAFT: { categories: readonly string[]; draft: boolean } = { categories: [], draft: false };

/** The planned file, failing the test on a usage error. */
function plan(title: string, zone: string, now: Date, request: Partial<typeof NOT_DRAFT> = {}) {
  const planned = planNewPost({ title, ...NOT_DRAFT, ...request }, { timezone: zone }, now);
  if ('usage' in planned) throw new Error(planned.usage.message);
  return planned;
}

describe('planNewPost', () => {
  // 15:30 UTC on 12 June is 00:30 on the 13th in Seoul, and 08:30 on the 12th in Los Angeles.
  const nearMidnight = new Date('2024-06-12T15:30:00Z');

  it('dates the file and the front matter by the site zone, not UTC', () => {
    const seoul = plan('Night shift', 'Asia/Seoul', nearMidnight);
    expect(seoul.path).toBe('_posts/2024-06-13-night-shift.md');
    expect(seoul.text).toContain('\ndate: 2024-06-13 00:30:00 +0900\n');
    const utc = plan('Night shift', 'UTC', nearMidnight);
    expect(utc.path).toBe('_posts/2024-06-12-night-shift.md');
    expect(utc.text).toContain('\ndate: 2024-06-12 15:30:00 +0000\n');
    expect(plan('Night shift', 'America/Los_Angeles', nearMidnight).text).toContain('\ndate: 2024-06-12 08:30:00 -0700\n');
  });

  it('writes every front matter key in order, then an empty body line', () => {
    const { text } = plan('A', 'UTC', nearMidnight, { categories: ['News'] });
    const lines = ['---', 'title: "A"', 'date: 2024-06-12 15:30:00 +0000', 'categories: ["News"]', "excerpt: ''", "feature_text: ''", "image: ''", '---'];
    expect(text).toBe(`${lines.join('\n')}\n\n`);
  });

  it('titles with YAML syntax in them read back as written', () => {
    const titles = [
      '속보: "결과" 발표',
      "It's a 'quote': \"double\" too",
      '- [x] #1 {not: a map} & *not an alias',
      'back\\slash \\n stays',
      '2024',
      'true',
      '@ at ` tick | pipe > fold %',
    ];
    for (const title of titles) {
      const planned = plan(title, 'UTC', nearMidnight, { categories: ['a: b', '"q"'] });
      const front = parseFrontMatter(planned.text, planned.path);
      expect(front.diagnostics, title).toEqual([]);
      expect(front.data['title'], title).toBe(title);
      expect(front.data['categories'], title).toEqual(['a: b', '"q"']);
      expect(front.data['excerpt']).toBe('');
    }
  });

  it('keeps Hangul in the slug and puts a title of several lines on one', () => {
    const planned = plan('  서울 시장\n선거 (1보)  ', 'Asia/Seoul', nearMidnight);
    expect(planned.path).toBe('_posts/2024-06-13-서울-시장-선거-1보.md');
    expect(parseFrontMatter(planned.text, planned.path).data['title']).toBe('서울 시장 선거 (1보)');
  });

  it('names a draft by its slug alone', () => {
    expect(plan('Draft Me', 'Asia/Seoul', nearMidnight, { draft: true }).path).toBe('_drafts/draft-me.md');
  });

  it('cuts a long slug to fit a file name, at a hyphen', () => {
    const planned = plan('가나다라마바 '.repeat(30), 'UTC', nearMidnight);
    const name = path.posix.basename(planned.path);
    expect(Buffer.byteLength(name)).toBeLessThanOrEqual(255);
    expect(name).toMatch(/^2024-06-12-(가나다라마바-)*가나다라마바\.md$/);
  });

  it('refuses an empty title and one without letters or digits', () => {
    for (const title of ['', '   ', '?!…']) expect(planNewPost({ title, ...NOT_DRAFT }, { timezone: 'UTC' }, nearMidnight)).toHaveProperty('usage');
  });
});

/** A fresh site folder with this config. */
async function site(config = 'title: Test\ntimezone: Asia/Seoul\n'): Promise<string> {
  const dir = path.join(await tempDir('new-post'), 'site');
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, '_config.yml'), config);
  return dir;
}

/** The `created` and `url:` lines of a successful run. */
function printed(stdout: string): { file: string; url: string } {
  const file = /^created (.+)$/m.exec(stdout)?.[1];
  const url = /^url: (\S.*?)(?: \(a draft: built with --drafts\))?$/m.exec(stdout)?.[1];
  if (file === undefined || url === undefined) throw new Error(`unexpected output: ${stdout}`);
  return { file, url };
}

describe('gazette new', () => {
  it('writes a Korean title under a Korean slug, and refuses the same title again without touching the file', async () => {
    const dir = await site();
    const first = runCli(['new', '서울 시장 선거', '-s', dir]);
    expect(first.status).toBe(0);
    const { file } = printed(first.stdout);
    expect(path.basename(file)).toMatch(/^\d{4}-\d{2}-\d{2}-서울-시장-선거\.md$/);
    const before = readFileSync(file);
    const again = runCli(['new', '서울 시장 선거', '-s', dir, '--category', 'X']);
    expect(again.status).toBe(1);
    expect(again.stdout).toBe('');
    expect(headlines(again.stderr)).toEqual([`_posts/${path.basename(file)}: error: already exists; not overwritten`]);
    expect(again.stderr).toContain('hint: ');
    expect(readFileSync(file).equals(before)).toBe(true);
    expect(readdirSync(path.join(dir, '_posts'))).toEqual([path.basename(file)]);
  });

  it('writes a title with a colon and quotes that reads back, with each --category', async () => {
    const dir = await site();
    const title = 'Breaking: "quoted" and \'single\'';
    const run = runCli(['new', title, '--category', '정치', '-c', 'Tech News', '-s', dir]);
    expect(run.status).toBe(0);
    const { file } = printed(run.stdout);
    const front = parseFrontMatter(readFileSync(file, 'utf8'), file);
    expect(front.diagnostics).toEqual([]);
    expect(front.data).toMatchObject({ title, categories: ['정치', 'Tech News'], excerpt: '', feature_text: '', image: '' });
    expect(front.data['date']).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} \+0900$/);
  });

  it('prints the URLs the build writes the post and the draft at', async () => {
    const dir = await site('title: Test\ntimezone: Asia/Seoul\nbaseurl: ""\n');
    const post = printed(runCli(['new', '속보: 시장 "당선"', '-c', '정치', '-c', 'Tech News', '-s', dir]).stdout);
    const draft = printed(runCli(['new', 'Draft Story', '--draft', '-s', dir]).stdout);
    expect(draft.file).toBe(path.join(dir, '_drafts', 'draft-story.md'));
    expect(post.url).toMatch(/^\/정치\/tech news\/\d{4}\/\d{2}\/\d{2}\/속보-시장-당선\.html$/);
    const out = path.join(path.dirname(dir), 'out');
    const built = runCli(['build', '-s', dir, '-d', out, '--drafts', '--no-cache']);
    expect(built.status).toBe(0);
    for (const { url } of [post, draft]) expect(existsSync(path.join(out, ...url.split('/'))), url).toBe(true);
  });

  it('a broken _config.yml: the diagnostics build gives, exit 1, nothing written', async () => {
    const dir = await site('title: [unclosed\ntimezone: Mars/Olympus\n');
    const made = runCli(['new', 'Anything', '-s', dir]);
    const built = runCli(['build', '-s', dir, '-d', path.join(path.dirname(dir), 'out'), '--no-cache']);
    expect(made.status).toBe(1);
    expect(headlines(made.stderr).length).toBeGreaterThan(0);
    expect(headlines(made.stderr)).toEqual(headlines(built.stderr));
    expect(existsSync(path.join(dir, '_posts'))).toBe(false);
  });

  it('usage errors exit 2: an empty title, no title, a missing site folder', async () => {
    const dir = await site();
    for (const args of [
      ['new', '', '-s', dir],
      ['new', '-s', dir],
      ['new', 'x', '-s', path.join(dir, 'missing')],
      ['new', 'a', 'b', '-s', dir],
    ]) {
      const run = runCli(args);
      expect(run.status, args.join(' ')).toBe(2);
      expect(run.stderr, args.join(' ')).toMatch(/^gazette: /);
    }
    expect(existsSync(path.join(dir, '_posts'))).toBe(false);
  });

  it('new --help prints its own options; --help lists new', () => {
    const own = runCli(['new', '--help']);
    expect(own.status).toBe(0);
    for (const flag of ['-s, --source DIR', '-c, --category NAME', '--draft']) expect(own.stdout).toContain(flag);
    expect(own.stdout).not.toContain('--destination');
    expect(runCli(['--help']).stdout).toMatch(/^ {2}gazette new "TITLE"/m);
  });
});
