import { readFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { DetachedProcessLauncher } from '../../src/adapters/process/detached-process-launcher.js';
import { ProcessFailedError } from '../../src/domain/errors.js';
import { FakeProcessLauncher } from '../../src/testing/fake-process-launcher.js';
import { processLauncherContract } from '../../src/testing/contracts/process-launcher.contract.js';

processLauncherContract('fake', async () => {
  const launcher = new FakeProcessLauncher();
  return {
    launcher,
    stdoutFile: '/x/out',
    stderrFile: '/x/err',
    longArgs: ['run'],
    killFromOutside: async (pid) => launcher.kill(pid),
    dispose: async () => undefined,
  };
});

async function waitGone(pid: number): Promise<void> {
  for (let i = 0; i < 100; i++) {
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
    await delay(20);
  }
}

processLauncherContract('detached (real processes)', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'cbi-launcher-'));
  const launcher = new DetachedProcessLauncher({
    entry: [
      process.execPath,
      '-e',
      'setInterval(() => {}, 1000); console.log("up", process.argv.slice(1).join(" "))',
    ],
    wrapper: [],
  });
  return {
    launcher,
    stdoutFile: join(dir, 'out.log'),
    stderrFile: join(dir, 'err.log'),
    longArgs: ['run', '--home', dir],
    killFromOutside: async (pid) => {
      process.kill(pid, 'SIGKILL');
      await waitGone(pid);
    },
    dispose: async () => rm(dir, { recursive: true, force: true }),
  };
});

describe('DetachedProcessLauncher', () => {
  it('appends the child output to the given files', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cbi-launcher-'));
    const launcher = new DetachedProcessLauncher({
      entry: [process.execPath, '-e', 'console.log("out", process.argv[1]); console.error("err")'],
      wrapper: [],
    });
    const files = { stdoutFile: join(dir, 'logs/out.log'), stderrFile: join(dir, 'logs/err.log') };
    const first = await launcher.launchDetached({ args: ['one'], ...files });
    await waitGone(first);
    const second = await launcher.launchDetached({ args: ['two'], ...files });
    await waitGone(second);
    await delay(50);
    expect(await readFile(files.stdoutFile, 'utf8')).toBe('out one\nout two\n');
    expect(await readFile(files.stderrFile, 'utf8')).toBe('err\nerr\n');
    await rm(dir, { recursive: true, force: true });
  });

  it('fails with ProcessFailedError when the command does not exist', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cbi-launcher-'));
    const launcher = new DetachedProcessLauncher({ entry: ['/nonexistent/cbi'], wrapper: [] });
    await expect(
      launcher.launchDetached({ args: ['run'], stdoutFile: join(dir, 'o'), stderrFile: join(dir, 'e') }),
    ).rejects.toBeInstanceOf(ProcessFailedError);
    await rm(dir, { recursive: true, force: true });
  });
});
