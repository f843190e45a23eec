import { Command } from './command.js';
import type { CliIo, ExitHolder } from './cli-io.js';

/** `cbi doctor`: checks everything an unattended night needs, each ok / warn / fail with its fix. */
export function doctorCommand(io: CliIo, exit: ExitHolder): Command {
  return new Command('doctor')
    .description(
      'check Node, the boosters, the home, disk space, the jobs, the wake, power, time zones, the warehouse, the alerts and the last success',
    )
    .option('--home <dir>', 'the home to check (default: CBI_HOME or your home folder)')
    .option('--config <file>', 'config file (default: <home>/cbi.config.json)')
    .option('--send-test-alert', 'send a test alert to every configured channel')
    .option('--json', 'print the report as one JSON object')
    .action(async (options: { home?: string; config?: string; sendTestAlert?: boolean; json?: boolean }) => {
      const [{ openForCommand }, { formatDoctor }] = await Promise.all([
        import('./open-for-command.js'),
        import('./format-doctor.js'),
      ]);
      const autopilot = await openForCommand(io, options);
      try {
        const report = await autopilot.doctor({ sendTestAlert: options.sendTestAlert === true });
        io.stdout.write(options.json ? `${JSON.stringify(report)}\n` : formatDoctor(report));
        exit.code = report.exitCode;
      } finally {
        await autopilot.close();
      }
    });
}
