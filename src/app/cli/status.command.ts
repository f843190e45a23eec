import { Command } from './command.js';
import type { CliIo, ExitHolder } from './cli-io.js';

/** `cbi status`: the last run (stages, durations, retries, errors), its age, the lock, recent runs. */
export function statusCommand(io: CliIo, exit: ExitHolder): Command {
  return new Command('status')
    .description(
      'show the latest forecast per horizon and whether it beats naive, then the last run, the run in progress, the lock, recent runs and open incidents',
    )
    .option('--home <dir>', 'the home whose runs to show (default: CBI_HOME or your home folder)')
    .option('--config <file>', 'config file (default: <home>/cbi.config.json)')
    .option('--recent <n>', 'how many recent runs to list', '5')
    .option('--json', 'print the report as one JSON object')
    .action(async (options: { home?: string; config?: string; recent: string; json?: boolean }) => {
      const [{ openForCommand }, { formatStatus }] = await Promise.all([
        import('./open-for-command.js'),
        import('./format-run.js'),
      ]);
      const autopilot = await openForCommand(io, options);
      try {
        const report = await autopilot.status({
          recent: Math.max(1, Number.parseInt(options.recent, 10) || 5),
        });
        io.stdout.write(options.json ? `${JSON.stringify(report)}\n` : `${formatStatus(report)}\n`);
        exit.code = 0;
      } finally {
        await autopilot.close();
      }
    });
}
