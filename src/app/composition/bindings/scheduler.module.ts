import { homedir, userInfo } from 'node:os';
import { join } from 'node:path';
import { ContainerModule } from 'inversify';
import { SchedulerError } from '../../../domain/errors.js';
import { MACHINE, type Machine } from '../../../ports/machine.port.js';
import { SCHEDULER, type Scheduler } from '../../../ports/scheduler.port.js';
import type { Config } from '../../config/config-schema.js';

export interface SchedulerModuleOptions {
  readonly platform?: NodeJS.Platform;
  /** The installing user's home folder (default: this user's). */
  readonly userHome?: string;
}

/**
 * SCHEDULER by platform: launchd (LaunchAgents, or LaunchDaemons with --system) on macOS,
 * systemd timers (user or system units) on Linux. Resolve with getAsync; elsewhere it throws
 * SchedulerError saying what to do instead.
 */
export function schedulerModule(_config: Config, options: SchedulerModuleOptions = {}): ContainerModule {
  const platform = options.platform ?? process.platform;
  const userHome = options.userHome ?? homedir();
  return new ContainerModule((bind) => {
    bind.bind(SCHEDULER).toResolvedValue(
      async (machine: Machine): Promise<Scheduler> => {
        const me = { uid: machine.uid, userName: userInfo().username };
        if (platform === 'darwin') {
          const { LaunchdScheduler } = await import('../../../adapters/macos/launchd-scheduler.js');
          return new LaunchdScheduler({ ...me, userHome, daemonsDir: '/Library/LaunchDaemons' });
        }
        if (platform === 'linux') {
          const { SystemdScheduler } = await import('../../../adapters/linux/systemd-scheduler.js');
          return new SystemdScheduler({
            ...me,
            userUnitDir: join(userHome, '.config/systemd/user'),
            systemUnitDir: '/etc/systemd/system',
          });
        }
        throw new SchedulerError(`no scheduler for ${platform}`, {
          hint: 'run `cbi watchdog` hourly and `cbi run` nightly with the OS scheduler you have',
        });
      },
      [MACHINE],
    );
  });
}
