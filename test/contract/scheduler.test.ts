import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SystemdScheduler } from '../../src/adapters/linux/systemd-scheduler.js';
import { LaunchdScheduler } from '../../src/adapters/macos/launchd-scheduler.js';
import type { JobsMode } from '../../src/domain/jobs/install-plan.js';
import type { JobsSpec } from '../../src/domain/jobs/jobs-spec.js';
import { FakeScheduler } from '../../src/testing/fake-scheduler.js';
import { schedulerContract } from '../../src/testing/contracts/scheduler.contract.js';
import { CBI } from '../support/jobs-world.js';
import { osStandins } from '../support/standins/os-tools.js';

const spec = (home: string): JobsSpec => ({
  cbi: CBI,
  home,
  configFile: null,
  times: ['23:59'],
  timeZone: null,
  systemTimes: ['23:59'],
  path: '/usr/bin:/bin',
  environment: {},
  secretsFile: undefined,
  user: { uid: 4242, gid: 4242, name: 'ann', homeDir: home },
});

schedulerContract('fake', async () => ({
  scheduler: new FakeScheduler(),
  spec: spec('/home/ann'),
  mode: 'user',
  dispose: async () => undefined,
}));

for (const mode of ['user', 'system'] as JobsMode[]) {
  schedulerContract(`launchd ${mode} jobs (stand-in launchctl: no macOS here)`, async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cbi-scheduler-'));
    const tools = await osStandins();
    await tools.setRoot(mode === 'system');
    return {
      scheduler: new LaunchdScheduler({
        userHome: dir,
        daemonsDir: join(dir, 'LaunchDaemons'),
        uid: 4242,
        userName: 'ann',
        launchctl: tools.tools.launchctl,
      }),
      spec: spec(dir),
      mode,
      dispose: async () => {
        await rm(dir, { recursive: true, force: true });
        await tools.dispose();
      },
    };
  });
  schedulerContract(
    `systemd ${mode} units (stand-in systemctl and loginctl: systemd is not PID 1 here)`,
    async () => {
      const dir = await mkdtemp(join(tmpdir(), 'cbi-scheduler-'));
      const tools = await osStandins();
      await tools.setRoot(mode === 'system');
      await tools.setUserManager(true);
      await tools.setLinger('ann', true);
      return {
        scheduler: new SystemdScheduler({
          userUnitDir: join(dir, 'user'),
          systemUnitDir: join(dir, 'system'),
          uid: 4242,
          userName: 'ann',
          systemctl: tools.tools.systemctl,
          loginctl: tools.tools.loginctl,
        }),
        spec: spec(dir),
        mode,
        dispose: async () => {
          await rm(dir, { recursive: true, force: true });
          await tools.dispose();
        },
      };
    },
  );
}
