#!/usr/bin/env node
// The bin entry (bin/cbi starts it under Node >= 22): the only file that sets process.exitCode.
// The compile cache (under the user's cache folder) keeps start-up short for the commands that
// run every hour (status, watchdog); everything else loads after it is enabled.
import module from 'node:module';
import { join } from 'node:path';
import { fdOutput } from './fd-output.js';
import { userCacheDir } from './user-cache.js';

module.enableCompileCache?.(join(userCacheDir(process.env), 'compile'));
const { runCli } = await import('./cli.js');
process.exitCode = await runCli(process.argv.slice(2), {
  // written straight to the descriptors: Node's streams are made only when a command needs them
  stdout: fdOutput(1, () => process.stdout),
  stderr: fdOutput(2, () => process.stderr),
  env: process.env,
  signals: process,
  // The job's secrets reach the process's own environment too: libraries and children read it.
  applyEnvironment: (variables) => Object.assign(process.env, variables),
});
