import { openForCommand } from './open-for-command.js';
import { EXIT } from '../../domain/exit-codes.js';
import type { WatchdogReport } from '../../index.js';
import type { CliIo, ExitHolder } from './cli-io.js';

export interface WatchdogOptions {
  readonly home?: string | undefined;
  readonly config?: string | undefined;
  readonly dryRun?: boolean | undefined;
  readonly json?: boolean | undefined;
}

/** Runs one check through the library entry, prints the report; exit 69 when an action failed. */
export async function watchdogAction(options: WatchdogOptions, io: CliIo, exit: ExitHolder): Promise<void> {
  const autopilot = await openForCommand(io, options);
  try {
    const report = await autopilot.watchdog({ dryRun: options.dryRun === true });
    io.stdout.write(options.json === true ? `${JSON.stringify(report)}\n` : formatWatchdogReport(report));
    // a dry run on a home that cannot be written ends as the real check would: exit 74
    exit.code = report.state === 'unwritable' ? EXIT.ioError : report.ok ? EXIT.success : EXIT.unavailable;
  } finally {
    await autopilot.close();
  }
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
