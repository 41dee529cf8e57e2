/**
 * `gazette watch`'s preview server: the built folder over HTTP, a
 * Server-Sent Events channel that tells pages to reload, and the build
 * errors those pages show as an overlay. Built files are never modified;
 * HTML gets the live client's script tag on the way out.
 */
import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { pipeline } from 'node:stream/promises';
import { type Diagnostic, diagnosticHeadline } from '../diagnostics.js';
import { hostChecker, networkUrls } from './hosts.js';
import { liveChange } from './live-change.js';
import { injectLiveClient, LIVE_CLIENT_PATH, LIVE_CLIENT_SOURCE, LIVE_EVENTS_PATH } from './live-client.js';
import { answerRange } from './range.js';
import { baseurlSegments, contentTypeFor, encodeUrlPath, isHtmlFile, parseRequestPath, resolveSitePath, type SitePath } from './static.js';

export interface DevServerOptions {
  /** The destination folder to serve. */
  root: string;
  /** Interface to listen on. Default `'127.0.0.1'` (this machine only). */
  host?: string;
  /** Default `4000`; `0` picks any free port. */
  port?: number;
  /** The site is served under this path, like the site's `baseurl`. Default `''`. */
  baseurl?: string;
  /**
   * Called when serving a request fails unexpectedly (the client gets a 500
   * and the server keeps running). Default: one line on stderr.
   */
  onError?: (error: Error, requestUrl: string) => void;
}

export interface DevServer {
  /** `http://127.0.0.1:4000/`, with the baseurl. */
  readonly url: string;
  /** On `0.0.0.0` or `::`, the URLs other machines reach the preview at (this machine's interface addresses); else none. */
  readonly networkUrls: readonly string[];
  readonly port: number;
  /**
   * Tell connected browsers which output files a build wrote (relative to
   * `root`, `/`-separated): a page reloads when its own file is among them or
   * a script, image or font changed (live-change.ts); the others swap their
   * stylesheets when a .css file changed. `removed`: the build removed files
   * too, so every page reloads (an empty list does the same).
   */
  reload(changedPaths: readonly string[], options?: { readonly removed?: boolean }): void;
  /** Show these diagnostics as an overlay in every connected browser (and in pages loaded later) until clearErrors(). */
  showErrors(diagnostics: readonly Diagnostic[]): void;
  clearErrors(): void;
  /** Ends event streams and open connections; resolves when the port is free. */
  close(): Promise<void>;
}

const DEFAULT_HOST = '127.0.0.1';
const DEFAULT_PORT = 4000;

const NO_STORE = { 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' } as const;

/**
 * Rejects with an Error whose message names the port when it is in use:
 * "port 4000 is already in use; pass --port N, or --port 0 for any free one".
 */
export async function startDevServer(options: DevServerOptions): Promise<DevServer> {
  const host = options.host ?? DEFAULT_HOST;
  const requestedPort = options.port ?? DEFAULT_PORT;
  const base = baseurlSegments(options.baseurl ?? '');
  const onError = options.onError ?? logError;
  const channel = createLiveChannel();
  const handle = createRequestHandler({ root: options.root, base, channel });
  let knownHost: (header: string | undefined) => boolean = () => false;

  const server = http.createServer((req, res) => {
    // Before anything else, the event stream included: see hosts.ts.
    if (!knownHost(req.headers.host)) {
      sendText(req, res, 403, `403 Forbidden: this preview answers only to localhost, 127.0.0.1, [::1] or the host given with -H\n`);
      return;
    }
    handle(req, res).catch((error: unknown) => {
      const err = error instanceof Error ? error : new Error(String(error));
      onError(err, req.url ?? '');
      if (res.headersSent) res.destroy();
      else sendText(req, res, 500, `500 Internal Server Error\n\n${err.message}\n`);
    });
  });

  await listen(server, host, requestedPort);
  // After a successful listen, a server error must not crash the watch process.
  server.on('error', (error) => onError(error, ''));
  const port = (server.address() as AddressInfo).port;
  knownHost = hostChecker(host, port);
  const url = `http://${urlHost(host)}:${port}${encodeUrlPath(base, true)}`;

  let closing: Promise<void> | undefined;
  return {
    url,
    networkUrls: networkUrls(host, port, encodeUrlPath(base, true)),
    port,
    reload(changedPaths, reloadOptions) {
      channel.built();
      channel.broadcast('reload', liveChange(channel.build, changedPaths, reloadOptions?.removed ?? false));
    },
    showErrors(diagnostics) {
      channel.setErrors(diagnostics.length === 0 ? undefined : diagnostics.map(toWire));
    },
    clearErrors() {
      channel.setErrors(undefined);
    },
    close() {
      closing ??= new Promise<void>((resolve) => {
        channel.close();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}

interface HandlerContext {
  readonly root: string;
  readonly base: readonly string[];
  readonly channel: LiveChannel;
}

function createRequestHandler({ root, base, channel }: HandlerContext) {
  return async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD');
      sendText(req, res, 405, '405 Method Not Allowed\n');
      return;
    }
    const rawUrl = req.url ?? '/';
    const rawPath = rawUrl.split(/[?#]/, 1)[0] ?? '';
    if (rawPath === LIVE_CLIENT_PATH) {
      send(req, res, 200, 'text/javascript; charset=utf-8', Buffer.from(LIVE_CLIENT_SOURCE, 'utf8'));
      return;
    }
    if (rawPath === LIVE_EVENTS_PATH) {
      channel.connect(req, res);
      return;
    }

    const parsed = parseRequestPath(rawUrl, base);
    if (parsed.kind === 'bad-request') {
      sendText(req, res, 400, `400 Bad Request: ${parsed.reason}\n`);
      return;
    }
    if (parsed.kind === 'outside-base') {
      const home = encodeUrlPath(base, true);
      if (rawPath === '/') redirect(req, res, 302, home);
      else await sendNotFound(req, res, root, rawPath, channel.build, `The site is served under ${home}`);
      return;
    }

    const found = await resolveSitePath(root, parsed.path);
    switch (found.kind) {
      case 'file':
        await sendFile(req, res, 200, found, channel.build);
        return;
      case 'redirect-to-slash': {
        const query = rawUrl.slice(rawPath.length);
        redirect(req, res, 301, encodeUrlPath([...base, ...parsed.path.segments], true) + query);
        return;
      }
      case 'forbidden':
        sendText(req, res, 403, '403 Forbidden: this path leads outside the site folder\n');
        return;
      case 'missing':
        await sendNotFound(req, res, root, rawPath, channel.build);
        return;
    }
  };
}

const NOT_FOUND_PAGE: SitePath = { segments: ['404.html'], trailingSlash: false };

/** The site's own 404.html when it has one, else a small page; both reload live. */
async function sendNotFound(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  root: string,
  rawPath: string,
  build: number,
  note = 'Nothing is built at this address (yet).',
): Promise<void> {
  const page = await resolveSitePath(root, NOT_FOUND_PAGE);
  if (page.kind === 'file') {
    // The 404 page is no page's own: the tag carries no file (live-client.ts).
    await sendFile(req, res, 404, { ...page, relative: undefined }, build);
    return;
  }
  const html =
    `<!doctype html><html><head><meta charset="utf-8"><title>404 Not Found</title></head>` +
    `<body><h1>404 Not Found</h1><p><code>${escapeHtml(safeDecode(rawPath))}</code></p>` +
    `<p>${escapeHtml(note)}</p></body></html>\n`;
  send(req, res, 404, 'text/html; charset=utf-8', injectLiveClient(Buffer.from(html, 'utf8'), build));
}

interface ServedFile {
  readonly file: string;
  readonly size: number;
  /** The file below the root, for the live client's tag; none on a 404 page. */
  readonly relative: string | undefined;
}

async function sendFile(req: http.IncomingMessage, res: http.ServerResponse, status: number, served: ServedFile, build: number): Promise<void> {
  const { file, size } = served;
  const type = contentTypeFor(file);
  if (isHtmlFile(file)) {
    // A page is answered whole (the RFC lets a server ignore Range): its bytes are not the file's once the tag is in.
    send(req, res, status, type, injectLiveClient(await readFile(file), build, served.relative));
    return;
  }
  const range = status === 200 ? answerRange(req.headers.range, req.headers['if-range'] !== undefined, size) : { kind: 'whole' as const };
  if (range.kind === 'unsatisfiable') {
    res.setHeader('Content-Range', `bytes */${size}`);
    sendText(req, res, 416, '416 Range Not Satisfiable\n');
    return;
  }
  const part = range.kind === 'part' ? range : { start: 0, end: size - 1 };
  res.writeHead(range.kind === 'part' ? 206 : status, {
    ...NO_STORE,
    'Content-Type': type,
    'Content-Length': part.end - part.start + 1,
    ...(status === 200 ? { 'Accept-Ranges': 'bytes' } : {}),
    ...(range.kind === 'part' ? { 'Content-Range': `bytes ${part.start}-${part.end}/${size}` } : {}),
  });
  if (req.method === 'HEAD' || size === 0) {
    res.end();
    return;
  }
  try {
    await pipeline(createReadStream(file, { start: part.start, end: part.end }), res);
  } catch (error) {
    // The browser went away mid-file (navigation, reload): not a server fault.
    if (req.destroyed || (error as NodeJS.ErrnoException).code === 'ERR_STREAM_PREMATURE_CLOSE') return;
    throw error;
  }
}

function send(req: http.IncomingMessage, res: http.ServerResponse, status: number, type: string, body: Buffer): void {
  res.writeHead(status, { ...NO_STORE, 'Content-Type': type, 'Content-Length': body.length });
  res.end(req.method === 'HEAD' ? undefined : body);
}

function sendText(req: http.IncomingMessage, res: http.ServerResponse, status: number, text: string): void {
  send(req, res, status, 'text/plain; charset=utf-8', Buffer.from(text, 'utf8'));
}

function redirect(req: http.IncomingMessage, res: http.ServerResponse, status: 301 | 302, location: string): void {
  res.setHeader('Location', location);
  sendText(req, res, status, `Moved to ${location}\n`);
}

type LiveEvent = 'hello' | 'build' | 'reload' | 'errors' | 'clear';

interface LiveChannel {
  /** Builds that changed files since the server started: pages carry it, and a page behind it reloads on connect. */
  readonly build: number;
  /** A build changed files. */
  built(): void;
  connect(req: http.IncomingMessage, res: http.ServerResponse): void;
  broadcast(event: LiveEvent, data: unknown): void;
  /** Remember (and broadcast) the current errors; `undefined` clears them. */
  setErrors(errors: readonly WireDiagnostic[] | undefined): void;
  close(): void;
}

/** How long a browser waits before reconnecting after the stream drops. */
const RETRY_MS = 500;

function createLiveChannel(): LiveChannel {
  const clients = new Set<http.ServerResponse>();
  // A page that reconnects to a different id knows the server restarted and reloads.
  const serverId = randomUUID();
  let errors: readonly WireDiagnostic[] | undefined;
  let closed = false;
  let build = 0;

  const broadcast = (event: LiveEvent, data: unknown): void => {
    const message = frame(event, data);
    for (const client of clients) client.write(message);
  };

  return {
    get build() {
      return build;
    },
    built() {
      build++;
    },
    connect(req, res) {
      if (closed) {
        sendText(req, res, 503, '503 Service Unavailable: the server is shutting down\n');
        return;
      }
      res.writeHead(200, {
        ...NO_STORE,
        'Content-Type': 'text/event-stream; charset=utf-8',
        Connection: 'keep-alive',
      });
      if (req.method === 'HEAD') {
        res.end();
        return;
      }
      req.socket.setNoDelay(true);
      res.write(`retry: ${RETRY_MS}\n${frame('hello', serverId)}${frame('build', build)}`);
      if (errors !== undefined) res.write(frame('errors', errors));
      clients.add(res);
      res.on('close', () => clients.delete(res));
    },
    broadcast,
    setErrors(next) {
      errors = next;
      if (next === undefined) broadcast('clear', []);
      else broadcast('errors', next);
    },
    close() {
      closed = true;
      for (const client of clients) client.end();
      clients.clear();
    },
  };
}

/** One SSE message; JSON.stringify never emits a raw newline, so one data line suffices. */
function frame(event: LiveEvent, data: unknown): string {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

interface WireDiagnostic {
  readonly file: string;
  readonly line?: number;
  readonly column?: number;
  readonly severity: Diagnostic['severity'];
  readonly message: string;
  readonly hint?: string;
  /** `file:line:col: severity: message`, formatted here so the overlay matches the terminal. */
  readonly headline: string;
}

function toWire(d: Diagnostic): WireDiagnostic {
  return {
    file: d.file,
    ...(d.line !== undefined ? { line: d.line } : {}),
    ...(d.column !== undefined ? { column: d.column } : {}),
    severity: d.severity,
    message: d.message,
    ...(d.hint !== undefined ? { hint: d.hint } : {}),
    headline: diagnosticHeadline(d),
  };
}

/**
 * Listens on `host:port` and closes again, rejecting as startDevServer would: `gazette watch`
 * checks the port before its first build, rather than fail after a build the user waited for.
 */
export async function checkPort(host: string, port: number): Promise<void> {
  const probe = http.createServer();
  await listen(probe, host, port);
  await new Promise<void>((resolve) => probe.close(() => resolve()));
}

function listen(server: http.Server, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException): void => {
      server.off('listening', onListening);
      reject(listenError(error, host, port));
    };
    const onListening = (): void => {
      server.off('error', onError);
      resolve();
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, host);
  });
}

function listenError(error: NodeJS.ErrnoException, host: string, port: number): Error {
  switch (error.code) {
    case 'EADDRINUSE':
      return new Error(`port ${port} is already in use; pass --port N, or --port 0 for any free one`, { cause: error });
    case 'EACCES':
      return new Error(`port ${port} needs special permission on this system; try --port ${DEFAULT_PORT} or --port 0 for any free port`, { cause: error });
    case 'EADDRNOTAVAIL':
    case 'ENOTFOUND':
      return new Error(`cannot listen on host ${host}: it is not an address of this machine; try --host 127.0.0.1`, {
        cause: error,
      });
    default:
      return new Error(`cannot listen on ${host}:${port}: ${error.message}`, { cause: error });
  }
}

/** Wildcard addresses are not reachable as such; IPv6 literals need brackets. */
function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '::') return 'localhost';
  return host.includes(':') ? `[${host}]` : host;
}

function logError(error: Error, requestUrl: string): void {
  process.stderr.write(`gazette: serving ${requestUrl || 'a request'} failed: ${error.message}\n`);
}

function safeDecode(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    // A malformed %-escape: the raw text is what there is to show.
    return raw;
  }
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}
