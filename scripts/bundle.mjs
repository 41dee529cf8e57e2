// Bundles tsc's output (dist/) into dist/bundle/, which bin/gazette.js loads.
//
// Why: a build of a large site after a one-post edit spent about 0.3 s of
// its 1-3 s resolving, reading and linking ~200 ES modules one by one.
//
// CommonJS, one file per entry point, because Node 20 can cache V8's compiled
// code only for scripts it compiles through node:vm (src/code-cache.ts), not
// for ES modules. Modules reached by dynamic import() (the Markdown and HTML
// processors, watch mode) are still initialised only when first used.
// piscina and chokidar are left to node_modules: they load their own files
// at run time.
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

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

const entryPoints = { cli: join(dist, 'cli.js'), worker: join(dist, 'pipeline', 'worker.js') };
await build({
  entryPoints,
  outdir,
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  external: ['piscina', 'chokidar', 'fsevents'],
  plugins: [grayMatterYamlStandIn],
  // The sources locate their package files and worker from import.meta.url, which CommonJS lacks.
  define: { 'import.meta.url': '__gazetteModuleUrl' },
  banner: { js: "const __gazetteModuleUrl = require('node:url').pathToFileURL(__filename).href;" },
  logLevel: 'warning',
});
// The package is "type": "module"; these .js files are CommonJS. The worker keeps
// its .js name, so the same code finds it beside either build.
writeFileSync(join(outdir, 'package.json'), '{ "type": "commonjs" }\n');

// The code cache loader runs the bundle as a script, where import() would need a loader of its own.
for (const name of Object.keys(entryPoints)) {
  const file = join(outdir, `${name}.js`);
  if (/\bimport\(/.test(readFileSync(file, 'utf8'))) throw new Error(`scripts/bundle.mjs: ${file} calls import(); the bundle must not`);
}
