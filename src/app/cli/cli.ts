import { autopilotVersion, jobSecrets } from '../../autopilot.js';
import { EXIT } from '../../domain/exit-codes.js';
import type { CliIo, ExitHolder } from './cli-io.js';
import { closest, type Command, table, UsageProblem } from './command.js';
import { cleanCommand } from './clean.command.js';
import { doctorCommand } from './doctor.command.js';
import { installCommands } from './install.command.js';
import { reportCommand } from './report.command.js';
import { reportFailure } from './report-failure.js';
import { runCommand } from './run.command.js';
import { statusCommand } from './status.command.js';
import { watchdogCommand } from './watchdog.command.js';

const PROGRAM = 'cbi';
const DESCRIPTION = 'cbi-autopilot: the self-governing nightly training machine for CBI-V14';

/** Parses argv, runs the command, and returns the exit code (the bin file sets it on the process). */
export async function runCli(argv: readonly string[], given: CliIo): Promise<number> {
  const exit: ExitHolder = { code: 0 };
  let io: CliIo;
  try {
    io = await withJobSecrets(given);
  } catch (error) {
    return reportFailure(error, (line) => given.stderr.write(`${line}\n`));
  }
  const commands: readonly Command[] = [
    runCommand(io, exit),
    statusCommand(io, exit),
    watchdogCommand(io, exit),
    reportCommand(io, exit),
    cleanCommand(io, exit),
    ...installCommands(io, exit),
    doctorCommand(io, exit),
  ];
  const [first, ...rest] = argv;
  try {
    if (first === undefined || first === '--help' || first === '-h') {
      io.stdout.write(`${programHelp(commands)}\n`);
      return first === undefined ? EXIT.usage : 0;
    }
    if (first === '--version' || first === '-V') {
      io.stdout.write(`${autopilotVersion()}\n`);
      return 0;
    }
    if (first === 'help') {
      const topic = commands.find((c) => c.name === rest[0]);
      io.stdout.write(`${topic === undefined ? programHelp(commands) : topic.help(PROGRAM)}\n`);
      return 0;
    }
    const command = commands.find((c) => c.name === first);
    if (command === undefined) {
      const like = closest(first, [...commands.map((c) => c.name), 'help']);
      throw new UsageProblem(
        first.startsWith('-')
          ? `unknown option '${first}'`
          : `unknown command '${first}'${like === undefined ? '' : ` (Did you mean ${like}?)`}`,
      );
    }
    if (command.wantsHelp(rest)) {
      io.stdout.write(`${command.help(PROGRAM)}\n`);
      return 0;
    }
    await command.run(rest);
    return exit.code;
  } catch (error) {
    if (error instanceof UsageProblem) {
      io.stderr.write(`${PROGRAM}: ${error.message}; see \`${PROGRAM} --help\`\n`);
      return EXIT.usage;
    }
    return reportFailure(error, (line) => io.stderr.write(`${line}\n`));
  }
}

function programHelp(commands: readonly Command[]): string {
  return [
    `Usage: ${PROGRAM} [options] [command]`,
    '',
    DESCRIPTION,
    '',
    'Options:',
    table([
      ['-V, --version', 'output the version number'],
      ['-h, --help', 'display help for command'],
    ]),
    '',
    'Commands:',
    table([
      ...commands.map((c): [string, string] => [c.usage, c.summary]),
      ['help [command]', 'display help for command'],
    ]),
  ].join('\n');
}

/** An installed job finds its secrets in the file CBI_SECRETS_FILE names (never in its plist or unit). */
async function withJobSecrets(io: CliIo): Promise<CliIo> {
  const secrets = await jobSecrets(io.env);
  if (Object.keys(secrets).length === 0) return io;
  io.applyEnvironment?.(secrets);
  return { ...io, env: { ...io.env, ...secrets } };
}
