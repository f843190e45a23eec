import { appendFile, mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { LAYOUT } from '../../domain/layout.js';
import { ALERTERS } from '../../ports/alerter.port.js';
import { CLOCK } from '../../ports/clock.port.js';
import { LOGGER } from '../../ports/logger.port.js';
import { PROCESS_LAUNCHER } from '../../ports/process-launcher.port.js';
import { STATUS_STORE } from '../../ports/status-store.port.js';
import { loadConfig } from '../config/load-config.js';
import { createContainer } from '../composition/container.js';
import { runWatchdog, type WatchdogReport } from '../watchdog/run-watchdog.js';
import { HOST } from '../composition/tokens.js';
import { watchdogSettingsFrom } from '../watchdog/watchdog-settings.js';
import type { CliIo, ExitHolder } from './cli-io.js';
import { EXIT } from './exit-codes.js';

export interface WatchdogOptions {
  readonly home?: string | undefined;
  readonly config?: string | undefined;
  readonly dryRun?: boolean | undefined;
  readonly json?: boolean | undefined;
}

/** Resolves the ports, runs one check, prints the report; exit 69 when an action failed. */
export async function watchdogAction(options: WatchdogOptions, io: CliIo, exit: ExitHolder): Promise<void> {
  const config = await loadConfig({ home: options.home, configFile: options.config, env: io.env });
  const container = await createContainer(config);
  const logFile = join(config.home, LAYOUT.watchdogLog);
  const report = await runWatchdog(
    {
      clock: container.get(CLOCK),
      status: container.get(STATUS_STORE),
      launcher: container.get(PROCESS_LAUNCHER),
      alerters: await container.getAsync(ALERTERS),
      logger: container.get(LOGGER),
      settings: watchdogSettingsFrom(config, container.get(HOST)),
      appendLog: async (line) => {
        await mkdir(dirname(logFile), { recursive: true });
        await appendFile(logFile, `${line}\n`);
      },
    },
    { dryRun: options.dryRun === true },
  );
  io.stdout.write(options.json === true ? `${JSON.stringify(report)}\n` : formatWatchdogReport(report));
  exit.code = report.ok ? EXIT.success : EXIT.unavailable;
}

/** The report for people: the state and why, then each action. */
export function formatWatchdogReport(report: WatchdogReport): string {
  const lines = [`${report.dryRun ? '[dry run] ' : ''}${report.state}: ${report.reason}`];
  for (const action of report.actions) {
    const mark = { done: 'done', would: 'would', skipped: 'skipped', failed: 'FAILED' }[action.outcome];
    lines.push(`  ${mark}: ${action.detail}${action.error === null ? '' : ` (${action.error})`}`);
  }
  if (report.actions.length === 0) lines.push('  nothing to do');
  if (report.held !== null) lines.push(`  ${report.held}`);
  if (report.incidentOpen)
    lines.push(`  incident open: ${report.consecutiveFailures} consecutive failed runs`);
  return `${lines.join('\n')}\n`;
}
