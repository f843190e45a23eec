import { Command } from 'commander';
import type { CliIo, ExitHolder } from './cli-io.js';

interface InstallOptions {
  home?: string;
  config?: string;
  json?: boolean;
}

/**
 * `cbi install` / `cbi uninstall`: the nightly run and the hourly watchdog as the OS's own jobs
 * (per-user LaunchAgents on macOS, systemd user timers on Linux), for this home and config.
 */
export function installCommands(io: CliIo, exit: ExitHolder): Command[] {
  const common = (command: Command): Command =>
    command
      .option('--home <dir>', 'the home the jobs run for (default: CBI_HOME or your home folder)')
      .option('--config <file>', 'config file the jobs use (default: <home>/cbi.config.json)')
      .option('--json', 'print the jobs as JSON');
  const act = (what: 'install' | 'uninstall') => async (options: InstallOptions) => {
    const { openForCommand } = await import('./open-for-command.js');
    const autopilot = await openForCommand(io, options);
    const jobs = await (what === 'install' ? autopilot.install() : autopilot.uninstall()).finally(() =>
      autopilot.close(),
    );
    if (options.json) {
      io.stdout.write(`${JSON.stringify(jobs)}\n`);
    } else {
      for (const job of jobs) {
        const state = job.loaded ? 'loaded' : job.installed ? 'installed, not loaded' : 'not installed';
        io.stdout.write(`${job.name}: ${job.label} ${state}${job.nextRun ? `, next ${job.nextRun}` : ''}\n`);
      }
    }
    exit.code = 0;
  };
  return [
    common(
      new Command('install').description(
        'install the nightly run and the hourly watchdog as OS jobs (idempotent)',
      ),
    ).action(act('install')),
    common(
      new Command('uninstall').description('remove the OS jobs of the nightly run and the watchdog'),
    ).action(act('uninstall')),
  ];
}
