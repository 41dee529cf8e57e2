/**
 * Which `Host` the preview server answers. A page on any site the editor
 * visits can point its own name at 127.0.0.1 (DNS rebinding) and then read
 * the preview as same-origin: drafts, future posts, `search.json`, and the
 * build errors with their paths. The browser still sends the attacker's name
 * as `Host`, so only the names this machine is reached by are answered.
 */
import os from 'node:os';

/** `0.0.0.0` and `::`: every interface, reachable from the network. */
export function isWildcard(host: string): boolean {
  return host === '0.0.0.0' || host === '::' || host === '[::]';
}

/**
 * The `Host` values answered: `localhost`, `127.0.0.1`, `[::1]` and the
 * listened-on host, each with the port (bare too on port 80); on a wildcard
 * host also this machine's name and interface addresses.
 */
export function hostChecker(host: string, port: number): (header: string | undefined) => boolean {
  const names = new Set(['localhost', '127.0.0.1', '[::1]', bracket(host.toLowerCase())]);
  if (isWildcard(host)) {
    names.add(os.hostname().toLowerCase());
    for (const info of interfaces(host)) names.add(bracket(info.address.toLowerCase()));
  }
  const allowed = new Set([...names].map((name) => `${name}:${port}`));
  if (port === 80) for (const name of names) allowed.add(name);
  return (header) => header !== undefined && allowed.has(header.toLowerCase());
}

/** The preview's URLs on this machine's network interfaces, for a wildcard host (`path`: the baseurl's, with `/`). */
export function networkUrls(host: string, port: number, path: string): string[] {
  if (!isWildcard(host)) return [];
  return interfaces(host)
    .filter((info) => !info.internal)
    .map((info) => `http://${bracket(info.address)}:${port}${path}`);
}

/** This machine's interfaces: IPv4 only for `0.0.0.0`, both families for `::`. */
function interfaces(host: string): os.NetworkInterfaceInfo[] {
  const ipv4Only = host === '0.0.0.0';
  return Object.values(os.networkInterfaces())
    .flatMap((list) => list ?? [])
    .filter((info) => !ipv4Only || info.family === 'IPv4');
}

function bracket(host: string): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}
