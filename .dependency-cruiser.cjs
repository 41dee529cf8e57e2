// The import graph's rules (npm run lint: `depcruise src`). See docs/architecture.md for the layers.
//
// tsPreCompilationDeps 'specify': the graph is read from the TypeScript source, so it has the imports that
// tsc erases too (`import type`, and imports used only as types), each tagged 'type-only' or
// 'pre-compilation-only'. They count for cycles and for the layer rules: a type that points the wrong way
// still ties the two modules together (they cannot be read, moved or split apart), and the cure is the same,
// moving the type down. They do not count for the no-fs rule, which is about doing I/O: a type from
// node:fs does none.
const ERASED = ['type-only', 'type-import', 'pre-compilation-only'];

// The pure middle of the pipeline: data in, data out, no files.
const PURE = '^src/(site|feeds|render)/';
// Below orchestration: what src/build/ drives.
const BELOW_BUILD = '^src/(content|site|feeds|liquid|render|output|cache|workers)/';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'No import cycles in src/ (type-only imports count: see above).',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'no-fs-in-pure-modules',
      severity: 'error',
      comment: 'site/, feeds/ and render/ do no file I/O: the caller reads and writes (output/, pipeline/, build).',
      from: { path: PURE },
      to: { path: '^(node:)?fs(/promises)?$', dependencyTypesNot: ERASED },
    },
    {
      name: 'no-output-in-pure-modules',
      severity: 'error',
      comment: 'site/, feeds/ and render/ do not use output/ (staging, writing, the manifest): what they need from it belongs below.',
      from: { path: PURE },
      to: { path: '^src/output/' },
    },
    {
      name: 'no-fs-in-pure-check-modules',
      severity: 'error',
      comment:
        'The link check plans in pure modules (extraction, resolution, source lookup, the old-site comparison); scan, link-diagnostics, redirect-pages and run read and write.',
      from: { path: '^src/check/(extract|resolve|page-links|sources|against)\\.ts$' },
      to: { path: '^(node:)?fs(/promises)?$', dependencyTypesNot: ERASED },
    },
    {
      name: 'content-site-feeds-below-render-and-build',
      severity: 'error',
      comment: 'content/, site/ and feeds/ are below render/, the cache, the workers and the build: they never import them.',
      from: { path: '^src/(content|site|feeds)/' },
      to: { path: '^src/(render|cache|workers|build)/' },
    },
    {
      name: 'render-below-cache-and-workers',
      severity: 'error',
      comment: 'render/ turns routes into bytes; where bodies are stored and which thread renders are the levels above.',
      from: { path: '^src/render/' },
      to: { path: '^src/(cache|workers)/' },
    },
    {
      name: 'nothing-below-imports-build',
      severity: 'error',
      comment:
        'Orchestration (src/build/) may import everything below it; nothing below imports it. Only index.ts, cli.ts, serve/, check/ (the link check builds first) and report.ts (the printer of a BuildResult) are above it.',
      from: { path: BELOW_BUILD },
      to: { path: '^src/build/' },
    },
    {
      name: 'nothing-imports-cli',
      severity: 'error',
      comment: 'src/cli.ts is the entry point (argv and exit code): nothing in src/ imports it (tests may).',
      from: { path: '^src/' },
      to: { path: '^src/cli\\.ts$' },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment: 'Every import resolves: an import the cruiser cannot follow would hide its cycles and layer violations.',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: 'specify',
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
  },
};
