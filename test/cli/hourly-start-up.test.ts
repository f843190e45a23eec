import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/repo.js';

const run = promisify(execFile);
const bin = join(REPO_ROOT, 'bin/cbi');
const built = existsSync(join(REPO_ROOT, 'dist/bundle/main.js'));
const actor = join(REPO_ROOT, 'test/support/home-actor.mjs');

// Node's own modules that the hourly commands must not load: `node:fs/promises` (and any ES
// import of `node:fs`) brings Node's streams, readline and REPL history; `process.stdout` brings
// the streams too. Together about a tenth of a bare node's start (bench/cli-startup.bench.mjs).
const UNWANTED = [
  'NativeModule internal/fs/promises',
  'NativeModule stream',
  'NativeModule internal/streams/readable',
  'NativeModule internal/readline/interface',
  'NativeModule internal/repl/history',
];

describe.skipIf(!built)('what the hourly commands load', () => {
  let dir: string;
  let home: string;
  let preload: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cbi-hourly-'));
    home = join(dir, 'home');
    preload = join(dir, 'loaded.cjs');
    await run(process.execPath, [actor, 'healthy', home]);
    // at exit, the list of Node's modules the process loaded (process.moduleLoadList)
    await writeFile(
      preload,
      "process.on('exit', () => require('fs').writeFileSync(process.env.CBI_TEST_LOADED, process.moduleLoadList.join('\\n')));\n",
    );
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function loadedBy(args: readonly string[]): Promise<{ stdout: string; loaded: string[] }> {
    const out = join(dir, `loaded-${args[0] ?? ''}.txt`);
    const { stdout } = await run(bin, [...args, '--home', home], {
      env: {
        ...process.env,
        CBI_NODE: process.execPath,
        NODE_OPTIONS: `--require ${preload}`,
        CBI_TEST_LOADED: out,
      },
    });
    return { stdout, loaded: (await readFile(out, 'utf8')).split('\n') };
  }

  it.each([['status'], ['watchdog']])(
    '`cbi %s --json` writes its report without Node streams or fs/promises',
    async (command) => {
      // twice: the first start fills the caches (config, parsed records); the hourly start is the second
      await loadedBy([command, '--json']);
      const { stdout, loaded } = await loadedBy([command, '--json']);
      expect(JSON.parse(stdout)).toBeTypeOf('object');
      expect(loaded).toContain('NativeModule fs'); // the list is real
      expect(loaded.filter((m) => UNWANTED.includes(m))).toEqual([]);
    },
  );
});
