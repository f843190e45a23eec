import { homedir } from 'node:os';
import { join } from 'node:path';
import { ContainerModule } from 'inversify';
import { SchedulerError } from '../../../domain/errors.js';
import { SCHEDULER, type Scheduler } from '../../../ports/scheduler.port.js';
import type { Config } from '../../config/load-config.js';
import { packageRoot } from '../package-root.js';

export interface SchedulerModuleOptions {
  readonly platform?: NodeJS.Platform;
  /** Where the user's LaunchAgents / systemd user units live (default: under the user's home). */
  readonly userHome?: string;
  /** PATH the jobs get (launchd and systemd start with a bare one). */
  readonly path?: string;
}

/** SCHEDULER by platform: launchd LaunchAgents on macOS, systemd user timers on Linux. Resolve with getAsync. */
export function schedulerModule(config: Config, options: SchedulerModuleOptions = {}): ContainerModule {
  const platform = options.platform ?? process.platform;
  const userHome = options.userHome ?? homedir();
  const jobs = {
    cbi: join(packageRoot(), 'bin', 'cbi'),
    home: config.home,
    configFile: config.configFile,
    time: config.schedule.time,
    timeZone: config.schedule.timeZone ?? null,
    path: options.path ?? '/opt/homebrew/bin:/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin',
  };
  return new ContainerModule((bind) => {
    bind.bind(SCHEDULER).toResolvedValue(async (): Promise<Scheduler> => {
      if (platform === 'darwin') {
        const { LaunchdScheduler } = await import('../../../adapters/macos/launchd-scheduler.js');
        return new LaunchdScheduler({
          ...jobs,
          agentsDir: join(userHome, 'Library/LaunchAgents'),
          uid: process.getuid?.() ?? 501,
        });
      }
      if (platform === 'linux') {
        const { SystemdScheduler } = await import('../../../adapters/linux/systemd-scheduler.js');
        return new SystemdScheduler({ ...jobs, unitDir: join(userHome, '.config/systemd/user') });
      }
      throw new SchedulerError(`no scheduler for ${platform}`, {
        hint: 'run `cbi watchdog` hourly and `cbi run` nightly with the OS scheduler you have',
      });
    });
  });
}
