#!/usr/bin/env node
import { statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// The bundle (npm run build) starts faster than tsc's ~200 modules: it is one
// script, and V8's compiled code for it is cached (src/code-cache.ts). It is
// used unless dist/ was compiled again after it (a `tsc` run without bundling).
const bundle = new URL('../dist/bundle/cli.js', import.meta.url);
const compiled = new URL('../dist/cli.js', import.meta.url);
const mtime = (url) => statSync(url, { throwIfNoEntry: false })?.mtimeMs ?? -1;
const { main } = mtime(bundle) >= mtime(compiled) ? await loadBundled() : await import(compiled.href);

async function loadBundled() {
  const { loadBundle, prepareCodeCache } = await import('../dist/bundle/code-cache.js');
  const cli = loadBundle(fileURLToPath(bundle));
  // The first run of this build of gazette writes the worker threads' cache too: they only read it.
  if (cli.cache === 'written') prepareCodeCache(fileURLToPath(new URL('../dist/bundle/worker-bundle.js', import.meta.url)));
  return cli.exports;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    console.error('gazette: internal error (this is a bug, please report it):');
    console.error(error);
    process.exitCode = 70;
  },
);
