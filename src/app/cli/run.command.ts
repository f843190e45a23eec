import { join } from 'node:path';
import { Command } from 'commander';
import { parseHorizonList } from '../../domain/horizon.js';
import { formatRunId, runLogKey } from '../../domain/layout.js';
import type { RunTrigger } from '../../domain/run.js';
import { CLOCK } from '../../ports/clock.port.js';
import { LOGGER } from '../../ports/logger.port.js';
import { POWER_MANAGER } from '../../ports/power-manager.port.js';
import { STATUS_STORE } from '../../ports/status-store.port.js';
import { loadConfig } from '../config.js';
import { createContainer } from '../container.js';
import { runNightly } from '../run-nightly.js';
import { HOST, NIGHTLY_STAGES, RUN_SETTINGS } from '../tokens.js';
import type { CliIo, ExitHolder } from './cli-io.js';
import { TerminalProgress } from './terminal-progress.js';
import { UsageError } from '../../domain/errors.js';

interface RunOptions {
  home?: string;
  config?: string;
  horizons?: string;
  json?: boolean;
  trigger: string;
}

const TRIGGERS: readonly RunTrigger[] = ['manual', 'schedule', 'watchdog'];

/** `cbi run`: one nightly run (export, quality, train per horizon, predict, upload, evaluate). */
export function runCommand(io: CliIo, exit: ExitHolder): Command {
  return new Command('run')
    .description('run the nightly plan now: export, quality, train per horizon, predict, upload, evaluate')
    .option('--home <dir>', 'the home of logs, exports and models (default: CBI_HOME or your home folder)')
    .option('--config <file>', 'config file (default: <home>/cbi.config.json)')
    .option('--horizons <list>', 'comma-separated horizons to train, e.g. 1m,3m (default: all configured)')
    .option('--json', 'print the final run record as one JSON object on stdout')
    .option('--trigger <who>', 'who started the run: manual, schedule or watchdog', 'manual')
    .action(async (options: RunOptions) => {
      if (!(TRIGGERS as readonly string[]).includes(options.trigger)) {
        throw new UsageError(`unknown trigger "${options.trigger}"`, { hint: `use one of ${TRIGGERS.join(', ')}` });
      }
      const trigger = options.trigger as RunTrigger;
      const horizons = options.horizons === undefined ? undefined : parseHorizonList(options.horizons);
      const config = await loadConfig({
        home: options.home,
        configFile: options.config,
        env: io.env,
        ...(horizons ? { overrides: { run: { horizons } } } : {}),
      });
      const onTerminal = io.stderr.isTTY === true && options.json !== true;
      const startedAt = new Date();
      const runId = formatRunId(startedAt);
      const container = await createContainer(config, {
        logFile: join(config.home, runLogKey(runId)),
        logToStdout: !onTerminal && options.json !== true,
      });
      const interrupt = new AbortController();
      const onSignal = (signal: NodeJS.Signals): void => {
        if (interrupt.signal.aborted) return;
        io.stderr.write(`cbi: ${signal} received; stopping the current stage and recording the run as interrupted\n`);
        interrupt.abort(signal);
      };
      io.signals.on('SIGINT', onSignal);
      io.signals.on('SIGTERM', onSignal);
      try {
        const record = await runNightly(
          {
            clock: container.get(CLOCK),
            status: container.get(STATUS_STORE),
            power: await container.getAsync(POWER_MANAGER),
            logger: container.get(LOGGER),
            stages: await container.getAsync(NIGHTLY_STAGES),
            settings: container.get(RUN_SETTINGS),
            random: Math.random,
            observer: onTerminal ? new TerminalProgress(io.stderr as NodeJS.WriteStream) : undefined,
          },
          { runId, trigger, pid: process.pid, host: container.get(HOST), interrupt: interrupt.signal },
        );
        if (options.json) io.stdout.write(`${JSON.stringify(record)}\n`);
        exit.code = record.exit_code ?? 1;
      } finally {
        io.signals.off('SIGINT', onSignal);
        io.signals.off('SIGTERM', onSignal);
        await container.unbindAll();
      }
    });
}
