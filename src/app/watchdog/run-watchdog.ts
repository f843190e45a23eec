import { ArtifactIoError, summarizeError, StatusCorruptError } from '../../domain/errors.js';
import { evaluateHealth, type HealthPolicy, type HealthReport } from '../../domain/watchdog/health.js';
import { NO_INCIDENT, type IncidentPolicy } from '../../domain/watchdog/incident-policy.js';
import { localIso } from '../../domain/iso-time.js';
import { decideWatchdog, type WatchdogAction } from '../../domain/watchdog/watchdog-decision.js';
import type { Alerter } from '../../ports/alerter.port.js';
import type { Clock } from '../../ports/clock.port.js';
import type { Logger } from '../../ports/logger.port.js';
import type { ProcessLauncher } from '../../ports/process-launcher.port.js';
import type { RunLogs } from '../../ports/run-logs.port.js';
import type { OutsideMemory } from '../../ports/outside-memory.port.js';
import type { StatusStore } from '../../ports/status-store.port.js';
import { sendAlerts, type AlertDelivery } from '../alerts/send-alerts.js';
import {
  incidentAlert,
  unwritableHomeAlert,
  writableAgainAlert,
} from '../../domain/watchdog/alert-message.js';
import { stepUnwritableHome } from '../../domain/watchdog/unwritable-home.js';
import { LAYOUT } from '../../domain/layout.js';
import type { RunRecord } from '../../domain/night/run.js';
import { runVerdict } from '../../domain/night/run-verdict.js';

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
  /**
   * Where the pacing of unwritable-home alerts is kept, outside the home (it cannot take it);
   * without one, such an alert goes out at every check.
   */
  readonly memory?: OutsideMemory | undefined;
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
  /** The runs' health, or `unwritable` when the home cannot be written (no night can run). */
  readonly state: HealthReport['state'] | 'unwritable';
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
  if (input.dryRun) {
    // what the real check would meet first: it cannot take its lock, alerts and exits 74
    const blocked = await deps.status.cannotWrite();
    return blocked === undefined ? checkOnce(deps, input) : unwritableDryRun(deps, blocked);
  }
  const { status, settings } = deps;
  const holder = { pid: input.pid, host: settings.host, startedAt: localIso(deps.clock.now()) };
  let acquired: boolean;
  try {
    acquired = await status.acquireWatchdogLock(holder);
  } catch (error) {
    // A home that cannot be written stops every night: a person must hear of it through the
    // channels that do not need the home, before the check fails (exit 74).
    if (error instanceof ArtifactIoError) await alertUnwritableHome(deps, error);
    throw error;
  }
  if (!acquired) return busyReport(deps);
  await closeUnwritableHome(deps);
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

/**
 * Alerts that the home cannot be written, paced like an incident (once, then reminders at
 * growing intervals) by the state kept outside the home. When that state cannot be kept either,
 * the alert goes out at every check: repeated, never silenced.
 */
async function alertUnwritableHome(deps: RunWatchdogDeps, error: ArtifactIoError): Promise<void> {
  const { settings } = deps;
  const now = deps.clock.now();
  const previous = await deps.memory?.unwritableHome();
  const step = stepUnwritableHome(previous, now, settings.incident);
  let remembered = deps.memory !== undefined;
  try {
    await deps.memory?.saveUnwritableHome(step.state);
  } catch (cause) {
    remembered = false;
    deps.logger.warn('cannot keep the alert pacing outside the home; the alert repeats at every check', {
      error: summarizeError(cause).message,
    });
  }
  if (step.alert === null) {
    deps.logger.error('the home cannot be written', {
      error: error.message,
      alerts: `paced: last sent ${step.state.lastAlertAt} (${step.state.alertsSent} sent, ${step.state.checks} checks)`,
    });
    return;
  }
  const alert = unwritableHomeAlert(
    error.message,
    { now, host: settings.host, home: settings.home },
    {
      reminder: step.alert === 'incident_reminder' ? step.state : null,
      nextReminderHours: remembered
        ? settings.incident.reminderMinHours * 2 ** (step.state.alertsSent - 1)
        : null,
    },
  );
  const deliveries = await sendAlerts({ alerters: deps.alerters, logger: deps.logger }, alert);
  deps.logger.error('the home cannot be written', {
    error: error.message,
    alerts: deliveries.map((d) => `${d.channel}:${d.outcome}`),
  });
}

/** A home that could be written again after an unwritable spell: one recovery notice, the state forgotten. */
async function closeUnwritableHome(deps: RunWatchdogDeps): Promise<void> {
  const previous = await deps.memory?.unwritableHome();
  if (previous === undefined || deps.memory === undefined) return;
  const { settings } = deps;
  try {
    await deps.memory.saveUnwritableHome(undefined);
  } catch (cause) {
    deps.logger.warn('cannot forget the unwritable-home state', { error: summarizeError(cause).message });
  }
  await sendAlerts(
    { alerters: deps.alerters, logger: deps.logger },
    writableAgainAlert(previous, { now: deps.clock.now(), host: settings.host, home: settings.home }),
  );
}

/** A dry run on a home that cannot be written: what the real check would do (alert, then exit 74). */
async function unwritableDryRun(deps: RunWatchdogDeps, reason: string): Promise<WatchdogReport> {
  const { settings } = deps;
  const now = deps.clock.now();
  const step = stepUnwritableHome(await deps.memory?.unwritableHome(), now, settings.incident);
  const report = await checkOnce(deps, { dryRun: true, pid: 0 });
  return {
    ...report,
    state: 'unwritable',
    reason: `the home cannot be written (${reason}): no run can record anything, the real check exits 74`,
    actions:
      step.alert === null
        ? []
        : [
            {
              kind: 'alert',
              detail: `send the ${step.alert.replace('_', ' ')} alert: the home cannot be written`,
              outcome: 'would',
              error: null,
            },
          ],
    held:
      step.alert === null
        ? `the unwritable-home alert went out at ${step.state.lastAlertAt}; the next waits for its pacing`
        : null,
    ok: false,
  };
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

// Carrying out the decided actions.

/** The latest run, or why the latest-run file cannot be read. */
async function readLatest(
  status: StatusStore,
): Promise<{ ok: true; run: RunRecord | undefined } | { ok: false; reason: string }> {
  try {
    return { ok: true, run: await status.lastRun() };
  } catch (error) {
    if (error instanceof StatusCorruptError) return { ok: false, reason: error.message };
    throw error;
  }
}

/** The end state the run recorded itself, if its latest record is no longer "running". */
async function ownEnd(status: StatusStore, runId: string): Promise<string | undefined> {
  const latest = await readLatest(status);
  if (!latest.ok || latest.run?.run_id !== runId) return undefined;
  return latest.run.state === 'running' ? undefined : latest.run.state;
}

interface ActionContext {
  readonly now: Date;
  readonly health: HealthReport;
  readonly failedRecord: RunRecord | undefined;
  readonly consecutive: number;
}

async function carryOut(
  deps: RunWatchdogDeps,
  action: WatchdogAction,
  detail: string,
  context: ActionContext,
): Promise<WatchdogActionReport> {
  const { status, launcher, settings } = deps;
  switch (action.kind) {
    case 'stop_run':
      // A pid means nothing on another machine sharing the home: never signal it here.
      if (action.host !== settings.host) {
        return {
          kind: action.kind,
          detail: `${detail}: it runs on ${action.host}, not stopped from here`,
          outcome: 'skipped',
          error: null,
        };
      }
      await launcher.terminate(action.pid, settings.stopGraceMs);
      return { kind: action.kind, detail, outcome: 'done', error: null };
    case 'record_failure': {
      // A run stopped with SIGTERM records its own end (interrupted, with its stages): keep that.
      const own = await ownEnd(status, action.run.run_id);
      if (own === undefined) {
        await status.recordRun(action.run);
        await closeRunLog(deps, action.run);
      }
      await status.releaseLock(action.run.run_id);
      return own === undefined
        ? { kind: action.kind, detail, outcome: 'done', error: null }
        : {
            kind: action.kind,
            detail: `run ${action.run.run_id} recorded its own end (${own})`,
            outcome: 'skipped',
            error: null,
          };
    }
    case 'set_aside_status': {
      const where = await status.setAsideCorruptStatus(localIso(context.now));
      return {
        kind: action.kind,
        detail: where === undefined ? `${detail} (it was gone)` : `${detail} to ${where}`,
        outcome: 'done',
        error: null,
      };
    }
    case 'start_run': {
      // A scheduled or manual run may have taken the lock since the facts were read.
      const current = await status.readLock();
      if (current?.alive === true) {
        return {
          kind: action.kind,
          detail: `${detail}; run ${current.lock.runId} took the lock meanwhile`,
          outcome: 'skipped',
          error: null,
        };
      }
      const args = ['run', '--home', settings.home, '--trigger', 'watchdog'];
      if (settings.configFile !== null) args.push('--config', settings.configFile);
      const pid = await launcher.launchDetached({
        args,
        stdoutFile: `${settings.home}/${LAYOUT.daemonStdout}`,
        stderrFile: `${settings.home}/${LAYOUT.daemonStderr}`,
      });
      const settled = await settle(deps, pid, current?.lock.runId);
      return {
        kind: action.kind,
        detail: `${detail} (pid ${pid}${settled === null ? '' : `; ${settled}`})`,
        outcome: 'done',
        error: null,
        pid,
      };
    }
    case 'alert': {
      const health =
        context.failedRecord === undefined
          ? context.health
          : {
              ...context.health,
              lastRun: context.failedRecord,
              failingSince: context.health.failingSince ?? context.failedRecord.started_at,
            };
      const alert = incidentAlert(action.alert, health, context.consecutive, {
        now: context.now,
        host: settings.host,
        home: settings.home,
      });
      const deliveries = await sendAlerts({ alerters: deps.alerters, logger: deps.logger }, alert);
      const failed = deliveries.filter((d) => d.outcome === 'failed');
      const delivered = deliveries.filter((d) => d.outcome === 'delivered').length;
      return {
        kind: action.kind,
        detail: `${detail} (${delivered} delivered, ${failed.length} failed)`,
        // One channel failing is logged; the alert counts as sent when any channel took it.
        outcome: delivered > 0 || failed.length === 0 ? 'done' : 'failed',
        error: failed.length > 0 ? failed.map((f) => `${f.channel}: ${f.error ?? ''}`).join('; ') : null,
        deliveries,
      };
    }
  }
}

/**
 * Ends the log of a run the watchdog closed, as its own process would have: a dead process is
 * the seed's PIPELINE EXCEPTION, a run stopped at its deadline a CRITICAL FAILURE. The seed's
 * watchdog counts failures from these lines.
 */
async function closeRunLog(deps: RunWatchdogDeps, run: RunRecord): Promise<void> {
  if (deps.logs === undefined) return;
  try {
    const log = await deps.logs.open(run.run_id);
    log.error('the watchdog closed this run', { error: run.error, code: run.error_code });
    await log.close(runVerdict(run, { crashed: run.error_code !== 'RUN_DEADLINE' }));
  } catch (error) {
    // The record says it all; the log line is for the seed's tools.
    deps.logger.warn('could not end the run log', {
      runId: run.run_id,
      error: summarizeError(error).message,
    });
  }
}

function describe(action: WatchdogAction): string {
  switch (action.kind) {
    case 'stop_run':
      return `stop run ${action.runId} (pid ${action.pid}): SIGTERM, then SIGKILL`;
    case 'record_failure':
      return `record run ${action.run.run_id} as failed: ${action.run.error ?? ''}`;
    case 'set_aside_status':
      return `set the unreadable ${LAYOUT.lastRunStatus} aside`;
    case 'start_run':
      return `start a catch-up run: ${action.reason}`;
    case 'alert':
      return `send the ${action.alert.replace('_', ' ')} alert`;
  }
}

/**
 * Waits until the run just started holds the run lock (or has already ended), so that a check
 * right after this one sees it and does not start another. Returns what was seen, or null
 * when not waiting.
 */
async function settle(
  deps: RunWatchdogDeps,
  pid: number,
  staleRunId: string | undefined,
): Promise<string | null> {
  const { clock, status, launcher, settings } = deps;
  if (settings.launchSettleMs <= 0) return null;
  const until = clock.now().getTime() + settings.launchSettleMs;
  for (;;) {
    const lock = await status.readLock();
    if (lock?.alive === true && lock.lock.runId !== staleRunId)
      return `run ${lock.lock.runId} holds the lock`;
    if (!(await launcher.isAlive(pid))) return 'it ended before taking the lock (see daemon_stderr.log)';
    if (clock.now().getTime() >= until) return 'it has not taken the lock yet';
    await clock.sleep(SETTLE_POLL_MS);
  }
}

const SETTLE_POLL_MS = 200;

/** One JSON line per check: what was seen and what was done. */
function watchdogLogLine(report: WatchdogReport): string {
  return JSON.stringify({
    at: report.at,
    state: report.state,
    reason: report.reason,
    actions: report.actions.map((a) => ({
      kind: a.kind,
      outcome: a.outcome,
      detail: a.detail,
      ...(a.error === null ? {} : { error: a.error }),
    })),
    held: report.held,
    consecutiveFailures: report.consecutiveFailures,
    incidentOpen: report.incidentOpen,
  });
}
