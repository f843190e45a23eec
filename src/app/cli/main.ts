#!/usr/bin/env node
// The bin entry (bin/cbi starts it under Node >= 22): the only file that sets process.exitCode.
import { runCli } from './cli.js';

process.exitCode = await runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  signals: process,
});
