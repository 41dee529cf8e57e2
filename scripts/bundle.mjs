// Bundles tsc's output (dist/) into dist/bundle/, which bin/gazette.js loads.
//
// Why: a build of a large site after a one-post edit spent about 0.3 s of
// its 1-3 s resolving, reading and linking ~200 ES modules one by one.
//
// CommonJS, one file per entry point, because Node 20 can cache V8's compiled
// code only for scripts it compiles through node:vm (src/code-cache.ts), not
// for ES modules. Modules reached by dynamic import() (the Markdown and HTML
// processors, watch mode) are still initialised only when first used.
// piscina, chokidar and sharp are left to node_modules: they load their own files
// at run time.
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { asciiOnly } from './ascii-only.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const outdir = join(dist, 'bundle');
if (!existsSync(join(dist, 'cli.js'))) {
  console.error('scripts/bundle.mjs: dist/cli.js is missing; run tsc first (npm run build does both)');
  process.exit(1);
}

rmSync(outdir, { recursive: true, force: true });

/**
 * gray-matter's own YAML engine is js-yaml 3, which loads esprima at start
 * to read `!!js/function` tags. gazette gives gray-matter its own engine
 * (src/content/front-matter.ts), so the bundle holds a stand-in that refuses
 * to run: 20 ms less at every start, and no code in the bundle that could
 * evaluate a post.
 */
const grayMatterYamlStandIn = {
  name: 'gray-matter-yaml-stand-in',
  setup(build) {
    const engines = join('node_modules', 'gray-matter', 'lib', 'engines.js');
    build.onResolve({ filter: /^js-yaml$/ }, (args) => (args.importer.endsWith(engines) ? { path: 'js-yaml', namespace: 'stand-in' } : undefined));
    build.onLoad({ filter: /.*/, namespace: 'stand-in' }, () => ({
      contents: `const refuse = () => { throw new Error("gray-matter's own YAML engine is not in gazette's bundle"); };
module.exports = { safeLoad: refuse, safeDump: refuse };`,
      loader: 'js',
    }));
  },
};

// code-cache.js runs the other two: cli.js from bin/gazette.js, worker-bundle.js from worker.js below.
const entryPoints = { cli: join(dist, 'cli.js'), 'worker-bundle': join(dist, 'workers', 'worker.js'), 'code-cache': join(dist, 'code-cache.js') };
await build({
  entryPoints,
  outdir,
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  // liquidjs: only a site with pages loads it (build/site-pages.ts), so it stays out of what every
  // build compiles and runs at start-up; it is a dependency, required from node_modules when needed.
  external: ['piscina', 'chokidar', 'fsevents', 'liquidjs', 'sharp'],
  plugins: [grayMatterYamlStandIn],
  // The sources locate their package files and worker from import.meta.url, which CommonJS lacks.
  define: { 'import.meta.url': '__gazetteModuleUrl' },
  // The banner comes before esbuild's own "use strict", which then is no longer a directive: without
  // one of its own the whole bundle would run in sloppy mode, unlike the ES modules it is made of.
  banner: { js: "'use strict';\nconst __gazetteModuleUrl = require('node:url').pathToFileURL(__filename).href;" },
  // esbuild escapes what is not ASCII in strings and identifiers (charset: 'ascii', its default), but
  // cannot in a tagged template's raw text: lowered to calls, templates become escaped strings too.
  supported: { 'template-literal': false },
  logLevel: 'warning',
});
// The package is "type": "module"; these .js files are CommonJS.
writeFileSync(join(outdir, 'package.json'), '{ "type": "commonjs" }\n');
// What piscina loads in each worker thread, under the name the code looks for beside either build.
writeFileSync(
  join(outdir, 'worker.js'),
  `'use strict';
// The worker thread's entry: runs worker-bundle.js from V8's code cache, which
// the main thread writes (bin/gazette.js); worker threads only read it.
module.exports = require('./code-cache.js').loadBundle(require('node:path').join(__dirname, 'worker-bundle.js'), { write: false }).exports;
`,
);

for (const name of ['cli', 'worker-bundle']) {
  const file = join(outdir, `${name}.js`);
  const source = readFileSync(file, 'utf8');
  // The code cache loader runs the bundles as scripts, where import() would need a loader of its own.
  if (/\bimport\(/.test(source)) throw new Error(`scripts/bundle.mjs: ${file} calls import(); the bundle must not`);
  // One-byte strings load faster (src/code-cache.ts, readBundle).
  try {
    writeFileSync(file, asciiOnly(source));
  } catch (cause) {
    throw new Error(`scripts/bundle.mjs: ${file}: ${cause.message}`);
  }
}
