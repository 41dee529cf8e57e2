import { chmod, cp, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Diagnostic } from '../src/diagnostics.js';
import { injectLiveClient, LIVE_CLIENT_SOURCE, liveScriptTag } from '../src/serve/live-client.js';

/** The tag 404 pages get before any rebuild. */
const LIVE_SCRIPT_TAG = liveScriptTag(0);

import { hostChecker, networkUrls } from '../src/serve/hosts.js';
import { type DevServer, type DevServerOptions, startDevServer } from '../src/serve/server.js';
import { contentTypeFor, parseRequestPath } from '../src/serve/static.js';

const FIXTURE = fileURLToPath(new URL('./fixtures/serve/', import.meta.url));
const HOST = '127.0.0.1';
const SECRET = 'TOP SECRET: outside the site folder';
/** 1000 bytes, each telling its offset apart from its neighbours'. */
const VIDEO = Buffer.from(Array.from({ length: 1000 }, (_, i) => (i * 7) % 256));
const VIDEO_PATH = `/media/${encodeURIComponent('영상 clip.mp4')}`;

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
  bytes: Buffer;
}

/** A raw request: the path goes on the wire exactly as given (no URL normalisation). */
function request(port: number, rawPath: string, method = 'GET', headers: http.OutgoingHttpHeaders = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: HOST, port, path: rawPath, method, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const bytes = Buffer.concat(chunks);
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: bytes.toString('utf8'), bytes });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

interface SseEvent {
  event: string;
  data: string;
}

interface EventStream {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly events: SseEvent[];
  /** Resolves with the first event named `name` after the `skip` already seen. */
  next(name: string, timeoutMs?: number): Promise<SseEvent>;
  ended(): Promise<void>;
  close(): void;
}

function openEvents(port: number): Promise<EventStream> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: HOST, port, path: '/__gazette/events', agent: false }, (res) => {
      const events: SseEvent[] = [];
      let consumed = 0;
      let buffer = '';
      const waiters = new Set<() => void>();
      let ended = false;
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffer += chunk;
        let at: number;
        while ((at = buffer.indexOf('\n\n')) !== -1) {
          const block = buffer.slice(0, at);
          buffer = buffer.slice(at + 2);
          let event = 'message';
          const data: string[] = [];
          for (const line of block.split('\n')) {
            if (line.startsWith('event: ')) event = line.slice(7);
            else if (line.startsWith('data: ')) data.push(line.slice(6));
          }
          if (data.length > 0) events.push({ event, data: data.join('\n') });
        }
        for (const wake of waiters) wake();
      });
      res.on('end', () => {
        ended = true;
        for (const wake of waiters) wake();
      });
      res.on('error', () => undefined);
      resolve({
        status: res.statusCode ?? 0,
        headers: res.headers,
        events,
        next(name, timeoutMs = 2000) {
          return new Promise((done, fail) => {
            const check = (): boolean => {
              const index = events.findIndex((e, i) => i >= consumed && e.event === name);
              if (index === -1) return false;
              consumed = index + 1;
              done(events[index] as SseEvent);
              return true;
            };
            if (check()) return;
            const timer = setTimeout(() => {
              waiters.delete(wake);
              fail(new Error(`no "${name}" event within ${timeoutMs} ms; got ${JSON.stringify(events)}`));
            }, timeoutMs);
            const wake = (): void => {
              if (check()) {
                clearTimeout(timer);
                waiters.delete(wake);
              }
            };
            waiters.add(wake);
          });
        },
        ended() {
          return new Promise((done) => {
            if (ended) return done();
            waiters.add(() => ended && done());
          });
        },
        close() {
          req.destroy();
        },
      });
    });
    req.on('error', reject);
  });
}

let tmp: string;
let site: string;
let server: DevServer;
const serveErrors: string[] = [];

async function start(extra: Partial<DevServerOptions> = {}): Promise<DevServer> {
  return startDevServer({
    root: site,
    host: HOST,
    port: 0,
    onError: (error, url) => serveErrors.push(`${url}: ${error.message}`),
    ...extra,
  });
}

const SAMPLE_TYPES: Record<string, string> = {
  html: 'text/html; charset=utf-8',
  css: 'text/css; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  mjs: 'text/javascript; charset=utf-8',
  json: 'application/json; charset=utf-8',
  xml: 'application/xml; charset=utf-8',
  svg: 'image/svg+xml; charset=utf-8',
  txt: 'text/plain; charset=utf-8',
  map: 'application/json; charset=utf-8',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  avif: 'image/avif',
  ico: 'image/x-icon',
  woff: 'font/woff',
  woff2: 'font/woff2',
};

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'gazette-serve-'));
  site = path.join(tmp, 'site');
  await cp(FIXTURE, site, { recursive: true });
  await writeFile(path.join(tmp, 'secret.txt'), SECRET);
  await mkdir(path.join(site, 'types'));
  for (const ext of Object.keys(SAMPLE_TYPES)) {
    await writeFile(path.join(site, 'types', `sample.${ext}`), `sample ${ext}`);
  }
  await mkdir(path.join(site, 'media'));
  await writeFile(path.join(site, 'media', '영상 clip.mp4'), VIDEO);
  await writeFile(path.join(site, 'media', 'empty.mp4'), '');
  await symlink(path.join(tmp, 'secret.txt'), path.join(site, 'leak.txt'));
  await symlink(tmp, path.join(site, 'outside'));
  await symlink(path.join(site, 'assets', 'style.css'), path.join(site, 'alias.css'));
  await symlink(path.join(site, '.gazette-manifest.json'), path.join(site, 'manifest.json'));
  await symlink('loop.html', path.join(site, 'loop.html'));
  server = await start();
});

afterAll(async () => {
  await server?.close();
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

describe('static files', () => {
  it('reports its url and port', () => {
    expect(server.port).toBeGreaterThan(0);
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/`);
  });

  it.each(Object.entries(SAMPLE_TYPES))('serves .%s as %s', async (ext, type) => {
    const reply = await request(server.port, `/types/sample.${ext}`);
    expect(reply.status).toBe(200);
    expect(reply.headers['content-type']).toBe(type);
  });

  it('serves feeds as XML and unknown types as octet-stream', async () => {
    expect((await request(server.port, '/feed.xml')).headers['content-type']).toMatch(/^application\/(atom\+)?xml; charset=utf-8$/);
    expect(contentTypeFor('archive.tar')).toBe('application/octet-stream');
    expect(contentTypeFor('PHOTO.JPG')).toBe('image/jpeg');
  });

  it('sends Cache-Control: no-store on files, misses and errors', async () => {
    for (const p of ['/', '/assets/style.css', '/nope', '/%E0%A4%A', '/__gazette/live.js']) {
      expect((await request(server.port, p)).headers['cache-control']).toBe('no-store');
    }
  });

  it('serves a folder as its index.html', async () => {
    const root = await request(server.port, '/');
    expect(root.status).toBe(200);
    expect(root.body).toContain('<h1>가제트 뉴스</h1>');
    const cat = await request(server.port, '/categories/%EA%B5%AD%EB%B0%A9/');
    expect(cat.status).toBe(200);
    expect(cat.body).toContain('국방 카테고리');
  });

  it('redirects a folder without its slash, keeping the encoding and the query', async () => {
    const reply = await request(server.port, '/categories/%EA%B5%AD%EB%B0%A9?page=2');
    expect(reply.status).toBe(301);
    expect(reply.headers.location).toBe('/categories/%EA%B5%AD%EB%B0%A9/?page=2');
  });

  it('never redirects to another host through an empty segment', async () => {
    const reply = await request(server.port, '//categories');
    expect(reply.status).toBe(301);
    expect(reply.headers.location).toBe('/categories/');
  });

  it('decodes percent-encoded Korean and spaces', async () => {
    const reply = await request(server.port, '/tech%20news/');
    expect(reply.status).toBe(200);
    expect(reply.body).toContain('<h1>tech news</h1>');
  });

  it('falls back to NAME.html for extensionless URLs, as Jekyll and GitHub Pages do', async () => {
    const reply = await request(server.port, '/2024/05/01/old-style-post');
    expect(reply.status).toBe(200);
    expect(reply.body).toContain('.html permalink');
  });

  it('answers 400 to malformed percent-encoding', async () => {
    expect((await request(server.port, '/%E0%A4%A')).status).toBe(400);
    expect((await request(server.port, '/categories/%ED%95')).status).toBe(400);
  });

  it("misses get the site's 404.html with status 404", async () => {
    const reply = await request(server.port, '/no/such/page/');
    expect(reply.status).toBe(404);
    expect(reply.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(reply.body).toContain('페이지를 찾을 수 없습니다');
    expect(reply.body).toContain(LIVE_SCRIPT_TAG);
  });

  it('misses get a small page of its own when the site has no 404.html', async () => {
    const bare = await mkdtemp(path.join(os.tmpdir(), 'gazette-bare-'));
    const other = await start({ root: bare });
    try {
      const reply = await request(other.port, '/<script>x</script>');
      expect(reply.status).toBe(404);
      expect(reply.body).toContain('404 Not Found');
      expect(reply.body).not.toContain('<script>x');
      expect(reply.body).toContain(LIVE_SCRIPT_TAG);
    } finally {
      await other.close();
      await rm(bare, { recursive: true, force: true });
    }
  });

  it('never lists a folder', async () => {
    const reply = await request(server.port, '/assets/');
    expect(reply.status).toBe(404);
    expect(reply.body).not.toContain('style.css');
  });

  it('a file URL with a trailing slash is a miss', async () => {
    expect((await request(server.port, '/assets/style.css/')).status).toBe(404);
  });

  it('answers HEAD with headers and no body', async () => {
    const reply = await request(server.port, '/assets/style.css', 'HEAD');
    expect(reply.status).toBe(200);
    expect(reply.headers['content-type']).toBe('text/css; charset=utf-8');
    expect(Number(reply.headers['content-length'])).toBeGreaterThan(0);
    expect(reply.body).toBe('');
  });

  it.each(['POST', 'PUT', 'DELETE', 'OPTIONS'])('answers %s with 405', async (method) => {
    const reply = await request(server.port, '/', method);
    expect(reply.status).toBe(405);
    expect(reply.headers.allow).toBe('GET, HEAD');
  });
});

describe('byte ranges (Safari plays <video> only from a server that answers them)', () => {
  const ranged = (range: string, method = 'GET', extra: http.OutgoingHttpHeaders = {}) => request(server.port, VIDEO_PATH, method, { Range: range, ...extra });

  it('a full GET is unchanged, and says ranges are accepted', async () => {
    const reply = await request(server.port, VIDEO_PATH);
    expect(reply.status).toBe(200);
    expect(reply.headers['accept-ranges']).toBe('bytes');
    expect(reply.headers['content-type']).toBe('video/mp4');
    expect(reply.headers['content-length']).toBe('1000');
    expect(reply.headers['content-range']).toBeUndefined();
    expect(reply.headers['cache-control']).toBe('no-store');
    expect(reply.bytes.equals(VIDEO)).toBe(true);
  });

  it.each([
    ['bytes=0-1', 0, 1],
    ['bytes=100-', 100, 999],
    ['bytes=-100', 900, 999],
    ['bytes=990-5000', 990, 999],
    ['bytes=-5000', 0, 999],
    ['BYTES=5-5', 5, 5],
  ])('%s → 206 with bytes %i-%i', async (range, start, end) => {
    const reply = await ranged(range);
    expect(reply.status).toBe(206);
    expect(reply.headers['content-range']).toBe(`bytes ${start}-${end}/1000`);
    expect(reply.headers['content-length']).toBe(String(end - start + 1));
    expect(reply.headers['content-type']).toBe('video/mp4');
    expect(reply.headers['cache-control']).toBe('no-store');
    expect(reply.bytes.equals(VIDEO.subarray(start, end + 1))).toBe(true);
  });

  it.each(['bytes=1000-', 'bytes=5000-6000', 'bytes=-0', 'bytes=9-3'])('%s → 416 with Content-Range: bytes */1000', async (range) => {
    const reply = await ranged(range);
    expect(reply.status).toBe(416);
    expect(reply.headers['content-range']).toBe('bytes */1000');
    expect(reply.headers['cache-control']).toBe('no-store');
  });

  it('an empty file has no satisfiable range', async () => {
    const reply = await request(server.port, '/media/empty.mp4', 'GET', { Range: 'bytes=0-' });
    expect(reply.status).toBe(416);
    expect(reply.headers['content-range']).toBe('bytes */0');
    expect((await request(server.port, '/media/empty.mp4')).headers['content-length']).toBe('0');
  });

  it('HEAD with a range answers the 206 headers and no body', async () => {
    const reply = await ranged('bytes=0-1', 'HEAD');
    expect(reply.status).toBe(206);
    expect(reply.headers['content-range']).toBe('bytes 0-1/1000');
    expect(reply.headers['content-length']).toBe('2');
    expect(reply.bytes.length).toBe(0);
  });

  it.each([
    ['several ranges', 'bytes=0-1,5-6', {}],
    ['another unit', 'items=0-1', {}],
    ['malformed', 'bytes=a-b', {}],
    ['If-Range (the preview gives no validator it could match)', 'bytes=0-1', { 'If-Range': '"x"' }],
  ])('%s: the whole file with 200', async (_, range, extra) => {
    const reply = await ranged(range, 'GET', extra);
    expect(reply.status).toBe(200);
    expect(reply.bytes.equals(VIDEO)).toBe(true);
  });

  it('pages are answered whole, with the live client, whatever the range', async () => {
    const reply = await request(server.port, '/', 'GET', { Range: 'bytes=0-1' });
    expect(reply.status).toBe(200);
    expect(reply.headers['accept-ranges']).toBeUndefined();
    expect(reply.body).toContain(liveScriptTag(0, 'index.html'));
  });

  it('a range never opens a file outside the root', async () => {
    for (const attempt of ['/leak.txt', '/outside/secret.txt', '/%2e%2e/secret.txt']) {
      const reply = await request(server.port, attempt, 'GET', { Range: 'bytes=0-3' });
      expect([400, 403, 404]).toContain(reply.status);
      expect(reply.body).not.toContain('TOP ');
    }
  });
});

describe('never a file outside the root', () => {
  it.each([
    '/../secret.txt',
    '/assets/../../secret.txt',
    '/%2e%2e/secret.txt',
    '/%2E%2E/secret.txt',
    '/..%2fsecret.txt',
    '/assets%2f..%2f..%2fsecret.txt',
    '/..%5csecret.txt',
    '/..\\secret.txt',
    '/assets/..%5c..%5csecret.txt',
    '/secret.txt%00.html',
    '/leak.txt',
    '/outside/secret.txt',
    '/outside/',
    '/outside',
  ])('refuses %s', async (attempt) => {
    const reply = await request(server.port, attempt);
    expect([400, 403, 404]).toContain(reply.status);
    expect(reply.body).not.toContain(SECRET);
  });

  it('follows symlinks that stay inside the root', async () => {
    const reply = await request(server.port, '/alias.css');
    expect(reply.status).toBe(200);
    expect(reply.body).toContain('Noto Sans KR');
  });

  it.each(['/.gazette-manifest.json', '/.gazette-staging/', '/.gazette-staging/index.html', '/%2egazette-manifest.json', '/manifest.json'])(
    'does not serve the dotfile path %s',
    async (attempt) => {
      const reply = await request(server.port, attempt);
      expect([403, 404]).toContain(reply.status);
      expect(reply.body).not.toContain('deadbeef');
      expect(reply.body).not.toContain('staging, never served');
    },
  );

  it('parses request paths without ever producing a climbing segment', () => {
    expect(parseRequestPath('/a/./b//c/?q=1', [])).toEqual({
      kind: 'site',
      path: { segments: ['a', 'b', 'c'], trailingSlash: true },
    });
    expect(parseRequestPath('/a/%2e%2e/b', []).kind).toBe('bad-request');
    expect(parseRequestPath('/a%00b', []).kind).toBe('bad-request');
    expect(parseRequestPath('*', []).kind).toBe('bad-request');
  });
});

describe('errors while serving', () => {
  it('answers 500 and keeps running', async () => {
    serveErrors.length = 0;
    const reply = await request(server.port, '/loop.html');
    expect(reply.status).toBe(500);
    expect(serveErrors.join('\n')).toMatch(/ELOOP/);
    expect((await request(server.port, '/')).status).toBe(200);
  });

  it.skipIf(process.getuid?.() === 0)('answers 500 to an unreadable file (EACCES)', async () => {
    const locked = path.join(site, 'locked.html');
    await writeFile(locked, '<p>locked</p>');
    await chmod(locked, 0o000);
    try {
      expect((await request(server.port, '/locked.html')).status).toBe(500);
      expect((await request(server.port, '/')).status).toBe(200);
    } finally {
      await chmod(locked, 0o644);
    }
  });
});

describe('live client injection', () => {
  it('injects the script tag before </body> of HTML pages', async () => {
    const reply = await request(server.port, '/');
    expect(reply.body).toContain(`${liveScriptTag(0, 'index.html')}</body>`);
    expect(reply.body.match(/__gazette\/live\.js/g)).toHaveLength(1);
    expect(Number(reply.headers['content-length'])).toBe(Buffer.byteLength(reply.body));
  });

  it('matches </BODY> in any case and appends when there is none', async () => {
    expect((await request(server.port, '/tech%20news/')).body).toContain(`${liveScriptTag(0, 'tech news/index.html')}</BODY>`);
    expect((await request(server.port, '/fragment.html')).body.trimEnd().endsWith(liveScriptTag(0, 'fragment.html'))).toBe(true);
  });

  it('leaves non-HTML responses and the built files alone', async () => {
    for (const p of ['/assets/style.css', '/assets/app.js', '/feed.xml', '/types/sample.json']) {
      expect((await request(server.port, p)).body).not.toContain('__gazette');
    }
    const { readFile } = await import('node:fs/promises');
    expect(await readFile(path.join(site, 'index.html'), 'utf8')).not.toContain('__gazette');
  });

  it('keeps the page bytes intact around the tag', () => {
    const page = Buffer.from('<p>한국어</p></body></html>', 'utf8');
    expect(injectLiveClient(page, 0).toString('utf8')).toBe(`<p>한국어</p>${LIVE_SCRIPT_TAG}</body></html>`);
  });

  it('names the file a page was served from in its tag, %-encoded, and none on a 404 page', async () => {
    const category = await request(server.port, '/categories/%EA%B5%AD%EB%B0%A9/');
    expect(category.body).toContain('data-gazette-file="categories%2F%EA%B5%AD%EB%B0%A9%2Findex.html"');
    expect((await request(server.port, '/2024/05/01/old-style-post')).body).toContain(
      `data-gazette-file="${encodeURIComponent('2024/05/01/old-style-post.html')}"`,
    );
    expect((await request(server.port, '/no/such/page/')).body).not.toContain('data-gazette-file');
    expect(liveScriptTag(3, 'a "b" <c>&.html')).not.toMatch(/"b"|<c>|&\./);
  });

  it('serves the client as same-origin JavaScript that never uses innerHTML', async () => {
    const reply = await request(server.port, '/__gazette/live.js');
    expect(reply.status).toBe(200);
    expect(reply.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(reply.body).toBe(LIVE_CLIENT_SOURCE);
    expect(reply.body).toContain('/__gazette/events');
    expect(reply.body).toContain('textContent');
    expect(reply.body).not.toMatch(/innerHTML|insertAdjacentHTML|document\.write|eval\(/);
    expect(() => new Function(reply.body)).not.toThrow();
  });
});

describe('live reload events', () => {
  const diagnostics: Diagnostic[] = [
    {
      file: '_posts/2024-05-01-x.md',
      line: 3,
      column: 8,
      severity: 'error',
      message: 'bad <b>YAML</b> "quote"',
      hint: 'Close the quote.',
    },
    { file: '_config.yml', severity: 'warning', message: 'unknown key' },
  ];

  it('opens an event stream that says hello', async () => {
    const stream = await openEvents(server.port);
    try {
      expect(stream.status).toBe(200);
      expect(stream.headers['content-type']).toBe('text/event-stream; charset=utf-8');
      expect(stream.headers['cache-control']).toBe('no-store');
      const hello = await stream.next('hello');
      expect(typeof JSON.parse(hello.data)).toBe('string');
    } finally {
      stream.close();
    }
  });

  it('counts builds: a page carries the count it was served at, a new stream is told the current one', async () => {
    const before = await openEvents(server.port);
    let count: number;
    try {
      await before.next('hello');
      count = JSON.parse((await before.next('build')).data) as number;
      expect((await request(server.port, '/')).body).toContain(liveScriptTag(count, 'index.html'));
      server.reload(['index.html']);
      await before.next('reload');
    } finally {
      before.close();
    }
    // A page opened before that build whose stream connects after it compares the two and reloads.
    const after = await openEvents(server.port);
    try {
      await after.next('hello');
      expect(JSON.parse((await after.next('build')).data)).toBe(count + 1);
      expect((await request(server.port, '/')).body).toContain(liveScriptTag(count + 1, 'index.html'));
    } finally {
      after.close();
    }
    expect(LIVE_CLIENT_SOURCE).toContain("addEventListener('build'");
  });

  it('sends the changed files with the build they came from; scripts, images, fonts and removals reach every page', async () => {
    const stream = await openEvents(server.port);
    try {
      await stream.next('hello');
      const build = JSON.parse((await stream.next('build')).data) as number;
      const next = async () => JSON.parse((await stream.next('reload')).data) as unknown;
      server.reload(['a.html', 'feed.xml', 'search.json']);
      expect(await next()).toEqual({ build: build + 1, files: ['a.html', 'feed.xml', 'search.json'], all: false });
      server.reload(['assets/x.css', 'assets/Y.CSS']);
      expect(await next()).toEqual({ build: build + 2, files: ['assets/x.css', 'assets/Y.CSS'], all: false });
      for (const asset of ['assets/app.js', 'img/사진.JPG', 'fonts/a.woff2', 'video/clip.mp4']) {
        server.reload(['a/index.html', asset]);
        expect(await next(), asset).toMatchObject({ all: true });
      }
      server.reload(['a/index.html'], { removed: true });
      expect(await next()).toMatchObject({ files: ['a/index.html'], all: true });
      server.reload([]);
      expect(await next()).toMatchObject({ files: [], all: true });
    } finally {
      stream.close();
    }
  });

  it('broadcasts errors as JSON, replays them to new pages, and clears them', async () => {
    const first = await openEvents(server.port);
    try {
      await first.next('hello');
      server.showErrors(diagnostics);
      const sent = JSON.parse((await first.next('errors')).data) as unknown;
      expect(sent).toEqual([
        {
          file: '_posts/2024-05-01-x.md',
          line: 3,
          column: 8,
          severity: 'error',
          message: 'bad <b>YAML</b> "quote"',
          hint: 'Close the quote.',
          headline: '_posts/2024-05-01-x.md:3:8: error: bad <b>YAML</b> "quote"',
        },
        { file: '_config.yml', severity: 'warning', message: 'unknown key', headline: '_config.yml: warning: unknown key' },
      ]);

      const late = await openEvents(server.port);
      try {
        await late.next('hello');
        expect(JSON.parse((await late.next('errors', 500)).data)).toEqual(sent);

        server.clearErrors();
        await first.next('clear');
        await late.next('clear');
      } finally {
        late.close();
      }

      const afterClear = await openEvents(server.port);
      try {
        await afterClear.next('hello');
        await new Promise((r) => setTimeout(r, 100));
        expect(afterClear.events.map((e) => e.event)).toEqual(['hello', 'build']); // and no errors replayed
      } finally {
        afterClear.close();
      }
    } finally {
      first.close();
      server.clearErrors();
    }
  });

  it('treats showErrors([]) as clearErrors()', async () => {
    const stream = await openEvents(server.port);
    try {
      await stream.next('hello');
      server.showErrors([]);
      await stream.next('clear');
    } finally {
      stream.close();
    }
  });

  it('forgets disconnected pages', async () => {
    const stream = await openEvents(server.port);
    await stream.next('hello');
    stream.close();
    await new Promise((r) => setTimeout(r, 50));
    expect(() => server.reload(['a.html'])).not.toThrow();
    expect((await request(server.port, '/')).status).toBe(200);
  });
});

describe('baseurl', () => {
  it('serves the site under the baseurl', async () => {
    const other = await start({ baseurl: '/news/' });
    try {
      expect(other.url).toBe(`http://127.0.0.1:${other.port}/news/`);
      expect((await request(other.port, '/news/')).body).toContain('가제트 뉴스');
      expect((await request(other.port, '/news/categories/%EA%B5%AD%EB%B0%A9/')).status).toBe(200);
      const slash = await request(other.port, '/news/tech%20news');
      expect(slash.headers.location).toBe('/news/tech%20news/');
      const home = await request(other.port, '/');
      expect(home.status).toBe(302);
      expect(home.headers.location).toBe('/news/');
      expect((await request(other.port, '/assets/style.css')).status).toBe(404);
      expect((await request(other.port, '/__gazette/live.js')).status).toBe(200);
    } finally {
      await other.close();
    }
  });
});

/** The status of a request written byte for byte to 127.0.0.1, with this Host header (none: HTTP/1.0 without one). */
function statusWithHost(port: number, rawPath: string, host: string | undefined): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, HOST);
    let reply = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      reply += chunk;
      const status = /^HTTP\/1\.[01] (\d{3})/.exec(reply);
      if (status) {
        socket.destroy();
        resolve(Number(status[1]));
      }
    });
    socket.on('error', reject);
    const head = host === undefined ? `GET ${rawPath} HTTP/1.0\r\n` : `GET ${rawPath} HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n`;
    socket.write(`${head}\r\n`);
  });
}

describe('Host header (DNS rebinding)', () => {
  it.each(['/', '/search.json', '/__gazette/events', '/__gazette/live.js'])('%s: a foreign Host is refused with 403', async (rawPath) => {
    const port = server.port;
    for (const host of [
      `rebind.attacker.example:${port}`,
      'rebind.attacker.example',
      `localhost.attacker.example:${port}`,
      `127.0.0.1.nip.io:${port}`,
      `localhost:${port + 1}`,
    ]) {
      expect(await statusWithHost(port, rawPath, host), host).toBe(403);
    }
    expect(await statusWithHost(port, rawPath, undefined), 'no Host').toBe(403);
  });

  it('localhost, 127.0.0.1 and [::1] with the port are answered', async () => {
    const port = server.port;
    for (const host of [`localhost:${port}`, `LocalHost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`]) {
      expect(await statusWithHost(port, '/', host), host).toBe(200);
    }
  });

  it('the name given with -H is answered; on 0.0.0.0, the interface addresses too, and they are listed', () => {
    expect(hostChecker('preview.internal', 4000)('preview.internal:4000')).toBe(true);
    expect(hostChecker('preview.internal', 4000)('other.internal:4000')).toBe(false);
    expect(hostChecker('127.0.0.1', 80)('localhost')).toBe(true);
    expect(hostChecker('::1', 4000)('[::1]:4000')).toBe(true);
    const external = Object.values(os.networkInterfaces())
      .flatMap((list) => list ?? [])
      .filter((info) => info.family === 'IPv4' && !info.internal);
    const any = hostChecker('0.0.0.0', 4000);
    for (const info of external) expect(any(`${info.address}:4000`)).toBe(true);
    expect(any('rebind.attacker.example:4000')).toBe(false);
    expect(networkUrls('0.0.0.0', 4000, '/news/')).toEqual(external.map((info) => `http://${info.address}:4000/news/`));
    expect(networkUrls('127.0.0.1', 4000, '/')).toEqual([]);
  });
});

describe('lifecycle', () => {
  it('rejects naming the port when it is in use', async () => {
    await expect(start({ port: server.port })).rejects.toThrow(`port ${server.port} is already in use; pass --port N, or --port 0 for any free one`);
  });

  it('close() ends event streams and frees the port', async () => {
    const other = await start();
    const stream = await openEvents(other.port);
    await stream.next('hello');
    // A keep-alive connection left open must not hold the port either.
    const idle = net.connect(other.port, HOST);
    await new Promise((r) => idle.once('connect', r));

    const started = Date.now();
    await other.close();
    expect(Date.now() - started).toBeLessThan(1000);
    await stream.ended();
    idle.destroy();

    const again = net.createServer();
    await new Promise<void>((resolve, reject) => {
      again.once('error', reject);
      again.listen(other.port, HOST, resolve);
    });
    await new Promise((r) => again.close(r));
    await expect(other.close()).resolves.toBeUndefined();
  });

  it('a restarted server says hello with a new id', async () => {
    const a = await start();
    const sa = await openEvents(a.port);
    const helloA = await sa.next('hello');
    await a.close();
    const b = await start({ port: a.port });
    try {
      const sb = await openEvents(b.port);
      const helloB = await sb.next('hello');
      sb.close();
      expect(helloB.data).not.toBe(helloA.data);
    } finally {
      sa.close();
      await b.close();
    }
  });
});
