import { Command } from './command.js';
import { EXIT } from '../../domain/exit-codes.js';
import type { CliIo, ExitHolder } from './cli-io.js';

/** `cbi clean`: retention now (also done at the end of every night). */
export function cleanCommand(io: CliIo, exit: ExitHolder): Command {
  return new Command('clean')
    .description(
      'delete old run logs, model versions, exports, history and prediction files and shorten big daemon logs (never a champion, the last model with skill or a live run)',
    )
    .option('--home <dir>', 'the home to clean (default: CBI_HOME or your home folder)')
    .option('--config <file>', 'config file (default: <home>/cbi.config.json)')
    .option('--dry-run', 'list what would be deleted; delete nothing')
    .option('--json', 'print the report as one JSON object')
    .action(async (options: { home?: string; config?: string; dryRun?: boolean; json?: boolean }) => {
      const [{ openAutopilot }, { formatCleanReport }] = await Promise.all([
        import('../../autopilot.js'),
        import('./format-clean.js'),
      ]);
      const autopilot = await openAutopilot({ home: options.home, configFile: options.config, env: io.env });
      try {
        const report = await autopilot.clean({ dryRun: options.dryRun === true });
        io.stdout.write(options.json === true ? `${JSON.stringify(report)}\n` : formatCleanReport(report));
        exit.code = report.actions.some((a) => a.outcome === 'failed') ? EXIT.ioError : EXIT.success;
      } finally {
        await autopilot.close();
      }
    });
}
