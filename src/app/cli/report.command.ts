import { Command } from './command.js';
import type { CliIo, ExitHolder } from './cli-io.js';

/** `cbi report`: the operator's report as one HTML file (also written after every night). */
export function reportCommand(io: CliIo, exit: ExitHolder): Command {
  return new Command('report')
    .description(
      'write the report (forecasts against the real price, walk-forward error, run history, watchdog, data freshness and quality) as one HTML file that opens from disk',
    )
    .option('--home <dir>', 'the home to report on (default: CBI_HOME or your home folder)')
    .option('--config <file>', 'config file (default: <home>/cbi.config.json)')
    .option('--out <file>', 'write it here instead of <home>/Logs/nightly/report.html')
    .action(async (options: { home?: string; config?: string; out?: string }) => {
      const [{ openAutopilot }, { writeFileAtomically }] = await Promise.all([
        import('../../autopilot.js'),
        import('./write-out.js'),
      ]);
      const autopilot = await openAutopilot({ home: options.home, configFile: options.config, env: io.env });
      try {
        const report = await autopilot.report({ write: options.out === undefined });
        const where = options.out ?? `${autopilot.config.home}/${report.key ?? ''}`;
        if (options.out !== undefined) await writeFileAtomically(options.out, report.html);
        io.stdout.write(`report with ${report.charts} charts written to ${where}\n`);
        exit.code = 0;
      } finally {
        await autopilot.close();
      }
    });
}
