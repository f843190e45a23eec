import { Command } from './command.js';
import type { CliIo, ExitHolder } from './cli-io.js';

/** `cbi watchdog`: one health check that acts on what it finds (run hourly by launchd or a systemd timer). */
export function watchdogCommand(io: CliIo, exit: ExitHolder): Command {
  return new Command('watchdog')
    .description(
      'check the nightly runs and act: start a catch-up run, stop a stuck one, set a corrupt status aside, alert',
    )
    .option('--home <dir>', 'the home to watch (default: CBI_HOME or your home folder)')
    .option('--config <file>', 'config file (default: <home>/cbi.config.json)')
    .option('--dry-run', 'say what would be done; do nothing')
    .option('--json', 'print the report as one JSON object')
    .action(async (options: { home?: string; config?: string; dryRun?: boolean; json?: boolean }) => {
      const { watchdogAction } = await import('./watchdog-action.js');
      await watchdogAction(options, io, exit);
    });
}
