/**
 * The theme's Content-Security-Policy: the meta every page carries and the
 * `/_headers` line. No inline script but the snippet slots' own, each admitted
 * by the sha256 of its text (so an analytics tag runs without
 * `'unsafe-inline'`, and a script injected into a post does not), scripts
 * only from the site and the hosts `csp.script_src` lists.
 */
import { createHash } from 'node:crypto';
import { parseFragment } from 'parse5';
import type { ResolvedConfig } from '../config.js';
import { type CspSources, DEFAULT_CSP_SOURCES } from '../csp-config.js';

/**
 * Inline styles are allowed because sanitised posts keep their `style`
 * attributes; images and media from anywhere, as posts embed them.
 * `scriptHashes`: `'sha256-…'` sources of the inline scripts the page may run.
 */
export function contentSecurityPolicy(config: ResolvedConfig, scriptHashes: readonly string[] = []): string {
  const added: CspSources = config.csp === false ? DEFAULT_CSP_SOURCES : config.csp;
  const frames = [...config.sanitize.iframeHosts.map((host) => `https://${host}`), ...added.frameSrc];
  const sources = (base: string, extra: readonly string[]) => [base, ...extra].join(' ');
  return [
    "default-src 'self'",
    sources("script-src 'self'", [...added.scriptSrc, ...scriptHashes]),
    sources("style-src 'self' 'unsafe-inline'", added.styleSrc),
    sources('img-src * data:', added.imgSrc),
    'media-src *',
    frames.length > 0 ? sources('frame-src', frames) : "frame-src 'none'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    sources("connect-src 'self'", added.connectSrc),
  ].join('; ');
}

/**
 * A policy with hashes added to its `script-src`: a page's own policy from the
 * build's (which the edit index keeps as text, so a page rendered from it
 * needs no config).
 */
export function withScriptHashes(policy: string, hashes: readonly string[]): string {
  if (policy === '' || hashes.length === 0) return policy;
  return policy.replace(/(^|; )script-src ([^;]*)/, (_match, start: string, list: string) => `${start}script-src ${[list, ...hashes].join(' ')}`);
}

/**
 * `'sha256-…'` of each inline `<script>` in an HTML fragment, as the browser
 * hashes it: the element's text as parsed (line endings normalised). A script
 * with `src` runs the file, not its text, and needs no hash.
 */
export function inlineScriptHashes(html: string): string[] {
  if (!/<script/i.test(html)) return [];
  const hashes = new Set<string>();
  const visit = (node: ParsedNode) => {
    if (node.nodeName === 'script' && !node.attrs?.some((attr) => attr.name === 'src')) {
      const text = (node.childNodes ?? []).map((child) => child.value ?? '').join('');
      hashes.add(`'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`);
    }
    for (const child of node.childNodes ?? []) visit(child);
    if (node.content) visit(node.content);
  };
  visit(parseFragment(html) as unknown as ParsedNode);
  return [...hashes];
}

/** The parts of parse5's default tree that the walk reads. */
interface ParsedNode {
  readonly nodeName: string;
  readonly attrs?: readonly { name: string; value: string }[];
  readonly childNodes?: readonly ParsedNode[];
  readonly content?: ParsedNode;
  readonly value?: string;
}
