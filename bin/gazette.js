#!/usr/bin/env node
import { main } from '../dist/cli.js';

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
