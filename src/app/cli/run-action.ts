import { parseHorizonList } from '../../domain/horizon.js';
import type { RunTrigger } from '../../domain/night/run.js';
import { loadConfig } from '../config/load-config.js';
import { runNight } from '../night/run-night.js';
import type { CliIo, ExitHolder } from './cli-io.js';
import { TerminalProgress } from './terminal-progress.js';
import { UsageError } from '../../domain/errors.js';

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
  const config = await loadConfig({
    home: options.home,
    configFile: options.config,
    env: io.env,
    ...(horizons ? { overrides: { run: { horizons } } } : {}),
  });
  const onTerminal = io.stderr.isTTY === true && options.json !== true;
  const interrupt = new AbortController();
  const onSignal = (signal: NodeJS.Signals): void => {
    if (interrupt.signal.aborted) return;
    io.stderr.write(
      `cbi: ${signal} received; stopping the current stage and recording the run as interrupted\n`,
    );
    interrupt.abort(signal);
  };
  io.signals.on('SIGINT', onSignal);
  io.signals.on('SIGTERM', onSignal);
  try {
    const record = await runNight({
      config,
      trigger,
      interrupt: interrupt.signal,
      logToStdout: !onTerminal && options.json !== true,
      ...(onTerminal ? { observer: new TerminalProgress(io.stderr) } : {}),
    });
    if (options.json) io.stdout.write(`${JSON.stringify(record)}\n`);
    exit.code = record.exit_code ?? 1;
  } finally {
    io.signals.off('SIGINT', onSignal);
    io.signals.off('SIGTERM', onSignal);
  }
}
