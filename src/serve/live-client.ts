/**
 * The browser side of live reload: the script served at `LIVE_CLIENT_PATH`
 * and the tag that loads it. It is a same-origin script file (never inline)
 * so themes with `script-src 'self'` allow it, and it styles its overlay
 * through the CSSOM (never `style` attributes or `<style>`), which
 * `style-src 'self'` allows too.
 *
 * Messages it understands on `LIVE_EVENTS_PATH` (every `data` is JSON):
 *   hello  "<server id>"      sent on connect; a new id means the server restarted → reload
 *   build  <number>           sent on connect: builds that changed files so far; a page
 *                             served before the latest one (its script tag's
 *                             data-gazette-build is lower) missed its reload → reload
 *   reload {build, files, all} a build changed output files (live-change.ts); the page
 *                             reloads when `all`, or when its own file is in `files`
 *                             (its script tag's data-gazette-file, the file the server
 *                             answered its URL with: `/a/b/` → a/b/index.html, baseurl
 *                             and %-escapes resolved there); a page without one (a 404)
 *                             reloads on any changed HTML file. A page that stays swaps
 *                             its stylesheets when a .css file changed, and takes
 *                             `build` as its own
 *   errors [Diagnostic, ...]  show the overlay (file, line, column, severity, message, hint, headline)
 *   clear  []                 remove the overlay
 */

export const LIVE_CLIENT_PATH = '/__gazette/live.js';
export const LIVE_EVENTS_PATH = '/__gazette/events';
/**
 * The tag that loads the client into a page served after `build` builds that
 * changed files, from `file` (relative to the site folder; none for a 404).
 * The file is %-encoded: the attribute then needs no escaping and stays
 * ASCII in a page whose encoding is not UTF-8.
 */
export function liveScriptTag(build: number, file?: string): string {
  const from = file === undefined ? '' : ` data-gazette-file="${encodeURIComponent(file)}"`;
  return `<script src="${LIVE_CLIENT_PATH}" data-gazette-build="${build}"${from} defer></script>`;
}

/**
 * Insert `liveScriptTag(build, file)` before the last `</body>`, or append it
 * when there is none. Works on bytes so the page's own encoding is untouched.
 */
export function injectLiveClient(html: Buffer, build: number, file?: string): Buffer {
  // latin1 maps every byte to one UTF-16 unit, so string indexes are byte offsets.
  const text = html.toString('latin1');
  let at = -1;
  for (const match of text.matchAll(/<\/body\s*>/gi)) at = match.index;
  const tag = Buffer.from(liveScriptTag(build, file), 'utf8');
  if (at === -1) return Buffer.concat([html, tag]);
  return Buffer.concat([html.subarray(0, at), tag, html.subarray(at)]);
}

/** Served with `Content-Type: text/javascript`. No template literals inside. */
export const LIVE_CLIENT_SOURCE = `// gazette watch: live reload and build error overlay
(function () {
  'use strict';
  if (window.__gazetteLive) return;
  window.__gazetteLive = true;

  var EVENTS = ${JSON.stringify(LIVE_EVENTS_PATH)};
  var OVERLAY_ID = '__gazette-error-overlay';
  var script = document.currentScript;
  // The build the page was served after; a page opened while a build ran may connect after its reload went out.
  var pageBuild = script ? Number(script.getAttribute('data-gazette-build')) : NaN;
  // The file the server answered this page's URL with; null on a 404 page.
  var pageFile = script ? fileOf(script.getAttribute('data-gazette-file')) : null;
  var serverId = null;
  var retryDelay = 500;

  function parse(data) {
    try { return JSON.parse(data); } catch (e) { return null; }
  }

  function fileOf(encoded) {
    if (encoded === null) return null;
    try { return decodeURIComponent(encoded).normalize('NFC'); } catch (e) { return null; }
  }

  // Whether this page shows one of the changed files; a 404 page shows whatever a new page may replace it with.
  function showsOneOf(files) {
    for (var i = 0; i < files.length; i++) {
      var file = String(files[i]).normalize('NFC');
      if (pageFile === null ? /\\.html?$/i.test(file) : file === pageFile) return true;
    }
    return false;
  }

  function onChange(change) {
    // A message this client does not understand reloads, as every change once did.
    if (!change || !Array.isArray(change.files) || change.all !== false || showsOneOf(change.files)) {
      location.reload();
      return;
    }
    // This page is current as of that build: a reconnect must not reload it.
    if (typeof change.build === 'number') pageBuild = change.build;
    if (change.files.some(function (file) { return /\\.css$/i.test(String(file)); })) swapStylesheets();
  }

  function connect() {
    var source = new EventSource(EVENTS);
    source.addEventListener('hello', function (event) {
      var id = parse(event.data);
      retryDelay = 500;
      if (serverId !== null && id !== serverId) { location.reload(); return; }
      serverId = id;
    });
    source.addEventListener('build', function (event) {
      var build = parse(event.data);
      if (typeof build === 'number' && !isNaN(pageBuild) && build > pageBuild) location.reload();
    });
    source.addEventListener('reload', function (event) { onChange(parse(event.data)); });
    source.addEventListener('errors', function (event) { showOverlay(parse(event.data) || []); });
    source.addEventListener('clear', function () { removeOverlay(); });
    source.addEventListener('error', function () {
      // EventSource retries by itself after a dropped connection; it gives up
      // (CLOSED) only on an answer that is not an event stream.
      if (source.readyState !== EventSource.CLOSED) return;
      setTimeout(connect, retryDelay);
      retryDelay = Math.min(retryDelay * 2, 10000);
    });
  }

  function swapStylesheets() {
    var links = document.querySelectorAll('link[rel~="stylesheet"][href]');
    for (var i = 0; i < links.length; i++) swapOne(links[i]);
  }

  function swapOne(link) {
    var url = new URL(link.href, location.href);
    if (url.origin !== location.origin) return;
    url.searchParams.set('__gazette', String(Date.now()));
    var next = link.cloneNode(false);
    next.href = url.href;
    // Keep the old sheet until the new one is in, so the page never flashes unstyled.
    var done = function () { if (link.parentNode) link.parentNode.removeChild(link); };
    next.addEventListener('load', done);
    next.addEventListener('error', done);
    link.parentNode.insertBefore(next, link.nextSibling);
  }

  function palette() {
    var dark = window.matchMedia && window.matchMedia('(prefers-color-scheme: dark)').matches;
    return dark
      ? { bg: '#1e1e1e', fg: '#f3f3f3', muted: '#b8b8b8', accent: '#ff6b6b', warn: '#f0c060', line: '#444', button: '#333' }
      : { bg: '#fffdfd', fg: '#1b1b1b', muted: '#555', accent: '#c00000', warn: '#8a5a00', line: '#ddd', button: '#f0f0f0' };
  }

  var MONO = 'ui-monospace, SFMono-Regular, Menlo, Consolas, "D2Coding", "Noto Sans Mono CJK KR", monospace';
  var SANS = 'system-ui, -apple-system, "Segoe UI", "Apple SD Gothic Neo", "Noto Sans KR", sans-serif';

  function el(tag, style, text) {
    var node = document.createElement(tag);
    if (style) Object.assign(node.style, style);
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function headlineOf(d) {
    if (typeof d.headline === 'string') return d.headline;
    var where = d.line != null ? ':' + d.line + (d.column != null ? ':' + d.column : '') : '';
    return String(d.file) + where + ': ' + (d.severity || 'error') + ': ' + String(d.message);
  }

  function removeOverlay() {
    var old = document.getElementById(OVERLAY_ID);
    if (old) old.remove();
  }

  function showOverlay(list) {
    removeOverlay();
    if (!Array.isArray(list) || list.length === 0) return;
    var c = palette();
    var host = el('div', { position: 'fixed', top: '0', left: '0', right: '0', zIndex: '2147483647' });
    host.id = OVERLAY_ID;
    // A shadow root keeps the site's own CSS off the overlay.
    var root = host.attachShadow ? host.attachShadow({ mode: 'open' }) : host;

    var panel = el('div', {
      boxSizing: 'border-box', width: '100%', maxHeight: '100vh', overflow: 'auto',
      background: c.bg, color: c.fg, borderTop: '4px solid ' + c.accent,
      boxShadow: '0 4px 24px rgba(0,0,0,.35)', padding: '16px 20px',
      font: '15px/1.5 ' + SANS, textAlign: 'left', direction: 'ltr',
    });
    panel.setAttribute('role', 'alert');

    var errors = list.filter(function (d) { return d.severity !== 'warning'; }).length;
    var warnings = list.length - errors;
    var summary = 'gazette: the last build has ' +
      [errors ? errors + (errors === 1 ? ' error' : ' errors') : '',
       warnings ? warnings + (warnings === 1 ? ' warning' : ' warnings') : '']
        .filter(Boolean).join(' and ');

    var header = el('div', { display: 'flex', alignItems: 'baseline', gap: '12px', marginBottom: '8px' });
    header.appendChild(el('strong', { flex: '1', fontSize: '16px' }, summary));
    var close = el('button', {
      font: 'inherit', fontSize: '13px', color: c.fg, background: c.button,
      border: '1px solid ' + c.line, borderRadius: '4px', padding: '2px 10px', cursor: 'pointer',
    }, 'Dismiss');
    close.type = 'button';
    close.addEventListener('click', removeOverlay);
    header.appendChild(close);
    panel.appendChild(header);

    for (var i = 0; i < list.length; i++) {
      var d = list[i] || {};
      var item = el('div', { borderTop: '1px solid ' + c.line, padding: '10px 0' });
      item.appendChild(el('pre', {
        margin: '0', font: '14px/1.45 ' + MONO, whiteSpace: 'pre-wrap', overflowWrap: 'anywhere',
        color: d.severity === 'warning' ? c.warn : c.accent,
      }, headlineOf(d)));
      if (d.hint) item.appendChild(el('div', { marginTop: '4px', color: c.muted }, 'hint: ' + String(d.hint)));
      panel.appendChild(item);
    }
    panel.appendChild(el('div', { borderTop: '1px solid ' + c.line, paddingTop: '8px', fontSize: '13px', color: c.muted },
      'Fix the file and save; this goes away when a build succeeds.'));

    root.appendChild(panel);
    (document.body || document.documentElement).appendChild(host);
  }

  connect();
})();
`;
