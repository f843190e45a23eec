import { summarizeError } from '../../domain/errors.js';
import { evaluateHealth, type HealthPolicy, type HealthReport } from '../../domain/watchdog/health.js';
import { NO_INCIDENT, type IncidentPolicy } from '../../domain/watchdog/incident-policy.js';
import { localIso } from '../../domain/iso-time.js';
import { decideWatchdog, type WatchdogAction } from '../../domain/watchdog/watchdog-decision.js';
import type { Alerter } from '../../ports/alerter.port.js';
import type { Clock } from '../../ports/clock.port.js';
import type { Logger } from '../../ports/logger.port.js';
import type { ProcessLauncher } from '../../ports/process-launcher.port.js';
import type { RunLogs } from '../../ports/run-logs.port.js';
import type { StatusStore } from '../../ports/status-store.port.js';
import type { AlertDelivery } from '../alerts/send-alerts.js';
import { carryOut, describe, readLatest } from './carry-out-action.js';
import { watchdogLogLine } from './watchdog-log-line.js';

/** What the watchdog needs to know besides its ports. */
export interface WatchdogSettings {
  /** Absolute; every on-disk path is relative to it. */
  readonly home: string;
  readonly host: string;
  /** Passed on to the catch-up run (`--config`), or null. */
  readonly configFile: string | null;
  readonly health: HealthPolicy;
  readonly incident: IncidentPolicy;
  /** SIGTERM to SIGKILL, for a run past its deadline. */
  readonly stopGraceMs: number;
  readonly historyLimit: number;
  /**
   * After starting a catch-up run, how long to wait (holding the watchdog lock) for it to take
   * the run lock, so the next check sees it running; 0 does not wait.
   */
  readonly launchSettleMs: number;
}

export interface RunWatchdogDeps {
  readonly clock: Clock;
  readonly status: StatusStore;
  readonly launcher: ProcessLauncher;
  readonly alerters: readonly Alerter[];
  readonly logger: Logger;
  readonly settings: WatchdogSettings;
  /** Where a run the watchdog closes gets its last line (the seed's PIPELINE EXCEPTION); optional. */
  readonly logs?: RunLogs | undefined;
}

export interface RunWatchdogInput {
  /** Decide and say what would be done; change nothing (no run, no alert, no write). */
  readonly dryRun: boolean;
  /** This check's process, for the watchdog lock. */
  readonly pid: number;
}

/** One action as carried out (or, in a dry run, as it would be). */
export interface WatchdogActionReport {
  readonly kind: WatchdogAction['kind'];
  readonly detail: string;
  readonly outcome: 'done' | 'would' | 'skipped' | 'failed';
  readonly error: string | null;
  readonly deliveries?: readonly AlertDelivery[];
  readonly pid?: number;
}

export interface WatchdogReport {
  readonly at: string;
  readonly dryRun: boolean;
  readonly state: HealthReport['state'];
  readonly reason: string;
  readonly actions: readonly WatchdogActionReport[];
  /** Why a wanted run was not started (retry back-off), or null. */
  readonly held: string | null;
  readonly consecutiveFailures: number;
  readonly lastRunId: string | null;
  readonly lastSuccessAt: string | null;
  readonly dueSlot: string;
  readonly running: HealthReport['running'];
  readonly incidentOpen: boolean;
  /** Whether every action succeeded. */
  readonly ok: boolean;
}

/**
 * One watchdog check. Checks exclude each other (the watchdog lock): a check that finds another
 * acting does nothing and says so. It reads the status, the history, the run lock and the
 * incident state, asks the domain what to do, does it, and appends a line to the watchdog log.
 * Never starts a run while a live one holds the run lock: it checks again right before starting,
 * and holds its own lock until the run it started holds the run lock.
 */
export async function runWatchdog(deps: RunWatchdogDeps, input: RunWatchdogInput): Promise<WatchdogReport> {
  if (input.dryRun) return checkOnce(deps, input);
  const { status, settings } = deps;
  const holder = { pid: input.pid, host: settings.host, startedAt: localIso(deps.clock.now()) };
  if (!(await status.acquireWatchdogLock(holder))) return busyReport(deps);
  try {
    return await checkOnce(deps, input);
  } finally {
    await status.releaseWatchdogLock(input.pid);
  }
}

async function checkOnce(deps: RunWatchdogDeps, input: RunWatchdogInput): Promise<WatchdogReport> {
  const { clock, status, settings } = deps;
  const now = clock.now();
  const logger = deps.logger.child({ component: 'watchdog' });
  const [latest, history, lock, saved] = await Promise.all([
    readLatest(status),
    status.recentRuns(settings.historyLimit),
    status.readLock(),
    status.incident(),
  ]);
  const health = evaluateHealth({ now, status: latest, history, lock }, settings.health);
  const decision = decideWatchdog(health, saved, now, settings.incident);
  const failedRecord = decision.actions.find(
    (a): a is Extract<WatchdogAction, { kind: 'record_failure' }> => a.kind === 'record_failure',
  )?.run;
  const reports: WatchdogActionReport[] = [];
  let stopFailed = false;

  for (const action of decision.actions) {
    const detail = describe(action);
    if (input.dryRun) {
      reports.push({ kind: action.kind, detail, outcome: 'would', error: null });
      continue;
    }
    if (stopFailed && (action.kind === 'record_failure' || action.kind === 'start_run')) {
      // Never a second run beside a stuck one that would not die.
      reports.push({
        kind: action.kind,
        detail: `${detail}; not done: the stuck run could not be stopped`,
        outcome: 'skipped',
        error: null,
      });
      continue;
    }
    try {
      reports.push(
        await carryOut(deps, action, detail, {
          now,
          health,
          failedRecord,
          consecutive: decision.consecutiveFailures,
        }),
      );
    } catch (error) {
      if (action.kind === 'stop_run') stopFailed = true;
      const message = summarizeError(error).message;
      logger.error('watchdog action failed', { action: action.kind, error: message });
      reports.push({ kind: action.kind, detail, outcome: 'failed', error: message });
    }
  }

  // Only a change is written: a healthy home that never had an incident gets no incident file.
  if (!input.dryRun && JSON.stringify(decision.incident) !== JSON.stringify(saved ?? NO_INCIDENT)) {
    await status.saveIncident(decision.incident);
  }
  const report: WatchdogReport = {
    at: localIso(now),
    dryRun: input.dryRun,
    state: decision.state,
    reason: decision.reason,
    actions: reports,
    held: decision.held,
    consecutiveFailures: decision.consecutiveFailures,
    lastRunId: health.lastRun?.run_id ?? null,
    lastSuccessAt: health.lastSuccessAt,
    dueSlot: health.dueSlot,
    running: health.running,
    incidentOpen: decision.incident.open !== null,
    ok: reports.every((r) => r.outcome !== 'failed'),
  };
  if (!input.dryRun) {
    await status.appendWatchdogLog(watchdogLogLine(report));
    logger.info('watchdog check', {
      state: report.state,
      actions: reports.map((r) => `${r.kind}:${r.outcome}`),
    });
  }
  return report;
}

/** The report of a check that found another check acting: it did nothing. */
async function busyReport(deps: RunWatchdogDeps): Promise<WatchdogReport> {
  const report = await checkOnce(deps, { dryRun: true, pid: 0 });
  return {
    ...report,
    dryRun: false,
    actions: [],
    held: 'another watchdog check is acting now; this one did nothing',
    ok: true,
  };
}
