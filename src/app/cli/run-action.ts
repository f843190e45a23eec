import { openForCommand } from './open-for-command.js';
import { UsageError } from '../../domain/errors.js';
import { parseHorizonList } from '../../domain/horizon.js';
import type { RunTrigger } from '../../domain/night/run.js';
import type { CliIo, ExitHolder } from './cli-io.js';
import { formatFailureLine } from './format-run.js';
import { typicalStageSeconds } from '../../domain/night/stage-progress.js';
import { PlainProgress } from './plain-progress.js';
import { TerminalProgress } from './terminal-progress.js';

export interface RunOptions {
  readonly home?: string;
  readonly config?: string;
  readonly horizons?: string;
  readonly json?: boolean;
  readonly trigger: string;
}

const TRIGGERS: readonly RunTrigger[] = ['manual', 'schedule', 'watchdog'];

function isTrigger(text: string): text is RunTrigger {
  return (TRIGGERS as readonly string[]).includes(text);
}

/** The body of `cbi run`, loaded only when the command runs (keeps `--help` fast). */
export async function runAction(options: RunOptions, io: CliIo, exit: ExitHolder): Promise<void> {
  const trigger = options.trigger;
  if (!isTrigger(trigger)) {
    throw new UsageError(`unknown trigger "${trigger}"`, { hint: `use one of ${TRIGGERS.join(', ')}` });
  }
  const horizons = options.horizons === undefined ? undefined : parseHorizonList(options.horizons);
  const onTerminal = io.stderr.isTTY === true && options.json !== true;
  const autopilot = await openForCommand(io, options, {
    ...(horizons ? { overrides: { run: { horizons } } } : {}),
  });
  const interrupt = new AbortController();
  const onSignal = (signal: NodeJS.Signals): void => {
    if (interrupt.signal.aborted) return;
    // On a terminal the person sees the stop begin (the progress shows the rest); off one (a job,
    // a pipe) the run's one failure line below says it: one stderr line, as every failure.
    if (onTerminal)
      io.stderr.write(
        `cbi: ${signal} received; stopping the current stage and recording the run as interrupted\n`,
      );
    interrupt.abort(signal);
  };
  io.signals.on('SIGINT', onSignal);
  io.signals.on('SIGTERM', onSignal);
  try {
    const record = await autopilot.runNight({
      trigger,
      interrupt: interrupt.signal,
      observer: onTerminal
        ? new TerminalProgress(
            io.stderr,
            typicalStageSeconds((await autopilot.status({ recent: 14 })).recent),
          )
        : options.json === true
          ? undefined
          : new PlainProgress(io.stdout),
    });
    if (options.json) io.stdout.write(`${JSON.stringify(record)}\n`);
    // Off a terminal too, a run that did not fully succeed says so in one line on stderr.
    if (!onTerminal && record.state !== 'success') io.stderr.write(`${formatFailureLine(record)}\n`);
    exit.code = record.exit_code ?? 1;
  } finally {
    io.signals.off('SIGINT', onSignal);
    io.signals.off('SIGTERM', onSignal);
    await autopilot.close();
  }
}
