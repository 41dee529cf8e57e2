/**
 * Headless Chromium for end-to-end tests, and a tiny static file server to
 * point it at. Chromium is the system one (`/usr/bin/chromium`), launched
 * the one way this project allows; tests skip when it is absent.
 */
import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, resolve, sep } from 'node:path';
import { type Browser, chromium } from 'playwright-core';

export const CHROMIUM_PATH = '/usr/bin/chromium';

/** Whether the system Chromium is installed; tests `skipIf(!chromiumAvailable)`. */
export const chromiumAvailable: boolean = existsSync(CHROMIUM_PATH);

export const CHROMIUM_SKIP_MESSAGE = `${CHROMIUM_PATH} is absent (install Debian's \`chromium\` package to run the browser tests)`;

/** The mandatory launch: headless, no sandbox (containers), no background traffic. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.txt': 'text/plain; charset=utf-8',
};

export interface StaticServer {
  /** `http://127.0.0.1:PORT` (no trailing slash). */
  readonly origin: string;
  /** Requests answered so far, as `STATUS path`, for debugging. */
  readonly log: readonly string[];
  close(): Promise<void>;
}

export interface StaticServerOptions {
  /** Rewrites an HTML response body before it is sent (e.g. to drop a meta tag). */
  transformHtml?: (html: string, path: string) => string;
}

/**
 * Serves `root` on 127.0.0.1 at a free port: `/a/` → `a/index.html`, files
 * as they are, nothing outside `root`, 404 otherwise. GET and HEAD only.
 */
export async function serveStatic(root: string, options: StaticServerOptions = {}): Promise<StaticServer> {
  const base = resolve(root);
  const log: string[] = [];
  const answer = async (request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    let path: string;
    try {
      path = decodeURIComponent(url.pathname);
    } catch {
      path = url.pathname;
    }
    let file = resolve(base, `.${path}`);
    if (file !== base && !file.startsWith(base + sep)) return send(response, 403, 'text/plain', 'forbidden');
    const info = await stat(file).catch(() => undefined);
    if (info?.isDirectory()) file = join(file, 'index.html');
    const data = await readFile(file).catch(() => undefined);
    if (data === undefined) {
      log.push(`404 ${url.pathname}`);
      return send(response, 404, 'text/plain; charset=utf-8', 'not found');
    }
    log.push(`200 ${url.pathname}`);
    const type = TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
    const body = type.startsWith('text/html') && options.transformHtml ? Buffer.from(options.transformHtml(data.toString('utf8'), path)) : data;
    return send(response, 200, type, request.method === 'HEAD' ? undefined : body, body.length);
  };
  const server = createServer((request, response) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      send(response, 405, 'text/plain', 'method not allowed');
      return;
    }
    answer(request, response).catch((cause: unknown) => {
      if (!response.headersSent) send(response, 500, 'text/plain', String(cause));
      else response.destroy();
    });
  });
  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => done());
  });
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    log,
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}

function send(response: ServerResponse, status: number, type: string, body?: string | Buffer, length?: number): void {
  response.writeHead(status, {
    'content-type': type,
    'cache-control': 'no-store',
    ...(length !== undefined ? { 'content-length': String(length) } : {}),
  });
  response.end(body);
}
