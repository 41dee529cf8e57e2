#!/usr/bin/env node
import { statSync } from 'node:fs';

// The bundle (npm run build) loads faster than tsc's ~200 modules; it is used
// unless dist/ was compiled again after it (a `tsc` run without bundling).
const bundle = new URL('../dist/bundle/cli.js', import.meta.url);
const compiled = new URL('../dist/cli.js', import.meta.url);
const mtime = (url) => statSync(url, { throwIfNoEntry: false })?.mtimeMs ?? -1;
const { main } = await import(mtime(bundle) >= mtime(compiled) ? bundle.href : compiled.href);

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
