/**
 * gazette as a library: `build()` for one build, `createBuilder()` for a
 * process that builds again as files change, `watch()` for the preview
 * server. Content problems come back as diagnostics in the result, never as
 * exceptions; an exception is a fault of gazette's or of the machine.
 */
export { build, createBuilder } from './build/builder.js';
export type { Builder, BuildOptions, BuildResult, BuildStats } from './build/types.js';
export type { ResolvedConfig } from './config.js';
export type { Diagnostic, Severity } from './diagnostics.js';
export { type WatchOptions, watch } from './serve/watch.js';
