/**
 * The live client's decisions, run in a VM with a fake EventSource: which
 * `reload` messages reload its page, and that a page which stayed is not
 * reloaded later when its stream reconnects (the browser test cannot drop a
 * stream on demand). test/live-reload-browser.test.ts checks the same in
 * Chromium against the server.
 */
import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { LIVE_CLIENT_SOURCE } from '../src/serve/live-client.js';

interface FakePage {
  reloads: number;
  stylesheetSwaps: number;
  /** Delivers an event to the page's current event stream. */
  emit(event: string, data: unknown): void;
  /** The stream dropped and came back: the server greets it again. */
  reconnect(serverId: string, build: number): void;
}

/** A page served at `build` from `file` (undefined: a 404 page) running the live client. */
function pageWith(build: number, file: string | undefined): FakePage {
  const listeners = new Map<string, (event: { data: string }) => void>();
  const page: FakePage = {
    reloads: 0,
    stylesheetSwaps: 0,
    emit(event, data) {
      listeners.get(event)?.({ data: JSON.stringify(data) });
    },
    reconnect(serverId, current) {
      page.emit('hello', serverId);
      page.emit('build', current);
    },
  };
  class FakeEventSource {
    static CLOSED = 2;
    readyState = 1;
    addEventListener(name: string, listener: (event: { data: string }) => void): void {
      listeners.set(name, listener);
    }
  }
  const attributes: Record<string, string> = { 'data-gazette-build': String(build) };
  if (file !== undefined) attributes['data-gazette-file'] = encodeURIComponent(file);
  const context: Record<string, unknown> = {
    EventSource: FakeEventSource,
    URL,
    setTimeout,
    location: {
      href: 'http://127.0.0.1:4000/',
      origin: 'http://127.0.0.1:4000',
      reload: () => page.reloads++,
    },
    document: {
      currentScript: { getAttribute: (name: string) => attributes[name] ?? null },
      querySelectorAll: () => {
        page.stylesheetSwaps++;
        return [];
      },
    },
  };
  context['window'] = context;
  vm.runInNewContext(LIVE_CLIENT_SOURCE, context);
  page.reconnect('server-1', build);
  return page;
}

const POST = '2024/05/01/국방-소식/index.html';

describe('live client', () => {
  it('reloads when its own file changed, and not for another page, a feed or search.json', () => {
    const post = pageWith(4, POST);
    post.emit('reload', { build: 5, files: ['categories/경제/index.html', 'feed.xml', 'search.json'], all: false });
    expect(post.reloads).toBe(0);
    post.emit('reload', { build: 6, files: ['feed.xml', POST], all: false });
    expect(post.reloads).toBe(1);
  });

  it('compares file names in one Unicode form: a decomposed Hangul name still matches', () => {
    const post = pageWith(0, POST.normalize('NFD'));
    post.emit('reload', { build: 1, files: [POST], all: false });
    expect(post.reloads).toBe(1);
  });

  it('a page that stayed takes the build as its own: a reconnect does not reload it, a later build it missed does', () => {
    const category = pageWith(4, 'categories/국방/index.html');
    category.emit('reload', { build: 5, files: [POST], all: false });
    category.reconnect('server-1', 5);
    expect(category.reloads).toBe(0);
    category.reconnect('server-1', 6);
    expect(category.reloads).toBe(1);
  });

  it('reloads every page when the change says all, and on a message it does not understand', () => {
    for (const data of [{ build: 5, files: ['assets/app.js'], all: true }, ['index.html'], null, { build: 5 }]) {
      const page = pageWith(4, 'about.html');
      page.emit('reload', data);
      expect(page.reloads, JSON.stringify(data)).toBe(1);
    }
  });

  it('swaps stylesheets without a reload when a .css file changed and its page did not', () => {
    const page = pageWith(4, 'index.html');
    page.emit('reload', { build: 5, files: ['assets/css/gazette.CSS'], all: false });
    expect(page.reloads).toBe(0);
    expect(page.stylesheetSwaps).toBe(1);
    page.emit('reload', { build: 6, files: ['assets/css/gazette.css', 'index.html'], all: false });
    expect(page.reloads).toBe(1);
  });

  it('a 404 page reloads when any page changed (it may be the one that now exists), not for a stylesheet', () => {
    const missing = pageWith(4, undefined);
    missing.emit('reload', { build: 5, files: ['assets/style.css', 'feed.xml'], all: false });
    expect(missing.reloads).toBe(0);
    missing.emit('reload', { build: 6, files: ['new-post/index.html'], all: false });
    expect(missing.reloads).toBe(1);
  });

  it('a restarted server reloads every page', () => {
    const page = pageWith(4, 'index.html');
    page.reconnect('server-2', 0);
    expect(page.reloads).toBe(1);
  });
});
