// Bundles tsc's output (dist/) into dist/bundle/, which bin/gazette.js loads.
//
// Why: a build of a large site after a one-post edit spent about 0.3 s of
// its 1-3 s resolving, reading and linking ~200 ES modules one by one (Node 20
// has no compile cache). A bundle is a few files; lazy parts (the Markdown
// and HTML processors, watch mode) stay separate chunks loaded on demand.
// nunjucks, piscina and chokidar are left to node_modules: they load their
// own files at run time.
import { existsSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
if (!existsSync(join(dist, 'cli.js'))) {
  console.error('scripts/bundle.mjs: dist/cli.js is missing; run tsc first (npm run build does both)');
  process.exit(1);
}

// Chunk names carry content hashes: the chunks of earlier builds would pile up.
rmSync(join(dist, 'bundle'), { recursive: true, force: true });

await build({
  entryPoints: { cli: join(dist, 'cli.js'), worker: join(dist, 'pipeline', 'worker.js') },
  outdir: join(dist, 'bundle'),
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: ['nunjucks', 'piscina', 'chokidar', 'fsevents'],
  // CommonJS dependencies (gray-matter among them) call require() for Node's own modules.
  banner: { js: "import { createRequire as __gazetteCreateRequire } from 'node:module'; const require = __gazetteCreateRequire(import.meta.url);" },
  logLevel: 'warning',
});
