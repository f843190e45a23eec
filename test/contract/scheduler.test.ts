import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SystemdScheduler } from '../../src/adapters/linux/systemd-scheduler.js';
import { LaunchdScheduler } from '../../src/adapters/macos/launchd-scheduler.js';
import { FakeScheduler } from '../../src/testing/fake-scheduler.js';
import { schedulerContract } from '../../src/testing/contracts/scheduler.contract.js';

/** A folder with a stand-in for launchctl/systemctl that accepts everything. */
async function sandbox(): Promise<{ dir: string; tool: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'cbi-scheduler-'));
  const tool = join(dir, 'tool.sh');
  await writeFile(tool, '#!/bin/sh\nexit 0\n');
  await chmod(tool, 0o755);
  return { dir, tool };
}

const jobs = (home: string) => ({
  cbi: '/usr/local/bin/cbi',
  home,
  configFile: null,
  time: '23:59',
  timeZone: null,
  path: '/usr/bin:/bin',
});

schedulerContract('fake', async () => ({ scheduler: new FakeScheduler(), dispose: async () => undefined }));
schedulerContract('launchd (stand-in launchctl)', async () => {
  const { dir, tool } = await sandbox();
  return {
    scheduler: new LaunchdScheduler({
      ...jobs(dir),
      agentsDir: join(dir, 'LaunchAgents'),
      uid: 501,
      launchctl: tool,
    }),
    dispose: async () => rm(dir, { recursive: true, force: true }),
  };
});
schedulerContract('systemd (stand-in systemctl)', async () => {
  const { dir, tool } = await sandbox();
  return {
    scheduler: new SystemdScheduler({ ...jobs(dir), unitDir: join(dir, 'user'), systemctl: tool }),
    dispose: async () => rm(dir, { recursive: true, force: true }),
  };
});
