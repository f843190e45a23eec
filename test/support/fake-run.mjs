// A stand-in for the `cbi run` the watchdog launches: appends one line (its pid and arguments)
// to <home>/fake-runs.log, then lingers a moment like a run would before it exits.
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';

const args = process.argv.slice(2);
const home = args[args.indexOf('--home') + 1];
if (home === undefined) throw new Error('fake-run needs --home');
appendFileSync(join(home, 'fake-runs.log'), `${JSON.stringify({ pid: process.pid, args })}\n`);
process.stdout.write(`fake run ${process.pid} started\n`);
await new Promise((resolve) => globalThis.setTimeout(resolve, 300));
