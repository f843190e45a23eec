import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../..', import.meta.url));
const bin = join(root, 'bin/cbi');
const built = existsSync(join(root, 'dist/app/cli/main.js'));
const actor = join(root, 'test/support/home-actor.mjs');

async function cbi(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(bin, args, {
      env: { ...process.env, CBI_NODE: process.execPath, ...env },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const field = (name: string): unknown =>
      typeof error === 'object' && error !== null && name in error ? Reflect.get(error, name) : undefined;
    const code = field('code');
    return {
      code: typeof code === 'number' ? code : -1,
      stdout: String(field('stdout') ?? ''),
      stderr: String(field('stderr') ?? ''),
    };
  }
}

describe.skipIf(!built)(`cbi watchdog${built ? '' : ' (skipped: run `npm run build` first)'}`, () => {
  let home: string;
  beforeEach(async () => {
    home = await mkdtemp(join(tmpdir(), 'cbi-watchdog-cli-'));
  });
  afterEach(async () => rm(home, { recursive: true, force: true }));

  it('--dry-run on an empty home says it would start a run and writes nothing', async () => {
    const result = await cbi(['watchdog', '--home', home, '--dry-run']);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      '[dry run] never_run: no run was ever recorded\n  would: start a catch-up run: no run was ever recorded\n',
    );
    expect(await readdir(home)).toEqual([]);
  });

  it('--json on a healthy home reports healthy, does nothing and appends one line to watchdog.log', async () => {
    await run(process.execPath, [actor, 'healthy', home]);
    const result = await cbi(['watchdog', '--home', home, '--json']);
    expect(result.code).toBe(0);
    const report: unknown = JSON.parse(result.stdout);
    expect(report).toMatchObject({ state: 'healthy', actions: [], ok: true, dryRun: false });
    const log = (await readFile(join(home, 'Logs/nightly/watchdog.log'), 'utf8')).trim().split('\n');
    expect(log).toHaveLength(1);
    expect(JSON.parse(log[0] ?? '{}')).toMatchObject({ state: 'healthy', actions: [] });
    // nothing else is written: no incident file, no lock left behind
    expect((await readdir(join(home, 'Logs/nightly'))).sort()).toEqual([
      'last_run_status.json',
      'runs',
      'watchdog.log',
    ]);
  });

  it('rejects an unknown option with the usage exit code', async () => {
    const result = await cbi(['watchdog', '--home', home, '--bogus']);
    expect(result.code).toBe(64);
    expect(result.stderr).toContain('--bogus');
  });
});
