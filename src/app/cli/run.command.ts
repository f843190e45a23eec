import { Command } from './command.js';
import type { CliIo, ExitHolder } from './cli-io.js';

/** `cbi run`: one nightly run (export, quality, train per horizon, predict, upload, evaluate). */
export function runCommand(io: CliIo, exit: ExitHolder): Command {
  return new Command('run')
    .description('run the nightly plan now: export, quality, train per horizon, predict, upload, evaluate')
    .option('--home <dir>', 'the home of logs, exports and models (default: CBI_HOME or your home folder)')
    .option('--config <file>', 'config file (default: <home>/cbi.config.json)')
    .option('--horizons <list>', 'comma-separated horizons to train, e.g. 1m,3m (default: all configured)')
    .option('--json', 'print the final run record as one JSON object on stdout')
    .option('--trigger <who>', 'who started the run: manual, schedule or watchdog', 'manual')
    .action(
      async (options: {
        home?: string;
        config?: string;
        horizons?: string;
        json?: boolean;
        trigger: string;
      }) => {
        const { runAction } = await import('./run-action.js');
        await runAction(options, io, exit);
      },
    );
}
