import { Command, CommanderError } from 'commander';
import type { CliIo, ExitHolder } from './cli-io.js';
import { autopilotVersion } from '../../autopilot.js';
import { EXIT } from '../../domain/exit-codes.js';
import { reportFailure } from './report-failure.js';
import { installCommands } from './install.command.js';
import { runCommand } from './run.command.js';
import { statusCommand } from './status.command.js';
import { watchdogCommand } from './watchdog.command.js';

/** Parses argv, runs the command, and returns the exit code (the bin file sets it on the process). */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const exit: ExitHolder = { code: 0 };
  const program = new Command('cbi')
    .description('cbi-autopilot: the self-governing nightly training machine for CBI-V14')
    .version(autopilotVersion(), '-V, --version')
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
      outputError: (text, write) =>
        write(
          `cbi: ${text
            .replace(/^error: /, '')
            .trim()
            .replace(/\s*\n\s*/g, ' ')}; see \`cbi --help\`\n`,
        ),
    })
    .exitOverride();
  for (const command of [
    runCommand(io, exit),
    statusCommand(io, exit),
    watchdogCommand(io, exit),
    ...installCommands(io, exit),
  ]) {
    program.addCommand(command.exitOverride().configureOutput(program.configureOutput()));
  }
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exit.code;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (
        error.code === 'commander.helpDisplayed' ||
        error.code === 'commander.version' ||
        error.code === 'commander.help'
      )
        return 0;
      return EXIT.usage;
    }
    return reportFailure(error, (line) => io.stderr.write(`${line}\n`));
  }
}
