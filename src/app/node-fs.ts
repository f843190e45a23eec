import type * as NodeFs from 'node:fs';

/**
 * Node's fs as its CommonJS exports. Not `import … from 'node:fs'` (nor `node:fs/promises`): an
 * ES import of a builtin reads every export, and fs's `promises` loads Node's streams, readline
 * and REPL history, about 3 ms of CPU on every start of the hourly commands
 * (bench/cli-startup.bench.mjs). The app layer reads its few small files (the config, its cache,
 * the job's secrets) with the synchronous calls; the adapters have theirs in adapters/shared/fs-calls.
 * Node 22.0 to 22.2 lack getBuiltinModule: there the ES import is all there is.
 */
export const nodeFs: typeof NodeFs =
  typeof process.getBuiltinModule === 'function'
    ? process.getBuiltinModule('node:fs')
    : await import('node:fs');
