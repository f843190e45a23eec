import { Command } from './command.js';
import { EXIT_CODE } from '../../domain/exit-codes.js';
import type { CliIo, ExitHolder } from './cli-io.js';

interface JobsOptions {
  home?: string;
  config?: string;
  system?: boolean;
  dryRun?: boolean;
  force?: boolean;
  json?: boolean;
}

/**
 * `cbi install` / `cbi uninstall`: the nightly run and the hourly watchdog as the OS's own jobs
 * for this home: per-user by default, `--system` for jobs that run with nobody logged in and
 * right after a reboot (as the home's owner, never root). Install ends with `cbi doctor`.
 */
export function installCommands(io: CliIo, exit: ExitHolder): Command[] {
  const common = (command: Command): Command =>
    command
      .option('--home <dir>', 'the home the jobs run for (default: CBI_HOME or your home folder)')
      .option('--config <file>', 'config file the jobs use (default: <home>/cbi.config.json)')
      .option(
        '--system',
        "system jobs: LaunchDaemons / systemd system units, run as the home's owner (needs root)",
      )
      .option('--dry-run', 'print every file (with its content) and command; change nothing')
      .option('--json', 'print the report as one JSON object');
  const act = (what: 'install' | 'uninstall') => async (options: JobsOptions) => {
    const [{ openForCommand }, format, { formatDoctor }] = await Promise.all([
      import('./open-for-command.js'),
      import('./format-plan.js'),
      import('./format-doctor.js'),
    ]);
    const autopilot = await openForCommand(io, options);
    try {
      const mode = options.system === true ? 'system' : 'user';
      const dryRun = options.dryRun === true;
      const report =
        what === 'install'
          ? await autopilot.install({ mode, dryRun, force: options.force === true, shell: io.env })
          : await autopilot.uninstall({ mode, dryRun });
      // Install ends by checking what it did (a dry run changed nothing to check).
      const doctor = what === 'install' && !dryRun ? await autopilot.doctor() : undefined;
      if (options.json) {
        io.stdout.write(`${JSON.stringify({ ...report, plan: format.planForJson(report.plan), doctor })}\n`);
      } else {
        const kind = mode === 'system' ? 'system jobs' : 'per-user jobs';
        const title = `cbi ${what} (${kind}) for ${autopilot.config.home}${dryRun ? ': dry run, nothing is changed' : ''}`;
        io.stdout.write(format.formatPlan(report.plan, { title, full: dryRun }));
        for (const warning of report.warnings) io.stdout.write(`warn: ${warning}\n`);
        if (report.inspection !== undefined)
          io.stdout.write(`\n${format.formatInspection(report.inspection)}`);
        if (doctor !== undefined) io.stdout.write(`\ncbi doctor:\n${formatDoctor(doctor)}`);
      }
      // Only a dry run gets here with a blocked plan (apply throws it): it says so, as the real run would.
      const block = report.plan.block;
      if (block !== undefined) io.stderr.write(`cbi: ${block.message}; ${block.hint} [${block.code}]\n`);
      exit.code = block === undefined ? 0 : EXIT_CODE[block.code];
    } finally {
      await autopilot.close();
    }
  };
  return [
    common(
      new Command('install').description(
        'install the nightly run and the hourly watchdog as OS jobs, and the wake (idempotent)',
      ),
    )
      .option('--force', "replace somebody else's repeating wake (pmset keeps one)")
      .action(act('install')),
    common(
      new Command('uninstall').description("remove the OS jobs and cbi's own wake; the home's data stays"),
    ).action(act('uninstall')),
  ];
}
