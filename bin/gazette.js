#!/usr/bin/env node
import { statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// The bundle (npm run build) starts faster than tsc's ~200 modules: it is one
// script, and V8's compiled code for it is cached (dist/code-cache.js). It is
// used unless dist/ was compiled again after it (a `tsc` run without bundling).
const bundle = new URL('../dist/bundle/cli.js', import.meta.url);
const compiled = new URL('../dist/cli.js', import.meta.url);
const mtime = (url) => statSync(url, { throwIfNoEntry: false })?.mtimeMs ?? -1;
const { main } =
  mtime(bundle) >= mtime(compiled)
    ? (await import('../dist/code-cache.js')).loadBundle(fileURLToPath(bundle)).exports
    : await import(compiled.href);

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
