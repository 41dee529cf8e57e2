/**
 * `csp:` in `_config.yml` → the hosts added to the theme's
 * Content-Security-Policy. `true` (the default) is the theme's policy as it
 * is, `false` no policy; a mapping adds hosts per directive. Every entry must
 * be a host: a keyword such as `'unsafe-inline'` or a bare `*` would let any
 * script run, which is what the policy is there to stop.
 */
import { CONFIG_FILE } from './config-file.js';
import { type Diagnostic, error, type Position, warning } from './diagnostics.js';

/** Hosts (`ads.example.com`, `https://ads.example.com`, `*.example.com`, with a port or path) added per directive. */
export interface CspSources {
  /** `script-src`: where scripts may load from, besides the site itself. Default none. */
  readonly scriptSrc: readonly string[];
  /** `frame-src`: besides `sanitize.iframe_hosts`. Default none. */
  readonly frameSrc: readonly string[];
  /** `img-src` (the theme already allows images from anywhere). Default none. */
  readonly imgSrc: readonly string[];
  /** `connect-src`: fetch, XHR, beacons (analytics). Default none. */
  readonly connectSrc: readonly string[];
  /** `style-src`: stylesheets besides the site's own. Default none. */
  readonly styleSrc: readonly string[];
}

/** `csp: true`: the theme's policy, nothing added. */
export const DEFAULT_CSP_SOURCES: CspSources = { scriptSrc: [], frameSrc: [], imgSrc: [], connectSrc: [], styleSrc: [] };

/** The config keys under `csp:` and the fields they fill. */
const KEYS = { script_src: 'scriptSrc', frame_src: 'frameSrc', img_src: 'imgSrc', connect_src: 'connectSrc', style_src: 'styleSrc' } as const;

type Key = keyof typeof KEYS;

/**
 * A CSP host-source, without the scheme-only and keyword forms: `https://` or
 * no scheme (the page's own, so `127.0.0.1:8080` works on a local preview),
 * a host or `*.` subdomains of one, then a port and a path. No quotes, `;`,
 * `,` or spaces, which would end the source or the directive.
 */
const HOST_SOURCE = /^(?:https:\/\/)?(?:\*\.)?[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*(?::\d{1,5})?(?:\/[a-z0-9._~%/-]*)?$/i;

const HOST_HINT = 'write a host like ads.example.com or https://ads.example.com (a port and path may follow; *.example.com for its subdomains)';

export function resolveCspConfig(raw: unknown, positionOf: (key: string) => Position = () => ({})): { csp: CspSources | false; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  if (raw === undefined || raw === null || raw === true) return { csp: DEFAULT_CSP_SOURCES, diagnostics };
  if (raw === false) return { csp: false, diagnostics };
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    const hint = 'the theme\'s policy is used until this is fixed; e.g. csp: {script_src: ["www.googletagmanager.com"]}';
    diagnostics.push(
      error(CONFIG_FILE, '`csp` must be true, false or a mapping of script_src, frame_src, img_src, connect_src, style_src', positionOf('csp'), hint),
    );
    return { csp: DEFAULT_CSP_SOURCES, diagnostics };
  }
  const map = raw as Record<string, unknown>;
  for (const key of Object.keys(map).filter((key) => !Object.hasOwn(KEYS, key))) {
    const hint = `the keys are ${Object.keys(KEYS).join(', ')}`;
    diagnostics.push(warning(CONFIG_FILE, `\`csp.${key}\` is not a directive gazette adds hosts to; it is ignored`, positionOf(`csp.${key}`), hint));
  }
  const sources = { ...DEFAULT_CSP_SOURCES } as Record<(typeof KEYS)[Key], readonly string[]>;
  for (const key of Object.keys(KEYS) as Key[]) sources[KEYS[key]] = hostsOf(key, map[key], diagnostics, positionOf);
  return { csp: sources as CspSources, diagnostics };
}

/** One directive's list: each entry checked, the bad ones dropped (each an error), duplicates once. */
function hostsOf(key: Key, value: unknown, diagnostics: Diagnostic[], positionOf: (key: string) => Position): readonly string[] {
  const name = `csp.${key}`;
  if (value === undefined || value === null) return [];
  const list = typeof value === 'string' ? value.split(/\s+/).filter(Boolean) : value;
  if (!Array.isArray(list) || !list.every((item) => typeof item === 'string')) {
    diagnostics.push(error(CONFIG_FILE, `\`${name}\` must be a list of hosts`, positionOf(name), HOST_HINT));
    return [];
  }
  const hosts: string[] = [];
  for (const entry of list as string[]) {
    const problem = problemOf(key, entry.trim());
    if (problem === undefined) hosts.push(entry.trim());
    else diagnostics.push(error(CONFIG_FILE, `\`${name}\` ${problem.message}`, positionOf(name), problem.hint));
  }
  return [...new Set(hosts)];
}

function problemOf(key: Key, entry: string): { message: string; hint: string } | undefined {
  // YAML reads `'unsafe-inline'` as the word without its quotes, which would pass for a host name.
  const keyword = /^'?((?:wasm-)?unsafe-[a-z-]+|self|none|strict-dynamic|report-sample|nonce-.*|sha(?:256|384|512)-.*)'?$/i.exec(entry)?.[1];
  if (key === 'script_src' && keyword !== undefined && /^unsafe-/i.test(keyword)) {
    const hint =
      'inline scripts in the snippet slots (templates/slots/) get their sha256 hashes added to the policy by the build; move other code into a file under assets/';
    return { message: `may not hold '${keyword}': it would let injected scripts run`, hint };
  }
  if (keyword !== undefined) {
    return { message: `takes hosts, not the keyword '${keyword}'`, hint: `the theme's policy already has 'self' and the slots' script hashes; ${HOST_HINT}` };
  }
  if (key === 'script_src' && /^(https?:\/\/)?\*$|^https?:$/i.test(entry)) {
    return { message: `may not hold ${entry}: it would let scripts from any site run`, hint: `list each host scripts load from; ${HOST_HINT}` };
  }
  if (HOST_SOURCE.test(entry)) return undefined;
  if (/^http:\/\//i.test(entry)) return { message: `takes https hosts, got "${entry}"`, hint: 'write https://, or the host alone' };
  return { message: `takes hosts, got "${entry}"`, hint: HOST_HINT };
}
